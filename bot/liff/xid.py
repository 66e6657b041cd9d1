"""The two identity checks of card linking, through maintained clients — no hand-written JWT code.

- LINE: the LIFF page's ID token is verified by LINE itself (`POST {LINE_API_URL}/oauth2/v2.1/verify`
  with `client_id` = the LINE Login channel), which answers with the LINE user id.
- xID: OpenID Connect authorization code + PKCE (S256) with Authlib's client; the provider's
  endpoints come from its discovery document, the ID token's signature from its JWKS, and
  `iss`, `aud`, `exp` and `nonce` are checked.

Neither tokens nor codes are ever logged.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import FlaskOAuth2App, FlaskIntegration
from joserfc.errors import JoseError

from bot.config import Settings
from bot.line import http as line_http
from bot.store.cardlink import CardLinkRequest, LinkAttempt

log = logging.getLogger(__name__)
# Authlib logs the PKCE verifier at DEBUG; secrets of a link attempt never reach the logs.
logging.getLogger("authlib.integrations.base_client.sync_app").setLevel(logging.INFO)

TIMEOUT = 10  # seconds, for every call to xID (LINE's come from bot/line/http.py)
VERIFY_PATH = "/oauth2/v2.1/verify"
SCOPE = "openid"  # the link needs the subject only; nothing else is asked for
SIMULATOR_LOGIN_CHANNEL_ID = "2000000000"  # the stand-in issues ID tokens for this channel


class LinkFailed(Exception):
    """A check failed; `screen` names what the resident is shown (see texts.LIFF_SCREENS)."""

    def __init__(self, screen: str, reason: str) -> None:
        super().__init__(reason)
        self.screen = screen


def login_channel_id(settings: Settings) -> str | None:
    return settings.line_login_channel_id or (SIMULATOR_LOGIN_CHANNEL_ID if settings.simulator else None)


def verify_line_id_token(settings: Settings, id_token: str) -> str:
    """The LINE user id the token was issued to, as LINE confirms it."""
    channel = login_channel_id(settings)
    if not channel:
        raise LinkFailed("unavailable", "LINE_LOGIN_CHANNEL_ID is not set")
    if not isinstance(id_token, str) or not id_token or len(id_token) > 4096:
        raise LinkFailed("retry", "no ID token")
    try:
        answer = requests.post(
            settings.line_api_url + VERIFY_PATH,
            data={"id_token": id_token, "client_id": channel},
            timeout=(line_http.CONNECT_SECONDS, line_http.READ_SECONDS),
        )
    except requests.RequestException as error:
        raise LinkFailed("retry", f"LINE verify unreachable: {type(error).__name__}") from None
    if answer.status_code != 200:
        description = _json(answer).get("error_description", "")
        screen = "expired" if "expired" in str(description).lower() else "retry"
        raise LinkFailed(screen, f"LINE refused the ID token: {description or answer.status_code}")
    claims = _json(answer)
    user_id = claims.get("sub")
    if claims.get("aud") != channel or not isinstance(user_id, str) or not user_id.startswith("U"):
        raise LinkFailed("retry", "LINE verify answered unexpected claims")
    return user_id


@dataclass(frozen=True)
class XidSettings:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str


class XidClient:
    """xID as an OpenID Connect provider, seen through Authlib (one per process: it caches
    the discovery document and the JWKS, refreshing the keys when an unknown `kid` appears)."""

    def __init__(self, config: XidSettings) -> None:
        self.config = config
        self._oauth = FlaskOAuth2App(
            FlaskIntegration("xid"),
            name="xid",
            client_id=config.client_id,
            client_secret=config.client_secret,
            server_metadata_url=config.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": SCOPE,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": "client_secret_basic",
                "default_timeout": TIMEOUT,
            },
        )

    def authorization_url(self, attempt: LinkAttempt) -> str:
        """Where to send the resident's browser: xID's authorization endpoint, from discovery."""
        try:
            self._metadata()
            made = self._oauth.create_authorization_url(
                self.config.redirect_uri, state=attempt.state, nonce=attempt.nonce, code_verifier=attempt.code_verifier
            )
        except (requests.RequestException, OAuthError, ValueError, KeyError, RuntimeError) as error:
            raise LinkFailed("retry", f"xID discovery failed: {type(error).__name__}") from None
        return made["url"]

    def subject_for(self, code: str, started: CardLinkRequest) -> str:
        """Exchange the code (with the PKCE verifier) and return the validated ID token's `sub`."""
        try:
            metadata = self._metadata()
            token = self._oauth.fetch_access_token(self.config.redirect_uri, code=code, code_verifier=started.code_verifier)
            claims = self._oauth.parse_id_token(
                token,
                nonce=started.nonce,
                claims_options={
                    "iss": {"essential": True, "value": metadata["issuer"]},
                    "aud": {"essential": True, "value": self.config.client_id},
                    "exp": {"essential": True},
                    "nonce": {"essential": True, "value": started.nonce},
                },
                leeway=60,
            )
        except (requests.RequestException, OAuthError, JoseError, ValueError, KeyError, RuntimeError) as error:
            raise LinkFailed("retry", f"xID token or ID token refused: {type(error).__name__}: {_safe(error)}") from None
        if claims is None or not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise LinkFailed("retry", "xID answered without an ID token")
        return claims["sub"]

    def _metadata(self) -> dict:
        metadata = self._oauth.load_server_metadata()
        if metadata.get("issuer") != self.config.issuer:
            # OpenID Connect Discovery §4.3: the issuer must be exactly the one configured.
            self._oauth.server_metadata.pop("_loaded_at", None)
            raise ValueError("discovery issuer does not match XID_ISSUER")
        return metadata


def _json(answer: requests.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _safe(error: Exception) -> str:
    """An error's short description, without anything token-like."""
    text = getattr(error, "error", None) or getattr(error, "description", None) or ""
    return str(text)[:80]

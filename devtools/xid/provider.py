"""A development OpenID Connect provider standing in for xID, built on Authlib's server.

Authorization code flow with PKCE (S256 only, required), RS256 ID tokens signed with a key
generated per process and published as a JWKS. It is what the tests link against and what the
simulator offers; it is never part of production mode.

Like xID, an identity carries personal data (name, address, birth date); the provider puts
them into the ID token on purpose, so the tests can show that the bot keeps none of it.
Codes live in this process's memory: the provider is a single-process development tool.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field

from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet, RSAKey

CODE_TTL = 600  # seconds; RFC 6749 recommends at most ten minutes
ID_TOKEN_TTL = 600
SCOPES = ("openid", "profile", "address")


@dataclass(frozen=True)
class DevIdentity:
    """A simulated xID user. `key` picks them on the consent page; `subject` is their opaque sub."""

    key: str
    name: str
    address: str
    birthdate: str

    @property
    def subject(self) -> str:
        # Opaque and stable per provider key, as xID's pairwise subjects are.
        return "dev-" + hashlib.sha256(f"devxid:{self.key}".encode()).hexdigest()[:32].translate(_LETTERS)


_LETTERS = str.maketrans("0123456789", "ghijklmnop")  # no digit runs that look like a My Number

IDENTITIES = (
    DevIdentity("taro", "広島 太郎", "広島県広島市中区国泰寺町1丁目6番34号", "1980-04-01"),
    DevIdentity("hanako", "広島 花子", "広島県広島市南区皆実町1丁目5番3号", "1992-11-23"),
    DevIdentity("jiro", "安芸 次郎", "広島県広島市安芸区船越南3丁目4番36号", "1975-07-07"),
)


@dataclass(frozen=True)
class DevClient(ClientMixin):
    """A registered relying party: confidential, authorization code only."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str | None) -> str:
        asked = (scope or "openid").split()
        return " ".join(s for s in asked if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(client_secret) and _same(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class DevCode:
    """An issued authorization code and everything it was bound to."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    identity: DevIdentity
    auth_time: int
    expires_at: float

    # AuthorizationCodeMixin (RFC 6749 and OpenID Connect)
    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str | None:
        return None

    def get_amr(self) -> list[str] | None:
        return ["pin"]


@dataclass
class DevXidProvider:
    """The provider's state: issuer, signing key, clients and outstanding codes."""

    issuer: str
    clients: dict[str, DevClient] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True))
    denied: list[str] = field(default_factory=list)  # client ids a resident refused, for tests
    _codes: dict[str, DevCode] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_client(self, client_id: str, client_secret: str, redirect_uri: str) -> DevClient:
        client = DevClient(client_id, client_secret, (redirect_uri,))
        self.clients[client_id] = client
        return client

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    def identity(self, key: str | None) -> DevIdentity | None:
        return next((i for i in IDENTITIES if i.key == key), None)

    # --- codes: single use, ten minutes -------------------------------------------------------
    def save_code(self, code: DevCode) -> None:
        with self._lock:
            now = time.time()
            for stale in [c for c, v in self._codes.items() if v.expires_at <= now]:
                del self._codes[stale]
            self._codes[code.code] = code

    def find_code(self, code: str, client_id: str) -> DevCode | None:
        with self._lock:
            found = self._codes.get(code)
        if found is None or found.client_id != client_id or found.expires_at <= time.time():
            return None
        return found

    def delete_code(self, code: str) -> None:
        with self._lock:
            self._codes.pop(code, None)


class RequiredS256(CodeChallenge):
    """PKCE is required of every client, and only S256 is accepted."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with code_challenge_method=S256 is required.", redirect_uri=redirect_uri)
        super().validate_code_challenge(grant, redirect_uri)


def grants_for(provider: DevXidProvider):
    """The authorization code grant and its OpenID Connect extension, bound to the provider."""

    class DevAuthorizationCodeGrant(AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code, request):
            payload = request.payload
            provider.save_code(
                DevCode(
                    code=code,
                    client_id=request.client.get_client_id(),
                    redirect_uri=payload.redirect_uri,
                    scope=request.scope,
                    nonce=payload.data.get("nonce"),
                    code_challenge=payload.data.get("code_challenge"),
                    code_challenge_method=payload.data.get("code_challenge_method"),
                    identity=request.user,
                    auth_time=int(time.time()),
                    expires_at=time.time() + CODE_TTL,
                )
            )

        def query_authorization_code(self, code, client):
            return provider.find_code(code, client.get_client_id())

        def delete_authorization_code(self, authorization_code):
            provider.delete_code(authorization_code.code)

        def authenticate_user(self, authorization_code):
            return authorization_code.identity

    class DevOpenIDCode(OpenIDCode):
        def resolve_client_private_key(self, client):
            return provider.key

        def get_client_algorithm(self, client):
            return "RS256"

        def get_encode_header(self, client):
            return {"alg": "RS256", "kid": provider.key.kid}

        def get_client_claims(self, client):
            now = int(time.time())
            return {"iss": provider.issuer, "aud": [client.get_client_id()], "iat": now, "exp": now + ID_TOKEN_TTL}

        def exists_nonce(self, nonce, request):
            return False  # each link attempt brings a fresh nonce; the relying party checks it

        def generate_user_info(self, user: DevIdentity, scope):
            # Everything xID could tell; a well-behaved relying party keeps only `sub`.
            return UserInfo(sub=user.subject, name=user.name, address={"formatted": user.address}, birthdate=user.birthdate)

    return DevAuthorizationCodeGrant, [RequiredS256(required=True), DevOpenIDCode(require_nonce=True)]


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())

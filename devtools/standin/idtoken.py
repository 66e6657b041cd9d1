"""LINE Login ID tokens: issue them as the LINE client would receive them, verify like
`POST https://api.line.me/oauth2/v2.1/verify`.

Tokens are real HS256 JWTs signed with the stand-in's login channel secret (LINE Login signs
web-login ID tokens the same way), so code that decodes them locally sees the usual shape.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

ISSUER = "https://access.line.me"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(claims: dict[str, Any], secret: str) -> str:
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    signing_input = f"{header}.{payload}".encode()
    sig = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(sig)}"


def decode(token: str, secret: str) -> dict[str, Any] | None:
    """The claims if the token is well formed and signed with ``secret``, else None."""
    try:
        header, payload, sig = token.split(".")
        expected = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(_unb64(sig), expected):
            return None
        claims = json.loads(_unb64(payload))
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None


class VerifyError(Exception):
    """LINE's 400 answer: ``{"error": "invalid_request", "error_description": ...}``."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description

    def body(self) -> dict[str, str]:
        return {"error": "invalid_request", "error_description": self.description}


def verify(token: str | None, client_id: str | None, secret: str, now: float, *,
           nonce: str | None = None, user_id: str | None = None) -> dict[str, Any]:
    """Check a token as LINE does and return its claims, or raise VerifyError."""
    if not token:
        raise VerifyError("Required parameter 'id_token' is missing.")
    if not client_id:
        raise VerifyError("Required parameter 'client_id' is missing.")
    claims = decode(token, secret)
    if claims is None or claims.get("iss") != ISSUER:
        raise VerifyError("Invalid IdToken.")
    if claims.get("exp", 0) <= now:
        raise VerifyError("IdToken expired.")
    if claims.get("aud") != client_id:
        raise VerifyError("Invalid IdToken Audience.")
    if nonce is not None and claims.get("nonce") != nonce:
        raise VerifyError("Invalid IdToken Nonce.")
    if user_id is not None and claims.get("sub") != user_id:
        raise VerifyError("Invalid IdToken Subject Identifier.")
    return claims

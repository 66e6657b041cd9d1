"""The development xID behaves as a standards-compliant OpenID Connect provider."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from authlib.oidc.discovery import OpenIDProviderMetadata

from tests.cardlink.support import XID_CLIENT_ID

REDIRECT = "https://portal.example.jp/card-link/callback"


def authorize(xid, **params):
    query = {"response_type": "code", "client_id": XID_CLIENT_ID, "redirect_uri": REDIRECT, "scope": "openid",
             "state": "s" * 43, "nonce": "n" * 43, **params}
    return f"{xid.issuer}/authorize?{urlencode({k: v for k, v in query.items() if v is not None})}"


def test_discovery_document_is_valid_and_keys_are_published(xid):
    metadata = requests.get(f"{xid.issuer}/.well-known/openid-configuration", timeout=10).json()
    OpenIDProviderMetadata(metadata).validate()
    assert metadata["issuer"] == xid.issuer and metadata["code_challenge_methods_supported"] == ["S256"]
    [key] = requests.get(metadata["jwks_uri"], timeout=10).json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and "d" not in key


def test_pkce_s256_is_required(xid):
    for challenge, method in ((None, None), ("c" * 43, "plain"), ("c" * 43, None)):
        answer = requests.post(authorize(xid, code_challenge=challenge, code_challenge_method=method),
                               data={"identity": "taro", "decision": "approve"}, allow_redirects=False, timeout=10)
        assert answer.status_code == 302
        assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["invalid_request"]


def test_an_unknown_client_or_redirect_gets_an_error_page_not_a_redirect(xid):
    for url in (authorize(xid, client_id="nobody"), authorize(xid, redirect_uri="https://evil.example/cb")):
        page = requests.get(url, allow_redirects=False, timeout=10)
        assert page.status_code in (400, 401) and "本物のxIDではありません" in page.text


def test_denial_redirects_with_access_denied(xid):
    answer = requests.post(authorize(xid, code_challenge="c" * 43, code_challenge_method="S256"),
                           data={"decision": "deny"}, allow_redirects=False, timeout=10)
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["s" * 43]

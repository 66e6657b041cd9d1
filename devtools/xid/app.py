"""The development xID as a small Flask app: discovery, JWKS, authorize (consent page), token.

    GET  /.well-known/openid-configuration   discovery (OpenID Connect Discovery 1.0)
    GET  /jwks                               the public signing key
    GET  /authorize                          the consent page: pick a test identity, 許可 or 拒否
    POST /authorize                          the decision → redirect to the relying party
    POST /token                              code (+ PKCE verifier, client secret) → tokens

Mounted under /dev-xid on the bot in simulator mode; run alone on a loopback port in tests.
"""
from __future__ import annotations

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from flask import Flask, jsonify, render_template, request

from devtools.xid.provider import IDENTITIES, SCOPES, DevXidProvider, grants_for


def discovery(issuer: str) -> dict:
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize",
        "token_endpoint": f"{issuer}/token",
        "jwks_uri": f"{issuer}/jwks",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": list(SCOPES),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "name", "address", "birthdate"],
    }


def create_devxid_app(provider: DevXidProvider) -> Flask:
    app = Flask(__name__)
    app.config.update(OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": 600})
    server = AuthorizationServer(app, query_client=provider.clients.get, save_token=lambda token, req: None)
    grant, extensions = grants_for(provider)
    server.register_grant(grant, extensions)
    app.extensions["devxid"] = provider

    @app.after_request
    def no_store(response):
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/.well-known/openid-configuration")
    def openid_configuration():
        return jsonify(discovery(provider.issuer))

    @app.get("/jwks")
    def jwks():
        return jsonify(provider.jwks())

    @app.get("/authorize")
    def authorize_page():
        try:
            consent = server.get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return _refuse(server, error)
        return render_template(
            "devxid/authorize.html",
            client_id=consent.client.get_client_id(),
            identities=IDENTITIES,
            action=request.script_root + request.full_path,  # mounted under /dev-xid in the simulator
        )

    @app.post("/authorize")
    def authorize_decision():
        identity = provider.identity(request.form.get("identity"))
        approved = request.form.get("decision") == "approve" and identity is not None
        try:
            consent = server.get_consent_grant(end_user=identity if approved else None)
        except OAuth2Error as error:
            return _refuse(server, error)
        if not approved:
            provider.denied.append(consent.client.get_client_id())
        return server.create_authorization_response(grant_user=identity if approved else None, grant=consent)

    @app.post("/token")
    def token():
        return server.create_token_response()

    return app


def _refuse(server: AuthorizationServer, error: OAuth2Error):
    """Back to the client with the error once its redirect URI is known (RFC 6749 §4.1.2.1);
    a page here when the client or its redirect URI cannot be trusted."""
    if error.redirect_uri:
        return server.handle_error_response(None, error)
    body = render_template("devxid/error.html", error=error.error, description=error.description or "")
    return body, error.status_code or 400

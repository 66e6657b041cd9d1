"""A development stand-in for xID (an OpenID Connect provider), for tests and simulator mode.

`DevXidServer` runs it on a loopback port in a thread (tests); `mount_on(app, ...)` puts it
under /dev-xid on the bot in simulator mode (through bot/development.py). Production never
loads this package.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from devtools.xid.app import create_devxid_app
from devtools.xid.provider import IDENTITIES, DevIdentity, DevXidProvider
from devtools.standin.server import BackgroundServer

__all__ = ["DevXidServer", "DevXidProvider", "DevIdentity", "IDENTITIES", "mount_on", "MOUNT_PATH"]

MOUNT_PATH = "/dev-xid"
SIMULATOR_CLIENT_ID = "portalbot-simulator"
SIMULATOR_CLIENT_SECRET = "portalbot-simulator-secret"  # simulator only: the provider is on the same app


def mount_on(app: Flask, public_url: str, redirect_uri: str) -> DevXidProvider:
    """Serve the development xID at {public_url}/dev-xid on the bot's own app (simulator mode)."""
    provider = DevXidProvider(issuer=public_url.rstrip("/") + MOUNT_PATH)
    provider.add_client(SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, redirect_uri)
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {MOUNT_PATH: create_devxid_app(provider)})
    app.extensions["devxid"] = provider
    # What the card link needs to use it as xID, without importing this package.
    app.extensions["development_xid"] = (provider.issuer, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET)
    return provider


class DevXidServer(BackgroundServer):
    """``with DevXidServer() as xid: xid.issuer, xid.provider.add_client(...)`` on loopback."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.provider: DevXidProvider | None = None

    @property
    def issuer(self) -> str:
        if self.provider is None:
            raise RuntimeError("the development xID is not running")
        return self.provider.issuer

    def start(self) -> "DevXidServer":
        dispatch = _Late()
        server = self._serve_in_background(dispatch, "dev-xid")
        self.provider = DevXidProvider(issuer=f"http://{self.host}:{server.server_port}")
        dispatch.app = create_devxid_app(self.provider)
        return self


class _Late:
    """A WSGI app set after the port is known (the issuer URL contains the port)."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)

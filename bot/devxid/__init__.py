"""A development stand-in for xID (an OpenID Connect provider), for tests and simulator mode.

`DevXidServer` runs it on a loopback port in a thread (tests); `mount_on(app, ...)` puts it
under /dev-xid on the bot in simulator mode. Production mode never loads this package.
"""
from __future__ import annotations

import threading

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import BaseWSGIServer

from bot.devxid.app import create_devxid_app
from bot.devxid.provider import IDENTITIES, DevIdentity, DevXidProvider

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
    return provider


class DevXidServer:
    """``with DevXidServer() as xid: xid.issuer, xid.provider.add_client(...)`` on loopback."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.provider: DevXidProvider | None = None
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def issuer(self) -> str:
        if self.provider is None:
            raise RuntimeError("the development xID is not running")
        return self.provider.issuer

    def start(self) -> "DevXidServer":
        from bot.standin.server import serve

        dispatch = _Late()
        self._server = serve(dispatch, self.host, self.port)
        self.provider = DevXidProvider(issuer=f"http://{self.host}:{self._server.server_port}")
        dispatch.app = create_devxid_app(self.provider)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="dev-xid", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join()
            self._server = self._thread = None

    def __enter__(self) -> "DevXidServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class _Late:
    """A WSGI app set after the port is known (the issuer URL contains the port)."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)

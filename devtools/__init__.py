"""Development tools: a stand-in of the LINE platform (`standin`), a development xID
(`xid`), and the LIFF shim (`liff`) that lets the card-link page run without LINE.

Tools, not product: the bot's wheel does not ship them (this is a distribution of its own,
installed by `make`), and the bot reaches them only through `bot/development.py`, in
simulator mode. Tests and benchmarks import them directly.
"""
from __future__ import annotations

from typing import Any


def mount(app: Any, settings: Any, *, callback_path: str) -> list[Any]:
    """Simulator mode: serve the LIFF shim and, without XID_ISSUER, the development xID on the
    bot's own app. Returns the blueprints that take JSON (no CSRF token)."""
    from devtools.liff import blueprint as liff_shim
    from devtools.xid import mount_on

    app.register_blueprint(liff_shim)
    if not settings.xid_issuer:
        mount_on(app, settings.public_url, settings.public_url + callback_path)
    return [liff_shim]


def start_line_standin(*, channel_secret: str, access_token: str, webhook_url: str) -> Any:
    """A stand-in of LINE on a loopback port, posting webhook events to `webhook_url`; started
    (its `.url`, `.stop()`)."""
    from devtools.standin.server import StandinServer
    from devtools.standin.state import Standin, http_transport

    line = Standin(channel_secret=channel_secret, access_token=access_token)
    line.webhook_transport = http_transport(webhook_url)
    return StandinServer(line).start()

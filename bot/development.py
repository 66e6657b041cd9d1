"""The one door from the bot to the development tools (`devtools/`: the LINE stand-in, the
development xID, the LIFF shim), opened in simulator mode only.

Nothing else under `bot/` imports them; a production install (`pip install .`) does not have
them, and never needs them because simulator mode is an explicit choice (bot/config.py).
"""
from __future__ import annotations

from types import ModuleType
from typing import Any

from flask import Blueprint, Flask

from bot.config import Settings


def mount(app: Flask, settings: Settings) -> list[Blueprint]:
    """The simulator's pages on the app: the chat simulator, the LIFF shim and, without
    XID_ISSUER, the development xID. Returns the blueprints exempt from CSRF (JSON only)."""
    from bot.liff import CALLBACK_PATH
    from bot.simulator import blueprint as simulator

    app.register_blueprint(simulator)
    return [simulator, *_devtools().mount(app, settings, callback_path=CALLBACK_PATH)]


def start_line_standin(settings: Settings, webhook_url: str) -> Any:
    """`portalbot serve` in simulator mode without LINE_API_URL: a stand-in of LINE on a
    loopback port, started, signing with the simulator's per-process secret."""
    return _devtools().start_line_standin(
        channel_secret=settings.simulator_secret, access_token=settings.simulator_token, webhook_url=webhook_url
    )


def _devtools() -> ModuleType:
    try:
        import devtools
    except ImportError as error:  # a production install asked for simulator mode
        raise RuntimeError(
            "simulator mode needs the development tools (devtools/), which a production install "
            "does not have: run `make install`, or `pip install -e ./devtools` from a checkout"
        ) from error
    return devtools

"""The simulator in headless Chromium: the app in simulator mode on a loopback port, the stand-in
of LINE on another, and a fresh browser page per test.

Chromium is Debian's (/usr/bin/chromium). Without it the browser tests skip on a developer
machine and fail in CI (tests/support/databases.py's rule).
"""
from __future__ import annotations

import os
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from bot.app import create_app
from bot.config import Settings
from tests.browser.console_support import SCREEN, browser_page, console  # noqa: F401 - fixtures
from tests.support.databases import unavailable
from bot.web.devserver import QuietDevRequestHandler
from devtools.standin import Standin, StandinServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def webhook_transport(url: str):
    """POST webhook bodies to the app, reading each answer to its end before closing.

    The stand-in's own `http_transport` closes without reading the body; the socket is then
    reset, werkzeug's server takes the reset for a dropped connection and never calls the
    response's close hooks, so the bot would not handle the event (until the clock's retry).
    """

    def post(body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            with error:
                error.read()
                return error.code

    return post


@dataclass
class Simulator:
    """The app in simulator mode, served on a loopback port, and the stand-in it talks to."""

    app: Flask
    url: str
    line: Standin

    @property
    def page_url(self) -> str:
        return self.url + "/simulator"


@pytest.fixture
def simulator(sqlite_url):
    settings = Settings(database_url=sqlite_url, secret_key="test", simulator=True)
    assert settings.simulator
    standin = Standin(channel_secret=settings.simulator_secret, access_token=settings.simulator_token)
    with StandinServer(standin) as line:
        app = create_app(settings.with_overrides(line_api_url=line.url, line_data_api_url=line.url))
        server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietDevRequestHandler)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="portalbot-web", daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_port}"
        line.standin.webhook_transport = webhook_transport(url + "/callback")
        try:
            yield Simulator(app=app, url=url, line=line.standin)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


@pytest.fixture(scope="session")
def chromium(pytestconfig):
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium, simulator):
    """A fresh browser (no remembered residents) on the simulator page."""
    from playwright.sync_api import expect

    expect.set_options(timeout=float(os.environ.get("BROWSER_TIMEOUT_MS", 10_000)))
    context = chromium.new_context(viewport=SCREEN, locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(simulator.page_url)
    try:
        yield page
    finally:
        context.close()

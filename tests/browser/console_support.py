"""The staff console served on loopback for browser tests (simulator mode, a fresh database,
the LINE stand-in), a browser page sized like a desktop, and signing in."""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from bot.chat import texts
from bot.app import create_app
from bot.config import Settings
from bot.web.devserver import QuietDevRequestHandler
from devtools.standin import Standin, StandinServer
from devtools.standin.state import wsgi_transport
from bot.store.migrate import upgrade
from tests.staff.support import PASSWORD
from tests.support.portal import find_action



TIMEOUT_MS = 15_000


@dataclass
class Console:
    url: str
    line: Standin
    engine: object
    settings: Settings

    def read_notice(self, user: str) -> None:
        """The resident opens デジタル郵便受け and taps 読む on the newest notice."""
        self.line.text(user, texts.POSTBOX)
        message = self.line.timeline(user)[-1]["message"]
        read = find_action(message, texts.READ)
        assert read is not None, message
        self.line.postback(user, read["data"])


@pytest.fixture
def console(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'portalbot.db'}"
    upgrade(database_url)
    settings = Settings(database_url=database_url, secret_key="browser-test", simulator=True)
    assert settings.simulator  # development mode: http cookies
    with StandinServer(Standin(channel_secret=settings.simulator_secret, access_token=settings.simulator_token)) as line:
        settings = settings.with_overrides(line_api_url=line.url, line_data_api_url=line.url)
        app = create_app(settings)
        line.standin.webhook_transport = wsgi_transport(app)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietDevRequestHandler)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        engine = app.extensions["portalbot"].db
        try:
            yield Console(f"http://127.0.0.1:{server.server_port}", line.standin, engine, settings)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
            engine.dispose()


@pytest.fixture
def browser_page(chromium):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = chromium.new_context(viewport=SCREEN, locale="ja-JP", timezone_id="Asia/Tokyo")
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page, console: Console, email: str) -> None:
    page.goto(console.url + "/admin/login")
    page.get_by_label("メールアドレス", exact=True).fill(email)
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/admin/notices$"))


def screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


SCREEN = {"width": 1180, "height": 900}

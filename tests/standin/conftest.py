"""Fixtures for the LINE stand-in tests: a stand-in with a controllable clock, its Flask test
client, a running loopback server, and a tiny bot that checks webhook signatures."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from flask import Flask, request
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError

from devtools.standin import Standin, StandinServer, create_standin_app, wsgi_transport
from standin_support import ALICE, BOB, SECRET, TOKEN


class FakeClock:
    """A clock the test moves by hand (reply-token and ID-token expiry)."""

    def __init__(self, now: float = 1_760_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RecordingBot:
    """A minimal bot: verifies the signature with the SDK's parser, records what arrived."""

    bodies: list[bytes] = field(default_factory=list)
    events: list = field(default_factory=list)
    rejected: int = 0

    def wsgi(self) -> Flask:
        app = Flask("recording_bot")
        parser = WebhookParser(SECRET)

        @app.post("/callback")
        def callback():
            body = request.get_data()
            try:
                self.events.extend(parser.parse(body.decode(), request.headers["X-Line-Signature"]))
            except InvalidSignatureError:
                self.rejected += 1
                return "bad signature", 400
            self.bodies.append(body)
            return "OK"

        return app


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def bot() -> RecordingBot:
    return RecordingBot()


@pytest.fixture
def standin(clock, bot) -> Standin:
    line = Standin(SECRET, TOKEN, clock=clock, webhook_transport=wsgi_transport(bot.wsgi()))
    line.add_user(ALICE, "Alice", "https://example.com/alice.png")
    line.add_user(BOB, "Bob")
    return line


@pytest.fixture
def client(standin):
    """Flask test client of the stand-in app (no sockets)."""
    return create_standin_app(standin).test_client()


@pytest.fixture
def line_server(bot):
    """A real loopback server (for the SDK and for timeouts)."""
    with StandinServer(channel_secret=SECRET, access_token=TOKEN, fault_timeout=0.5,
                       webhook_transport=wsgi_transport(bot.wsgi())) as server:
        server.standin.add_user(ALICE, "Alice")
        yield server

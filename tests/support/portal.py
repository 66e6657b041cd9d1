"""The whole bot wired to a loopback stand-in of LINE: what end-to-end tests drive."""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from flask import Flask

from bot.app import create_app
from bot.config import Settings
from devtools.standin.events import signature
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin, wsgi_transport

SECRET = "test-channel-secret"
TOKEN = "test-access-token"


def settings_for(database_url: str, line_url: str, **overrides) -> Settings:
    return Settings(
        channel_secret=SECRET,
        channel_access_token=TOKEN,
        line_api_url=line_url,
        line_data_api_url=line_url,
        database_url=database_url,
        secret_key="test-secret-key",
        **overrides,
    )


@dataclass
class Portal:
    app: Flask
    line: Standin  # the stand-in: drive residents' actions, read what they received
    url: str

    def post_signed(self, payload: dict | bytes, *, secret: str = SECRET, headers: dict | None = None):
        """POST a webhook body as LINE would; returns the closed response (flows have run)."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        sent = {"X-Line-Signature": signature(secret, body), "Content-Type": "application/json"}
        sent.update(headers or {})
        response = self.app.test_client().post("/callback", data=body, headers=sent)
        response.close()  # runs the after-response handling, as gunicorn does
        return response

    def texts_for(self, user_id: str) -> list[str]:
        """Every text the resident received, Flex included (their alt text and words)."""
        return [_words(entry["message"]) for entry in self.line.timeline(user_id)]

    def last_for(self, user_id: str) -> dict:
        return self.line.timeline(user_id)[-1]["message"]

    def tap(self, user_id: str, label: str, params: dict | None = None):
        """Tap a button or quick reply, found by label among the last messages received."""
        for entry in reversed(self.line.timeline(user_id)):
            action = find_action(entry["message"], label)
            if action is not None:
                return self.line.postback(user_id, action["data"], params)
        raise AssertionError(f"no button {label!r} in what {user_id} received")

    def rejected_requests(self) -> list:
        return [r for r in self.line.all_requests if r.status >= 400]


@contextmanager
def running_portal(database_url: str, **overrides) -> Iterator[Portal]:
    """The bot and its stand-in of LINE for the length of a with-block; afterwards, whatever
    happened, the stand-in stops and the bot's database connections close."""
    portal, server = start_portal(database_url, **overrides)
    try:
        yield portal
    finally:
        server.stop()
        portal.app.extensions["portalbot"].close()


def start_portal(database_url: str, **overrides) -> tuple[Portal, StandinServer]:
    server = StandinServer(Standin(channel_secret=SECRET, access_token=TOKEN)).start()
    app = create_app(settings_for(database_url, server.url, **overrides))
    server.standin.webhook_transport = wsgi_transport(app)
    return Portal(app=app, line=server.standin, url=server.url), server


def _words(node) -> str:
    """All strings under a LINE message, to search in."""
    if isinstance(node, dict):
        return "\n".join(_words(v) for k, v in node.items() if k not in ("type", "data", "uri"))
    if isinstance(node, list):
        return "\n".join(_words(v) for v in node)
    return node if isinstance(node, str) else ""


def find_action(node, label: str) -> dict | None:
    if isinstance(node, dict):
        if node.get("label") == label and "data" in node:
            return node
        for value in node.values():
            if (found := find_action(value, label)) is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            if (found := find_action(value, label)) is not None:
                return found
    return None

"""Logging: readable lines in development, one JSON object per line in production.

`LOG_FORMAT=json` makes every record one line — time, level, logger, message, the request id
and any `extra` fields the code names (never a user id, a name, a text or a token: the code
logs event ids, counts and LINE's request ids only, and tests/test_logs.py greps a whole
end-to-end run for the residents' ids, nicknames and typed texts).

A *request id* is set where work begins — a webhook request, a staff request, a delivery
claim — and carried through handling to the LINE calls made for it:

    with request_id("webhook-…"):   # or request_id() for a fresh one
        ...                          # every record logged here carries it
    carried(fn)                      # fn, to run later or elsewhere with the same id
"""
from __future__ import annotations

import contextvars
import json
import logging
import sys
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed as `extra` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def request_id(value: str | None = None) -> Iterator[str]:
    """Records logged inside carry `value` (a fresh id when None) as their request id."""
    value = value or new_request_id()
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


def carried(fn: Callable[..., object]) -> Callable[..., object]:
    """`fn`, to be called later (after the response, in another thread) under today's request id."""
    rid = current_request_id()

    def run(*args, **kwargs):
        with request_id(rid):
            return fn(*args, **kwargs)

    return run


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or _request_id.get()
        if rid:
            entry["request_id"] = rid
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_app(app) -> None:
    """Every web request (the webhook, staff pages, the API) works under a fresh request id,
    answered as X-Request-Id and carried to what runs after the answer (`carried`)."""
    from flask import g, request

    log = logging.getLogger("bot.requests")

    @app.before_request
    def _begin():
        g.request_id = new_request_id()
        g.request_id_token = _request_id.set(g.request_id)

    @app.after_request
    def _answered(response):
        if "request_id" in g:
            response.headers["X-Request-Id"] = g.request_id
            # The endpoint's name, not the path: a path or query may hold a token.
            log.debug("%s %s answered %s", request.method, request.endpoint or "unknown endpoint", response.status_code)
        return response

    @app.teardown_request
    def _end(_error):
        token = g.pop("request_id_token", None)
        if token is not None:
            _request_id.reset(token)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


def setup_logging(settings, *, stream=None, level: int = logging.INFO) -> None:
    """The root logger at INFO to stderr, as text or JSON (settings.log_format)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_portalbot", False)]:
        root.removeHandler(old)
    handler._portalbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Every minute's job run is not news; warnings and errors still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # urllib3's DEBUG lines name each request's path, and LINE's paths hold user ids.
    logging.getLogger("urllib3").setLevel(logging.WARNING)

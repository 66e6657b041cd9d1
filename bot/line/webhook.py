"""POST /callback: verify, de-duplicate, answer 200, then handle (SPEC §1, §6).

LINE gets its answer as soon as the events are safely in the inbox; the flows run after the
response is sent (gunicorn calls the close hook once the bytes are out), and the clock
handles anything a dead worker left behind.

The webhook is served in front of Flask (`Webhook` wraps the app's WSGI callable): every
resident's tap comes this way, and Flask's request machinery (its contexts, the staff
console's session, CSRF and login hooks) cost about as much CPU as accepting the event. What
Flask gives the other endpoints is done here too: a request id (answered as X-Request-Id and
carried to the handling), the answer-time metric, JSON errors, the body limit.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from typing import Callable, Iterable

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from bot import metrics
from bot.line.events import event_id, resident_of
from bot.logs import carried, request_id
from bot.store import inbox
from bot.store.db import utcnow

log = logging.getLogger(__name__)
requests_log = logging.getLogger("bot.requests")

PATH = "/callback"
MAX_BYTES = 1024 * 1024  # LINE's bodies are far smaller; anything bigger is refused


class Webhook:
    """A WSGI app: POST /callback answered here, everything else passed to `app` (Flask's)."""

    def __init__(self, app: Callable, portal) -> None:
        self.app, self.portal = app, portal

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.app(environ, start_response)
        started = time.perf_counter()
        with request_id() as rid:
            response = self._answer(environ)
            response.headers["X-Request-Id"] = rid
            # The endpoint's name, as for Flask's endpoints (bot/logs.py): never the body.
            requests_log.debug("%s webhook.callback answered %s", environ.get("REQUEST_METHOD"), response.status_code)
        metrics.WEBHOOK_SECONDS.observe(time.perf_counter() - started)
        return response(environ, start_response)

    def _answer(self, environ: dict) -> Response:
        if environ.get("REQUEST_METHOD") != "POST":
            return _json({"message": "use POST"}, 405, Allow="POST")
        try:
            return self.callback(_LimitedRequest(environ))
        except HTTPException as refused:
            return _json({"message": refused.description}, refused.code or 400)
        except Exception:  # noqa: BLE001 - the database is down: LINE redelivers, nothing is lost
            log.exception("unhandled error")
            return _json({"message": "internal error"}, 500)

    def callback(self, request: Request) -> Response:
        body = request.get_data(cache=False)
        if not signature_matches(self.portal.settings.webhook_secret, body, request.headers.get("X-Line-Signature", "")):
            return _json({"message": "invalid signature"}, 400)
        try:
            events = json.loads(body)["events"]
            if not isinstance(events, list):
                raise TypeError("events is not a list")
        except (ValueError, KeyError, TypeError):
            return _json({"message": "malformed webhook body"}, 400)
        metrics.webhook_events(events)

        now = utcnow()
        ours = [(event_id(e), user, e) for e in events if (user := resident_of(e))]
        recent = [event for event in ours if inbox.within_memory(event[2], now)]
        if len(recent) < len(ours):
            log.warning("refused %d events older than the inbox remembers", len(ours) - len(recent))
            ours = recent
        with inbox.receiving(self.portal.db) as connection:
            fresh = inbox.accept(connection=connection, events=ours, now=now)
        if len(fresh) < len(ours):
            log.info("ignored %d redelivered events", len(ours) - len(fresh))

        response = _json({}, 200)
        if fresh:
            fresh_ids = set(fresh)
            todo = [event for event in ours if event[0] in fresh_ids]
            handler = self.portal.handler
            response.call_on_close(carried(metrics.handled(lambda: handler.handle_all(todo))))
        return response


class _LimitedRequest(Request):
    max_content_length = MAX_BYTES  # get_data raises RequestEntityTooLarge (413) beyond it


def _json(payload: dict, status: int, **headers: str) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json", headers=headers)


def signature_matches(channel_secret: str, body: bytes, signature: str) -> bool:
    """X-Line-Signature: base64(HMAC-SHA256(channel secret, the body's bytes as received)) —
    never of a decoded string, which could stand for other bytes."""
    if not signature:
        return False
    expected = base64.b64encode(hmac.new(channel_secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode("ascii", "replace"))


"""POST /callback: verify, de-duplicate, answer 200, then handle (SPEC §1, §6).

LINE gets its answer as soon as the events are safely in the inbox; the flows run after the
response is sent (gunicorn calls the close hook once the bytes are out), and the clock
handles anything a dead worker left behind.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging

from flask import Blueprint, Response, abort, current_app, request

from bot import metrics
from bot.line.events import event_id, resident_of
from bot.logs import carried
from bot.store import inbox
from bot.store.db import utcnow

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)


@blueprint.post("/callback")
def callback() -> Response:
    portal = current_app.extensions["portalbot"]
    body = request.get_data(cache=False)
    if not signature_matches(portal.settings.webhook_secret, body, request.headers.get("X-Line-Signature", "")):
        abort(400, "invalid signature")
    try:
        events = json.loads(body)["events"]
        if not isinstance(events, list):
            raise TypeError("events is not a list")
    except (ValueError, KeyError, TypeError):
        abort(400, "malformed webhook body")
    metrics.webhook_events(events)

    now = utcnow()
    ours = [(event_id(e), user, e) for e in events if (user := resident_of(e))]
    recent = [event for event in ours if inbox.within_memory(event[2], now)]
    if len(recent) < len(ours):
        log.warning("refused %d events older than the inbox remembers", len(ours) - len(recent))
        ours = recent
    with inbox.receiving(portal.db) as connection:
        fresh = inbox.accept(connection=connection, events=ours, now=now)
    if len(fresh) < len(ours):
        log.info("ignored %d redelivered events", len(ours) - len(fresh))

    response = Response("{}", status=200, mimetype="application/json")
    if fresh:
        fresh_ids = set(fresh)
        todo = [event for event in ours if event[0] in fresh_ids]
        response.call_on_close(carried(metrics.handled(lambda: portal.handler.handle_all(todo))))
    return response


def signature_matches(channel_secret: str, body: bytes, signature: str) -> bool:
    """X-Line-Signature: base64(HMAC-SHA256(channel secret, the body's bytes as received)) —
    never of a decoded string, which could stand for other bytes."""
    if not signature:
        return False
    expected = base64.b64encode(hmac.new(channel_secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode("ascii", "replace"))

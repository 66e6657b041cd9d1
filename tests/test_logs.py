"""Logs as production writes them (LOG_FORMAT=json): one JSON object a line, a request id from
the webhook to the LINE calls made for it — and never a resident's LINE id, nickname or words,
even at DEBUG, over a whole day of residents (registration, typing, card link, notice, report)."""
from __future__ import annotations

import io
import json
import logging

import pytest

from bot.config import Settings
from bot.logs import setup_logging
from tests.cardlink.support import xid  # noqa: F401 - the development xID, for card links
from tests.support.residents_day import REPORT_COMMENT, RESIDENTS, a_day, portal_for_the_day

# The stand-ins are LINE and xID, not the bot: what they log is theirs.
NOT_THE_BOT = ("devtools.standin", "devtools.xid", "authlib")


@pytest.fixture
def json_logs():
    """Everything logged at DEBUG and above, as the production formatter writes it."""
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    setup_logging(Settings(log_format="json"), stream=stream, level=logging.DEBUG)
    try:
        yield stream
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_portalbot", False)]:
            root.removeHandler(handler)
        root.setLevel(level)


def records(stream: io.StringIO) -> list[dict]:
    lines = stream.getvalue().splitlines()
    assert lines, "nothing was logged"
    parsed = [json.loads(line) for line in lines]  # one JSON object per line, or this fails
    return [r for r in parsed if not r["logger"].startswith(NOT_THE_BOT)]


def test_a_day_of_residents_logs_no_id_nickname_or_typed_text_and_one_request_id_from_webhook_to_send(database_url, xid, json_logs):  # noqa: F811
    with portal_for_the_day(database_url, xid) as portal:
        a_day(portal)
    logged = records(json_logs)
    everything = json_logs.getvalue()

    secrets = [REPORT_COMMENT]
    for resident in RESIDENTS:
        secrets += [resident.line_user_id, resident.display_name, resident.nickname, *resident.typed]
    bot_text = "\n".join(json.dumps(r, ensure_ascii=False) for r in logged)
    leaked = [secret for secret in secrets if secret in bot_text]
    assert leaked == [], f"personal data in the logs: {leaked}"
    assert "Bearer" not in bot_text and "test-access-token" not in bot_text

    # The request id set at the webhook is the one the reply to its event goes out under.
    webhooks = {r["request_id"] for r in logged if r["logger"] == "bot.requests" and "webhook.callback" in r["message"]}
    replies = [r for r in logged if r["message"].startswith("LINE /v2/bot/message/reply answered")]
    assert len(webhooks) >= 20 and len(replies) >= 20
    assert all(r.get("request_id") in webhooks for r in replies)
    profiles = [r for r in logged if r["message"].startswith("LINE /v2/bot/profile/{userId} answered")]
    assert profiles and all(r.get("request_id") in webhooks for r in profiles)
    # A delivery claim has its own, and so has a staff request.
    multicasts = [r for r in logged if r["message"].startswith("LINE /v2/bot/message/multicast answered")]
    assert multicasts and all(r.get("request_id") and r["request_id"] not in webhooks for r in multicasts)
    assert any(r["logger"] == "bot.requests" and "admin" in r["message"] and r.get("request_id") for r in logged)
    assert everything.count("\n") == len(everything.splitlines())  # no record spans lines

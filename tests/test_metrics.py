"""GET /metrics: hidden without METRICS_TOKEN, refused with a wrong one, and with the right one
every family an operator watches — changing as a day of residents flows through /callback."""
from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import metrics
from bot.delivery import plan_job
from tests.cardlink.support import xid  # noqa: F401 - the development xID, for card links
from tests.support.portal import running_portal
from tests.support.residents_day import HANAKO, JIRO, RESIDENTS, a_day, portal_for_the_day

TOKEN = "metrics-token-for-tests"
FAMILIES = (
    "portalbot_webhook_events", "portalbot_webhook_response_seconds", "portalbot_event_handling_seconds",
    "portalbot_answers", "portalbot_line_api_calls", "portalbot_line_retries", "portalbot_delivery_batches_pending",
    "portalbot_delivery_oldest_pending_seconds", "portalbot_reminders_sent", "portalbot_notices_sent",
    "portalbot_card_links", "portalbot_reports",
)


def scrape(portal) -> dict[tuple[str, tuple], float]:
    """Every sample, by (name, sorted labels)."""
    answer = portal.app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.get_data(as_text=True)) for sample in family.samples}


def families(portal) -> set[str]:
    answer = portal.app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    return {family.name for family in text_string_to_metric_families(answer.get_data(as_text=True))}


def change(before: dict, after: dict, name: str, **labels) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_without_a_token_configured_there_is_no_metrics_page(sqlite_url):
    with running_portal(sqlite_url) as portal:
        assert portal.app.test_client().get("/metrics").status_code == 404
        assert portal.app.test_client().get("/metrics", headers={"Authorization": "Bearer x"}).status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_a_missing_or_wrong_token_is_refused(sqlite_url, authorization):
    with running_portal(sqlite_url, metrics_token=TOKEN) as portal:
        headers = {"Authorization": authorization} if authorization else {}
        answer = portal.app.test_client().get("/metrics", headers=headers)
        assert answer.status_code == 401
        assert "portalbot_" not in answer.get_data(as_text=True)


def test_the_families_change_as_a_day_of_residents_flows_through_callback(database_url, xid):  # noqa: F811
    with portal_for_the_day(database_url, xid, metrics_token=TOKEN) as portal:
        assert set(FAMILIES) <= families(portal)
        before = scrape(portal)
        a_day(portal)
        after = scrape(portal)

    # webhook events by type, their answer time and their handling after it
    assert change(before, after, "portalbot_webhook_events_total", type="follow") == 2
    assert change(before, after, "portalbot_webhook_events_total", type="message") >= 2 * 4
    assert change(before, after, "portalbot_webhook_events_total", type="postback") >= 2 * 5
    webhooks = change(before, after, "portalbot_webhook_response_seconds_count")
    assert webhooks >= 2 * 10 and change(before, after, "portalbot_event_handling_seconds_count") == webhooks
    # replies, and the card link's push
    assert change(before, after, "portalbot_answers_total", via="reply") >= webhooks - 2
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/message/reply", status="200") >= webhooks - 2
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/message/push", status="200") >= 1
    # two residents: each follow reads the profile, whose display name registration then offers
    # (one call each: bot/line/profiles.py)
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/profile/{userId}", status="200") == 2
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/message/multicast", status="200") == 1
    assert change(before, after, "portalbot_notices_sent_total") == len(RESIDENTS)
    assert change(before, after, "portalbot_card_links_total", outcome="linked") == 1
    assert change(before, after, "portalbot_reports_total", category="道路・歩道") == 1
    # no resident in any label
    for name, labels in after:
        for _, value in labels:
            assert HANAKO not in value and JIRO not in value, (name, labels)


def test_line_answers_429_and_409_are_counted_with_their_endpoint_and_retries(sqlite_url):
    with running_portal(sqlite_url, metrics_token=TOKEN) as portal:
        before = scrape(portal)
        metrics.line_call("/v2/bot/message/multicast", 429)
        metrics.line_call("/v2/bot/user/U" + "a" * 32 + "/richmenu/richmenu-0123abcd", 409)
        metrics.line_call("/v2/bot/message/push", None)
        metrics.retry("multicast", "throttled")
        after = scrape(portal)
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/message/multicast", status="429") == 1
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/user/{id}/richmenu/{id}", status="409") == 1
    assert change(before, after, "portalbot_line_api_calls_total", endpoint="/v2/bot/message/push", status="no_answer") == 1
    assert change(before, after, "portalbot_line_retries_total", endpoint="multicast", reason="throttled") == 1


def test_the_backlog_is_read_from_the_ledger_at_scrape_time(database_url):
    with running_portal(database_url, metrics_token=TOKEN) as portal:
        db = portal.app.extensions["portalbot"].db
        assert scrape(portal)[("portalbot_delivery_batches_pending", ())] == 0
        plan_job(db, key="notice:backlog", origin="notice:backlog", messages=[{"type": "text", "text": "x"}],
                 recipients=iter([(n, f"U{n:032x}") for n in range(1, 1201)]))
        now = scrape(portal)
        assert now[("portalbot_delivery_batches_pending", ())] == 3  # 1,200 recipients, 500 a request
        assert 0 <= now[("portalbot_delivery_oldest_pending_seconds", ())] < 60

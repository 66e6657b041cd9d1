"""Every LINE sender draws from the channel's budget of its endpoint class (bot/line/limits.py):
pushes from "push", bulk menu links from "richmenu_bulk_link" — shared in PostgreSQL by every
process, so a 429 one of them gets holds back the others too."""
from __future__ import annotations

import time

import pytest

from bot.config import Settings
from bot.disaster.mode import DisasterWork
from bot.line.limits import LINE_LIMITS, RateLimiter, SharedRateLimiter
from bot.line.messenger import LineMessenger
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin
from bot.store.db import make_engine
from tests.support.portal import SECRET, TOKEN

TARO = "U" + "a" * 32
HI = [{"type": "text", "text": "お知らせです"}]


@pytest.fixture
def line():
    server = StandinServer(Standin(channel_secret=SECRET, access_token=TOKEN)).start()
    server.standin.add_user(TARO)
    yield server
    server.stop()


def settings(line, database_url: str, **overrides) -> Settings:
    return Settings(channel_secret=SECRET, channel_access_token=TOKEN, line_api_url=line.url, line_data_api_url=line.url,
                    database_url=database_url, secret_key="k", **overrides)


def test_the_documented_figures_other_endpoints_are_2000_a_second():
    # LINE's table: multicast 200/s; push and the bulk rich-menu link fall under "other endpoints".
    assert (LINE_LIMITS["multicast"], LINE_LIMITS["push"], LINE_LIMITS["richmenu_bulk_link"]) == (200, 2000, 2000)
    assert Settings().line_rate_limits["richmenu_bulk_link"] == pytest.approx(1900)  # with the 5 % margin


def test_pushes_and_bulk_links_take_turns_from_the_shared_rows_on_postgres(postgres_url, line):
    engine = make_engine(postgres_url)
    try:
        messenger = LineMessenger(settings(line, postgres_url), engine=engine)
        assert isinstance(messenger.push_limiter, SharedRateLimiter) and messenger.push_limiter.endpoint_class == "push"
        work = DisasterWork.for_settings(settings(line, postgres_url), engine)
        try:
            assert isinstance(work.menus.limiter, SharedRateLimiter)
            assert work.menus.limiter.endpoint_class == "richmenu_bulk_link"
        finally:
            work.close()
    finally:
        engine.dispose()


def test_on_sqlite_a_pusher_keeps_to_the_push_rate_by_itself(sqlite_url, line):
    engine = make_engine(sqlite_url)
    try:
        messenger = LineMessenger(settings(line, sqlite_url), engine=engine)
        assert isinstance(messenger.push_limiter, RateLimiter)
    finally:
        engine.dispose()


def test_a_429_on_one_pusher_holds_back_another_process_pusher(postgres_url, line):
    # Two messengers with engines of their own: two processes, as far as the budget knows.
    first_engine, second_engine = make_engine(postgres_url), make_engine(postgres_url)
    try:
        first = LineMessenger(settings(line, postgres_url), engine=first_engine)
        second = LineMessenger(settings(line, postgres_url), engine=second_engine)
        line.standin.faults.add("/v2/bot/message/push", [429])
        assert first.push(TARO, HI, retry_key="0f1c1a52-7d7e-4c6b-9d3e-8d2a5c1e9b01") is False
        started = time.monotonic()
        assert second.push(TARO, HI, retry_key="0f1c1a52-7d7e-4c6b-9d3e-8d2a5c1e9b02") is True
        assert time.monotonic() - started >= 0.8  # the pause after the 429 (1 s, no Retry-After)
    finally:
        first_engine.dispose()
        second_engine.dispose()

"""Every LINE call has a time limit and survives LINE not answering (issue 11, point 3).

A LINE that hangs must cost a worker at most the timeout (on PostgreSQL the resident's row is
locked meanwhile); a LINE that resets the connection must not turn into an unhandled error. The
resident sees the bot degrade: no profile name means being asked to type a nickname."""
from __future__ import annotations

import time

import click
import pytest
import urllib3

from bot.chat import texts
from bot.config import Settings
from bot.line import http as line_http
from bot.line.messenger import LineMessenger
from bot.line.richmenu import deploy_menus
from bot.chat.replies import Reply, Text
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from tests.support.broken_line import broken_line
from tests.support.portal import running_portal

TARO = "U" + "b" * 32
LIMIT = 0.4  # seconds, instead of the production timeouts, so that the tests are quick


@pytest.fixture
def short_timeouts(monkeypatch):
    shorten(monkeypatch, LIMIT)


def shorten(monkeypatch, seconds: float) -> None:
    monkeypatch.setattr(line_http, "CONNECT_SECONDS", seconds)
    monkeypatch.setattr(line_http, "READ_SECONDS", seconds)


def messenger_for(url: str) -> LineMessenger:
    return LineMessenger(Settings(channel_secret="s", channel_access_token="t", line_api_url=url, line_data_api_url=url))


def within_limit(call, limit: float = LIMIT):
    started = time.monotonic()
    result = call()
    elapsed = time.monotonic() - started
    assert elapsed < limit * 5, f"LINE's silence held the caller {elapsed:.1f} s"
    return result


@pytest.mark.parametrize("behaviour", ["hangs", "resets"])
def test_each_messenger_call_gives_up_in_time_and_says_what_it_lacks(behaviour, short_timeouts):
    with broken_line(behaviour) as url:
        messenger = messenger_for(url)
        assert within_limit(lambda: messenger.display_name(TARO)) is None
        assert within_limit(lambda: messenger.picture_url(TARO)) is None
        assert within_limit(lambda: messenger.download_content("100001")) is None
        within_limit(lambda: messenger.show_rich_menu(TARO, "richmenu-1"))
        within_limit(lambda: messenger.show_rich_menu(TARO, None))
        within_limit(lambda: messenger.show_loading(TARO))
        within_limit(lambda: messenger.send(TARO, "reply-token", Reply(messages=[Text("こんにちは")]), push_key="e1"))
        assert within_limit(lambda: messenger.push(TARO, [{"type": "text", "text": "x"}], retry_key="k")) is False


@pytest.mark.parametrize("behaviour", ["hangs", "resets"])
def test_a_rich_menu_deploy_to_a_silent_line_ends_with_a_message(behaviour, tmp_path, short_timeouts):
    database_url = f"sqlite:///{tmp_path / 'portalbot.db'}"
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with broken_line(behaviour) as url:
            settings = Settings(channel_secret="s", channel_access_token="t", line_api_url=url, line_data_api_url=url)
            with pytest.raises(click.ClickException, match="did not answer a rich menu request"):
                within_limit(lambda: deploy_menus(settings, engine))
    finally:
        engine.dispose()


def test_a_hung_profile_call_asks_the_resident_to_type_a_nickname(database_url, monkeypatch):
    shorten(monkeypatch, 1.5)  # the stand-in's other answers must still come in time
    with running_portal(database_url) as portal:
        line = portal.line
        line.faults.timeout_seconds = 12  # LINE hangs far longer than the bot waits
        line.add_user(TARO, display_name="金沢 太郎")
        # From the start: the follow's profile call hangs too, so there is no profile at hand.
        line.faults.add(f"/v2/bot/profile/{TARO}", ["timeout"] * 3)
        line.follow(TARO)
        portal.tap(TARO, texts.LOGIN)
        portal.tap(TARO, texts.CREATE_WITH_LINE)
        within_limit(lambda: portal.tap(TARO, texts.AGREE), limit=1.5)

        asked = portal.last_for(TARO)
        assert texts.ASK_NICKNAME in portal.texts_for(TARO)[-1]
        assert "金沢 太郎" not in str(asked)  # no 「…」を使う button without the name
        line.text(TARO, "たろう")  # the typed nickname carries on as usual
        assert texts.ASK_AGE in portal.texts_for(TARO)[-1]


def test_an_answer_that_cannot_be_sent_does_not_lose_the_next_ones(portal, monkeypatch):
    """Two events of one resident handled together: LINE failing on the first answer's
    request must not skip the second answer."""
    from devtools.standin import events

    messenger = portal.app.extensions["portalbot"].messenger
    real_send, calls = messenger.send, []

    def send_failing_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset"))
        return real_send(*args, **kwargs)

    monkeypatch.setattr(messenger, "send", send_failing_once)
    line = portal.line
    line.add_user(TARO, display_name="太郎")
    now = int(time.time() * 1000)
    both = [
        events.text(TARO, line.mint_reply_token(TARO), line.next_message_id(), "ヘルプ", timestamp_ms=now, quote_token=line.quote_token()),
        events.text(TARO, line.mint_reply_token(TARO), line.next_message_id(), "ヘルプ", timestamp_ms=now + 1, quote_token=line.quote_token()),
    ]
    assert portal.post_signed(events.callback_body(line.destination, both)).status_code == 200

    assert len(calls) == 2
    assert len(line.timeline(TARO)) >= 1  # the second answer arrived

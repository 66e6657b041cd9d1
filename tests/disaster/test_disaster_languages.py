"""The emergency notice in each follower's language (issue 13): one job of EMERGENCY priority
per language, every follower served once. (A slot under way waits for it in every language:
tests/disaster/test_disaster_reminders.py.)"""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.chat.language import speaking, translate
from bot.delivery import EMERGENCY, DeliveryJob
from bot.disaster.menus import BulkMenus
from bot.disaster.mode import DisasterWork, emergency_reply, notice_key, start_disaster
from bot.line.render import render
from bot.store.disasters import Disaster
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin, user_id_for
from tests.garbage_flows.support import kanazawa_engine, kanazawa_postgres_url, kanazawa_sqlite_url  # noqa: F401 - fixtures
from tests.reminders.support import add_resident, collecting, deliverer_to
from tests.support.languages import pretend_translated

TOKEN = "disaster-language-token"
COLLECTION_DAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def line():
    with StandinServer(Standin(access_token=TOKEN)) as server:
        yield server


@pytest.fixture(autouse=True)
def marked_texts(monkeypatch):
    """The notice's framing and its buttons differ by language, translated or not yet."""
    pretend_translated(monkeypatch, "EMERGENCY_NOTICE", "SHELTERS")


def followers(line, engine, languages: list[str | None]) -> dict[str, str | None]:
    """LINE user id → language of each new follower (in a collecting area, no reminders on)."""
    area = next(iter(collecting(engine, COLLECTION_DAY)))
    found = {}
    for n, code in enumerate(languages):
        user = user_id_for(f"follower{n}")
        line.standin.add_user(user)
        add_resident(engine, user, area_id=area, language=code)
        found[user] = code
    return found


def work(engine, line) -> DisasterWork:
    return DisasterWork(engine, deliverer=deliverer_to(line, engine, TOKEN), menus=BulkMenus(line.url, TOKEN))


def test_every_follower_gets_the_emergency_notice_once_in_their_language(kanazawa_engine, line):
    engine = kanazawa_engine
    users = followers(line, engine, [None, "ja", "en", "ko", "zh", "ja-easy"])
    disaster = start_disaster(engine, hazard="地震", title="地震発生", body="避難してください", staff=None, via="cli")
    assert work(engine, line).run() == [disaster.id]

    with Session(engine) as session:
        shown = session.get(Disaster, disaster.id)
        jobs = {job.key: job.priority for job in session.scalars(select(DeliveryJob))}
    for user, code in users.items():
        with speaking(code):
            expected = render(emergency_reply(shown))
        assert line.standin.messages_for(user) == expected, code
    english = line.standin.messages_for(next(u for u, c in users.items() if c == "en"))[0]
    assert english["text"] == translate(texts.japanese("EMERGENCY_NOTICE"), "en").format(title="地震発生", body="避難してください")
    assert english["quickReply"]["items"][0]["action"]["label"] == translate(texts.japanese("SHELTERS"), "en") != texts.SHELTERS
    key = notice_key(disaster.id)
    assert jobs == {key: EMERGENCY, **{f"{key}:{code}": EMERGENCY for code in ("en", "zh", "ko", "ja-easy")}}
    assert work(engine, line).run() == []  # nothing more, in any language
    assert all(len(line.standin.messages_for(user)) == 1 for user in users)

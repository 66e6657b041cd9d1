"""Reminders in each resident's language (issue 13): one message per resident per slot,
rendered in the language they read, and multicast requests shared only by residents with the
same language and the same message. Residents who never chose a language, or whose code is
no longer offered, read Japanese."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.chat.language import speaking, translate
from bot.delivery.ledger import DeliveryJob
from bot.line.render import render
from bot.reminders.message import reminder_reply
from bot.reminders.slots import reminder_groups, run_slot, slot_origin
from bot.store import garbage
from bot.store.reminders import ReminderMode
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin, user_id_for
from tests.reminders.support import add_resident, deliverer_to, local
from tests.support.languages import pretend_translated

TOKEN = "reminder-language-token"
COLLECTION_DAY = date(2026, 12, 2)  # a Wednesday
EVENING = local(COLLECTION_DAY - timedelta(days=1), "19:30")
MULTICAST = "/v2/bot/message/multicast"


@pytest.fixture
def line():
    with StandinServer(Standin(access_token=TOKEN)) as server:
        yield server


@pytest.fixture(autouse=True)
def marked_texts(monkeypatch):
    """The reminder's heading and button differ by language, translated or not yet."""
    pretend_translated(monkeypatch, "REMINDER_TOMORROW", "GARBAGE_SORTING")


def two_areas_collecting_differently(engine) -> list[tuple[int, list]]:
    """Two areas with different collections on COLLECTION_DAY, with their categories."""
    with Session(engine) as session:
        found = garbage.areas_collecting_on(session=session, date=COLLECTION_DAY)
    by_categories = {}
    for area, categories in sorted(found.items()):
        by_categories.setdefault(tuple(categories), area)
    assert len(by_categories) >= 2, "Kanazawa collects differently by area on a Wednesday"
    return [(area, list(categories)) for categories, area in list(by_categories.items())[:2]]


def reminder_in(code: str | None, categories: list) -> list[dict]:
    with speaking(code):
        return render(reminder_reply(ReminderMode.DAY_BEFORE, COLLECTION_DAY, categories))


def test_each_resident_gets_one_reminder_in_their_language_in_batches_per_language_and_message(kanazawa_engine, line):
    engine = kanazawa_engine
    (first, first_categories), (second, second_categories) = two_areas_collecting_differently(engine)
    residents = {  # name: (area, language as stored)
        "ja": (first, "ja"), "never-chose": (first, None), "gone-language": (first, "fr"),
        "en": (first, "en"), "ko": (first, "ko"), "en-elsewhere": (second, "en"), "ja-elsewhere": (second, None),
    }
    users = {}
    for name, (area, code) in residents.items():
        users[name] = user_id_for(name)
        line.standin.add_user(users[name])
        add_resident(engine, users[name], area_id=area, day_before="19:30", language=code)

    report = run_slot(engine, deliverer_to(line, engine, TOKEN), at=EVENING, tz="Asia/Tokyo")

    assert report.status == "done" and report.counts["sent"] == len(residents)
    reads = {"ja": "ja", "never-chose": "ja", "gone-language": "ja", "en": "en", "ko": "ko",
             "en-elsewhere": "en", "ja-elsewhere": "ja"}
    categories_of = {first: first_categories, second: second_categories}
    for name, (area, _) in residents.items():
        assert line.standin.messages_for(users[name]) == reminder_in(reads[name], categories_of[area]), name
    # ...and the languages really differ: heading and button
    english, japanese = reminder_in("en", first_categories)[0], reminder_in("ja", first_categories)[0]
    assert english["altText"].startswith(translate(texts.japanese("REMINDER_TOMORROW"), "en"))
    assert japanese["altText"].startswith("【明日のごみ】") and english["altText"] != japanese["altText"]
    [button] = english["contents"]["footer"]["contents"]
    assert button["action"]["label"] == translate(texts.japanese("GARBAGE_SORTING"), "en") != texts.GARBAGE_SORTING

    # One multicast per (language, message): first area ja/en/ko, second area ja/en
    language_of = {users[name]: reads[name] for name in residents}
    area_of = {users[name]: area for name, (area, _) in residents.items()}
    requests = [r for r in line.standin.all_requests if r.path == MULTICAST and r.status == 200]
    assert len(requests) == 5 == len(report.jobs)
    for request in requests:
        [code] = {language_of[user] for user in request.json["to"]}
        [area] = {area_of[user] for user in request.json["to"]}
        assert request.json["messages"] == reminder_in(code, categories_of[area])
    assert sorted(language_of[r.json["to"][0]] for r in requests) == ["en", "en", "ja", "ja", "ko"]

    # The Japanese job keeps the key of the whole group; another language's is suffixed
    with Session(engine) as session:
        groups = reminder_groups(session=session, at=EVENING, tz="Asia/Tokyo")
        keys = set(session.scalars(select(DeliveryJob.key).where(DeliveryJob.origin == slot_origin(EVENING))))
    key_of = {area: next(g.job_key(EVENING) for g in groups if area in g.area_ids) for area in (first, second)}
    assert keys == {key_of[first], f"{key_of[first]}:en", f"{key_of[first]}:ko", key_of[second], f"{key_of[second]}:en"}

    # Running the slot again sends nothing more, in any language
    assert run_slot(engine, deliverer_to(line, engine, TOKEN), at=EVENING, tz="Asia/Tokyo").status == "already done"
    assert all(len(line.standin.messages_for(user)) == 1 for user in users.values())


def test_a_slot_of_japanese_readers_only_makes_one_job_as_before(kanazawa_engine, line):
    engine = kanazawa_engine
    [(area, _), _] = two_areas_collecting_differently(engine)
    for n in range(3):
        user = user_id_for(f"ja{n}")
        line.standin.add_user(user)
        add_resident(engine, user, area_id=area, day_before="19:30")
    report = run_slot(engine, deliverer_to(line, engine, TOKEN), at=EVENING, tz="Asia/Tokyo")
    assert len(report.jobs) == 1 and report.drained.requests == 1
    with Session(engine) as session:
        [group] = [g for g in reminder_groups(session=session, at=EVENING, tz="Asia/Tokyo") if area in g.area_ids]
    assert report.jobs[0].key == group.job_key(EVENING)

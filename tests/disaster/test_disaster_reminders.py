"""Disaster mode and garbage reminders: a slot under way when the disaster starts still serves
everyone exactly once, after the emergency notice; slots due during the mode are paused, and
the reminder settings say so."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.delivery import DeliveryBatch, DeliveryJob, retry_key
from bot.disaster.menus import BulkMenus
from bot.disaster.mode import DisasterWork, end_disaster, notice_key, start_disaster
from bot.reminders.slots import PAUSED, plan_slot, run_slot
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin, user_id_for
from bot.store.reminders import SLOT_SKIPPED, ReminderSlot
from tests.garbage_flows.support import kanazawa_engine, kanazawa_postgres_url, kanazawa_sqlite_url  # noqa: F401 - fixtures
from tests.reminders.support import add_resident, collecting, deliverer_to, local
from tests.support.chat import Chat

TOKEN = "disaster-test-token"
COLLECTION_DAY = date(2026, 12, 2)  # a Wednesday
EVENING = local(date(2026, 12, 1), "19:30")


@pytest.fixture
def line():
    with StandinServer(Standin(access_token=TOKEN)) as server:
        yield server


def due_residents(line, engine, count: int, *, english: int = 0) -> list[str]:
    """`count` residents due at 19:30 in a collecting area; the last `english` of them read English."""
    area = next(iter(collecting(engine, COLLECTION_DAY)))
    users = []
    for n in range(count):
        user = user_id_for(f"due{n}")
        line.standin.add_user(user)
        add_resident(engine, user, area_id=area, day_before="19:30", language="en" if n >= count - english else None)
        users.append(user)
    return users


def kinds(line, user: str) -> list[str]:
    """What the user received, in order, in any language: the emergency notice is a text
    message, a reminder a card."""
    shapes = {"text": "emergency", "flex": "reminder"}
    return [shapes.get(message["type"], message["type"]) for message in line.standin.messages_for(user)]


def work(engine, line) -> DisasterWork:
    return DisasterWork(engine, deliverer=deliverer_to(line, engine, TOKEN), menus=BulkMenus(line.url, TOKEN))


@pytest.mark.parametrize("english", [0, 600], ids=["in-japanese", "in-two-languages"])
def test_a_slot_under_way_serves_everyone_once_after_the_emergency_notice(kanazawa_engine, line, english):
    engine = kanazawa_engine
    users = due_residents(line, engine, 1200, english=english)  # reminder batches in each language read
    # The slot has begun (planned, nothing sent yet) when the ground shakes.
    with Session(engine) as session:
        session.add(ReminderSlot(at=EVENING))
        session.commit()
    plan_slot(engine, at=EVENING, tz="Asia/Tokyo")
    start_disaster(engine, hazard="地震", title="地震発生", body="避難してください", staff=None, via="cli")

    disaster = threading.Thread(target=lambda: work(engine, line).run())
    disaster.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the emergency job exists: the slot now goes on
        with Session(engine) as session:
            if session.scalars(select(DeliveryJob).where(DeliveryJob.key.like("disaster:%"))).first():
                break
        time.sleep(0.01)
    report = run_slot(engine, deliverer_to(line, engine, TOKEN), at=EVENING, tz="Asia/Tokyo")
    disaster.join(timeout=60)
    assert report.status == "done" and report.counts["sent"] == 1200
    for user in users:
        assert kinds(line, user) == ["emergency", "reminder"], user


def test_slots_due_in_disaster_mode_are_paused(kanazawa_engine, line):
    engine = kanazawa_engine
    users = due_residents(line, engine, 3)
    start_disaster(engine, hazard="洪水", title="大雨特別警報", body="命を守る行動を", staff=None, via="cli")
    report = run_slot(engine, deliverer_to(line, engine, TOKEN), at=EVENING, tz="Asia/Tokyo")
    assert report.status == "paused (disaster mode)"
    with Session(engine) as session:
        slot = session.get(ReminderSlot, report.at)
        assert (slot.status, slot.reason) == (SLOT_SKIPPED, PAUSED)
    assert all(kinds(line, user) == [] for user in users)
    # After the mode, slots go out again (an operator may re-run a paused one, as a skipped one)
    end_disaster(engine, staff=None, via="cli")
    again = run_slot(engine, deliverer_to(line, engine, TOKEN), at=EVENING, tz="Asia/Tokyo", again_if_skipped=True)
    assert again.status == "done"
    assert all(kinds(line, user) == ["reminder"] for user in users)


def test_the_reminder_settings_say_reminders_are_paused(kanazawa_engine):
    engine = kanazawa_engine
    area = next(iter(collecting(engine, COLLECTION_DAY)))
    chat = Chat(engine)
    add_resident(engine, chat.line_user_id, area_id=area, day_before="19:30")
    chat.say(texts.GARBAGE_REMINDERS)
    assert texts.REMINDERS_PAUSED not in chat.texts()
    start_disaster(engine, hazard="地震", title="地震発生", body="避難してください", staff=None, via="cli")
    chat.say(texts.GARBAGE_REMINDERS)
    assert texts.REMINDERS_PAUSED in chat.texts()


def test_the_emergency_notice_has_its_own_retry_keys_and_is_sent_once_however_often_work_runs(kanazawa_engine, line):
    engine = kanazawa_engine
    users = due_residents(line, engine, 3)
    disaster = start_disaster(engine, hazard="地震", title="地震発生", body="避難してください", staff=None, via="cli")
    assert work(engine, line).run() == [disaster.id]
    assert work(engine, line).run() == []  # nothing left to do
    with Session(engine) as session:
        job = session.scalars(select(DeliveryJob).where(DeliveryJob.key == notice_key(disaster.id))).one()
        batch = session.scalars(select(DeliveryBatch).where(DeliveryBatch.job_id == job.id)).one()
    assert batch.retry_key == retry_key(notice_key(disaster.id), 0)
    assert all(kinds(line, user) == ["emergency"] for user in users)

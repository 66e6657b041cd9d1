"""Reminder slots (SPEC §2.4, §5): who gets what at a minute of the city's clock, once.

Kanazawa's rules hold in any year; its year-end suspension (2022/12/30–2023/01/03, WeekShift)
cancels and moves collections, which reminders follow.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from bot.reminders.slots import ReminderClock, run_slot
from devtools.standin.server import StandinServer
from devtools.standin.state import Standin, user_id_for
from bot.store.garbage import areas_under
from bot.store.reminders import ReminderSlot
from tests.reminders.support import (
    add_resident,
    area_without_collection,
    collecting,
    deliverer_to,
    local,
)

TOKEN = "reminder-test-token"
COLLECTION_DAY = date(2026, 12, 2)  # a Wednesday


@pytest.fixture
def line():
    with StandinServer(Standin(access_token=TOKEN)) as server:
        yield server


def resident(line, engine, name: str, **settings) -> str:
    user_id = user_id_for(name)
    line.standin.add_user(user_id)
    add_resident(engine, user_id, **settings)
    return user_id


def run(engine, line, at):
    return run_slot(engine, deliverer_to(line, engine, TOKEN), at=at, tz="Asia/Tokyo")


def titles(line, user_id: str) -> list[str]:
    return [entry["message"]["altText"] for entry in line.standin.timeline(user_id)]


def test_the_evening_before_a_collection_day_exactly_the_due_residents_get_one_reminder(kanazawa_engine, line):
    engine = kanazawa_engine
    areas = collecting(engine, COLLECTION_DAY)
    area, labels = next(iter(areas.items()))
    quiet_area = area_without_collection(engine, COLLECTION_DAY)
    due = resident(line, engine, "due", area_id=area, day_before="19:30")
    also_due = resident(line, engine, "also", area_id=area, day_before="19:30", same_day="06:30")
    off = resident(line, engine, "off", area_id=area)
    other_time = resident(line, engine, "later", area_id=area, day_before="20:00")
    unfollowed = resident(line, engine, "gone", area_id=area, day_before="19:30", following=False)
    no_collection = resident(line, engine, "quiet", area_id=quiet_area, day_before="19:30")
    no_area = resident(line, engine, "nowhere", area_id=None, day_before="19:30")

    report = run(engine, line, local(COLLECTION_DAY - timedelta(days=1), "19:30"))
    title = f"【明日のごみ】12月2日(水) {'・'.join(labels)}"
    assert titles(line, due) == titles(line, also_due) == [title]
    for nobody in (off, other_time, unfollowed, no_collection, no_area):
        assert titles(line, nobody) == []
    assert report.counts["sent"] == 2
    # The message: every category with a short how-to, and ごみの捨て方
    bubble = line.standin.messages_for(due)[0]["contents"]
    words = [node["text"] for node in bubble["body"]["contents"]]
    assert words[0] == title and all(any(w.startswith(label + "：") for w in words) for label in labels)
    assert [b["action"]["label"] for b in bubble["footer"]["contents"]] == ["ごみの捨て方"]

    # A second run sends nothing more
    again = run(engine, line, local(COLLECTION_DAY - timedelta(days=1), "19:30"))
    assert again.status == "already done" and titles(line, due) == [title]
    # The morning of: the 当日 reminder
    run(engine, line, local(COLLECTION_DAY, "06:30"))
    assert titles(line, also_due) == [title, title.replace("明日", "今日")]


def test_residents_of_areas_with_the_same_collections_share_requests(kanazawa_engine, line):
    engine = kanazawa_engine
    by_labels: dict[tuple, list[int]] = {}
    for area, labels in collecting(engine, COLLECTION_DAY).items():
        by_labels.setdefault(tuple(labels), []).append(area)
    areas = max(by_labels.values(), key=len)[:3]
    users = [resident(line, engine, f"shared{n}", area_id=areas[n % len(areas)], day_before="07:00") for n in range(9)]
    report = run(engine, line, local(COLLECTION_DAY - timedelta(days=1), "07:00"))
    assert len(report.jobs) == 1 and report.drained.requests == 1
    assert all(len(titles(line, user)) == 1 for user in users)


def test_the_year_end_suspension_cancels_and_moves_reminders(kanazawa_engine, line):
    engine = kanazawa_engine
    with Session(engine) as session:
        asanogawa = next(a.id for a in areas_under(session=session, top_level=None) if a.name == "浅野川")
    user = resident(line, engine, "asano", area_id=asanogawa, day_before="19:30")
    # 2023-01-02 (Mon) would be 燃やすごみ, but the centre is closed: no reminder on the 1st
    run(engine, line, local(date(2023, 1, 1), "19:30"))
    assert titles(line, user) == []
    # 資源 of the 1st Tuesday moved a week, to 2023-01-10
    run(engine, line, local(date(2023, 1, 9), "19:30"))
    assert titles(line, user) == ["【明日のごみ】1月10日(火) 資源"]


def test_the_clock_catches_up_a_slot_under_30_minutes_late_and_skips_older_ones(kanazawa_engine, line):
    engine = kanazawa_engine
    area = next(iter(collecting(engine, COLLECTION_DAY)))
    early = resident(line, engine, "early", area_id=area, day_before="18:00")
    late = resident(line, engine, "late", area_id=area, day_before="18:40")
    eve = COLLECTION_DAY - timedelta(days=1)
    # A clock that last ran the 17:50 slot, starting again at 18:50: 18:00 is 50 minutes late
    # (skipped, recorded), 18:40 is 10 minutes late (sent).
    with Session(engine) as session:
        session.add(ReminderSlot(at=local(eve, "17:50"), status="done"))
        session.commit()
    clock = ReminderClock(engine, deliverer_to(line, engine, TOKEN), tz="Asia/Tokyo")
    reports = clock.tick(local(eve, "18:50"))
    assert [r.status for r in reports] == ["done"]
    assert titles(line, early) == [] and len(titles(line, late)) == 1
    with Session(engine) as session:
        slots = {slot.at.astimezone(local(eve, "00:00").tzinfo).strftime("%H:%M"): slot.status
                 for slot in session.scalars(select(ReminderSlot))}
    assert slots == {"17:50": "done", "18:00": "skipped", "18:40": "done"}
    # The next minute, nothing new
    assert clock.tick(local(eve, "18:51")) == []
    assert len(titles(line, late)) == 1
    # An operator may still send a skipped slot
    run_slot(engine, deliverer_to(line, engine, TOKEN), at=local(eve, "18:00"), tz="Asia/Tokyo", again_if_skipped=True)
    assert len(titles(line, early)) == 1


def test_the_clock_runs_reminders_each_minute_on_the_city_clock(engine):
    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.clock import schedule_jobs
    from bot.config import Settings

    scheduler = BackgroundScheduler(timezone="Asia/Tokyo")
    schedule_jobs(scheduler, engine=engine, handle_waiting=lambda: 0, settings=Settings(database_url=str(engine.url)))
    job = scheduler.get_job("reminders")
    assert str(job.trigger.timezone) == "Asia/Tokyo"
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert fields["second"] == "0" and fields["minute"] == "*"
    assert job.next_run_time is not None  # a first look at once, to catch up
    assert scheduler.get_job("reminders-forget") is not None  # nightly, see the next test


def test_a_months_old_slot_leaves_the_ledger_but_stays_done(kanazawa_engine, line):
    from bot.delivery.ledger import DeliveryBatch, DeliveryJob
    from bot.reminders.slots import LEDGER_DAYS, forget_old_deliveries
    from bot.store.db import utcnow

    engine = kanazawa_engine
    area, _ = next(iter(collecting(engine, COLLECTION_DAY).items()))
    due = resident(line, engine, "due", area_id=area, day_before="19:30")
    at = local(COLLECTION_DAY - timedelta(days=1), "19:30")
    run(engine, line, at)

    assert forget_old_deliveries(engine, now=utcnow() + timedelta(days=LEDGER_DAYS - 1)) == 0
    assert forget_old_deliveries(engine, now=utcnow() + timedelta(days=LEDGER_DAYS + 1)) == 1
    with Session(engine) as session:
        assert session.exec(select(DeliveryJob)).all() == [] and session.exec(select(DeliveryBatch)).all() == []
    assert run(engine, line, at).status == "already done"  # the slot's own row still guards it
    assert len(titles(line, due)) == 1

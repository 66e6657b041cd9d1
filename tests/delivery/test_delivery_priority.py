"""Emergency notices jump the queue: a job of a higher priority is claimed first, and while it
has work left no batch of a lower one is posted, so everyone gets the emergency notice before
the rest of a fan-out that was already under way — each message exactly once."""
from __future__ import annotations

import threading
import time

from bot.delivery import EMERGENCY, DrainReport, plan_job
from tests.delivery.support import deliverer, residents

REMINDER = [{"type": "text", "text": "【明日のごみ】燃やすごみ"}]
EMERGENCY_NOTICE = [{"type": "text", "text": "【緊急】地震が発生しました"}]


def texts_of(line, user_id: str) -> list[str]:
    return [message["text"] for message in line.standin.messages_for(user_id)]


def test_a_higher_priority_job_planned_later_is_sent_first(engine, line):
    people = residents(line, 1200)
    plan_job(engine, key="reminder:1", origin="reminder_slot:1", messages=REMINDER, recipients=people)
    plan_job(engine, key="disaster:1", origin="disaster:1", messages=EMERGENCY_NOTICE, recipients=people,
             priority=EMERGENCY)
    deliverer(engine, line, threads=2).drain()
    for _, user_id in people:
        assert texts_of(line, user_id) == [EMERGENCY_NOTICE[0]["text"], REMINDER[0]["text"]]


def test_a_fan_out_in_progress_waits_for_the_emergency_notice_then_resumes(engine, line):
    people = residents(line, 1100)
    plan_job(engine, key="reminder:2", origin="reminder_slot:2", messages=REMINDER, recipients=people)
    # The reminder slot's first batch is already out when the emergency comes.
    first = deliverer(engine, line, threads=1)
    first.claim_size = 1
    assert first._send_some("reminder_slot:2", DrainReport())  # claims, posts and records one batch
    already = [user for _, user in people[:500]]
    plan_job(engine, key="disaster:2", origin="disaster:2", messages=EMERGENCY_NOTICE, recipients=people,
             priority=EMERGENCY)

    slot = threading.Thread(target=lambda: deliverer(engine, line, threads=2).drain(origin="reminder_slot:2"))
    slot.start()
    time.sleep(0.5)
    later = [user for _, user in people[500:]]
    assert all(texts_of(line, user) == [] for user in later), "the slot went on before the emergency notice"
    deliverer(engine, line, threads=2).drain(origin="disaster:2")
    slot.join(timeout=30)
    assert not slot.is_alive()
    for user in already:
        assert texts_of(line, user) == [REMINDER[0]["text"], EMERGENCY_NOTICE[0]["text"]]
    for user in later:
        assert texts_of(line, user) == [EMERGENCY_NOTICE[0]["text"], REMINDER[0]["text"]]


def test_an_emergency_job_still_being_planned_holds_lower_batches_back(engine, line):
    people = residents(line, 600)
    plan_job(engine, key="reminder:3", origin="reminder_slot:3", messages=REMINDER, recipients=people)

    def planner_dies(after: int):
        for count, person in enumerate(people):
            if count == after:
                raise KeyboardInterrupt("planner killed")
            yield person

    try:
        plan_job(engine, key="disaster:3", origin="disaster:3", messages=EMERGENCY_NOTICE,
                 recipients=planner_dies(550), priority=EMERGENCY, chunk_batches=1)
    except KeyboardInterrupt:
        pass
    # One emergency batch recorded, the job still planning: the slot holds its own back.
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    report = deliverer(engine, line, threads=1).drain(origin="reminder_slot:3", stop=stop)
    assert report.sent_batches == 0
    plan_job(engine, key="disaster:3", origin="disaster:3", messages=EMERGENCY_NOTICE, recipients=people,
             priority=EMERGENCY)
    deliverer(engine, line, threads=1).drain()
    for _, user_id in people:
        assert texts_of(line, user_id) == [EMERGENCY_NOTICE[0]["text"], REMINDER[0]["text"]]

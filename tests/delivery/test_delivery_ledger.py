"""Planning and sending a job through the ledger: batches of ≤500 recorded before any call,
deterministic retry keys, and nothing sent twice however often it is planned or drained."""
from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from bot.delivery import counts, plan_job, retry_key
from bot.delivery.ledger import PLANNED, PLANNING, DeliveryBatch, DeliveryJob
from tests.delivery.support import deliverer, received, residents

MESSAGE = [{"type": "text", "text": "【お知らせ】テスト"}]


def batches(engine, key: str) -> list[DeliveryBatch]:
    with Session(engine) as session:  # short: on SQLite a reader holds the write lock
        job = session.scalars(select(DeliveryJob).where(DeliveryJob.key == key)).one()
        return list(session.scalars(select(DeliveryBatch).where(DeliveryBatch.job_id == job.id).order_by(DeliveryBatch.position)))


def job_row(engine, key: str) -> DeliveryJob:
    with Session(engine) as session:
        return session.scalars(select(DeliveryJob).where(DeliveryJob.key == key)).one()


def origin_counts(engine, origin: str) -> dict[str, int]:
    with Session(engine) as session:
        return counts(session=session, origin=origin)


def test_recipients_are_cut_into_batches_of_500_with_deterministic_retry_keys(engine):
    people = [(n, f"U{n:032x}") for n in range(1, 1202)]
    job = plan_job(engine, key="notice:1", origin="notice:1", messages=MESSAGE, recipients=people)
    assert (job.recipients, job.batches) == (1201, 3)
    found = batches(engine, "notice:1")
    assert [b.recipient_count for b in found] == [500, 500, 201]
    assert [b.retry_key for b in found] == [retry_key("notice:1", n) for n in range(3)]
    assert sum((json.loads(b.recipients) for b in found), []) == [user for _, user in people]
    # Planning again records nothing new
    again = plan_job(engine, key="notice:1", origin="notice:1", messages=MESSAGE, recipients=people)
    assert again == job and len(batches(engine, "notice:1")) == 3


def test_a_planner_killed_half_way_resumes_after_the_last_recorded_recipient(engine):
    people = [(n * 2, f"U{n:032x}") for n in range(1, 1302)]

    def dies_after(limit):
        for count, person in enumerate(people):
            if count == limit:
                raise KeyboardInterrupt("killed")
            yield person

    with pytest.raises(KeyboardInterrupt):
        plan_job(engine, key="notice:2", origin="notice:2", messages=MESSAGE, recipients=dies_after(1100), chunk_batches=1)
    job = job_row(engine, "notice:2")
    assert (job.status, job.batches, job.planned_through) == (PLANNING, 2, people[999][0])
    # Meanwhile one resident planned already left, and two joined: one before the resume point
    # (after their part was recorded: not included) and one after it (included).
    joined_before, joined_after = (3, "U" + "e" * 32), (2001, "U" + "f" * 32)
    changed = sorted([p for p in people if p[0] != 2000] + [joined_before, joined_after])
    plan_job(engine, key="notice:2", origin="notice:2", messages=MESSAGE, recipients=changed, chunk_batches=1)
    ids = sum((json.loads(b.recipients) for b in batches(engine, "notice:2")), [])
    assert len(ids) == len(set(ids)) == 1302
    assert set(ids) == {user for _, user in people} | {joined_after[1]}
    assert job_row(engine, "notice:2").status == PLANNED


def test_recipients_out_of_order_are_refused(engine):
    with pytest.raises(ValueError, match="ascending"):
        plan_job(engine, key="notice:3", origin="notice:3", messages=MESSAGE,
                 recipients=[(2, "U" + "2" * 32), (1, "U" + "1" * 32)])


def test_drained_twice_every_recipient_gets_it_once(engine, line):
    people = residents(line, 1201)
    plan_job(engine, key="notice:4", origin="notice:4", messages=MESSAGE, recipients=people)
    first = deliverer(engine, line).drain(origin="notice:4")
    assert (first.requests, first.sent_batches, first.sent_recipients) == (3, 3, 1201)
    second = deliverer(engine, line).drain(origin="notice:4")
    assert second.requests == 0
    assert set(received(line, [u for _, u in people]).values()) == {1}
    assert line.standin.messages_for(people[0][1]) == MESSAGE
    assert origin_counts(engine, "notice:4") == {"pending": 0, "sent": 1201, "failed": 0, "skipped": 0}
    # A final batch keeps only its count
    assert all(b.recipients is None and b.status == "sent" for b in batches(engine, "notice:4"))


def test_other_origins_are_left_for_their_own_senders(engine, line):
    people = residents(line, 3)
    plan_job(engine, key="a", origin="notice:a", messages=MESSAGE, recipients=people[:2])
    plan_job(engine, key="b", origin="notice:b", messages=MESSAGE, recipients=people[2:])
    deliverer(engine, line).drain(origin="notice:a")
    assert received(line, [u for _, u in people]) == {people[0][1]: 1, people[1][1]: 1, people[2][1]: 0}
    assert origin_counts(engine, "notice:b")["pending"] == 1


def test_a_planner_overtaken_by_another_on_the_same_job_stops_and_nobody_is_planned_twice(engine):
    people = [(n, f"U{n:032x}") for n in range(1, 1201)]

    def overtaken():
        for count, person in enumerate(people):
            if count == 600:  # meanwhile another planner resumes the job and finishes it
                plan_job(engine, key="notice:o", origin="notice:o", messages=MESSAGE, recipients=people)
            yield person

    job = plan_job(engine, key="notice:o", origin="notice:o", messages=MESSAGE, recipients=overtaken(), chunk_batches=1)
    assert (job.recipients, job.batches) == (1200, 3)
    assert job_row(engine, "notice:o").status == PLANNED
    found = batches(engine, "notice:o")
    assert [b.position for b in found] == [0, 1, 2]
    assert sum((json.loads(b.recipients) for b in found), []) == [user for _, user in people]


def test_recipients_given_as_a_query_are_cut_alike_and_resume_after_a_crash(engine):
    from sqlalchemy import insert

    from bot.store.models import Resident

    people = [f"U{n:032x}" for n in range(1, 1202)]
    with Session(engine) as session:
        session.execute(insert(Resident), [{"line_user_id": user, "interests": []} for user in people])
        session.commit()
        rows = session.execute(select(Resident.id, Resident.line_user_id).order_by(Resident.id)).all()
    query = select(Resident.id, Resident.line_user_id).where(Resident.following.is_(True)).order_by(Resident.id)

    def dies_after_600():
        for count, row in enumerate(rows):
            if count == 600:
                raise KeyboardInterrupt("killed")
            yield row[0], row[1]

    with pytest.raises(KeyboardInterrupt):
        plan_job(engine, key="notice:q", origin="notice:q", messages=MESSAGE, recipients=dies_after_600(), chunk_batches=1)
    job = plan_job(engine, key="notice:q", origin="notice:q", messages=MESSAGE, recipients=query)
    found = batches(engine, "notice:q")
    assert (job.recipients, job.batches) == (1201, 3)
    assert [b.recipient_count for b in found] == [500, 500, 201]
    assert sum((json.loads(b.recipients) for b in found), []) == people


def test_forgetting_old_jobs_spares_other_origins_and_anything_still_to_send(engine):
    from datetime import timedelta

    from bot.delivery import forget_finished
    from bot.delivery.ledger import SENT
    from bot.store.db import utcnow

    people = [(n, f"U{n:032x}") for n in range(1, 3)]
    for key in ("reminder_slot:a", "reminder_slot:b", "notice:1"):
        plan_job(engine, key=key, origin=key, messages=MESSAGE, recipients=people)
    with Session(engine) as session:  # a and the notice went out; b is still pending
        for batch in session.scalars(select(DeliveryBatch).join(DeliveryJob).where(DeliveryJob.key != "reminder_slot:b")):
            batch.status = SENT
            session.add(batch)
        session.commit()
    later = utcnow() + timedelta(days=1)
    assert forget_finished(engine, origin_prefix="reminder_slot:", created_before=later) == 1
    with Session(engine) as session:
        assert sorted(session.scalars(select(DeliveryJob.key))) == ["notice:1", "reminder_slot:b"]
        assert len(session.scalars(select(DeliveryBatch)).all()) == 2

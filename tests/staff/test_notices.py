"""Notices without the browser: targeting and reach, validation, sending through the
delivery engine, POST read counts, scheduling, cancelling, exactly-once."""
from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, insert, select
from sqlmodel import Session

from bot.chat import texts
from bot.delivery.ledger import DeliveryBatch, DeliveryJob
from bot.notices import dispatch
from bot.notices.models import NoticeKind, NoticeStatus, StaffNotice
from bot.notices.store import Draft, DraftError, cancel_notice, create_notice, validate_draft
from bot.notices.targeting import Target, reach
from bot.store.postbox import PostboxEntry
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident
from tests.staff.support import NOW, create, make_area, make_resident, send_due
from tests.support.portal import TOKEN


def notice(db, notice_id) -> StaffNotice:
    with Session(db) as session:
        return session.get(StaffNotice, notice_id)


def city_of(console):
    return console.app.extensions["portalbot"].city


# --- whom a notice reaches ----------------------------------------------------------------


def test_reach_combines_wards_areas_interests_and_age_groups(console, db):
    hondori = make_area(db, "本通")
    make_resident(db, "a", ward="中区", age="30代", interests=("子育て", "防災"), area_id=hondori, linked=True)
    make_resident(db, "b", ward="中区", age="70代以上", interests=("福祉・介護",))
    make_resident(db, "c", ward="東区", age="30代", interests=("子育て",), linked=True)
    make_resident(db, "d", ward="中区", age="30代", interests=("子育て",), linked=True, following=False)
    make_resident(db, "guest", registered=False)
    cases = [
        (NoticeKind.INFO, Target(), 4),  # every follower, registered or not
        (NoticeKind.POST, Target(), 3),  # every open postbox, following or not
        (NoticeKind.INFO, Target(wards=("中区",)), 2),
        (NoticeKind.INFO, Target(wards=("中区", "東区")), 3),
        (NoticeKind.INFO, Target(interests=("子育て",)), 2),
        (NoticeKind.INFO, Target(interests=("防災", "福祉・介護")), 2),
        (NoticeKind.INFO, Target(wards=("中区",), interests=("子育て",)), 1),
        (NoticeKind.INFO, Target(age_groups=("30代",), interests=("子育て",)), 2),
        (NoticeKind.INFO, Target(area_ids=(hondori,)), 1),
        (NoticeKind.POST, Target(wards=("中区",)), 2),
        (NoticeKind.POST, Target(wards=("中区",), age_groups=("70代以上",)), 0),
    ]
    with Session(db) as session:
        for kind, target, expected in cases:
            assert reach(session=session, kind=kind, target=target) == expected, (kind, target)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "あ" * 101}, "title"),
        ({"title": "  "}, "title"),
        ({"body": "あ" * 4001}, "body"),
        ({"body": "本文\x07"}, "body"),
        ({"department": ""}, "department"),
        ({"target": Target(wards=("大阪区",))}, "target"),
        ({"target": Target(area_ids=(999999,))}, "target"),
        ({"target": Target(interests=("ゲーム",))}, "target"),
        ({"send_at": NOW - timedelta(hours=1)}, "send_at"),
        ({"send_at": NOW + timedelta(days=400)}, "send_at"),
    ],
)
def test_a_draft_is_refused_with_the_reason(console, db, changes, field):
    fields = {"kind": NoticeKind.INFO, "title": "件名", "body": "本文", "department": "市民課", **changes}
    with Session(db) as session:
        problems = validate_draft(Draft(**fields), session=session, city=city_of(console), now=NOW)
        assert list(problems) == [field]
        with pytest.raises(DraftError):
            create_notice(session=session, draft=Draft(**fields), city=city_of(console), staff_id=None, now=NOW)


def test_the_limits_themselves_are_accepted(console, db):
    draft = Draft(kind=NoticeKind.POST, title="あ" * 100, body="い" * 4000, department="市民課")
    with Session(db) as session:
        assert validate_draft(draft, session=session, city=city_of(console), now=NOW) == {}


# --- sending ------------------------------------------------------------------------------------


def test_a_post_notice_fills_matching_postboxes_and_pushes_only_the_title(console, db):
    naka = make_resident(db, "naka", ward="中区", linked=True)
    naka_blocked = make_resident(db, "naka-blocked", ward="中区", linked=True, following=False)
    naka_unlinked = make_resident(db, "naka-unlinked", ward="中区")
    higashi = make_resident(db, "higashi", ward="東区", linked=True)
    for user in (naka, naka_blocked, naka_unlinked, higashi):
        console.line.add_user(user)
    notice_id = create(db, city_of(console), target=Target(wards=("中区",)), body="本文は郵便受けでだけ読めます。")
    assert send_due(console, db) == [notice_id]

    sent = notice(db, notice_id)
    assert (sent.status, sent.targeted, sent.sent, sent.failed) == ("sent", 2, 1, 0)
    push = console.line.timeline(naka)[-1]["message"]
    words = json.dumps(push, ensure_ascii=False)
    assert texts.NEW_NOTICE in words and "国民健康保険料の納付について" in words and "本文は郵便受け" not in words
    assert console.line.timeline(naka_unlinked) == [] and console.line.timeline(higashi) == []
    assert console.line.timeline(naka_blocked) == []  # blocked: in the postbox, never pushed
    with Session(db) as session:
        assert session.scalar(select(func.count()).select_from(PostboxEntry)) == 2

    # the resident taps 読む: the body shows, and the notice's read count rises
    console.tap(naka, texts.READ)
    assert "本文は郵便受けでだけ読めます。" in console.texts_for(naka)[-1]
    from bot.notices.store import with_counts

    with Session(db) as session:
        assert with_counts(session=session, notices=[session.get(StaffNotice, notice_id)])[0].read == 1


def test_an_info_notice_is_pushed_in_full_to_matching_followers(console, db):
    yes = make_resident(db, "kosodate", interests=("子育て",))
    no = make_resident(db, "other", interests=("税金",))
    for user in (yes, no):
        console.line.add_user(user)
    notice_id = create(db, city_of(console), kind=NoticeKind.INFO, target=Target(interests=("子育て",)),
                       title="子育て支援センターのお知らせ", body="12月の開館日が変わります。")
    send_due(console, db)
    assert "12月の開館日が変わります。" in console.texts_for(yes)[-1]
    assert console.line.timeline(no) == []
    assert (notice(db, notice_id).targeted, notice(db, notice_id).sent) == (1, 1)


def test_a_scheduled_notice_waits_for_its_time_and_dispatch_is_idempotent(console, db, database_url):
    user = make_resident(db, "r", linked=True)
    console.line.add_user(user)
    at = utcnow() + timedelta(hours=2)
    notice_id = create(db, city_of(console), send_at=at)
    assert send_due(console, db) == []
    assert notice(db, notice_id).status == "scheduled"

    from bot.cli import main

    env = {"DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "LINE_API_URL": console.url, "SECRET_KEY": "k"}
    ran = CliRunner().invoke(main, ["notices", "dispatch", "--at", (at + timedelta(seconds=1)).isoformat()], env=env)
    assert ran.exit_code == 0 and f"1 notice(s) sent: {notice_id}" in ran.output, ran.output
    again = CliRunner().invoke(main, ["notices", "dispatch", "--at", (at + timedelta(minutes=1)).isoformat()], env=env)
    assert "0 notice(s) sent" in again.output
    assert len(console.line.timeline(user)) == 1


def test_a_notice_is_either_cancelled_or_sent(console, db):
    user = make_resident(db, "r", linked=True)
    console.line.add_user(user)
    later = create(db, city_of(console), send_at=utcnow() + timedelta(hours=1))
    with session_scope(db) as session:
        assert cancel_notice(session=session, notice_id=later, now=utcnow())
    assert send_due(console, db, now=utcnow() + timedelta(hours=2)) == []
    assert notice(db, later).status == "cancelled" and console.line.timeline(user) == []
    now = create(db, city_of(console))
    send_due(console, db)
    with session_scope(db) as session:
        assert not cancel_notice(session=session, notice_id=now, now=utcnow())
    assert notice(db, now).status == "sent"


def test_two_dispatchers_at_once_send_each_notice_once(console, db):
    users = [make_resident(db, f"r{n}", linked=True) for n in range(5)]
    for user in users:
        console.line.add_user(user)
    ids = [create(db, city_of(console), title=f"お知らせ{n}") for n in range(3)]
    results: list[list[int]] = []
    threads = [threading.Thread(target=lambda: results.append(send_due(console, db))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results[0] + results[1]) == ids
    assert all(len(console.line.timeline(user)) == 3 for user in users)


def test_a_notice_left_sending_by_a_dead_process_is_finished_without_double_sends(console, db):
    users = [make_resident(db, f"r{n}", linked=True) for n in range(3)]
    for user in users:
        console.line.add_user(user)
    notice_id = create(db, city_of(console))
    claimed_at = utcnow()
    assert dispatch.claim_due(engine=db, now=claimed_at) == notice_id  # ...and the process dies
    assert send_due(console, db, now=claimed_at + timedelta(minutes=1)) == []  # not stale yet
    assert send_due(console, db, now=claimed_at + dispatch.STALE_AFTER + timedelta(seconds=1)) == [notice_id]
    assert all(len(console.line.timeline(user)) == 1 for user in users)


# --- at scale, through the delivery engine ---------------------------------------------------------


def add_open_postboxes(db, line, count: int) -> list[str]:
    """`count` registered, card-linked, consented followers, inserted in bulk."""
    from devtools.standin.state import user_id_for
    from bot.store.cardlink import CardLink

    users = [user_id_for(f"bulk{n}") for n in range(count)]
    with session_scope(db) as session:
        session.execute(insert(Resident), [{"line_user_id": u, "following": True, "created_at": NOW, "registered_at": NOW,
                                            "interests": [], "ward": "中区"} for u in users])
        ids = session.execute(select(Resident.id).where(Resident.line_user_id.in_(users))).scalars().all()
        session.execute(insert(CardLink), [{"resident_id": i, "xid_subject": f"xid-{i}", "linked_at": NOW,
                                            "postbox_consented_at": NOW} for i in ids])
    for user in users:
        line.add_user(user)
    return users


def test_a_large_notice_goes_through_the_ledger_in_batches_of_500_exactly_once_despite_500s(console, db):
    """The same path as reminders: multicast ≤500, retry keys recorded before the call, 500s
    retried with the same key, 'accepted then 500' answered 409 on retry — every resident once.
    (2,345 residents here; bench/ runs a million through the same code.)"""
    users = add_open_postboxes(db, console.line, 2345)
    console.line.faults.add("/v2/bot/message/multicast", [500, "accepted-500", 500, 503, "accepted-500"])
    notice_id = create(db, city_of(console), target=Target(wards=("中区",)))
    assert send_due(console, db) == [notice_id]

    multicasts = [r for r in console.line.all_requests if r.path == "/v2/bot/message/multicast"]
    assert all(len(r.json["to"]) <= 500 for r in multicasts if r.json)
    accepted = [r for r in multicasts if r.status in (200, 409)]  # 409: accepted by an earlier try
    assert len(accepted) == 5  # 4 × 500 + 345
    assert sum(1 for r in multicasts if r.status == 409) == 2  # the two accepted-then-500s, retried
    assert {r.retry_key for r in multicasts} == {r.retry_key for r in accepted}  # retries reuse the key
    assert None not in {r.retry_key for r in multicasts}
    assert all(len(console.line.timeline(user)) == 1 for user in users)
    with Session(db) as session:
        job = session.scalars(select(DeliveryJob).where(DeliveryJob.key == dispatch.job_key(notice_id))).one()
        batches = session.scalars(select(DeliveryBatch).where(DeliveryBatch.job_id == job.id)).all()
    assert job.recipients == 2345 and len(batches) == 5 and all(b.status == "sent" for b in batches)
    assert max(b.recipient_count for b in batches) == 500
    sent = notice(db, notice_id)
    assert (sent.targeted, sent.sent, sent.failed, sent.status) == (2345, 2345, 0, NoticeStatus.SENT.value)

"""Postbox and card-link store functions, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from bot.store import cardlink, postbox, residents
from bot.store.db import utcnow
from bot.store.models import Resident


def resident(session, user: str, *, linked=True, consented=True, following=True) -> Resident:
    r = residents.lock_resident(session=session, line_user_id=user)
    residents.register(session=session, resident=r, nickname="x", age_group=None, ward=None, interests=[], now=utcnow())
    r.following = following
    if linked:
        cardlink.link_card(session=session, resident_id=r.id, xid_subject=f"sub-{user}", now=utcnow())
    if consented:
        cardlink.consent_to_postbox(session=session, resident_id=r.id, now=utcnow())
    session.flush()
    return r


def notice(session, title="件名"):
    return postbox.create_postbox_notice(session=session, title=title, body="本文", department="市民局", sent_at=utcnow())


def test_delivery_reaches_open_postboxes_only_once_and_pushes_only_to_followers(session):
    open_box = resident(session, "U" + "1" * 32)
    unfollowed = resident(session, "U" + "2" * 32, following=False)
    resident(session, "U" + "3" * 32, consented=False)
    resident(session, "U" + "4" * 32, linked=False, consented=False)
    n = notice(session)

    assert postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow()) == [open_box.line_user_id]
    assert postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow()) == []
    assert postbox.read_counts(session=session, notice_ids=[n.id]) == {n.id: postbox.ReadCount(2, 0)}
    assert postbox.unread_count(session=session, resident_id=unfollowed.id) == 1


def test_delivery_to_chosen_residents(session):
    a, b = resident(session, "U" + "5" * 32), resident(session, "U" + "6" * 32)
    n = notice(session)
    assert postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow(), resident_ids=[b.id]) == [b.line_user_id]
    assert postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow(), resident_ids=[]) == []
    assert postbox.postbox_for(session=session, resident_id=a.id).items == []


def test_reading_counts_once_and_only_for_the_owner(session):
    a, b = resident(session, "U" + "7" * 32), resident(session, "U" + "8" * 32)
    n = notice(session)
    postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow(), resident_ids=[a.id])
    assert postbox.read_notice(session=session, resident_id=b.id, notice_id=n.id, now=utcnow()) is None
    first = utcnow()
    assert postbox.read_notice(session=session, resident_id=a.id, notice_id=n.id, now=first).title == "件名"
    postbox.read_notice(session=session, resident_id=a.id, notice_id=n.id, now=first + timedelta(hours=1))
    assert postbox.read_counts(session=session, notice_ids=[n.id]) == {n.id: postbox.ReadCount(1, 1)}
    [item] = postbox.postbox_for(session=session, resident_id=a.id).items
    assert not item.unread


@pytest.mark.parametrize(
    "fields",
    [{"title": ""}, {"title": "x" * 101}, {"body": "x" * 4001}, {"department": " "}],
    ids=["empty-title", "long-title", "long-body", "blank-department"],
)
def test_notice_limits(session, fields):
    values = {"title": "件名", "body": "本文", "department": "市民局", **fields}
    with pytest.raises(ValueError):
        postbox.create_postbox_notice(session=session, sent_at=utcnow(), **values)


def test_the_longest_notice_fits(session):
    n = postbox.create_postbox_notice(session=session, title="x" * 100, body="y" * 4000, department="z" * 100, sent_at=utcnow(), staff_notice_id=42)
    assert n.id and n.staff_notice_id == 42


def test_leaving_deletes_link_attempts_link_and_postbox(session):
    r = resident(session, "U" + "9" * 32)
    n = notice(session)
    postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow())
    cardlink.begin_link(session=session, resident_id=r.id, now=utcnow())
    session.commit()
    session.execute(delete(Resident).where(Resident.id == r.id))
    session.commit()
    assert cardlink.card_link_of(session=session, resident_id=r.id) is None
    assert postbox.read_counts(session=session, notice_ids=[n.id]) == {n.id: postbox.ReadCount(0, 0)}


def test_link_attempts_are_single_use_and_expire(session):
    r = resident(session, "U" + "a" * 32, linked=False, consented=False)
    now = utcnow()
    attempt = cardlink.begin_link(session=session, resident_id=r.id, now=now)
    assert len(attempt.state) >= 43 and len(attempt.nonce) >= 43 and 43 <= len(attempt.code_verifier) <= 128
    assert cardlink.take_link_request(session=session, state=attempt.state, now=now).resident_id == r.id
    assert cardlink.take_link_request(session=session, state=attempt.state, now=now) is None
    late = cardlink.begin_link(session=session, resident_id=r.id, now=now)
    assert cardlink.take_link_request(session=session, state=late.state, now=now + cardlink.LINK_REQUEST_TTL) is None
    assert cardlink.take_link_request(session=session, state="", now=now) is None


def test_read_counts_survive_residents_leaving_as_anonymous_numbers(session):
    """退会 deletes the postbox entries, not the notice's delivered and read counts (SPEC §2.9)."""
    from bot.store.leaving import forget_resident

    reader, other = resident(session, "U" + "a" * 32), resident(session, "U" + "b" * 32)
    n = notice(session)
    postbox.deliver_postbox_notice(session=session, notice_id=n.id, now=utcnow())
    postbox.read_notice(session=session, resident_id=reader.id, notice_id=n.id, now=utcnow())
    session.commit()

    forget_resident(session=session, resident=reader)
    forget_resident(session=session, resident=other)
    session.commit()

    assert postbox.read_counts(session=session, notice_ids=[n.id]) == {n.id: postbox.ReadCount(2, 1)}
    assert postbox.postbox_for(session=session, resident_id=reader.id).items == []

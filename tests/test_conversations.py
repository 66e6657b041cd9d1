"""A resident's place in the flows is written only when it changed, including data changed
in place, and reads back as it was written."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

from sqlalchemy.event import listen
from sqlmodel import Session

from bot.store import conversations, residents

EXPIRES = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)


def statements_on(engine) -> list[str]:
    seen: list[str] = []
    def note(_connection, _cursor, statement, *_):
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE
            seen.append(statement.split()[0])

    listen(engine, "before_cursor_execute", note)
    return seen


def test_a_conversation_reads_back_as_it_was_written(engine):
    with Session(engine) as session:
        resident, conversation = residents.lock_with_conversation(session=session, line_user_id="U1")
        conversation.flow, conversation.state = "register", "nickname"
        conversation.data, conversation.offered = {"interests": ["防災"]}, {"スキップ": "1|register|skip|"}
        conversation.expires_at = EXPIRES
        conversations.save(session=session, conversation=conversation)
        session.commit()
        resident_id = resident.id
    with Session(engine) as session:
        again = conversations.load(session=session, resident_id=resident_id)
    assert (again.flow, again.state, again.data, again.offered, again.expires_at) == (
        "register", "nickname", {"interests": ["防災"]}, {"スキップ": "1|register|skip|"}, EXPIRES
    )


def test_an_unchanged_conversation_is_not_written_and_a_change_in_place_is(engine):
    with Session(engine) as session:
        resident, conversation = residents.lock_with_conversation(session=session, line_user_id="U1")
        conversation.flow, conversation.data = "register", {"interests": []}
        conversations.save(session=session, conversation=conversation)
        session.commit()
        resident_id = resident.id
    seen = statements_on(engine)
    with Session(engine) as session:
        conversation = conversations.load(session=session, resident_id=resident_id)
        conversations.save(session=session, conversation=conversation)
        assert seen == ["SELECT"]  # the load; nothing to write
        conversation.data["interests"].append("教育")  # as a flow may do
        conversations.save(session=session, conversation=conversation)
        session.commit()
        assert seen == ["SELECT", "UPDATE"]
    with Session(engine) as session:
        assert conversations.load(session=session, resident_id=resident_id).data == {"interests": ["教育"]}


def test_a_worker_that_waited_for_the_resident_sees_the_conversation_as_the_first_one_left_it(engine):
    """Two workers, one resident: the second blocks on the lock, then must read the first's
    saved conversation, not the one from before it waited (or an answer would be lost)."""
    with Session(engine) as session:
        _, conversation = residents.lock_with_conversation(session=session, line_user_id="U1")
        conversation.flow, conversation.state = "register", "age"
        conversations.save(session=session, conversation=conversation)
        session.commit()

    first = Session(engine)
    _, seen_first = residents.lock_with_conversation(session=first, line_user_id="U1")
    seen_second = {}

    def second_worker():
        with Session(engine) as session:
            _, conversation = residents.lock_with_conversation(session=session, line_user_id="U1")
            seen_second["state"] = conversation.state
            session.commit()

    waiting = threading.Thread(target=second_worker)
    waiting.start()
    time.sleep(0.3)
    assert waiting.is_alive(), "the second worker should be waiting for the resident"
    seen_first.state = "ward"
    conversations.save(session=first, conversation=seen_first)
    first.commit()
    first.close()
    waiting.join(10)
    assert seen_second == {"state": "ward"}


def in_flow(engine, line_user_id: str, flow: str, state: str) -> int:
    with Session(engine) as session:
        resident, conversation = residents.lock_with_conversation(session=session, line_user_id=line_user_id)
        conversation.flow, conversation.state, conversation.data = flow, state, {"step": 1}
        conversation.expires_at = EXPIRES
        conversations.save(session=session, conversation=conversation)
        session.commit()
        return resident.id


def test_a_flow_finished_elsewhere_ends_only_if_the_resident_is_still_in_it(engine):
    linking = in_flow(engine, "U1", "cardlink", "waiting")  # confirmed on the LIFF page meanwhile
    moved_on = in_flow(engine, "U2", "garbage_area", "choose")  # started something else since
    with Session(engine) as session:
        for resident_id in (linking, moved_on):
            conversations.end_flow(session=session, resident_id=resident_id, flow="cardlink")
        session.commit()
    with Session(engine) as session:
        ended = conversations.load(session=session, resident_id=linking)
        kept = conversations.load(session=session, resident_id=moved_on)
    assert (ended.flow, ended.state, ended.data, ended.expires_at) == (None, None, {}, None)
    assert (kept.flow, kept.state, kept.data) == ("garbage_area", "choose", {"step": 1})

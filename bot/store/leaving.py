"""退会: deleting everything personal about a resident (SPEC §2.9).

The resident row goes, and with it every row that hangs from it by a foreign key with
ON DELETE CASCADE (conversation, icon, card link, postbox, settings, and tables added later).
The webhook inbox keeps event ids for de-duplication but forgets whose they were. Anonymous
delivery counts are kept by the tables that count them, and reports (まちの通報) stay for the
city's records with no link back to the resident.
"""
from __future__ import annotations

from sqlalchemy import inspect, update
from sqlmodel import Session

from bot.store.models import Resident, WebhookEvent
from bot.store.postbox import keep_counts_of_leaver
from bot.store.reports import unlink_reporter


def forget_resident(*, session: Session, resident: Resident) -> None:
    # The conversation goes by cascade; the handler does not save it for a resident who left.
    keep_counts_of_leaver(session=session, resident_id=resident.id)
    unlink_reporter(session=session, resident_id=resident.id)  # reports stay for the city, anonymous
    session.delete(resident)
    session.flush()
    # Events already handled: the id stays (de-duplication), the user id goes. The event being
    # handled now is anonymized by the handler when it sees the resident has left.
    session.execute(
        update(WebhookEvent)
        .where(WebhookEvent.line_user_id == resident.line_user_id, WebhookEvent.handled_at.is_not(None))
        .values(line_user_id=None, payload=None)
        .execution_options(synchronize_session=False)
    )


def has_left(resident: Resident) -> bool:
    """True once forget_resident() has deleted this resident in the current transaction."""
    state = inspect(resident)
    return state.deleted or state.was_deleted

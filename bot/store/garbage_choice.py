"""A resident's chosen garbage collection area (SPEC §2.3): set it, read it back.

The choice is `Resident.garbage_area_id`. Areas are retired, never deleted, on re-import, so a
choice always resolves: `chosen_area` returns a retired area with `.retired=True`, and the
flows tell the resident to choose again.
"""
from __future__ import annotations

from sqlmodel import Session

from bot.garbage.schedule import Area
from bot.store import garbage
from bot.store.models import Resident


def choose_area(*, session: Session, resident: Resident, area_id: int) -> Area:
    """Store the resident's area; it must be a current (not retired) area."""
    area = garbage.get_area(session=session, area_id=area_id)
    if area is None or area.retired:
        raise ValueError(f"area {area_id} cannot be chosen")
    resident.garbage_area_id = area_id
    session.add(resident)
    return area


def chosen_area(*, session: Session, resident: Resident) -> Area | None:
    """The resident's area (retired ones included), or None when none was chosen."""
    if resident.garbage_area_id is None:
        return None
    return garbage.get_area(session=session, area_id=resident.garbage_area_id)

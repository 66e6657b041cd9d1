"""Where a resident is in the flows: read once and written once per event, in Core.

The flow engine changes the conversation on nearly every event (the next question, the labels
it offered, when it expires). Through the ORM that was a unit-of-work flush per event, the
costliest step left on the webhook's path; here it is one prebuilt statement on the driver's
cursor, or none when nothing changed. The table is `models.Conversation`.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from bot.store.driver import DriverStatement
from bot.store.models import Conversation

_TABLE = Conversation.__table__
_FIELDS = ("flow", "state", "data", "offered", "expires_at")
COLUMNS = tuple(_TABLE.c[name] for name in _FIELDS)  # what `from_row` takes, in this order
# Run on the driver's cursor (bot/store/driver.py): one of them nearly every event.
_LOAD = DriverStatement(select(*COLUMNS).where(_TABLE.c.resident_id == bindparam("rid")))
_INSERT = DriverStatement(insert(_TABLE), column_keys=["resident_id", *_FIELDS])
_UPDATE = DriverStatement(update(_TABLE).where(_TABLE.c.resident_id == bindparam("rid")), column_keys=_FIELDS)


_IMMUTABLE = (str, int, float, bool, type(None), datetime)


def copy_stored(value: Any) -> Any:
    """A deep copy of a stored value (JSON: dicts, lists, strings, numbers), made the way
    such values are built; `copy.deepcopy` cost ten times more, at three copies an event.
    Anything else a flow put there goes through `copy.deepcopy`."""
    if isinstance(value, _IMMUTABLE):
        return value
    if type(value) is dict:
        return {key: copy_stored(item) for key, item in value.items()}
    if type(value) is list:
        return [copy_stored(item) for item in value]
    if type(value) is tuple:
        return tuple(copy_stored(item) for item in value)
    return copy.deepcopy(value)


@dataclass
class ConversationState:
    """One resident's place in the flows: the flow, its state and data, the labels last offered
    (so that typing a label does what tapping it does), and when it expires."""

    resident_id: int
    flow: str | None = None
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    offered: dict[str, str] = field(default_factory=dict)
    expires_at: datetime | None = None
    _stored: tuple | None = field(default=None, repr=False, compare=False)  # as in the database

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in _FIELDS)


def load(*, session: Session, resident_id: int) -> ConversationState:
    """The resident's conversation (an empty one if they have none yet)."""
    rows = _LOAD.run(session.connection(), {"rid": resident_id})
    if not rows:
        return ConversationState(resident_id=resident_id)
    return from_row(resident_id, rows[0])


def from_row(resident_id: int, values: tuple) -> ConversationState:
    """A stored conversation from the values of `COLUMNS` (selected with something else)."""
    conversation = ConversationState(resident_id, *values)
    conversation._stored = copy_stored(conversation._values())  # flows may change data in place
    return conversation


def end_flow(*, session: Session, resident_id: int, flow: str) -> None:
    """End the resident's conversation if it is still in `flow` (it finished elsewhere, e.g. the
    card link on its confirmation page)."""
    session.connection().execute(
        update(_TABLE).where(_TABLE.c.resident_id == resident_id, _TABLE.c.flow == flow)
        .values(flow=None, state=None, data={}, expires_at=None)
    )


def save(*, session: Session, conversation: ConversationState) -> None:
    """Write the conversation if it changed (in the session's transaction)."""
    values = conversation._values()
    if values == conversation._stored:
        return
    row = dict(zip(_FIELDS, values))
    connection = session.connection()
    if conversation._stored is None:
        _INSERT.run(connection, {"resident_id": conversation.resident_id, **row})
    else:
        _UPDATE.run(connection, {"rid": conversation.resident_id, **row})  # SET: every field
    conversation._stored = copy_stored(values)

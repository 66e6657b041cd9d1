"""A resident's turn, the unit of work of every event: their row locked, each input run
through the flows inside their transaction, the conversation saved unless they left (退会).

The handler (a webhook event, and the resident's events waiting behind it) and the flow
tests (tests/support/chat.py) take the same turn, so what the tests check is what runs.
The caller owns the transaction: it commits after the turn, then sends the replies.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Iterator

from sqlmodel import Session

from bot.chat import language
from bot.chat.inputs import FollowInput, Input, PostbackInput, UnfollowInput
from bot.chat.replies import Reply
from bot.city import City
from bot.city_source import CitySource
from bot.chat.services import ResidentServices
from bot.flows.base import Visit
from bot.flows.engine import FlowEngine
from bot.store import conversations, residents
from bot.store.conversations import ConversationState
from bot.store.leaving import has_left
from bot.store.models import Resident


@dataclass(frozen=True)
class FlowContext:
    """What every visit of the flows is given besides the resident: the same for all events.
    The city may be a CitySource, which follows garbage imports: read once per turn."""

    flows: FlowEngine
    city: City | CitySource
    timezone: str = "Asia/Tokyo"

    def in_session(self, session: Session) -> "FlowContext":
        if isinstance(self.city, CitySource):
            return replace(self, city=self.city.current(session))
        return self


@dataclass
class Turn:
    session: Session
    resident: Resident
    conversation: ConversationState
    context: FlowContext

    def run_event(self, received: Input, *, now: datetime, services: ResidentServices) -> Reply | None:
        """One input through the flows; None when there is nothing to say (a block, a tab switch)."""
        if isinstance(received, (FollowInput, UnfollowInput)):
            self.resident.following = isinstance(received, FollowInput)
        if isinstance(received, UnfollowInput) or is_tab_switch(received):
            return None
        visit = Visit(resident=self.resident, session=self.session, city=self.context.city, now=now,
                      services=services, timezone=self.context.timezone)
        with language.speaking(self.resident.language):  # a flow may switch it (bot/flows/languages.py)
            return self.context.flows.handle(visit, self.conversation, received)

    @property
    def left(self) -> bool:
        """The resident left (退会) in this turn: their row is gone, nothing of them is saved."""
        return has_left(self.resident)


@contextmanager
def resident_turn(session: Session, *, line_user_id: str, context: FlowContext) -> Iterator[Turn]:
    """Lock the resident (made on first contact) and their conversation; save it at the end of
    the turn unless they left. An error leaves it unsaved (the caller rolls back)."""
    resident, conversation = residents.lock_with_conversation(session=session, line_user_id=line_user_id)
    turn = Turn(session, resident, conversation, context.in_session(session))  # locked first: then the city
    yield turn
    if not turn.left:
        conversations.save(session=session, conversation=conversation)


def is_tab_switch(received: Input) -> bool:
    """A rich-menu tab (richmenuswitch) tapped: the LINE client already switched; nothing to say."""
    return isinstance(received, PostbackInput) and "newRichMenuAliasId" in received.params

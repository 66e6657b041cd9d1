"""The engine binds one model per flow to its machine once and starts it afresh for every
visit: nothing one resident's visit left on it reaches the next resident's."""
from __future__ import annotations

from datetime import datetime, timezone

from bot.chat.inputs import PostbackInput, TextInput
from bot.chat.replies import Text
from bot.chat import postback
from bot.flows.base import IDLE, Flow, Visit
from bot.flows.engine import FlowEngine
from bot.store.conversations import ConversationState
from bot.store.models import Resident

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)


class Remembering(Flow):
    """Notes who visited on the instance (as a flow may keep a fetched picture) and asks a question."""

    name = "remembering"
    states = ["waiting"]
    transitions = [
        {"trigger": "start", "source": IDLE, "dest": "waiting"},
        {"trigger": "peek", "source": IDLE, "dest": None, "after": "tell"},
        {"trigger": "text", "source": "waiting", "dest": IDLE, "after": "took"},
    ]

    def ask_waiting(self) -> None:
        self.say(Text(f"before: {getattr(self, '_visitor', None)}"))
        self._visitor = self.resident.line_user_id

    def tell(self) -> None:
        self.say(Text(f"before: {getattr(self, '_visitor', None)}"))

    def took(self) -> None:
        self.say(Text(f"took {self.arg} in state {self.data.get('step')}"))


def visit_of(user: str) -> Visit:
    return Visit(resident=Resident(id=1, line_user_id=user, registered_at=NOW), session=None, city=None,
                 now=NOW, services=None)


def tap(engine: FlowEngine, user: str, name: str, conversation: ConversationState) -> list[str]:
    reply = engine.handle(visit_of(user), conversation, PostbackInput(postback.encode(Remembering.action(name))))
    return [message.text for message in reply.messages]


def test_what_a_visit_kept_on_the_flow_is_gone_at_the_next():
    engine = FlowEngine([Remembering])
    hanako, taro = ConversationState(1), ConversationState(2)
    assert tap(engine, "U-hanako", "start", hanako) == ["before: None"]
    assert tap(engine, "U-taro", "start", taro) == ["before: None"]  # not 'U-hanako'
    assert tap(engine, "U-taro", "peek", ConversationState(2)) == ["before: None"]


def test_each_visit_starts_in_its_residents_state_with_its_residents_data():
    engine = FlowEngine([Remembering])
    hanako = ConversationState(1)
    tap(engine, "U-hanako", "start", hanako)
    assert (hanako.flow, hanako.state) == ("remembering", "waiting")
    hanako.data = {"step": "one"}
    tap(engine, "U-taro", "peek", ConversationState(2))  # someone else, from IDLE, in between
    reply = engine.handle(visit_of("U-hanako"), hanako, TextInput("はい"))
    assert [message.text for message in reply.messages] == ["took はい in state one"]
    assert hanako.flow is None


def test_no_visit_is_kept_on_the_flow_once_answered():
    engine = FlowEngine([Remembering])
    tap(engine, "U-hanako", "start", ConversationState(1))
    model, _ = engine._models["remembering"]
    assert not hasattr(model, "visit") and not hasattr(model, "_visitor")

"""The shape every flow has, and what a flow may see and do while handling one event.

A flow is a class whose instances are `transitions` models: one shared machine per flow class
(built by the engine from `states` and `transitions`), a fresh instance per event carrying the
stored state and data. Callbacks append replies; they never talk to LINE.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.chat import language, texts
from bot.city import City
from bot.chat.replies import Action, Button, Message, Reply, Text
from bot.chat.services import ResidentServices
from bot.store.conversations import copy_stored
from bot.store.models import Resident

IDLE = "idle"  # every flow's resting state: not in the middle of anything
# Offered with every question; the engine (not a flow) ends the conversation on it.
CANCEL = Action("engine", "cancel")


def cancel_button() -> Button:
    return Button(texts.CANCEL, CANCEL)


def localised(button: Button) -> Button:
    """A button made at import time (its label Japanese), labelled in the turn's language."""
    return replace(button, label=language.translate(button.label))


@dataclass
class Visit:
    """One event's view of the world: the resident, the store, the city, the clock."""

    resident: Resident
    session: Session
    city: City
    now: datetime  # aware, UTC
    services: ResidentServices
    timezone: str = "Asia/Tokyo"  # the city's (BOT_TIMEZONE)
    reply: Reply = field(default_factory=Reply)

    @property
    def local_now(self) -> datetime:
        """Now on the city's clock: what "today" and "tomorrow" mean to the resident."""
        return self.now.astimezone(ZoneInfo(self.timezone))

    def say(self, *messages: Message) -> None:
        self.reply.messages.extend(messages)

    def offer(self, *buttons: Button) -> None:
        self.reply.quick_replies.extend(buttons)


class Flow:
    """Base of every flow. Subclasses declare, and the declarations are the whole truth (the
    engine's machines have no hidden `to_<state>` jumps; docs/flows.md draws every edge):

    name         the flow's id in postback data
    states       question states (each has an `ask_<state>` method run on entering it)
    transitions  list of dicts for `transitions.Machine`; triggers are action names, plus
                 "text" (typed words), "image" and "location" where a state accepts them.
                 Transitions from IDLE are the flow's entries (what a tap or keyword starts);
                 one that only answers is internal (`"dest": None`); alternatives are told
                 apart by `conditions`/`unless` and tried in order.
    keywords     typed label → trigger, for labels that work outside any question
    location_entry  the entry a location sent outside any flow starts (its params as a question's)
    needs_registration  every entry needs My Page: the engine offers to create it instead
    """

    name: ClassVar[str]
    states: ClassVar[list[str]] = []
    transitions: ClassVar[list[dict[str, Any]]] = []
    keywords: ClassVar[dict[str, str]] = {}
    location_entry: ClassVar[str | None] = None
    needs_registration: ClassVar[bool] = False
    entries: ClassVar[tuple[str, ...]] = ()  # derived: the triggers of the transitions from IDLE

    # Set by transitions when the engine adds the instance to the flow's machine:
    state: str
    trigger: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.entries = tuple(dict.fromkeys(t["trigger"] for t in cls.transitions if IDLE in _sources(t)))

    def __init__(self, visit: Visit, data: dict[str, Any] | None = None) -> None:
        self.visit = visit
        # A deep copy: the store notices a change only if the saved value is a new object.
        self.data: dict[str, Any] = copy_stored(data or {})
        self.arg: str = ""  # the tapped action's argument, or the typed text
        self.params: dict[str, str] = {}  # datetimepicker values
        self.handed_over: Action | None = None

    # --- helpers for subclasses -----------------------------------------------------------
    @classmethod
    def action(cls, name: str, arg: str = "") -> Action:
        return Action(cls.name, name, arg)

    @classmethod
    def button(cls, label: str, name: str, arg: str = "", primary: bool = False) -> Button:
        return Button(label, cls.action(name, arg), primary=primary)

    @property
    def resident(self) -> Resident:
        return self.visit.resident

    def say(self, *messages: Message) -> None:
        self.visit.say(*messages)

    def offer(self, *buttons: Button) -> None:
        self.visit.offer(*buttons)

    def hand_over(self, action: Action) -> None:
        """End this flow and start another at once (e.g. reminders need an area first)."""
        self.handed_over = action

    def refuse(self, reason: str) -> None:
        """Explain why an answer was not taken; the engine asks the question again."""
        self.say(Text(reason))

    # --- conditions many flows share --------------------------------------------------------
    def registered(self) -> bool:
        return self.resident.registered


def answer(trigger: str, method: str, **conditions: Any) -> dict[str, Any]:
    """An entry that answers at once and leaves the resident in no flow (an internal
    transition from IDLE: `method` runs, nothing is asked)."""
    return {"trigger": trigger, "source": IDLE, "dest": None, "after": method, **conditions}


def _sources(transition: dict[str, Any]) -> list[str]:
    source = transition["source"]
    return list(source) if isinstance(source, (list, tuple)) else [source]


def edges(flow: type[Flow]) -> list[tuple[str, str, str, str]]:
    """Every (source, trigger, dest, condition) the flow declares, `=`/internal as a loop."""
    found = []
    for transition in flow.transitions:
        conditions = _names(transition.get("conditions")) + [f"not {c}" for c in _names(transition.get("unless"))]
        for source in _sources(transition):
            dest = source if transition["dest"] in ("=", None) else transition["dest"]
            found.append((source, transition["trigger"], dest, ", ".join(conditions)))
    return found


def _names(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)

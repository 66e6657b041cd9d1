"""The shape every flow has, and what a flow may see and do while handling one event.

A flow is a class whose instances are `transitions` models: one shared machine per flow class
(built by the engine from `states` and `transitions`), a fresh instance per event carrying the
stored state and data. Callbacks append replies; they never talk to LINE.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.city import City
from bot.replies import Action, Button, Message, Reply, Text
from bot.store.conversations import copy_stored
from bot.store.models import Resident

IDLE = "idle"  # every flow's resting state: not in the middle of anything


class ResidentServices(Protocol):
    """What a flow may ask of the LINE side (bot/line/messenger.py, bot/liff/links.py); tests
    give a stand-in. Each may be slow or fail: None means "not available"."""

    def display_name(self, line_user_id: str) -> str | None: ...

    def picture_url(self, line_user_id: str) -> str | None: ...

    def download_content(self, message_id: str) -> bytes | None: ...

    def public_url(self, path: str) -> str | None: ...

    def card_link_url(self, line_user_id: str) -> str | None: ...


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
    """Base of every flow. Subclasses declare:

    name         the flow's id in postback data
    states       question states (each has an `ask_<state>` method run on entering it)
    transitions  list of dicts for `transitions.Machine`; triggers are action names, plus
                 "text" (typed words) and "image" where a state accepts them
    entries      action name → method that starts the flow (or answers at once)
    keywords     typed label → action name, for labels that work outside any question
    location_entry  entry run by a location sent outside any flow (its params as a question's)
    """

    name: ClassVar[str]
    states: ClassVar[list[str]] = []
    transitions: ClassVar[list[dict[str, Any]]] = []
    entries: ClassVar[dict[str, str]] = {}
    keywords: ClassVar[dict[str, str]] = {}
    # The entry a location sent outside any flow starts (at most one flow has one).
    location_entry: ClassVar[str | None] = None

    # Set by transitions when the engine adds the instance to the flow's machine:
    state: str
    trigger: Any

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

    def enter(self, state: str) -> None:
        """Move to a question state (running its ask) from anywhere in this flow."""
        self.trigger(f"to_{state}")

    def finish(self) -> None:
        """The flow is over; the resident is back to no flow."""
        self.trigger(f"to_{IDLE}")

    def hand_over(self, action: Action) -> None:
        """End this flow and start another at once (e.g. reminders need an area first)."""
        self.handed_over = action
        if self.state != IDLE:
            self.finish()

    def refuse(self, reason: str) -> None:
        """Explain why an answer was not taken; the engine asks the question again."""
        self.say(Text(reason))




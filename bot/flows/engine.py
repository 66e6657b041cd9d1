"""Runs one resident's input through the flows: the one place that knows flow mechanics.

The engine resolves an input to an action (a tap, a typed label or keyword, typed words for
the current question), starts or advances the flow it belongs to, and records where the
resident is now. Flows only state their questions and what each answer does.
"""
from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from transitions import Machine

from bot.chat import language, texts
from bot.chat import postback
from bot.flows.base import IDLE, Flow, Visit
from bot.flows.free_text import FreeText
from bot.chat.inputs import (
    FollowInput,
    ImageInput,
    LocationInput,
    Input,
    OtherInput,
    PostbackInput,
    TextInput,
)
from bot.flows.base import CANCEL, cancel_button
from bot.flows.menu import main_menu
from bot.flows.registration import FOLLOW, Welcome, registration_needed
from bot.chat.replies import Action, Reply, Text
from bot.store.conversations import ConversationState

IDLE_LIMIT = timedelta(minutes=30)
FREE_INPUT = ("text", "image")  # triggers that take what the resident typed or sent
MAX_QUICK_REPLIES = 13


class FlowEngine:
    def __init__(self, flows: list[type[Flow]]) -> None:
        self.flows = {flow.name: flow for flow in flows}
        self.machines = {flow.name: _machine_for(flow) for flow in flows}
        self.entries = {(f.name, trigger) for f in flows for trigger in f.entries}
        self.keywords: dict[str, Action] = {}
        for flow in flows:
            for label, action in flow.keywords.items():
                if label in self.keywords:
                    raise ValueError(f"keyword {label!r} claimed by two flows")
                self.keywords[label] = Action(flow.name, action)
        located = [Action(flow.name, flow.location_entry) for flow in flows if flow.location_entry]
        if len(located) > 1:
            raise ValueError("two flows answer a location sent outside any flow")
        self.location_entry = located[0] if located else None
        self.free_text = FreeText(self.keywords)
        self._translated_keywords: dict[str, dict[str, Action]] = {}
        self._models: dict[str, tuple[Flow, dict[str, Any]]] = {}  # see _load
        # One machine and one model per flow, shared by every resident: a threaded dev server
        # may run two events at once, so visits take turns.
        self._lock = threading.Lock()

    def handle(self, visit: Visit, conversation: ConversationState, received: Input) -> Reply:
        with self._lock:
            try:
                expired = self._expire(conversation, visit)
                if expired:
                    visit.say(Text(texts.EXPIRED))
                self._dispatch(visit, conversation, received)
                self._remember(visit, conversation)
            finally:
                self._empty_models()  # the visit (its resident, its session) is not kept
        return visit.reply

    # --- resolving what the resident meant ------------------------------------------------
    def _dispatch(self, visit: Visit, conversation: ConversationState, received: Input) -> None:
        if isinstance(received, FollowInput):
            self._run(visit, conversation, Welcome.action(FOLLOW, "unblocked" if received.unblocked else ""))
        elif isinstance(received, PostbackInput):
            action = postback.decode(received.data)
            self._run(visit, conversation, action, received.params)
        elif isinstance(received, TextInput):
            text = received.text.strip()
            action = self._read_text(conversation, text)
            if action is None and not conversation.flow:
                self._understand(visit, conversation, text)
            else:
                self._run(visit, conversation, action)
        elif isinstance(received, ImageInput) and self._accepts(conversation, "image"):
            self._run(visit, conversation, Action(conversation.flow, "image", received.message_id))
        elif isinstance(received, ImageInput):
            self._not_understood(visit, conversation, texts.NO_IMAGE_WANTED)
        elif isinstance(received, LocationInput) and self._accepts(conversation, "location"):
            self._run(visit, conversation, Action(conversation.flow, "location"), place_params(received))
        elif isinstance(received, LocationInput) and not conversation.flow and self.location_entry:
            self._run(visit, conversation, self.location_entry, place_params(received))
        elif isinstance(received, LocationInput):
            self._not_understood(visit, conversation, texts.NO_LOCATION_WANTED)
        elif isinstance(received, OtherInput):
            self._not_understood(visit, conversation, texts.NO_STICKER if received.kind == "sticker" else None)

    def _read_text(self, conversation: ConversationState, text: str) -> Action | None:
        """Typed words: キャンセル, a label just shown, a keyword — in the resident's language
        or in Japanese, which works for everyone — or the answer to the question asked."""
        if text in (texts.CANCEL, texts.japanese("CANCEL")):
            return CANCEL
        if text in conversation.offered:
            return postback.decode(conversation.offered[text])
        keyword = self.keywords_in(language.current()).get(text) or self.keywords.get(text)
        if keyword is not None:
            return keyword
        if self._accepts(conversation, "text"):
            return Action(conversation.flow, "text", text)
        return None

    def keywords_in(self, code: str) -> dict[str, Action]:
        """The keywords as a resident of that language sees them on buttons and menus."""
        if code not in self._translated_keywords:
            translated: dict[str, Action] = {}
            for label, action in self.keywords.items():
                shown = language.translate(label, code)
                if translated.setdefault(shown, action) != action:
                    raise ValueError(f"{code}: keyword {shown!r} translates two labels")
            self._translated_keywords[code] = translated
        return self._translated_keywords[code]

    def _understand(self, visit: Visit, conversation: ConversationState, text: str) -> None:
        """Words outside any question: a loose label, a town, an item (bot/flows/free_text.py)."""
        understood = self.free_text.understand(visit, text)
        if understood is None:
            self._not_understood(visit, conversation)
        elif understood.choices:
            visit.say(Text(texts.WHICH_DID_YOU_MEAN.format(query=text)))
            visit.offer(*understood.choices)
        else:
            if understood.note:
                visit.say(Text(understood.note))
            self._run(visit, conversation, understood.action)

    def _accepts(self, conversation: ConversationState, trigger: str) -> bool:
        if not conversation.flow or conversation.flow not in self.machines:
            return False
        return trigger in self._triggers(conversation.flow, conversation.state)

    def _triggers(self, flow: str, state: str | None) -> set[str]:
        return set(self.machines[flow].get_triggers(state or IDLE))

    # --- acting on it -----------------------------------------------------------------------
    def _run(self, visit: Visit, conversation: ConversationState, action: Action | None, params: dict | None = None) -> None:
        params = params or {}
        if action is None:
            self._not_understood(visit, conversation)
        elif action == CANCEL:
            self._cancel(visit, conversation)
        elif (action.flow, action.name) in self.entries:
            self._start(visit, conversation, action, params)
        elif action.flow == conversation.flow and action.name in self._triggers(action.flow, conversation.state):
            self._advance(visit, conversation, action, params)
        else:
            self._not_understood(visit, conversation, texts.STALE_BUTTON)

    def _start(self, visit: Visit, conversation: ConversationState, action: Action, params: dict, hops: int = 0) -> None:
        """Take the entry's transition from IDLE (whatever flow the resident was in)."""
        if self.flows[action.flow].needs_registration and not visit.resident.registered:
            _clear(conversation)
            registration_needed(visit)
            return
        flow = self._load(visit, action.flow, IDLE, {}, action, params)
        try:
            if not flow.trigger(action.name):
                raise ValueError(f"{action.flow}: no transition of entry {action.name!r} applies")
        finally:
            self._save(conversation, flow)
        self._follow_hand_over(visit, conversation, flow, hops)

    def _advance(self, visit: Visit, conversation: ConversationState, action: Action, params: dict) -> None:
        flow = self._load(visit, conversation.flow, conversation.state, conversation.data, action, params)
        try:
            if not flow.trigger(action.name):
                # A condition refused the answer and said why: ask the same question again.
                self._ask(flow)
        finally:
            self._save(conversation, flow)
        self._follow_hand_over(visit, conversation, flow, 0)

    def _follow_hand_over(self, visit: Visit, conversation: ConversationState, flow: Flow, hops: int) -> None:
        if flow.handed_over is None:
            return
        if hops >= 2 or (flow.handed_over.flow, flow.handed_over.name) not in self.entries:
            raise ValueError(f"{flow.name} handed over to {flow.handed_over}, which cannot start")
        self._start(visit, conversation, flow.handed_over, {}, hops + 1)

    def _cancel(self, visit: Visit, conversation: ConversationState) -> None:
        _clear(conversation)
        visit.say(Text(texts.CANCELLED))

    def _not_understood(self, visit: Visit, conversation: ConversationState, message: str | None = None) -> None:
        if conversation.flow:
            visit.say(Text(message or texts.NOT_UNDERSTOOD_IN_FLOW))
            flow = self._load(visit, conversation.flow, conversation.state, conversation.data, None, {})
            try:
                self._ask(flow)
            finally:
                self._save(conversation, flow)
        else:
            visit.say(Text(message or texts.NOT_UNDERSTOOD))

    # --- the flow instance's life: load, ask, save ------------------------------------------
    def _load(self, visit: Visit, name: str, state: str | None, data: dict, action: Action | None, params: dict) -> Flow:
        """The flow's model, started afresh for this visit. There is one model per flow, bound to
        its machine once: binding (add_model: a method per trigger and per state) cost more than
        most visits. Under the engine's lock one visit runs at a time, and each load empties the
        model down to what the machine put on it, so nothing of an earlier visit is left."""
        machine = self.machines[name]
        if name not in self._models:
            model = self.flows[name].__new__(self.flows[name])
            machine.add_model(model, initial=IDLE)
            self._models[name] = (model, dict(vars(model)))
        flow, bound = self._models[name]
        _empty(flow, bound)
        type(flow).__init__(flow, visit, data)
        flow.arg = action.arg if action else ""
        flow.params = dict(params)
        machine.set_state(state if state in machine.states else IDLE, model=flow)
        return flow

    def _empty_models(self) -> None:
        for flow, bound in self._models.values():
            if len(vars(flow)) > len(bound):  # loaded in this visit
                _empty(flow, bound)

    @staticmethod
    def _ask(flow: Flow) -> None:
        if flow.state != IDLE:
            getattr(flow, f"ask_{flow.state}")()

    def _save(self, conversation: ConversationState, flow: Flow) -> None:
        if flow.state == IDLE or flow.handed_over is not None:  # over, or handed to another flow
            _clear(conversation)
        else:
            conversation.flow, conversation.state, conversation.data = flow.name, flow.state, flow.data

    def _expire(self, conversation: ConversationState, visit: Visit) -> bool:
        if conversation.flow and conversation.expires_at and conversation.expires_at <= visit.now:
            _clear(conversation)
            return True
        return False

    def _remember(self, visit: Visit, conversation: ConversationState) -> None:
        """Finish the reply (menu or キャンセル) and note its labels for typed answers."""
        reply = visit.reply
        if conversation.flow:
            conversation.expires_at = visit.now + IDLE_LIMIT
            if not any(button.action == CANCEL for button in reply.quick_replies):
                reply.quick_replies.append(cancel_button())
        elif not reply.quick_replies:
            reply.quick_replies.extend(main_menu(visit.resident))
        if len(reply.quick_replies) > MAX_QUICK_REPLIES:
            raise ValueError(f"{len(reply.quick_replies)} quick replies; LINE allows {MAX_QUICK_REPLIES}")
        conversation.offered = {
            button.label: postback.encode(button.action) for button in reply.buttons() if button.action
        }


def place_params(place: LocationInput) -> dict[str, str]:
    """A sent location as a flow's params (what a datetimepicker's choice also arrives as)."""
    return {"latitude": repr(place.latitude), "longitude": repr(place.longitude),
            "address": place.address, "title": place.title}


def _empty(flow: Flow, bound: dict[str, Any]) -> None:
    """The flow's model as the machine left it when bound: nothing of any visit."""
    vars(flow).clear()
    vars(flow).update(bound)


def _clear(conversation: ConversationState) -> None:
    conversation.flow = conversation.state = None
    conversation.data = {}
    conversation.expires_at = None


def _machine_for(flow: type[Flow]) -> Machine:
    states: list[Any] = [IDLE] + [{"name": s, "on_enter": f"ask_{s}"} for s in flow.states]
    return Machine(
        model=None,
        states=states,
        transitions=flow.transitions,
        initial=IDLE,
        auto_transitions=False,  # no to_<state>: every edge is declared (and drawn in docs/flows.md)
        ignore_invalid_triggers=True,
    )

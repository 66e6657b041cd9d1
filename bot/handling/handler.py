"""One event, one unit of work: lock the resident, run the flows, save, then answer."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.chat import language, texts
from bot.city import City
from bot.chat.services import ResidentServices
from bot.city_source import CitySource
from bot.line.events import read_input
from bot.flows.engine import FlowEngine
from bot.chat.inputs import FollowInput, Input, UnfollowInput
from bot.handling.turn import FlowContext, Turn, resident_turn
from bot.line.messenger import LineMessenger
from bot.line.outside import AnsweredOutside, CallLineFirst
from bot.line.richmenu_languages import MenuSwitch, switch_for
from bot.chat.replies import DISASTER_MENU, Reply, Text
from bot.store import disasters, inbox, residents, richmenus
from bot.store.db import session_scope, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Answer:
    event_id: str
    reply_token: str | None
    reply: Reply | None
    rich_menu: MenuSwitch | None


LATE = timedelta(minutes=1)  # an event still waiting after this was dropped by a dead worker


class EventHandler:
    def __init__(
        self,
        *,
        db: Engine,
        flows: FlowEngine,
        messenger: LineMessenger,
        city: City | CitySource,
        timezone: str = "Asia/Tokyo",
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db, self.flows, self.messenger, self.clock = db, flows, messenger, clock
        # The city follows garbage imports (bot/city_source.py); a plain City stays as given.
        self.city_source = city if isinstance(city, CitySource) else CitySource.fixed(city)
        self.timezone = timezone
        # On SQLite a transaction holds the whole database's write lock, so LINE calls go
        # outside it (bot/line/outside.py). On PostgreSQL it holds only the resident's rows, the
        # sync worker waits for LINE either way, and a second run would cost more than it frees.
        self.calls_line_outside = db.dialect.name == "sqlite"

    def handle_all(self, events: list[tuple[str, str, dict]]) -> None:
        """Handle (webhook event id, LINE user id, event) in order, each on its own.

        A failure is tried once more at once (a deadlock, a dropped connection); failing again,
        the event is set aside as handled and the resident is asked to try again, rather than
        left unanswered or retried forever."""
        for webhook_event_id, line_user_id, event in events:
            for attempt in (1, 2):
                try:
                    self.handle(webhook_event_id, line_user_id, event)
                    break
                except Exception:  # noqa: BLE001 - one bad event must not stop the others
                    if attempt == 1:
                        log.warning("event %s failed; trying once more", webhook_event_id, exc_info=True)
                        continue
                    log.exception("event %s failed twice; the resident is asked to try again", webhook_event_id)
                    self._give_up(webhook_event_id, line_user_id, event)

    def _give_up(self, webhook_event_id: str, line_user_id: str, event: dict) -> None:
        try:
            with session_scope(self.db) as session:
                taken = inbox.take(session=session, webhook_event_id=webhook_event_id, now=self.clock())
                known = residents.find_resident(session=session, line_user_id=line_user_id) if taken else None
                spoken = known.language if known is not None else None
            if taken:
                with language.speaking(spoken):
                    sorry = Reply(messages=[Text(texts.SOMETHING_WENT_WRONG)])
                self.messenger.send(line_user_id, event.get("replyToken"), sorry, push_key=webhook_event_id)
        except Exception:  # noqa: BLE001 - the database itself is gone: the clock's sweep retries
            log.exception("could not set event %s aside", webhook_event_id)

    def handle(self, webhook_event_id: str, line_user_id: str, payload: dict) -> None:
        """Handle this event, and every other one of the same resident still waiting, in order.

        Events are handled after LINE has its answer, so a resident's next tap can reach another
        worker before this one runs; under the resident's lock, whoever comes first handles all
        the resident's waiting events oldest first, and the others find nothing left to do.
        On SQLite, a flow that needs LINE (a profile, a sent image) has it fetched with no
        transaction open, and the events run again (bot/line/outside.py).
        """
        if not self.calls_line_outside:
            return self._handle(webhook_event_id, line_user_id, payload, self.messenger)
        services = AnsweredOutside(self.messenger)
        if payload.get("type") == "follow":  # the welcome speaks the profile's language: ask first, spare a rerun
            services.call(("profile_language", line_user_id))
        while True:
            try:
                return self._handle(webhook_event_id, line_user_id, payload, services)
            except CallLineFirst as needed:  # rolled back: nothing is held while LINE answers
                services.call(needed.call)

    def _handle(self, webhook_event_id: str, line_user_id: str, payload: dict, services: ResidentServices) -> None:
        now = self.clock()
        answers: list[_Answer] = []
        first = read_input(payload)  # each event is read once: this one here, the others below
        with session_scope(self.db) as session:
            if isinstance(first, UnfollowInput) and residents.find_resident(session=session, line_user_id=line_user_id) is None:
                # Blocked by someone we do not know (any more: after 退会): keep no row about them.
                if inbox.take(session=session, webhook_event_id=webhook_event_id, now=now):
                    inbox.forget_whose(session=session, webhook_event_id=webhook_event_id)
                return
            context = FlowContext(self.flows, self.city_source, self.timezone)
            with resident_turn(session, line_user_id=line_user_id, context=context) as turn:
                waiting = inbox.take_waiting_of(session=session, line_user_id=line_user_id, now=now)
                for index, (event_id, event) in enumerate(waiting):
                    received = first if event_id == webhook_event_id else read_input(event)
                    reply = turn.run_event(received, now=now, services=services)
                    answers.append(_Answer(event_id, event.get("replyToken"), reply,
                                           self._rich_menu_switch(session, reply, received, turn)))
                    if turn.left:
                        # 退会: the inbox keeps the event's id, not whose it was; anything after it
                        # starts afresh, as a new resident.
                        inbox.forget_whose(session=session, webhook_event_id=event_id)
                        inbox.give_back(session=session, line_user_id=line_user_id, events=waiting[index + 1:])
                        self.messenger.forget(line_user_id)  # not even their LINE profile stays in memory
                        break
        for answer in answers:
            # After the commit: state is saved even if LINE is slow; each answer is sent once,
            # on its own, so one that fails does not take the later ones with it.
            self._deliver(line_user_id, answer)

    def _deliver(self, line_user_id: str, answer: "_Answer") -> None:
        try:
            if answer.reply is not None:
                self.messenger.send(line_user_id, answer.reply_token, answer.reply, push_key=answer.event_id)
        except Exception:  # noqa: BLE001 - committed: retrying the event would not resend it
            log.exception("the answer to event %s could not be sent", answer.event_id)
        try:
            if answer.rich_menu is not None:
                self.messenger.show_rich_menu(line_user_id, answer.rich_menu.rich_menu_id)
        except Exception:  # noqa: BLE001
            log.exception("the rich menu after event %s could not be switched", answer.event_id)

    @staticmethod
    def _rich_menu_switch(session: Session, reply: Reply | None, received: Input, turn: Turn) -> MenuSwitch | None:
        """The rich menu the flow asked for, in the resident's language, as a LINE rich menu id
        (None id: unlink, for a Japanese guest). In disaster mode a new follower, and anyone given
        a menu, gets the disaster menu in their language (a leaver is still unlinked: nothing would
        give them their menu back)."""
        if turn.left:
            return MenuSwitch(None)
        wanted = reply.rich_menu if reply is not None else None
        if isinstance(received, FollowInput) or wanted is not None:
            if disasters.disaster_on(session=session):
                wanted = DISASTER_MENU
        if wanted is None:
            return None
        deployed = lambda key: richmenus.deployed_menu_id(session=session, key=key)  # noqa: E731
        switch = switch_for(wanted, turn.resident.language, deployed)
        if switch is None:
            log.warning("rich menu %r is not deployed: run `portalbot richmenu deploy`", wanted)
        return switch

    def handle_waiting(self) -> int:
        """Handle events a dead worker left behind (the clock calls this every minute)."""
        with session_scope(self.db) as session:
            waiting = inbox.waiting(session=session, received_before=self.clock() - LATE)
        self.handle_all(waiting)
        return len(waiting)


"""Disaster mode: starting and ending it, and the work each brings (issue 15).

Starting records the disaster (one at a time) and audits it; then, in the background, two
things go out at once: the emergency notice to every follower — a delivery job of EMERGENCY
priority per language the followers read, so it goes ahead of any reminder or notice fan-out
under way, with its own retry keys — and the disaster rich menu, linked to every follower through the bulk link API.
Ending restores each resident's usual menu: registered residents the registered menu, guests
the guest menu — each in their language (bot/line/richmenu_languages.py); a Japanese guest has
none of their own, so the default shows.

The background work is resumable and taken by one worker at a time (a heartbeat in the row):
the web process starts it after answering, and the clock takes up whatever a dead process
left, every minute. Sending again finds the ledger's job; menus resume after `menu_through`.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.chat import texts
from bot.delivery import EMERGENCY, Deliverer, counts, deliverer_for
from bot.delivery.languages import plan_in_languages
from bot.disaster.hazards import hazard_named, known_hazards
from bot.disaster.menus import BULK_MAX, BulkMenus
from bot.line.limits import channel_limiter
from bot.line.render import render
from bot.line.richmenu_languages import MenuSwitch, switch_for, usual_menu
from bot.chat.replies import DISASTER_MENU, Button, Reply, Text
from bot.flows import disaster_info, shelters
from bot.flows.disaster_info import DisasterInfo
from bot.flows.shelters import Shelters
from bot.staff import accounts
from bot.staff.accounts import Staff
from bot.store import disasters, richmenus
from bot.store.db import session_scope, utcnow
from bot.store.disasters import RESTORED, RESTORING, SWITCHED, SWITCHING, Disaster
from bot.store.models import Resident

log = logging.getLogger(__name__)

TITLE_MAX = 100
BODY_MAX = 2000
STALE_AFTER = timedelta(minutes=2)  # a worker's heartbeat older than this: it died
PAGE_REQUESTS = 10  # bulk requests per page of residents read (and per progress record)
MENU_THREADS = 4  # bulk requests in flight at once
NEXT_STAGE = {SWITCHING: SWITCHED, RESTORING: RESTORED}


class DisasterError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def origin(disaster_id: int) -> str:
    """The delivery ledger's origin of a disaster's emergency notice."""
    return f"disaster:{disaster_id}"


def notice_key(disaster_id: int) -> str:
    return f"disaster:{disaster_id}:notice"


def emergency_reply(disaster: Disaster) -> Reply:
    """The emergency notice in the language being spoken: the staff's title and body (Japanese)
    in the bot's framing, and the way to shelters and disaster information."""
    return Reply(
        messages=[Text(texts.EMERGENCY_NOTICE.format(title=disaster.title, body=disaster.body))],
        quick_replies=[Button(texts.SHELTERS, Shelters.action(shelters.START)),
                       Button(texts.DISASTER_INFO, DisasterInfo.action(disaster_info.SHOW))],
    )


# --- starting and ending ----------------------------------------------------------------------
def start_disaster(engine: Engine, *, hazard: str, title: str, body: str, staff: Staff | None, via: str,
                   address: str = "", now: datetime | None = None) -> Disaster:
    """Turn disaster mode on (DisasterError: unknown hazard, bad text, already on)."""
    named = hazard_named(hazard or "")
    if named is None:
        raise DisasterError("unknown_hazard", f"不明な災害種別です: {hazard!r}（{known_hazards()}）")
    title, body = (title or "").strip(), (body or "").strip().replace("\r\n", "\n")
    if not 1 <= len(title) <= TITLE_MAX:
        raise DisasterError("invalid_title", f"タイトルは1〜{TITLE_MAX}文字です")
    if not 1 <= len(body) <= BODY_MAX:
        raise DisasterError("invalid_body", f"本文は1〜{BODY_MAX}文字です")
    now = now or utcnow()
    try:
        with session_scope(engine) as session:
            if disasters.disaster_on(session=session):
                raise DisasterError("already_on", "災害モードはすでに開始されています（終了してから開始してください）")
            disaster = Disaster(hazard=named, title=title, body=body, started_at=now)
            session.add(disaster)
            session.flush()
            accounts.audit(session=session, staff=staff, action=f"{via}.disaster.start", now=now,
                           target=f"disaster:{disaster.id}", detail={"hazard": named, "title": title},
                           address=address, email=None if staff else via)
    except IntegrityError:  # another start won the race
        raise DisasterError("already_on", "災害モードはすでに開始されています（終了してから開始してください）") from None
    log.info("disaster mode started (%s): disaster %s", named, disaster.id)
    return disaster


def end_disaster(engine: Engine, *, staff: Staff | None, via: str, address: str = "",
                 now: datetime | None = None) -> Disaster:
    """Turn disaster mode off; the usual menus go back in the background (DisasterError: not on)."""
    now = now or utcnow()
    with session_scope(engine) as session:
        disaster = session.scalars(select(Disaster).where(Disaster.current.is_(True)).with_for_update()).first()
        if disaster is None:
            raise DisasterError("not_on", "災害モードは開始されていません")
        disaster.current, disaster.ended_at = None, now
        disaster.stage, disaster.menu_through, disaster.worked_at = RESTORING, None, None
        session.add(disaster)
        accounts.audit(session=session, staff=staff, action=f"{via}.disaster.end", now=now,
                       target=f"disaster:{disaster.id}", detail={"hazard": disaster.hazard}, address=address,
                       email=None if staff else via)
    log.info("disaster mode ended: disaster %s", disaster.id)
    return disaster


# --- reach ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reach:
    followers: int  # following residents now
    notice: dict[str, int]  # recipients by batch state: pending, sent, failed, skipped
    menu_linked: int
    menu_restored: int
    menu_failed: int
    stage: str


def reach_of(engine: Engine, disaster_id: int) -> Reach:
    with session_scope(engine) as session:
        disaster = session.get(Disaster, disaster_id)
        followers = session.scalar(select(func.count()).select_from(Resident).where(Resident.following.is_(True)))
        return Reach(followers or 0, counts(session=session, origin=origin(disaster_id)), disaster.menu_linked,
                     disaster.menu_restored, disaster.menu_failed, disaster.stage)


# --- the background work ---------------------------------------------------------------------------
class DisasterWork:
    """Sends the emergency notice and switches menus for every disaster with work left."""

    def __init__(self, engine: Engine, *, deliverer: Deliverer, menus: BulkMenus) -> None:
        self.engine, self.deliverer, self.menus = engine, deliverer, menus
        self._posters = ThreadPoolExecutor(max_workers=MENU_THREADS, thread_name_prefix="bulk-menu")

    @classmethod
    def for_settings(cls, settings, engine: Engine) -> "DisasterWork":
        limiter = channel_limiter(engine, "richmenu_bulk_link", rates=settings.line_rate_limits)
        return cls(engine, deliverer=deliverer_for(settings, engine),
                   menus=BulkMenus(settings.line_api_url, settings.access_token, limiter=limiter))

    def close(self) -> None:
        self._posters.shutdown()
        self.deliverer.client.close()
        self.menus.close()

    def run(self) -> list[int]:
        """Work on every unfinished disaster no live worker holds; returns those finished."""
        done = []
        with session_scope(self.engine) as session:
            waiting = disasters.unfinished(session=session)
        for disaster_id in waiting:
            now = utcnow()
            with session_scope(self.engine) as session:
                mine = disasters.claim_work(session=session, disaster_id=disaster_id, now=now,
                                            stale_before=now - STALE_AFTER)
            if mine:
                self._work(disaster_id)
                done.append(disaster_id)
        return done

    def _work(self, disaster_id: int) -> None:
        with session_scope(self.engine) as session:
            disaster = session.get(Disaster, disaster_id)
        try:
            if disaster.stage == SWITCHING:
                errors: list[BaseException] = []

                def notice() -> None:
                    try:
                        self._send_notice(disaster)
                    except BaseException as error:  # noqa: BLE001 - re-raised below
                        errors.append(error)

                sender = threading.Thread(target=notice, name=f"emergency-notice-{disaster_id}", daemon=True)
                sender.start()
                self._set_menus(disaster_id, SWITCHING)
                sender.join()
                if errors:
                    raise errors[0]
                self._finish(disaster_id, SWITCHING, SWITCHED)
            elif disaster.stage == RESTORING:
                self._set_menus(disaster_id, RESTORING)
                self._finish(disaster_id, RESTORING, RESTORED)
        finally:
            # Let go of the work — unless the disaster was ended meanwhile and another worker
            # holds its restoring (its heartbeat is not ours to clear).
            ours = (disaster.stage, NEXT_STAGE[disaster.stage])
            with session_scope(self.engine) as session:
                session.execute(update(Disaster).where(Disaster.id == disaster_id, Disaster.stage.in_(ours))
                                .values(worked_at=None))

    def _send_notice(self, disaster: Disaster) -> None:
        followers = (select(Resident.id, Resident.line_user_id)
                     .where(Resident.following.is_(True)).order_by(Resident.id))
        failed: list[BaseException] = []

        def planner() -> None:
            try:
                plan_in_languages(self.engine, key=notice_key(disaster.id), origin=origin(disaster.id),
                                  recipients=followers, messages=lambda _: render(emergency_reply(disaster)),
                                  priority=EMERGENCY)
            except BaseException as error:  # noqa: BLE001 - re-raised below
                failed.append(error)

        thread = threading.Thread(target=planner, name=f"emergency-planner-{disaster.id}", daemon=True)
        thread.start()
        self.deliverer.drain(origin=origin(disaster.id), more_coming=thread.is_alive)
        thread.join()
        if failed:
            raise failed[0]

    def _set_menus(self, disaster_id: int, stage: str) -> None:
        """Every follower to the disaster menu (SWITCHING), or every resident back to their usual
        menu (RESTORING), each in their language, 500 a request in ascending id. Progress is
        recorded a page (of PAGE_REQUESTS requests) at a time; it stops when the stage changes
        meanwhile."""
        with session_scope(self.engine) as session:
            menu_ids = {key: row.rich_menu_id for key, row in richmenus.deployed_menus(session=session).items()}
            after = session.get(Disaster, disaster_id).menu_through or 0
        if stage == SWITCHING and DISASTER_MENU not in menu_ids:
            log.warning("the disaster menu is not deployed: run `portalbot richmenu deploy`")
            return
        query = select(Resident.id, Resident.line_user_id, Resident.registered_at.is_not(None), Resident.language)
        if stage == SWITCHING:
            query = query.where(Resident.following.is_(True))
        while True:
            with session_scope(self.engine) as session:
                page = session.execute(
                    query.where(Resident.id > after).order_by(Resident.id).limit(BULK_MAX * PAGE_REQUESTS)).all()
            if not page:
                return
            def post(rows) -> list:
                """One request per menu the rows' residents are to see (their language's)."""
                groups: dict[MenuSwitch, list[str]] = {}
                for _, user_id, registered, code in rows:
                    menu = DISASTER_MENU if stage == SWITCHING else usual_menu(registered)
                    groups.setdefault(self._switch(menu, code, menu_ids), []).append(user_id)
                return [(len(user_ids), self._post(switch, user_ids)) for switch, user_ids in groups.items()]

            done = failed = 0
            parts = [page[start:start + BULK_MAX] for start in range(0, len(page), BULK_MAX)]
            for outcomes in self._posters.map(post, parts):  # requests overlap; the limiter paces them
                for count, result in outcomes:
                    if result is not None:
                        done, failed = (done + count, failed) if result.accepted else (done, failed + count)
            after = page[-1][0]
            progress = ({"menu_linked": Disaster.menu_linked + done} if stage == SWITCHING
                        else {"menu_restored": Disaster.menu_restored + done})
            with session_scope(self.engine) as session:
                moved = session.execute(
                    update(Disaster).where(Disaster.id == disaster_id, Disaster.stage == stage)
                    .values(menu_through=after, menu_failed=Disaster.menu_failed + failed, worked_at=utcnow(), **progress)
                )
            if moved.rowcount != 1:
                return  # ended (or finished) meanwhile: the next stage takes over

    @staticmethod
    def _switch(menu: str, code: str | None, menu_ids: dict[str, str]) -> MenuSwitch:
        switch = switch_for(menu, code, menu_ids.get)
        if switch is None:  # only a usual menu can be missing here: SWITCHING checked its own
            log.warning("the %s menu is not deployed: its residents get the default menu", menu)
            return MenuSwitch(None)
        return switch

    def _post(self, switch: MenuSwitch, user_ids: list[str]):
        if switch.rich_menu_id is None:
            return self.menus.unlink(user_ids)
        return self.menus.link(switch.rich_menu_id, user_ids)

    def _finish(self, disaster_id: int, stage: str, next_stage: str) -> None:
        with session_scope(self.engine) as session:
            session.execute(update(Disaster).where(Disaster.id == disaster_id, Disaster.stage == stage)
                            .values(stage=next_stage, menu_through=None))


def run_disaster_work(engine: Engine, settings) -> None:
    """The clock's job (and the web's, after a start or an end): whatever disaster work is left."""
    with session_scope(engine) as session:
        if not disasters.unfinished(session=session):
            return
    work = DisasterWork.for_settings(settings, engine)
    try:
        finished = work.run()
        if finished:
            log.info("disaster work done: %s", finished)
    finally:
        work.close()

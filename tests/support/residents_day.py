"""A day of the portal through /callback: two residents register (nicknames), type, link their
My Number Card through the development xID, receive a staff notice and send a report — what
tests/test_logs.py and tests/test_metrics.py watch the bot do."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from bot.chat import texts
from bot.line.richmenu import deploy_menus
from bot.notices.models import NoticeKind
from bot.notices.targeting import Target
from devtools.standin.state import user_id_for
from tests.cardlink.support import PUBLIC_URL
from tests.cardlink.support import LIFF_ID, LOGIN_CHANNEL, XID_CLIENT_ID, XID_CLIENT_SECRET, link
from bot.staff.models import Role
from tests.staff.support import browser, make_staff, sign_in
from tests.staff.support import create, send_due
from tests.support.portal import Portal, running_portal

HANAKO, JIRO = user_id_for("hanako"), user_id_for("jiro")


@dataclass
class Resident:
    line_user_id: str
    display_name: str
    nickname: str
    typed: list[str] = field(default_factory=list)


RESIDENTS = (
    Resident(HANAKO, "広島 花子", "はなちゃん123", ["ごみの出し方を知りたいです", "粗大ごみ冷蔵庫"]),
    Resident(JIRO, "呉 次郎", "じろきち456", ["住民票の写しはどこで", "公園の遊具が壊れています北側"]),
)
REPORT_COMMENT = "歩道の舗装に深い穴があります西側"


@contextmanager
def portal_for_the_day(database_url: str, xid, **overrides) -> Iterator[Portal]:
    """The bot as production runs it (LIFF, xID, rich menus deployed), wired to the stand-ins."""
    with running_portal(database_url, line_login_channel_id=LOGIN_CHANNEL, liff_id=LIFF_ID, public_url=PUBLIC_URL,
                        xid_issuer=xid.issuer, xid_client_id=XID_CLIENT_ID, xid_client_secret=XID_CLIENT_SECRET,
                        **overrides) as portal:
        bot = portal.app.extensions["portalbot"]
        deploy_menus(bot.settings, bot.db)
        yield portal


def register(portal: Portal, resident: Resident) -> None:
    portal.line.add_user(resident.line_user_id, display_name=resident.display_name)
    portal.line.follow(resident.line_user_id)
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        portal.tap(resident.line_user_id, label)
    portal.line.text(resident.line_user_id, resident.nickname)
    portal.tap(resident.line_user_id, texts.SKIP)
    portal.tap(resident.line_user_id, texts.SKIP)
    portal.tap(resident.line_user_id, texts.DONE)


def send_report(portal: Portal, user: str, category: str = "道路・歩道") -> None:
    portal.tap(user, texts.REPORT)
    portal.tap(user, category)
    portal.tap(user, texts.NO_PHOTO)
    portal.line.location(user, 34.3957, 132.4536, title="基町", address="日本、〒730-0011 広島県広島市中区基町６−７８")
    portal.line.text(user, REPORT_COMMENT)
    portal.tap(user, texts.SEND_REPORT)


def a_day(portal: Portal) -> None:
    for resident in RESIDENTS:
        register(portal, resident)
        for typed in resident.typed:
            portal.line.text(resident.line_user_id, typed)
    assert link(portal, HANAKO) == "done"
    db = portal.app.extensions["portalbot"].db
    make_staff(db, "editor@city.example.jp", Role.EDITOR)
    staff = browser(portal.app)
    assert sign_in(staff, "editor@city.example.jp").status_code in (200, 302)
    create(db, portal.app.extensions["portalbot"].city, kind=NoticeKind.INFO, target=Target(),
           title="年末年始のごみ収集", body="12月31日から1月3日は収集しません。")
    assert send_due(portal, db), "the notice was not sent"
    send_report(portal, JIRO)
    assert "受付番号" in "\n".join(portal.texts_for(JIRO)[-2:])

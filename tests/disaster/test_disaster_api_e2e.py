"""Disaster mode end to end: `POST /api/v1/disaster` through the staff API, the bot against the
LINE stand-in (every request checked against LINE's OpenAPI), menus deployed; then DELETE."""
from __future__ import annotations

import json
import shutil

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.disaster.sites import import_sites
from bot.line.richmenu import DEFINITIONS, deploy_menus
from bot.staff import accounts
from bot.staff.models import Role, StaffAudit
from devtools.standin.state import user_id_for
from bot.store import shelters
from bot.store.db import session_scope, utcnow
from bot.store.models import WebhookEvent
from tests.disaster.support import STATION, around_station
from tests.portal.support import choose_language, register
from tests.staff.support import make_staff
from tests.support.portal import running_portal

HANAKO, TARO, JIRO, SABURO, JOHN = (user_id_for(n) for n in ("hanako", "taro", "jiro", "saburo", "john"))
QUAKE = {"hazard": "地震", "title": "震度6強の地震が発生しました", "body": "身の安全を確保し、近くの避難場所へ避難してください。"}


@pytest.fixture
def portal(database_url):
    with running_portal(database_url, public_url="https://portal.example.jp") as portal:
        bot = portal.app.extensions["portalbot"]
        deploy_menus(bot.settings, bot.db)
        yield portal
        assert portal.rejected_requests() == [], "the bot sent requests LINE would reject"


def token_for(db, role: Role) -> str:
    staff_id = make_staff(db, f"{role.value}@city.example.jp", role)
    with session_scope(db) as session:
        return accounts.issue_token(session=session, staff_id=staff_id, now=utcnow())[1]


def call(portal, method: str, path: str, token: str, json=None):
    response = portal.app.test_client().open(path, method=method, json=json, headers={"Authorization": f"Bearer {token}"})
    response.close()  # the work after the answer runs here, as under gunicorn
    return response


def menu_key(portal, user: str) -> str:
    line = portal.line
    shown = line.richmenu_for(user).rich_menu_id
    return next(alias.removeprefix("portalbot-") for alias, menu in line.aliases.items() if menu == shown)


def emergencies(portal, user: str) -> list[str]:
    return [m["text"] for m in portal.line.messages_for(user) if m["type"] == "text" and m["text"].startswith("【緊急】")]


def test_disaster_mode_reaches_every_follower_once_and_ending_restores_each_usual_menu(portal):
    db = portal.app.extensions["portalbot"].db
    admin = token_for(db, Role.ADMIN)
    line = portal.line
    register(portal, HANAKO)  # registered: the registered menu
    line.add_user(TARO)
    line.follow(TARO)  # a guest: the default menu
    line.add_user(JIRO)
    line.follow(JIRO)
    line.unfollow(JIRO)  # not a follower any more
    assert (menu_key(portal, HANAKO), menu_key(portal, TARO)) == ("registered", "guest")

    started = call(portal, "POST", "/api/v1/disaster", admin, QUAKE)
    assert started.status_code == 201, started.get_json()
    # Every follower got the emergency notice exactly once; the unfollowed resident nothing
    expected = f"【緊急】{QUAKE['title']}\n\n{QUAKE['body']}"
    assert emergencies(portal, HANAKO) == [expected] and emergencies(portal, TARO) == [expected]
    assert emergencies(portal, JIRO) == []
    assert menu_key(portal, HANAKO) == menu_key(portal, TARO) == "disaster"
    # The disaster menu's labels, and 避難場所 answers
    labels = [area["action"]["label"] for area in line.richmenu_for(TARO).definition["areas"]]
    assert labels == [texts.SHELTERS, texts.DISASTER_INFO, texts.MY_PAGE, texts.HELP]
    status = call(portal, "GET", "/api/v1/disaster", admin).get_json()
    assert status["on"] is True
    assert status["disaster"]["reach"]["notice"]["sent"] == 2 and status["disaster"]["reach"]["menu_linked"] == 2
    assert status["disaster"]["reach"]["stage"] == "switched"

    # A double start is refused; nobody hears twice
    again = call(portal, "POST", "/api/v1/disaster", admin, QUAKE)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_on"
    assert len(emergencies(portal, TARO)) == 1

    # A new follower gets the disaster menu too; 災害情報 shows the notice in force
    line.add_user(SABURO)
    line.follow(SABURO)
    assert menu_key(portal, SABURO) == "disaster"
    line.text(SABURO, texts.DISASTER_INFO)
    assert QUAKE["title"] in portal.texts_for(SABURO)[-1]

    ended = call(portal, "DELETE", "/api/v1/disaster", admin)
    assert ended.status_code == 200
    assert menu_key(portal, HANAKO) == "registered"  # マイページ, オンライン申請…
    menu = [a["action"].get("label") for a in line.richmenu_for(HANAKO).definition["areas"]]
    assert texts.MY_PAGE in menu and texts.ONLINE_APPLICATIONS in menu
    assert menu_key(portal, TARO) == menu_key(portal, SABURO) == "guest"
    assert TARO not in line.user_richmenu  # unlinked: the default (guest) menu shows
    assert call(portal, "DELETE", "/api/v1/disaster", admin).get_json()["error"]["code"] == "not_on"
    with Session(db) as session:
        actions = [a.action for a in session.scalars(select(StaffAudit).order_by(StaffAudit.id))]
    assert actions.count("api.disaster.start") == 1 and actions.count("api.disaster.end") == 1


def test_disaster_mode_gives_each_resident_the_menus_of_their_language(portal):
    db = portal.app.extensions["portalbot"].db
    admin = token_for(db, Role.ADMIN)
    line = portal.line
    register(portal, HANAKO)
    choose_language(portal, HANAKO, "ko")  # registered, in Korean
    line.add_user(JOHN, language="en")
    line.follow(JOHN)  # a guest whose LINE speaks English
    line.add_user(TARO)
    line.follow(TARO)  # a Japanese guest
    assert call(portal, "POST", "/api/v1/disaster", admin, QUAKE).status_code == 201
    assert [menu_key(portal, user) for user in (HANAKO, JOHN, TARO)] == ["disaster-ko", "disaster-en", "disaster"]

    line.add_user(SABURO, language="zh-Hans")
    line.follow(SABURO)  # a new follower: the disaster menu of their language
    choose_language(portal, TARO, "ja-easy")  # a language chosen meanwhile: still the disaster menu
    assert [menu_key(portal, user) for user in (SABURO, TARO)] == ["disaster-zh", "disaster-jae"]

    assert call(portal, "DELETE", "/api/v1/disaster", admin).status_code == 200
    assert [menu_key(portal, user) for user in (HANAKO, JOHN, TARO, SABURO)] == [
        "registered-ko", "guest-en", "guest-jae", "guest-zh"]


def test_a_deploy_in_disaster_mode_moves_followers_to_the_new_disaster_menu_of_their_language(portal, tmp_path):
    db = portal.app.extensions["portalbot"].db
    line = portal.line
    register(portal, HANAKO)
    line.add_user(JOHN, language="en")
    line.follow(JOHN)
    assert call(portal, "POST", "/api/v1/disaster", token_for(db, Role.ADMIN), QUAKE).status_code == 201
    before = dict(line.aliases)

    changed = tmp_path / "richmenu"
    shutil.copytree(DEFINITIONS, changed, ignore=shutil.ignore_patterns("*.py", "*.md"))
    for key in ("registered", "disaster"):
        definition = json.loads((changed / f"{key}.json").read_text(encoding="utf-8"))
        definition["chatBarText"] = "メニューを開く"
        (changed / f"{key}.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    bot = portal.app.extensions["portalbot"]
    report = deploy_menus(bot.settings, bot.db, changed)

    assert report.relinked == 2
    assert [menu_key(portal, user) for user in (HANAKO, JOHN)] == ["disaster", "disaster-en"]
    assert line.user_richmenu[JOHN] == line.aliases["portalbot-disaster-en"] != before["portalbot-disaster-en"]


@pytest.mark.parametrize("body, status, code", [
    ({**QUAKE, "hazard": "隕石"}, 422, "unknown_hazard"),
    ({**QUAKE, "title": ""}, 422, "invalid_title"),
    ({**QUAKE, "body": "x" * 2001}, 422, "invalid_body"),
    ({**QUAKE, "when": "now"}, 422, "invalid_disaster"),
    ({"hazard": 1, "title": "t", "body": "b"}, 422, "invalid_disaster"),
    ([], 400, "invalid_json"),
])
def test_bad_starts_get_clear_errors_and_start_nothing(portal, body, status, code):
    db = portal.app.extensions["portalbot"].db
    portal.line.add_user(TARO)
    portal.line.follow(TARO)
    answer = call(portal, "POST", "/api/v1/disaster", token_for(db, Role.ADMIN), body)
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (status, code)
    assert emergencies(portal, TARO) == []
    assert call(portal, "GET", "/api/v1/disaster", token_for(db, Role.VIEWER)).get_json()["on"] is False


def test_only_an_admin_starts_it_and_an_editor_opens_sites(portal):
    db = portal.app.extensions["portalbot"].db
    editor, viewer = token_for(db, Role.EDITOR), token_for(db, Role.VIEWER)
    assert call(portal, "POST", "/api/v1/disaster", editor, QUAKE).status_code == 403
    import_sites(db, around_station(), file_name="sites.csv")
    with Session(db) as session:
        site = shelters.all_sites(session=session)[0]
    assert call(portal, "PATCH", f"/api/v1/shelters/{site.id}", viewer, {"open": True}).status_code == 403
    opened = call(portal, "PATCH", f"/api/v1/shelters/{site.id}", editor, {"open": True})
    assert opened.status_code == 200 and opened.get_json()["shelter"]["open"] is True
    assert call(portal, "PATCH", f"/api/v1/shelters/{site.id}", editor, {"open": "yes"}).status_code == 422
    assert call(portal, "PATCH", "/api/v1/shelters/999999", editor, {"open": True}).status_code == 404
    listed = call(portal, "GET", "/api/v1/shelters", viewer).get_json()["shelters"]
    assert [s["open"] for s in listed if s["id"] == site.id] == [True]
    with Session(db) as session:
        audit = session.scalars(select(StaffAudit).where(StaffAudit.action == "api.shelter.open")).one()
    assert audit.target == f"shelter:{site.id}"


def test_a_location_through_the_webhook_gets_the_nearest_sites(portal):
    db = portal.app.extensions["portalbot"].db
    import_sites(db, around_station(), file_name="sites.csv")
    portal.line.add_user(TARO)
    portal.line.follow(TARO)
    portal.line.location(TARO, *STATION, title="現在地", address="石川県金沢市")
    carousel = portal.line.messages_for(TARO)[-2]
    assert carousel["type"] == "flex" and carousel["contents"]["type"] == "carousel"
    assert [b["body"]["contents"][0]["text"] for b in carousel["contents"]["contents"]][:2] == ["駅前広場", "川沿い公園"]
    # The inbox dropped the event's payload once handled: the location is kept nowhere
    with Session(db) as session:
        kept = [row.payload for row in session.scalars(select(WebhookEvent))]
    assert kept and all(payload is None for payload in kept)

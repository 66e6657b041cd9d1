"""まちの通報 end to end: through /callback with the contract's labels, against the LINE stand-in
(which checks every request against LINE's OpenAPI), then the API and the follow-up pushes."""
from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select
from sqlmodel import Session

from bot.chat import texts
from bot.staff import accounts
from devtools.standin.state import user_id_for
from bot.staff.models import StaffAudit
from bot.store.db import session_scope, utcnow
from bot.store.reports import Report, ReportUpdate
from tests.portal.support import last_words, register
from tests.reports.support import GPS_IFD, exif_of, phone_photo, pushes_to, report
from tests.staff.support import browser, get, sign_in

HANAKO = user_id_for("hanako")
PUSH = "/v2/bot/message/push"


def bearer(console, staff_id: int) -> dict[str, str]:
    with session_scope(console.app.extensions["portalbot"].db) as session:
        return {"Authorization": "Bearer " + accounts.issue_token(session=session, staff_id=staff_id, now=utcnow())[1]}


def only_report_id(console, staff) -> int:
    listed = console.app.test_client().get("/api/v1/reports", headers=bearer(console, staff["viewer"])).get_json()["reports"]
    assert len(listed) == 1
    return listed[0]["id"]


def test_a_report_with_photo_and_location_is_listed_by_the_api_and_each_status_change_pushes_once(console, staff):
    register(console, HANAKO)
    console.tap(HANAKO, texts.REPORT)
    console.tap(HANAKO, "道路・歩道")
    asked = console.last_for(HANAKO)
    assert asked["text"].startswith("写真を送ってください")
    kinds = [item["action"]["type"] for item in asked["quickReply"]["items"]]
    assert kinds[:3] == ["camera", "cameraRoll", "postback"]
    console.line.image(HANAKO, phone_photo(), "image/jpeg")
    asked = console.last_for(HANAKO)
    assert asked["text"].startswith("場所を送ってください")
    assert asked["quickReply"]["items"][0]["action"] == {"type": "location", "label": texts.SEND_PLACE}
    console.line.location(HANAKO, 34.3957, 132.4536, title="基町", address="日本、〒730-0011 広島県広島市中区基町６−７８")
    console.line.text(HANAKO, "歩道の舗装に深い穴があります")
    console.tap(HANAKO, texts.SEND_REPORT)
    assert "通報を受け付けました。受付番号：R-000001" in last_words(console, HANAKO)

    client, viewer = console.app.test_client(), bearer(console, staff["viewer"])
    listed = client.get("/api/v1/reports?status=received&category=道路・歩道", headers=viewer).get_json()["reports"]
    assert len(listed) == 1
    shown = listed[0]
    assert (shown["number"], shown["category"], shown["status"]) == ("R-000001", "道路・歩道", "received")
    assert (shown["latitude"], shown["longitude"], shown["has_photo"]) == (34.3957, 132.4536, True)
    assert shown["address"] == "日本、〒730-0011 広島県広島市中区基町６−７８" and shown["comment"] == "歩道の舗装に深い穴があります"
    assert client.get("/api/v1/reports?category=公園", headers=viewer).get_json()["reports"] == []
    photo = client.get(f"/api/v1/reports/{shown['id']}/photo", headers=viewer)
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert exif_of(photo.data) == {}
    with Image.open(io.BytesIO(photo.data)) as stored:
        assert GPS_IFD not in stored.getexif()

    editor = bearer(console, staff["editor"])
    for status, note, expected in (
        ("in_progress", "来週補修します", "受付番号 R-000001 の通報は対応中です\n市からのメモ：来週補修します"),
        ("done", "", "受付番号 R-000001 の通報は対応が完了しました\nご連絡ありがとうございました。"),
    ):
        before = len(pushes_to(console, HANAKO))
        answer = client.patch(f"/api/v1/reports/{shown['id']}", headers=editor, json={"status": status, "note": note})
        assert answer.status_code == 200, answer.get_json()
        assert answer.get_json()["report"]["status"] == status
        answer.close()  # the answer is out: the follow-up goes
        assert pushes_to(console, HANAKO)[before:] == [expected]
    history = client.get(f"/api/v1/reports/{shown['id']}", headers=viewer).get_json()["report"]["history"]
    assert [(h["previous"], h["status"], h["staff"]) for h in history] == [
        ("received", "in_progress", "editor@city.example.jp"), ("in_progress", "done", "editor@city.example.jp")]
    with Session(console.app.extensions["portalbot"].db) as session:
        actions = session.scalars(select(StaffAudit.action).where(StaffAudit.target == f"report:{shown['id']}")).all()
        assert actions == ["api.report.status", "api.report.status"]
    console.line.text(HANAKO, texts.REPORT_HISTORY)
    assert "R-000001" in last_words(console, HANAKO) and "完了" in last_words(console, HANAKO)


def test_a_follow_up_that_failed_goes_again_with_the_same_retry_key_and_arrives_once(console, staff, db, caplog):
    caplog.set_level("DEBUG")
    register(console, HANAKO)
    report(console, HANAKO)
    report_id = only_report_id(console, staff)
    console.line.faults.add(PUSH, ["accepted-500"])  # LINE took it but answered 500
    answer = console.app.test_client().patch(f"/api/v1/reports/{report_id}", headers=bearer(console, staff["editor"]),
                                             json={"status": "in_progress"})
    answer.close()
    with Session(db) as session:
        assert session.scalars(select(ReportUpdate.push)).one() == "pending"
    from bot.clock import report_follow_ups

    report_follow_ups(db, console.app.extensions["portalbot"].settings)  # the clock's sweep
    report_follow_ups(db, console.app.extensions["portalbot"].settings)
    assert pushes_to(console, HANAKO) == ["受付番号 R-000001 の通報は対応中です"]
    keys = {r.headers.get("x-line-retry-key") for r in console.line.all_requests if r.path == PUSH}
    assert len(keys) == 1
    with Session(db) as session:
        assert session.scalars(select(ReportUpdate.push)).one() == "sent"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "follow-up of report R-000001 not taken" in logged  # the number, and nothing else of it
    for personal in (HANAKO, "歩道の舗装に深い穴があります", "基町"):
        assert personal not in logged


def test_the_sixth_report_of_the_day_is_refused(console):
    register(console, HANAKO)
    for number in range(1, 6):
        assert f"受付番号：R-{number:06d}" in report(console, HANAKO)
    console.tap(HANAKO, texts.REPORT)
    assert "通報は1日5件までです" in last_words(console, HANAKO)


def test_leaving_unlinks_the_reporter_and_no_push_follows(console, staff, db):
    register(console, HANAKO)
    report(console, HANAKO, photo=phone_photo())
    console.line.text(HANAKO, texts.LEAVE)
    console.tap(HANAKO, texts.CONFIRM_LEAVE)
    assert texts.LEFT in last_words(console, HANAKO, 2)
    with Session(db) as session:
        kept = session.scalars(select(Report)).one()
        assert kept.reporter_id is None and kept.category == "道路・歩道"  # the city's record stays
    pushes = len(pushes_to(console, HANAKO))
    answer = console.app.test_client().patch(f"/api/v1/reports/{kept.id}", headers=bearer(console, staff["editor"]),
                                             json={"status": "done", "note": "補修しました"})
    assert answer.status_code == 200
    answer.close()
    assert len(pushes_to(console, HANAKO)) == pushes
    client = browser(console.app)
    sign_in(client, "viewer@city.example.jp")
    assert "連絡先なし（通報者は退会済み）" in get(client, f"/admin/reports/{kept.id}").get_data(as_text=True)
    shown = console.app.test_client().get(f"/api/v1/reports/{kept.id}", headers=bearer(console, staff["viewer"])).get_json()
    assert shown["report"]["has_photo"] is True


def test_a_guest_may_report_and_hears_nothing_back_until_registered(console, staff):
    console.line.add_user(HANAKO, display_name="花子")
    console.line.follow(HANAKO)
    words = report(console, HANAKO)
    assert "受付番号：R-000001" in words and texts.REPORT_FOLLOW_UP_GUEST in words
    answer = console.app.test_client().patch(f"/api/v1/reports/{only_report_id(console, staff)}",
                                             headers=bearer(console, staff["editor"]), json={"status": "in_progress"})
    assert answer.status_code == 200
    answer.close()
    assert pushes_to(console, HANAKO) == []


def test_the_api_checks_tokens_roles_and_bodies(console, staff):
    register(console, HANAKO)
    report(console, HANAKO)
    client = console.app.test_client()
    viewer, editor = bearer(console, staff["viewer"]), bearer(console, staff["editor"])
    one, other = f"/api/v1/reports/{only_report_id(console, staff)}", f"/api/v1/reports/{only_report_id(console, staff) + 1}"
    # Each case: the request, the status it gets
    assert client.get("/api/v1/reports").status_code == 401
    assert client.get("/api/v1/reports", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(one + "/photo").status_code == 401
    assert client.patch(one, headers=viewer, json={"status": "done"}).status_code == 403
    assert client.get(other, headers=viewer).status_code == 404
    assert client.get(one + "/photo", headers=viewer).status_code == 404  # sent without one
    assert client.get("/api/v1/reports?status=lost", headers=viewer).status_code == 422
    assert client.get("/api/v1/reports?since=yesterday", headers=viewer).status_code == 422
    assert client.patch(one, headers=editor, json={"status": "received"}).status_code == 422
    assert client.patch(one, headers=editor, json={"status": "done", "x": 1}).status_code == 422
    assert client.patch(one, headers=editor, data="not json").status_code == 400
    refused = client.patch(one, headers=editor, json={"status": "rejected"})
    assert refused.status_code == 409 and "理由" in refused.get_json()["error"]["message"]
    assert client.patch(one, headers=editor, json={"status": "done"}).status_code == 200
    assert client.patch(one, headers=editor, json={"status": "in_progress"}).status_code == 409
    since = client.get("/api/v1/reports?since=2000-01-01", headers=viewer).get_json()["reports"]
    assert [r["number"] for r in since] == ["R-000001"]
    assert client.get("/api/v1/reports?since=2999-01-01T00:00:00%2B09:00", headers=viewer).get_json()["reports"] == []


def test_bad_input_through_callback_gets_a_clear_answer_and_the_same_question(console):
    register(console, HANAKO)
    console.tap(HANAKO, texts.REPORT)
    console.line.text(HANAKO, "穴")  # not a category
    assert texts.ASK_REPORT_CATEGORY in last_words(console, HANAKO)
    console.tap(HANAKO, "公園")
    console.line.sticker(HANAKO)  # a sticker instead of a photo
    assert last_words(console, HANAKO).startswith("写真を送ってください")
    console.line.image(HANAKO, b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "image/jpeg")  # a huge image
    assert "写真が大きすぎます（11.0MB）" in last_words(console, HANAKO, 2)
    assert last_words(console, HANAKO).startswith("写真を送ってください")
    console.tap(HANAKO, "街路灯")  # a category button from before: stale now
    assert texts.STALE_BUTTON in last_words(console, HANAKO, 2)
    console.tap(HANAKO, texts.NO_PHOTO)
    console.line.sticker(HANAKO)  # neither a location nor words
    assert last_words(console, HANAKO).startswith("場所を送ってください")
    console.line.text(HANAKO, "公園の入口\u200bの横")  # words, but with an invisible character
    assert texts.REPORT_PLACE_CONTROL in last_words(console, HANAKO, 2)
    console.line.text(HANAKO, "中区 中央公園の北口")  # words instead of a location: taken as the place
    assert last_words(console, HANAKO).startswith("状況を入力してください")

"""まちの通報 in the staff console (Flask test client over https): filters, a report's page with
its photo and place, the status change by editors only (audited, pushed once), the CSV."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlmodel import Session

from bot.chat import texts
from bot.staff.models import StaffAudit
from devtools.standin.state import user_id_for
from bot.store.reports import Report
from tests.portal.support import register
from tests.reports.support import exif_of, phone_photo
from tests.reports.support import pushes_to, report
from tests.staff.support import browser, get, post, sign_in

HANAKO, TARO = user_id_for("hanako"), user_id_for("taro")


def two_reports(console, db) -> tuple[int, int]:
    """花子's road report with a photo, 太郎's park report with a typed place."""
    register(console, HANAKO)
    report(console, HANAKO, photo=phone_photo())
    console.line.add_user(TARO)
    console.line.follow(TARO)
    console.tap(TARO, texts.REPORT)
    console.tap(TARO, "公園")
    console.tap(TARO, texts.NO_PHOTO)
    console.line.text(TARO, "=HYPERLINK(\"http://x\") 南区の公園")
    console.tap(TARO, texts.SKIP)
    console.tap(TARO, texts.SEND_REPORT)
    with Session(db) as session:
        road, park = session.scalars(select(Report.id).order_by(Report.number)).all()
    return road, park


def signed_in(console, who: str):
    client = browser(console.app)
    assert sign_in(client, f"{who}@city.example.jp").status_code == 302
    return client


def test_staff_find_a_report_by_its_filters_and_see_its_photo_and_place(console, db, staff):
    road, park = two_reports(console, db)
    client = signed_in(console, "viewer")
    page = get(client, "/admin/reports").get_data(as_text=True)
    assert "R-000001" in page and "R-000002" in page
    page = get(client, "/admin/reports?category=道路・歩道&status=received&ward=中区").get_data(as_text=True)
    assert "R-000001" in page and "R-000002" not in page
    assert "R-000001" not in get(client, "/admin/reports?status=done").get_data(as_text=True)
    assert get(client, "/admin/reports?from=2000-01-01&to=2999-12-31").get_data(as_text=True).count("R-0000") == 2
    assert get(client, "/admin/reports?from=someday").status_code == 400

    page = get(client, f"/admin/reports/{road}").get_data(as_text=True)
    assert "緯度 34.395700、経度 132.453600" in page and "広島県広島市中区基町" in page
    assert "https://www.google.com/maps/search/?api=1&amp;query=34.395700,132.453600" in page
    assert "歩道の舗装に深い穴があります" in page and f"/admin/reports/{road}/photo" in page
    assert "状態を変更する" not in page  # a viewer only reads
    photo = get(client, f"/admin/reports/{road}/photo")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and exif_of(photo.data) == {}
    assert get(client, f"/admin/reports/{park}/photo").status_code == 404
    assert "（入力された場所。位置情報なし）" in get(client, f"/admin/reports/{park}").get_data(as_text=True)
    assert "状態を変えるとLINEでお知らせします" in get(client, f"/admin/reports/{road}").get_data(as_text=True)
    assert "お知らせは届きません（マイページ未作成" in get(client, f"/admin/reports/{park}").get_data(as_text=True)


def test_photos_and_pages_are_for_signed_in_staff_only(console, db, staff):
    road, _ = two_reports(console, db)
    anyone = browser(console.app)
    for path in (f"/admin/reports/{road}/photo", f"/admin/reports/{road}", "/admin/reports", "/admin/reports.csv"):
        answer = get(anyone, path)
        assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"], path


def test_an_editor_changes_the_status_with_a_note_and_the_reporter_hears_once(console, db, staff):
    road, _ = two_reports(console, db)
    client = signed_in(console, "editor")
    page = f"/admin/reports/{road}"
    assert "状態を変更する" in get(client, page).get_data(as_text=True)
    answer = post(client, f"{page}/status", {"status": "in_progress", "note": "現地を確認します"}, token_from=page)
    assert answer.status_code == 302
    answer.close()
    shown = get(client, page).get_data(as_text=True)
    assert "R-000001 を「対応中」にしました。" in shown and "受付 → 対応中" in shown and "現地を確認します" in shown
    assert pushes_to(console, HANAKO) == ["受付番号 R-000001 の通報は対応中です\n市からのメモ：現地を確認します"]
    # 対応不可 needs a reason; then it is said to the resident
    post(client, f"{page}/status", {"status": "rejected", "note": ""}, token_from=page).close()
    assert "対応不可にするときは、理由を入力してください" in get(client, page).get_data(as_text=True)
    post(client, f"{page}/status", {"status": "rejected", "note": "私有地のため市では対応できません"}, token_from=page).close()
    assert pushes_to(console, HANAKO)[-1] == (
        "受付番号 R-000001 の通報は対応できませんでした（対応不可）\n市からのメモ：私有地のため市では対応できません")
    assert len(pushes_to(console, HANAKO)) == 2
    assert "状態を変更する" not in get(client, page).get_data(as_text=True)  # final
    with Session(db) as session:
        audits = session.scalars(select(StaffAudit).where(StaffAudit.action == "report.status")).all()
        assert [(a.detail["previous"], a.detail["status"]) for a in audits] == [("received", "in_progress"),
                                                                               ("in_progress", "rejected")]
        assert all(a.staff_email == "editor@city.example.jp" and a.target == f"report:{road}" for a in audits)


def test_a_viewer_cannot_change_a_status(console, db, staff):
    road, _ = two_reports(console, db)
    client = signed_in(console, "viewer")
    page = f"/admin/reports/{road}"
    answer = post(client, f"{page}/status", {"status": "done", "note": ""}, token_from=page)
    assert answer.status_code == 403
    with Session(db) as session:
        assert session.get(Report, road).status == "received"
    assert pushes_to(console, HANAKO) == []


def test_the_csv_of_a_filtered_list_is_for_the_maintenance_system(console, db, staff):
    two_reports(console, db)
    client = signed_in(console, "viewer")
    answer = get(client, "/admin/reports.csv?category=公園")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    body = answer.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0][:5] == ["受付番号", "受付日時", "種類", "状態", "区"]
    assert [row[0] for row in rows[1:]] == ["R-000002"]
    assert rows[1][2:5] == ["公園", "受付", "南区"] and rows[1][7].startswith("'=HYPERLINK")  # no formula runs
    everything = list(csv.reader(io.StringIO(get(client, "/admin/reports.csv").get_data(as_text=True).removeprefix("\ufeff"))))
    assert [row[0] for row in everything[1:]] == ["R-000002", "R-000001"]
    assert everything[2][5:7] == ["34.395700", "132.453600"] and everything[2][9] == "あり"
    with Session(db) as session:
        exports = session.scalars(select(StaffAudit).where(StaffAudit.action == "report.export")).all()
        assert [(e.detail["filters"], e.detail["count"]) for e in exports] == [({"category": "公園"}, 1), ({}, 2)]

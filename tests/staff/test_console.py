"""The console and the API doing their work (roles and security: test_security.py): the JSON
API's validation and errors, sending from the console, garbage uploads, statistics."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.notices.models import StaffNotice
from bot.staff import accounts
from bot.store.db import session_scope, utcnow
from bot.store.garbage import GarbageArea, GarbageCity
from tests.staff.support import browser, get, make_resident, post, sign_in

SAMPLES = Path(__file__).parents[2] / "bot" / "sample_data"
EDITOR = "editor@city.example.jp"


def bearer(console, staff_id: int) -> dict[str, str]:
    with session_scope(console.app.extensions["portalbot"].db) as session:
        return {"Authorization": "Bearer " + accounts.issue_token(session=session, staff_id=staff_id, now=utcnow())[1]}


# --- the JSON API ----------------------------------------------------------------------------


def test_the_api_creates_a_notice_and_reports_its_status(console, db, staff):
    user = make_resident(db, "r", ward="中区", linked=True)
    console.line.add_user(user)
    headers = bearer(console, staff["editor"])
    client = console.app.test_client()
    answer = client.post("/api/v1/notices", headers=headers, json={
        "kind": "post", "title": "住民税の通知", "body": "税額決定通知書です。", "target": {"wards": ["中区"]},
    })
    assert answer.status_code == 201, answer.get_json()
    created = answer.get_json()
    assert created["reach"] == 1 and created["notice"]["status"] == "scheduled"
    assert created["notice"]["department"] == "市民局 市民課"  # the staff member's own, by default
    answer.close()  # the answer is out: the notice is sent
    status = client.get(answer.headers["Location"], headers=headers).get_json()["notice"]
    assert status["status"] == "sent"
    assert status["counts"] == {"targeted": 1, "sent": 1, "failed": 0, "read": 0}
    listed = client.get("/api/v1/notices", headers=headers).get_json()["notices"]
    assert [n["id"] for n in listed] == [created["notice"]["id"]]


def test_the_api_schedules_with_an_offset_time(console, db, staff):
    at = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    answer = console.app.test_client().post("/api/v1/notices", headers=bearer(console, staff["editor"]), json={
        "kind": "info", "title": "休館日", "body": "図書館は休館します。", "department": "教育委員会",
        "send_at": at.isoformat(),
    })
    assert answer.status_code == 201
    assert answer.get_json()["notice"]["send_at"] == at.isoformat()
    answer.close()
    with Session(db) as session:
        assert session.scalars(select(StaffNotice.status)).one() == "scheduled"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "あ" * 101, "body": "x"}, "title"),
        ({"title": "x", "body": "あ" * 4001}, "body"),
        ({"title": "x", "body": "x", "kind": "letter"}, "kind"),
        ({"title": "x", "body": "x", "target": {"wards": ["大阪区"]}}, "target"),
        ({"title": "x", "body": "x", "target": {"area_ids": ["1"]}}, "target"),
        ({"title": "x", "body": "x", "target": {"towns": ["x"]}}, "target"),
        ({"title": "x", "body": "x", "send_at": "2026-12-01T09:00:00"}, "send_at"),
        ({"title": "x", "body": "x", "send_at": "2020-01-01T09:00:00+09:00"}, "send_at"),
        ({"title": 5, "body": "x"}, "title"),
        ({"title": "x", "body": "x", "priority": "high"}, "_"),
    ],
)
def test_the_api_refuses_a_bad_notice_with_clear_json(console, staff, body, field):
    answer = console.app.test_client().post("/api/v1/notices", headers=bearer(console, staff["editor"]), json=body)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "invalid_notice" and field in error["fields"], error


def test_the_api_answers_json_for_non_json_and_unknown_notices(console, staff):
    client, headers = console.app.test_client(), bearer(console, staff["viewer"])
    editor = bearer(console, staff["editor"])
    assert client.post("/api/v1/notices", headers=editor, data="title=x").get_json()["error"]["code"] == "invalid_json"
    missing = client.get("/api/v1/notices/999", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


# --- composing and sending in the console ---------------------------------------------------------


def compose(client, **fields):
    data = {"kind": "post", "title": "お知らせ", "body": "本文", "department": "市民課", "timing": "now", "action": "preview"}
    data.update(fields)
    return post(client, "/admin/notices/new", data, token_from="/admin/notices/new")


def test_compose_shows_reach_and_the_preview_before_sending(console, db, staff):
    for n, ward in enumerate(("中区", "中区", "東区")):
        make_resident(db, f"r{n}", ward=ward, linked=True)
    client = browser(console.app)
    sign_in(client, EDITOR)
    page = compose(client, wards=["中区"], title="予防接種のご案内", body="接種券を同封しました。")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-testid="reach">2<' in html
    assert "デジタル郵便受けに新しいお知らせが届きました" in html and "予防接種のご案内" in html
    assert "この内容で配信する" in html
    with Session(db) as session:  # nothing made yet
        assert session.scalars(select(StaffNotice)).first() is None
    sent = compose(client, wards=["中区"], title="予防接種のご案内", body="接種券を同封しました。", action="send")
    assert sent.status_code == 302
    sent.close()
    notice_page = get(client, sent.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="status">配信済み' in notice_page and 'data-testid="targeted">2<' in notice_page


def test_compose_shows_each_problem_beside_its_field(console, staff):
    client = browser(console.app)
    sign_in(client, EDITOR)
    page = compose(client, title="", body="あ" * 4001, timing="later")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    for message in ("件名を入力してください", "本文は4,000文字以内", "予約日時を入力してください"):
        assert message in html


def test_scheduling_from_the_console_and_cancelling(console, db, staff):
    client = browser(console.app)
    sign_in(client, EDITOR)
    local = (utcnow() + timedelta(days=2)).astimezone().strftime("%Y-%m-%dT%H:%M")
    made = compose(client, timing="later", send_at=local, action="send")
    assert made.status_code == 302
    page = get(client, made.headers["Location"]).get_data(as_text=True)
    assert "予約済み" in page and "配信を取り消す" in page
    notice_id = int(made.headers["Location"].rsplit("/", 1)[1])
    assert post(client, f"/admin/notices/{notice_id}/cancel", token_from=f"/admin/notices/{notice_id}").status_code == 302
    assert "取り消し" in get(client, f"/admin/notices/{notice_id}").get_data(as_text=True)


# --- garbage data ----------------------------------------------------------------------------------


def upload(client, directory: Path, data_format: str, code: str, *, replace: dict[str, bytes] | None = None):
    files = [(io.BytesIO((replace or {}).get(p.name, p.read_bytes())), p.name) for p in sorted(directory.iterdir()) if p.suffix == ".csv"]
    data = {"data_format": data_format, "code": code, "name": code, "suspension": "week_shift", "files": files}
    return post(client, "/admin/garbage", data, token_from="/admin/garbage", content_type="multipart/form-data")


def test_a_5374_set_is_uploaded_and_imported(console, db, staff):
    client = browser(console.app)
    sign_in(client, EDITOR)
    answer = upload(client, SAMPLES / "kanazawa", "5374", "kanazawa")
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    page = get(client, "/admin/garbage").get_data(as_text=True)
    assert "取り込みました" in page and "kanazawa" in page
    with Session(db) as session:
        assert session.scalars(select(GarbageCity.code)).all() == ["kanazawa"]
        assert session.scalars(select(GarbageArea)).first() is not None


def test_a_broken_upload_shows_its_problems_by_line_and_imports_nothing(console, db, staff):
    client = browser(console.app)
    sign_in(client, EDITOR)
    original = (SAMPLES / "kanazawa" / "area_days.csv").read_bytes().decode("utf-8-sig").splitlines()
    broken = "\n".join(original[:2] + [original[2].replace("月", "月曜", 1)] + original[3:]).encode()
    answer = upload(client, SAMPLES / "kanazawa", "5374", "kanazawa", replace={"area_days.csv": broken})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "取り込みませんでした" in html and "area_days.csv" in html and "<td>3</td>" in html
    with Session(db) as session:
        assert session.scalars(select(GarbageCity)).first() is None


# --- statistics ---------------------------------------------------------------------------------------


def test_statistics_are_counts_only(console, db, staff):
    from datetime import time

    from bot.store.reminders import ReminderSetting
    from tests.staff.support import resident_id

    hanako = make_resident(db, "はなこ", ward="中区", age="30代", interests=("子育て",), linked=True)
    make_resident(db, "たろう", ward="東区")
    with session_scope(db) as session:
        session.add(ReminderSetting(resident_id=resident_id(db, hanako), day_before_on=True, day_before_time=time(21, 0)))
    client = browser(console.app)
    sign_in(client, "viewer@city.example.jp")
    html = get(client, "/admin/residents").get_data(as_text=True)
    assert 'data-testid="registered">2<' in html
    assert "前日の通知 ON</th><td>1<" in html and "前日 21:00</th><td>1<" in html
    assert "はなこ" not in html and "たろう" not in html and "U" + "0" * 5 not in html


def test_a_label_too_long_for_the_database_is_listed_audited_and_imports_nothing(console, db, staff):
    """A 70-character category label once passed the reader and failed the insert on
    PostgreSQL's varchar(64): staff saw "internal error" and nothing was audited."""
    from bot.staff.models import StaffAudit

    client = browser(console.app)
    sign_in(client, EDITOR)
    long_label = "燃やさないごみ" + "あ" * 63
    replace = {
        name: (SAMPLES / "kanazawa" / name).read_bytes().decode("utf-8-sig").replace("燃やさないごみ", long_label).encode()
        for name in ("description.csv", "area_days.csv", "target.csv")
    }
    answer = upload(client, SAMPLES / "kanazawa", "5374", "kanazawa", replace=replace)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400, html[:500]
    assert "description.csv" in html and "at most 64 fit" in html
    with Session(db) as session:
        assert session.scalars(select(GarbageCity)).first() is None
        assert session.scalars(select(StaffAudit.action)).all()[-1] == "garbage.import.refused"


def test_a_value_the_database_refuses_is_a_problem_not_an_internal_error(console, db, staff, monkeypatch):
    """The backstop, for a limit the readers do not know of."""
    from sqlalchemy.exc import DataError

    from bot.staff.models import StaffAudit

    def refused(**_):
        raise DataError("INSERT INTO garbage_category ...", {}, Exception("value too long for type character varying(64)"))

    monkeypatch.setattr("bot.admin.garbage.replace_city", refused)
    client = browser(console.app)
    sign_in(client, EDITOR)
    answer = upload(client, SAMPLES / "kanazawa", "5374", "kanazawa")
    assert answer.status_code == 400
    assert "データベースに保存できない値があります" in answer.get_data(as_text=True)
    with Session(db) as session:
        assert session.scalars(select(StaffAudit.action)).all()[-1] == "garbage.import.refused"

"""The console's disaster page: an admin starts and ends the mode and sees its reach; editors
open sites and upload the standard CSV (errors line by line, nothing changed); all audited."""
from __future__ import annotations

import io

from sqlmodel import Session, select

from bot.line.richmenu import deploy_menus
from bot.staff.models import StaffAudit
from bot.store import shelters
from bot.store.disasters import current_disaster
from tests.disaster.support import around_station, csv_bytes, site_row
from tests.staff.support import console, db, staff  # noqa: F401 - fixtures
from tests.staff.support import browser, get, make_resident, post, sign_in

ADMIN, EDITOR, VIEWER = "admin@city.example.jp", "editor@city.example.jp", "viewer@city.example.jp"


def page(client) -> str:
    return get(client, "/admin/disaster").get_data(as_text=True)


def upload(client, data: bytes, name: str = "sites.csv"):
    return post(client, "/admin/shelters", {"file": (io.BytesIO(data), name)}, token_from="/admin/disaster",
                content_type="multipart/form-data")


def test_an_admin_starts_and_ends_disaster_mode_and_sees_its_reach(console, db, staff):
    deploy_menus(console.app.extensions["portalbot"].settings, db)
    users = [make_resident(db, f"r{n}") for n in range(3)]
    for user in users:
        console.line.add_user(user)
    client = browser(console.app)
    sign_in(client, ADMIN)
    assert "災害モード：平常時" in page(client)
    answer = post(client, "/admin/disaster/start", {"hazard": "地震", "title": "地震発生", "body": "避難してください"},
                  token_from="/admin/disaster")
    assert answer.status_code == 302
    answer.close()  # the work after the answer
    html = page(client)
    assert "災害モード：実施中（地震）" in html
    assert '<td data-reach="notice-sent">3</td>' in html and '<td data-reach="menu-linked">3</td>' in html
    # A second start is refused with a reason
    again = post(client, "/admin/disaster/start", {"hazard": "地震", "title": "地震発生", "body": "避難"},
                 token_from="/admin/disaster")
    assert again.status_code == 409 and "すでに開始されています" in again.get_data(as_text=True)
    ended = post(client, "/admin/disaster/end", token_from="/admin/disaster")
    ended.close()
    html = page(client)
    assert "災害モード：平常時" in html and '<td data-reach="menu-restored">3</td>' in html
    with Session(db) as session:
        assert current_disaster(session=session) is None
        actions = [a.action for a in session.scalars(select(StaffAudit))]
    assert "console.disaster.start" in actions and "console.disaster.end" in actions


def test_an_unknown_hazard_is_refused(console, db, staff):
    client = browser(console.app)
    sign_in(client, ADMIN)
    answer = post(client, "/admin/disaster/start", {"hazard": "隕石", "title": "t", "body": "b"}, token_from="/admin/disaster")
    assert answer.status_code == 400
    with Session(db) as session:
        assert current_disaster(session=session) is None


def test_only_admins_start_it_and_viewers_change_nothing(console, db, staff):
    editor, viewer = browser(console.app), browser(console.app)
    sign_in(editor, EDITOR)
    sign_in(viewer, VIEWER)
    assert "災害モードを開始する" not in page(editor)
    assert post(editor, "/admin/disaster/start", {"hazard": "地震", "title": "t", "body": "b"},
                token_from="/admin/disaster").status_code == 403
    assert post(viewer, "/admin/shelters", {}, token_from="/admin/disaster").status_code == 403


def test_editors_upload_sites_see_line_errors_and_open_a_site(console, db, staff):
    client = browser(console.app)
    sign_in(client, EDITOR)
    assert upload(client, around_station()).status_code == 302
    assert "駅前広場" in page(client)
    bad = upload(client, csv_bytes([site_row("A", 36.5, 136.6), site_row("B", 36.5, "x")]), "bad.csv")
    assert bad.status_code == 400 and "bad.csv:3: 経度 is not a number: &#39;x&#39;" in bad.get_data(as_text=True)
    with Session(db) as session:
        sites = shelters.all_sites(session=session)
    assert len(sites) == 5
    site = sites[0]
    assert post(client, f"/admin/shelters/{site.id}/open", {"open": "1"}, token_from="/admin/disaster").status_code == 302
    with Session(db) as session:
        assert shelters.get_site(session=session, site_id=site.id).open is True
        actions = [a.action for a in session.scalars(select(StaffAudit).order_by(StaffAudit.id))]
    assert actions[-2:] == ["console.shelters.import", "console.shelter.open"]

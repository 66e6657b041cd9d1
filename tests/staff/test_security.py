"""Security of the console and the API: CSRF, sign-in limits, session renewal, cookies,
roles on every view, bearer tokens, stored hashes, the audit log."""
from __future__ import annotations

import json

import pytest
from argon2 import extract_parameters
from sqlalchemy import select, text
from sqlmodel import Session

from bot.staff import accounts
from bot.staff.models import StaffAccount, StaffAudit, StaffSession, StaffToken
from bot.store.db import session_scope, utcnow
from tests.staff.support import PASSWORD, browser, csrf_of, get, post, session_cookie, sign_in

EDITOR, VIEWER, ADMIN = "editor@city.example.jp", "viewer@city.example.jp", "admin@city.example.jp"


def signed_in(console, email):
    client = browser(console.app)
    assert sign_in(client, email).status_code == 302
    return client


# --- CSRF ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/login", "/admin/notices/new", "/admin/logout", "/admin/tokens", "/admin/garbage"])
def test_a_form_post_without_its_csrf_token_is_refused(console, staff, path):
    client = signed_in(console, EDITOR) if path != "/admin/login" else browser(console.app)
    answer = post(client, path, {"email": EDITOR, "password": PASSWORD, "title": "x", "label": "x"})
    assert answer.status_code == 400
    assert "CSRF" in answer.get_data(as_text=True)
    # nothing happened: still signed in (logout refused), no token issued
    if path != "/admin/login":
        assert get(client, "/admin/notices").status_code == 200
    with Session(console.app.extensions["portalbot"].db) as session:
        assert session.scalars(select(StaffToken)).first() is None


def test_a_csrf_token_from_another_session_is_refused(console, staff):
    mine, theirs = signed_in(console, EDITOR), signed_in(console, VIEWER)
    from tests.staff.support import csrf_of

    stolen = csrf_of(get(theirs, "/admin/tokens").get_data(as_text=True))
    answer = post(mine, "/admin/tokens", {"csrf_token": stolen, "label": "x"})
    assert answer.status_code == 400


def test_the_webhook_and_liff_endpoints_stay_exempt(console):
    # a signed webhook with no CSRF token is accepted
    assert console.post_signed({"destination": "U" + "0" * 32, "events": []}).status_code == 200
    # the LIFF start endpoint answers its own JSON error, not a CSRF refusal
    answer = console.app.test_client().post("/liff/card-link/start", json={"idToken": "nonsense"})
    assert answer.status_code != 400 or "CSRF" not in answer.get_data(as_text=True)


# --- sign-in limits ------------------------------------------------------------------------


def test_wrong_passwords_lock_the_account_even_for_the_right_password(console, staff):
    client = browser(console.app)
    for _ in range(5):
        assert sign_in(client, EDITOR, "wrong password!!").status_code == 401
    answer = sign_in(client, EDITOR)
    assert answer.status_code == 429
    assert "しばらくログインできません" in answer.get_data(as_text=True)
    # another account from another address is not affected
    other = console.app.test_client()
    assert post(other, "/admin/login", {"email": VIEWER, "password": PASSWORD},
                token_from="/admin/login", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302


def test_many_failures_from_one_address_lock_that_address(console, staff):
    client = browser(console.app)
    for n in range(20):  # 20 different (unknown) accounts, one address
        assert sign_in(client, f"nobody{n}@city.example.jp", "wrong password!!").status_code == 401
    assert sign_in(client, ADMIN).status_code == 429


def test_behind_a_trusted_proxy_each_staff_member_is_limited_by_their_own_address(database_url):
    from bot.staff.models import Role
    from tests.staff.support import PUBLIC_URL
    from tests.staff.support import make_staff
    from tests.support.portal import running_portal

    with running_portal(database_url, public_url=PUBLIC_URL, trusted_proxies=1) as portal:
        make_staff(portal.app.extensions["portalbot"].db, EDITOR, Role.EDITOR)

        def from_(address: str):  # every request reaches gunicorn from the proxy at 10.0.0.2
            client = browser(portal.app)
            client.environ_base.update(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=address)
            return client

        for n in range(20):
            sign_in(from_("203.0.113.7"), f"nobody{n}@city.example.jp", "wrong password!!")
        assert sign_in(from_("203.0.113.7"), EDITOR).status_code == 429  # that address is locked
        assert sign_in(from_("198.51.100.4"), EDITOR).status_code == 302  # a colleague is not


def test_failures_are_counted_in_the_database_for_every_worker(console, staff):
    for _ in range(5):  # five separate clients, as five workers would see them
        sign_in(browser(console.app), EDITOR, "wrong password!!")
    assert sign_in(browser(console.app), EDITOR).status_code == 429


# --- sessions and cookies ------------------------------------------------------------------


def test_the_session_id_changes_at_sign_in_and_the_old_one_is_dead(console, staff):
    client = browser(console.app)
    planted_id = "p" * 43  # an id an attacker planted before sign-in (session fixation)
    client.set_cookie("portalbot_staff", planted_id, domain="portal.example.jp", path="/admin")
    assert sign_in(client, EDITOR).status_code == 302
    after = session_cookie(client)
    assert after and after != planted_id
    assert get(client, "/admin/notices").status_code == 200
    planted = browser(console.app)
    planted.set_cookie("portalbot_staff", planted_id, domain="portal.example.jp", path="/admin")
    assert get(planted, "/admin/notices").status_code == 302
    # once signed out, the id is dead
    assert post(client, "/admin/logout", token_from="/admin/notices").status_code == 302
    stale = browser(console.app)
    stale.set_cookie("portalbot_staff", after, domain="portal.example.jp", path="/admin")
    assert get(stale, "/admin/notices").status_code == 302


def test_visitors_who_are_not_signed_in_store_no_session(console, staff):
    """The login page's CSRF token rides in a signed cookie: anonymous requests add no rows."""
    db = console.app.extensions["portalbot"].db
    for _ in range(5):
        page = get(browser(console.app), "/admin/login")
        assert page.status_code == 200
        assert "portalbot_staff_visitor=" in page.headers["Set-Cookie"]
    with Session(db) as session:
        assert session.scalars(select(StaffSession)).all() == []
    client = browser(console.app)
    assert sign_in(client, EDITOR).status_code == 302  # the signed token still checks out
    with Session(db) as session:
        assert len(session.scalars(select(StaffSession)).all()) == 1
    assert post(client, "/admin/logout", token_from="/admin/notices").status_code == 302
    with Session(db) as session:
        assert session.scalars(select(StaffSession)).all() == []


def test_a_tampered_visitor_cookie_is_not_believed(console, staff):
    client = browser(console.app)
    get(client, "/admin/login")
    visitor = client.get_cookie("portalbot_staff_visitor", domain="portal.example.jp", path="/admin")
    token = csrf_of(get(client, "/admin/login").get_data(as_text=True))
    client.set_cookie("portalbot_staff_visitor", visitor.value[:-2] + "xx", domain="portal.example.jp", path="/admin")
    refused = post(client, "/admin/login", {"email": EDITOR, "password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 400 and session_cookie(client) is None


def test_the_clock_deletes_expired_sessions(console, staff):
    from datetime import timedelta

    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.clock import schedule_jobs
    from bot.staff.sessions import forget_expired_sessions

    db = console.app.extensions["portalbot"].db
    signed_in(console, EDITOR)
    signed_in(console, EDITOR)
    with session_scope(db) as session:
        oldest = session.scalars(select(StaffSession)).first()
        oldest.expires_at = utcnow() - timedelta(minutes=1)
    scheduler = BackgroundScheduler(timezone="Asia/Tokyo")
    schedule_jobs(scheduler, engine=db, handle_waiting=lambda: 0)
    [job] = [job for job in scheduler.get_jobs() if job.id == "staff-sessions-forget"]
    assert job.func is forget_expired_sessions
    job.func(*job.args)
    with Session(db) as session:
        assert len(session.scalars(select(StaffSession)).all()) == 1


def test_sessions_live_in_the_database_under_a_digest(console, staff):
    client = signed_in(console, EDITOR)
    sid = session_cookie(client)
    with Session(console.app.extensions["portalbot"].db) as session:
        digests = session.scalars(select(StaffSession.id_digest)).all()
    assert digests and sid not in digests


def test_console_cookies_are_httponly_samesite_and_secure(console):
    cookie = get(browser(console.app), "/admin/login").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie and "Path=/admin" in cookie


def test_development_cookies_are_not_secure(sqlite_url):
    from bot.app import create_app
    from bot.config import Settings

    app = create_app(Settings(database_url=sqlite_url, secret_key="dev", simulator=True))
    cookie = app.test_client().get("/admin/login").headers["Set-Cookie"]
    assert "Secure" not in cookie and "HttpOnly" in cookie


def test_signing_out_ends_the_session(console, staff):
    client = signed_in(console, EDITOR)
    assert post(client, "/admin/logout", token_from="/admin/notices").status_code == 302
    assert get(client, "/admin/notices").status_code == 302


def test_a_disabled_account_is_signed_out(console, staff):
    client = signed_in(console, EDITOR)
    with session_scope(console.app.extensions["portalbot"].db) as session:
        accounts.update_account(session=session, staff_id=staff["editor"], disabled_at=utcnow())
    assert get(client, "/admin/notices").status_code == 302
    assert sign_in(browser(console.app), EDITOR).status_code == 401


def test_next_never_leads_off_the_console(console, staff):
    client = browser(console.app)
    answer = post(client, "/admin/login?next=https://evil.example/", {"email": EDITOR, "password": PASSWORD},
                  token_from="/admin/login")
    assert answer.headers["Location"] == "/admin/notices"


# --- roles on every view -------------------------------------------------------------------

# The least role each console endpoint needs (None: anyone, even signed out). A new view
# missing here fails test_every_console_view_is_listed.
NEEDS = {
    "admin.login": None,
    "admin.static": None,
    "admin.logout": "viewer",
    "admin.home": "viewer",
    "admin.notices": "viewer",
    "admin.notice": "viewer",
    "admin.compose": "editor",
    "admin.cancel": "editor",
    "admin.garbage": "viewer",
    "admin.garbage_upload": "editor",
    "admin.residents": "viewer",
    "admin.tokens": "viewer",
    "admin.issue_token": "viewer",
    "admin.revoke_token": "viewer",
    "admin.staff": "admin",
    "admin.create_staff": "admin",
    "admin.update_staff": "admin",
    "admin.audit_log": "admin",
    "admin.reports_list": "viewer",
    "admin.reports_export": "viewer",
    "admin.report_page": "viewer",
    "admin.report_photo": "viewer",
    "admin.report_status": "editor",
    "admin.disaster": "viewer",
    "admin.disaster_start": "admin",
    "admin.disaster_end": "admin",
    "admin.shelter_open": "editor",
    "admin.shelter_upload": "editor",
}


def console_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method


def concrete(rule) -> str:
    return rule.rule.replace("<int:notice_id>", "1").replace("<int:staff_id>", "1").replace("<int:token_id>", "1").replace("<int:report_id>", "1").replace("<int:site_id>", "1").replace("<path:filename>", "admin.css")


def test_every_console_view_is_listed(console):
    assert {rule.endpoint for rule, _ in console_rules(console.app)} == set(NEEDS)


@pytest.mark.parametrize("who", [None, "viewer", "editor", "admin"])
def test_roles_are_enforced_on_every_view(console, staff, who):
    client = signed_in(console, f"{who}@city.example.jp") if who else browser(console.app)
    rank = {None: -1, "viewer": 0, "editor": 1, "admin": 2}
    for rule, method in console_rules(console.app):
        needed = NEEDS[rule.endpoint]
        if needed is None or rule.endpoint == "admin.logout":
            continue
        path = concrete(rule)
        if method == "GET":
            answer = get(client, path)
        else:  # with a valid CSRF token, so that only the role decides
            answer = post(client, path, {}, token_from="/admin/login" if who is None else "/admin/notices")
        if who is None:
            assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"], (method, path)
        elif rank[who] < rank[needed]:
            assert answer.status_code == 403, (who, method, path, answer.status_code)
        else:
            signed_out = answer.status_code == 302 and "/admin/login" in answer.headers["Location"]
            assert answer.status_code != 403 and not signed_out, (who, method, path, answer.status_code)


# --- the API's tokens ------------------------------------------------------------------------


def issue(console, staff_id: int) -> str:
    with session_scope(console.app.extensions["portalbot"].db) as session:
        return accounts.issue_token(session=session, staff_id=staff_id, now=utcnow())[1]


def api_create(console, token: str | None, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    notice = body or {"kind": "info", "title": "断水のお知らせ", "body": "12月3日に断水します。", "department": "水道局"}
    return console.app.test_client().post("/api/v1/notices", json=notice, headers=headers)


def test_a_viewers_token_may_read_but_not_create(console, staff):
    token = issue(console, staff["viewer"])
    answer = api_create(console, token)
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "forbidden"
    listed = console.app.test_client().get("/api/v1/notices", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200


@pytest.mark.parametrize("token", [None, "pbt_unknown", "garbage", ""])
def test_a_missing_or_unknown_token_is_401(console, staff, token):
    answer = api_create(console, token)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.get_json()["error"]["code"] in ("unauthorized", "invalid_token")


def test_a_revoked_token_is_401(console, staff):
    token = issue(console, staff["editor"])
    assert api_create(console, token).status_code == 201
    client = signed_in(console, EDITOR)
    with Session(console.app.extensions["portalbot"].db) as session:
        token_id = session.scalars(select(StaffToken.id)).one()
    assert post(client, f"/admin/tokens/{token_id}/revoke", token_from="/admin/tokens").status_code == 302
    assert api_create(console, token).status_code == 401


def test_tokens_are_shown_once_and_stored_as_digests(console, staff):
    client = signed_in(console, VIEWER)
    page = post(client, "/admin/tokens", {"label": "集計スクリプト"}, token_from="/admin/tokens")
    assert page.status_code == 201 and page.headers["Cache-Control"] == "no-store"
    token = page.get_data(as_text=True).split('data-testid="issued-token">')[1].split("<")[0]
    assert token.startswith("pbt_") and len(token) > 40
    assert token not in get(client, "/admin/tokens").get_data(as_text=True)
    with Session(console.app.extensions["portalbot"].db) as session:
        row = session.scalars(select(StaffToken)).one()
    assert row.digest == accounts.token_digest(token) and token not in json.dumps(row.model_dump(mode="json"))


def test_another_staff_members_token_cannot_be_revoked_by_a_non_admin(console, staff):
    issue(console, staff["editor"])
    with Session(console.app.extensions["portalbot"].db) as session:
        token_id = session.scalars(select(StaffToken.id)).one()
    viewer = signed_in(console, VIEWER)
    assert post(viewer, f"/admin/tokens/{token_id}/revoke", token_from="/admin/tokens").status_code == 404
    admin = signed_in(console, ADMIN)
    assert post(admin, f"/admin/tokens/{token_id}/revoke", {"back": "staff"}, token_from="/admin/staff").status_code == 302


# --- what is stored ----------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_at_owasp_strength(console, staff):
    with Session(console.app.extensions["portalbot"].db) as session:
        hashes = session.scalars(select(StaffAccount.password_hash)).all()
        everything = session.execute(text("SELECT * FROM staff_account")).all()
    assert len(hashes) == 3
    for stored in hashes:
        assert stored.startswith("$argon2id$")
        parameters = extract_parameters(stored)
        assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2
    assert PASSWORD not in repr(everything)


def test_the_cli_creates_accounts_from_stdin_and_prints_a_token_once(console, database_url):
    from click.testing import CliRunner

    from bot.cli import main

    runner = CliRunner()
    env = {"DATABASE_URL": database_url, "LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", "SECRET_KEY": "k",
           "PORTALBOT_SIMULATOR": ""}
    made = runner.invoke(main, ["staff", "create", "Ops@City.example.jp", "--role", "editor", "--password-stdin"],
                         input="a long enough password\n", env=env)
    assert made.exit_code == 0, made.output
    assert "a long enough password" not in made.output
    short = runner.invoke(main, ["staff", "create", "x@city.example.jp", "--role", "viewer", "--password-stdin"], input="short\n", env=env)
    assert short.exit_code != 0 and "12文字以上" in short.output
    issued = runner.invoke(main, ["staff", "token", "ops@city.example.jp"], env=env)
    assert issued.exit_code == 0, issued.output
    token = issued.output.strip()
    assert api_create(console, token).status_code == 201
    with Session(console.app.extensions["portalbot"].db) as session:
        actions = session.scalars(select(StaffAudit.action).order_by(StaffAudit.id)).all()
    assert actions[:2] == ["staff.create", "token.issue"]


# --- audit log ---------------------------------------------------------------------------------


def test_staff_actions_are_in_the_audit_log_which_only_admins_see(console, staff):
    editor = signed_in(console, EDITOR)
    post(editor, "/admin/tokens", {"label": "x"}, token_from="/admin/tokens")
    sign_in(browser(console.app), VIEWER, "wrong password!!")
    assert get(editor, "/admin/audit").status_code == 403
    admin = signed_in(console, ADMIN)
    page = get(admin, "/admin/audit").get_data(as_text=True)
    for action in ("login", "token.issue", "login.failed"):
        assert f"<code>{action}</code>" in page
    assert EDITOR in page and "wrong password" not in page


@pytest.mark.parametrize("path", ["/admin/login", "/admin/notices", "/liff/card-link", "/liff/card-link/confirm",
                                  "/liff/card-link/result?screen=done", "/card-link/callback?state=x"])
def test_console_and_liff_pages_may_not_be_framed(console, path):
    answer = get(browser(console.app), path)
    assert answer.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert answer.headers["X-Frame-Options"] == "DENY"

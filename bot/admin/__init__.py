"""The staff console at /admin (SPEC §3): sign-in, notices, garbage data, statistics, staff.

`init_staff_console(app, csrf_exempt=...)` sets up what the console and the API need on the
whole app: server-side sessions in the database for signed-in staff only (visitors' login-form
state in a signed cookie; cookies limited to /admin, HttpOnly, SameSite=Lax, Secure outside
development), CSRF protection on every form (Flask-WTF; the
signature-checked webhook, the LIFF and simulator JSON endpoints and the bearer-token API are
exempted by name), and Flask-Login.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from bot.store.db import reading_session
from bot.store.garbage import calendars_ending
from bot.web.pages import forbid_framing

blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")
blueprint.after_request(forbid_framing)

SESSION_LIFETIME = timedelta(hours=8)
UPLOAD_LIMIT = 20 * 1024 * 1024  # garbage data sets; every other request keeps the app's limit


def init_staff_console(app: Flask, *, csrf_exempt: Iterable[Blueprint]) -> None:
    from bot.admin.auth import load_staff
    from bot.staff.sessions import DatabaseSessionInterface

    portal = app.extensions["portalbot"]
    app.config.update(
        SESSION_COOKIE_NAME="portalbot_staff",
        SESSION_COOKIE_PATH="/admin",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not portal.settings.simulator,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    app.session_interface = DatabaseSessionInterface(app, portal.db)

    @app.before_request
    def allow_uploads():  # before CSRFProtect reads the form
        if request.endpoint == "admin.garbage_upload":
            request.max_content_length = UPLOAD_LIMIT

    csrf = CSRFProtect(app)
    for exempt in csrf_exempt:
        csrf.exempt(exempt)

    login = LoginManager(app)
    login.login_view = "admin.login"
    login.login_message = "ログインしてください。"
    login.login_message_category = "info"
    login.session_protection = "basic"
    login.user_loader(load_staff)

    from bot.admin import auth, disaster, garbage, notices, reports, residents, staff  # noqa: F401 - routes

    app.register_blueprint(blueprint)


@blueprint.context_processor
def console_globals() -> dict:
    from flask import current_app

    portal = current_app.extensions["portalbot"]
    return {"portal_name": portal.city.portal_name, "timezone_label": portal.settings.timezone,
            "data_warnings": data_warnings(portal)}


DATA_WARNING_DAYS = 60  # explicit calendars end (a fiscal year): warn this long before


def data_warnings(portal) -> list[str]:
    """Banners on every console page (the notices list is the dashboard) for garbage calendars
    that end within DATA_WARNING_DAYS or have ended: residents are told "data runs only to …"."""
    if not current_user.is_authenticated:
        return []
    today = datetime.now(ZoneInfo(portal.settings.timezone)).date()
    with reading_session(portal.db) as session:  # a page may be inside a unit of work
        ending = calendars_ending(session=session, today=today, within_days=DATA_WARNING_DAYS)
    warnings = []
    for city, last in ending:
        when = f"{last.year}年{last.month}月{last.day}日"
        if last < today:
            warnings.append(f"{city}のごみ収集日データは{when}で終わっています。住民には{when}までのデータしかないと"
                            "案内しています。新しいデータを「ごみ収集データ」から取り込んでください。")
        else:
            warnings.append(f"{city}のごみ収集日データは{when}まで（あと{(last - today).days}日）です。"
                            "期限までに新しいデータを「ごみ収集データ」から取り込んでください。")
    return warnings

"""Driving the staff console as a browser would (Flask test client over https), and making
residents for notices to reach, straight through the store."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session

from bot.notices import dispatch
from bot.notices.models import NoticeKind
from bot.notices.store import Draft, create_notice
from bot.notices.targeting import Target
from bot.staff import accounts
from bot.staff.models import Role
from bot.store import cardlink, residents
from bot.store.db import session_scope, utcnow
from tests.support.portal import TOKEN, running_portal

PASSWORD = "correct horse battery staple"
BASE = "https://portal.example.jp"
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)


def make_staff(engine, email: str, role: Role, *, department: str = "市民局 市民課", password: str = PASSWORD) -> int:
    with session_scope(engine) as session:
        return accounts.create_account(session=session, email=email, password=password, role=role, department=department).id


def browser(app) -> FlaskClient:
    """A client that speaks https, as the console's Secure cookies need."""
    return app.test_client()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def get(client: FlaskClient, path: str, **kwargs):
    return client.get(path, base_url=BASE, **kwargs)


def post(client: FlaskClient, path: str, data: dict | None = None, *, token_from: str | None = None, **kwargs):
    """POST a form as the browser would: with the CSRF token of the page it came from."""
    data = dict(data or {})
    if token_from is not None:
        data["csrf_token"] = csrf_of(get(client, token_from).get_data(as_text=True))
    return client.post(path, data=data, base_url=BASE, headers={"Referer": BASE + (token_from or path)}, **kwargs)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    return post(client, "/admin/login", {"email": email, "password": password}, token_from="/admin/login")


def session_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie("portalbot_staff", domain="portal.example.jp", path="/admin")
    return cookie.value if cookie else None


def make_resident(
    engine,
    name: str,
    *,
    ward: str | None = None,
    age: str | None = None,
    interests: tuple[str, ...] = (),
    area_id: int | None = None,
    linked: bool = False,
    following: bool = True,
    registered: bool = True,
    language: str | None = None,
) -> str:
    """A resident (registered by default) reading `language`, optionally with an open postbox;
    returns the LINE user id."""
    from devtools.standin.state import user_id_for

    user = user_id_for(name)
    with session_scope(engine) as session:
        resident = residents.lock_resident(session=session, line_user_id=user)
        if registered:
            residents.register(session=session, resident=resident, nickname=name[:20], age_group=age, ward=ward,
                               interests=list(interests), now=NOW)
        resident.following = following
        resident.garbage_area_id = area_id
        resident.language = language
        session.add(resident)
        session.flush()
        if linked:
            cardlink.link_card(session=session, resident_id=resident.id, xid_subject=f"xid-{name}", now=NOW)
            cardlink.consent_to_postbox(session=session, resident_id=resident.id, now=NOW)
    return user


def resident_id(engine, user: str) -> int:
    with Session(engine) as session:
        return residents.find_resident(session=session, line_user_id=user).id




def make_area(engine, name: str, top_level: str = "中区", city: str = "testcity") -> int:
    """A garbage collection area (the minimum of an imported city), for targeting by area."""
    from sqlalchemy import select

    from bot.store.garbage import GarbageArea, GarbageCity

    with session_scope(engine) as session:
        found = session.scalars(select(GarbageCity).where(GarbageCity.code == city)).first()
        if found is None:
            found = GarbageCity(code=city, name=city, data_format="calendar")
            session.add(found)
            session.flush()
        area = GarbageArea(city_id=found.id, key=f"{top_level}/{name}", top_level=top_level, name=name, search_key=name)
        session.add(area)
        session.flush()
        return area.id


def fast_deliverer(engine, line_url: str, token: str):
    """The delivery engine with quick retries, for tests that inject faults."""
    from bot.delivery import Backoff, Deliverer, MulticastClient, RateLimiter

    client = MulticastClient(line_url, token, timeout=15.0, connections=2)  # no spurious timeouts under load
    return Deliverer(engine, client, limiter=RateLimiter(None), backoff=Backoff(base=0.01, cap=0.05, max_attempts=6), threads=2)


# --- fixtures (the staff conftest and other directories' tests use them) -------------------
PUBLIC_URL = "https://portal.example.jp"


@pytest.fixture
def console(database_url):
    with running_portal(database_url, public_url=PUBLIC_URL) as portal:
        yield portal
        refused = [r for r in portal.rejected_requests() if r.status < 500 and r.status not in (409, 429)]
        assert refused == [], "the bot sent requests LINE would reject"  # (injected 5xx/409/429 aside)


@pytest.fixture
def db(console):
    return console.app.extensions["portalbot"].db


@pytest.fixture
def staff(db) -> dict[str, int]:
    """One account per role: admin@, editor@, viewer@city.example.jp."""
    return {role.value: make_staff(db, f"{role.value}@city.example.jp", role) for role in Role}


def create(db, city, *, kind=NoticeKind.POST, target=Target(), send_at=None, title="国民健康保険料の納付について",
           body="納付書を郵便受けに送りました。", now=None, translations=None) -> int:
    with session_scope(db) as session:
        draft = Draft(kind=kind, title=title, body=body, department="市民局 保険年金課", target=target, send_at=send_at,
                      translations=translations or {})
        return create_notice(session=session, draft=draft, city=city, staff_id=None, now=now or utcnow()).id


def send_due(console, db, **kwargs):
    return dispatch.dispatch_due(engine=db, settings=console.app.extensions["portalbot"].settings,
                                 deliverer=fast_deliverer(db, console.url, TOKEN), **kwargs)

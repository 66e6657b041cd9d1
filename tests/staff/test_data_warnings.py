"""Garbage calendars that run out are caught before residents see it: a banner on every console
page (the notices list is the dashboard) from 60 days before the last date, and after it."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.staff.models import Role
from tests.garbage_flows.support import import_city, small_city
from tests.staff.support import browser, get, make_staff, sign_in


def today():
    return datetime.now(ZoneInfo("Asia/Tokyo")).date()


def calendar_until(db, last):
    data = replace(small_city(("北区", "北町", "きたまち")), covers_from=last - timedelta(days=364), covers_until=last)
    import_city(db, data)


def banners(console, path="/admin/notices") -> str:
    client = browser(console.app)
    sign_in(client, "viewer@city.example.jp")
    page = get(client, path).get_data(as_text=True)
    return "\n".join(line for line in page.splitlines() if "data-warning" in line)


@pytest.fixture
def viewer(db):
    make_staff(db, "viewer@city.example.jp", Role.VIEWER)


def test_a_calendar_ending_within_60_days_is_announced_on_every_page(console, db, viewer):
    last = today() + timedelta(days=30)
    calendar_until(db, last)
    for path in ("/admin/notices", "/admin/garbage"):
        shown = banners(console, path)
        assert f"小さな市のごみ収集日データは{last.year}年{last.month}月{last.day}日まで（あと30日）" in shown


def test_a_calendar_ending_later_is_not_announced(console, db, viewer):
    calendar_until(db, today() + timedelta(days=61))
    assert banners(console) == ""


def test_a_calendar_that_ended_says_so(console, db, viewer):
    last = today() - timedelta(days=1)
    calendar_until(db, last)
    assert f"{last.year}年{last.month}月{last.day}日で終わっています" in banners(console)


def test_weekday_rules_never_run_out(console, db, viewer):
    import_city(db, small_city(("北区", "北町", "きたまち")))  # no explicit calendar: no end
    assert banners(console) == ""

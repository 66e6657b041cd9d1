"""Done when (issue 4): a resident sets the area, turns 前日 on at 19:30 through the
datetimepicker, and `portalbot reminders run --at <the evening before>T19:30+09:00` delivers
exactly one correct reminder; a second run, a day without collection, OFF, or an unfollowed
resident get nothing. Through /callback, the CLI and the validating stand-in of LINE."""
from __future__ import annotations

from datetime import date, timedelta

from click.testing import CliRunner
from sqlmodel import Session

from bot.chat import texts
from bot.reminders.cli import reminders_group
from bot.runtime import Runtime
from devtools.standin.state import user_id_for
from bot.store import garbage
from tests.reminders.support import collecting

EVENING = "2026-12-01T19:30+09:00"  # before Wednesday 2 December 2026


def reminders_run(portal, at: str):
    bot = portal.app.extensions["portalbot"]
    runtime = Runtime(bot.settings, _engine=bot.db)
    result = CliRunner().invoke(reminders_group, ["run", "--at", at], obj=runtime)
    assert result.exception is None, result.output
    return result.output


def multicasts(portal, user_id: str) -> list[dict]:
    return [entry["message"] for entry in portal.line.timeline(user_id) if entry["via"] == "multicast"]


def choose_area_and_turn_on(portal, user_id: str, area_name: str) -> None:
    line = portal.line
    line.add_user(user_id, "住民")
    line.follow(user_id)
    line.text(user_id, texts.GARBAGE_AREA)
    line.text(user_id, area_name)
    portal.tap(user_id, texts.DECIDE)
    portal.tap(user_id, texts.GARBAGE_REMINDERS)
    portal.tap(user_id, texts.DAY_BEFORE_ON)
    portal.tap(user_id, texts.DAY_BEFORE_TIME, {"time": "19:30"})
    assert "前日の通知時間を19:30にしました。" in portal.texts_for(user_id)[-2]


def test_a_resident_gets_exactly_one_reminder_the_evening_before(kanazawa_portal):
    portal = kanazawa_portal
    engine = portal.app.extensions["portalbot"].db
    wednesday = collecting(engine, date(2026, 12, 2))
    with Session(engine) as session:
        names = {a.id: a.name for a in garbage.areas_under(session=session, top_level=None)}
    area_id, labels = next((area, labels) for area, labels in sorted(wednesday.items()))
    resident = user_id_for("resident")
    choose_area_and_turn_on(portal, resident, names[area_id])

    output = reminders_run(portal, EVENING)
    assert "1 reminders sent now" in output
    [reminder] = multicasts(portal, resident)
    title = "【明日のごみ】12月2日(水) " + "・".join(labels)
    assert reminder["altText"] == title and reminder["contents"]["body"]["contents"][0]["text"] == title
    # ごみの捨て方 on the reminder opens the sorting guide
    portal.tap(resident, texts.GARBAGE_SORTING)
    assert "品目名を入力してください" in portal.texts_for(resident)[-1]
    portal.line.text(resident, texts.CANCEL)

    # A second run sends nothing more
    assert "already done, nothing sent" in reminders_run(portal, EVENING)
    assert len(multicasts(portal, resident)) == 1

    # A day without a collection in the area: nothing
    quiet = next(d for d in (date(2026, 12, 3) + timedelta(days=n) for n in range(14))
                 if area_id not in collecting(engine, d))
    reminders_run(portal, f"{quiet - timedelta(days=1)}T19:30+09:00")
    assert len(multicasts(portal, resident)) == 1

    # Turned OFF: nothing
    next_day = next(d for d in (date(2026, 12, 3) + timedelta(days=n) for n in range(14))
                    if area_id in collecting(engine, d))
    portal.line.text(resident, texts.DAY_BEFORE_OFF)
    reminders_run(portal, f"{next_day - timedelta(days=1)}T19:30+09:00")
    assert len(multicasts(portal, resident)) == 1

    # Unfollowed (blocked): nothing, and no request that names them
    portal.line.text(resident, texts.DAY_BEFORE_ON)
    portal.line.unfollow(resident)
    later = next(d for d in (next_day + timedelta(days=n) for n in range(1, 15)) if area_id in collecting(engine, d))
    before = len(portal.line.all_requests)
    reminders_run(portal, f"{later - timedelta(days=1)}T19:30+09:00")
    assert not any(resident in (r.json or {}).get("to", []) for r in portal.line.all_requests[before:])
    assert len(multicasts(portal, resident)) == 1

"""Resident statistics: aggregate counts only — no resident is listed or can be looked up."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_login import login_required
from sqlalchemy import func, select
from sqlmodel import Session

from bot.admin import blueprint
from bot.admin.auth import db
from bot.notices.targeting import Target, matching
from bot.store.cardlink import CardLink
from bot.store.garbage import GarbageArea
from bot.store.models import Resident
from bot.store.reminders import ReminderSetting


@dataclass
class ResidentStatistics:
    following: int = 0
    registered: int = 0
    linked: int = 0
    postbox_open: int = 0
    with_area: int = 0
    by_ward: list[tuple[str, int]] = field(default_factory=list)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_interest: list[tuple[str, int]] = field(default_factory=list)
    by_top_level: list[tuple[str, int, list[tuple[str, int]]]] = field(default_factory=list)
    reminders: list[tuple[str, int]] = field(default_factory=list)


def _count(session: Session, query) -> int:
    return session.scalar(query) or 0


def statistics(*, session: Session, wards, age_groups, interests) -> ResidentStatistics:
    registered = Resident.registered_at.is_not(None)
    stats = ResidentStatistics(
        following=_count(session, select(func.count()).where(Resident.following.is_(True))),
        registered=_count(session, select(func.count()).where(registered)),
        linked=_count(session, select(func.count()).select_from(CardLink)),
        postbox_open=_count(session, select(func.count()).select_from(CardLink).where(CardLink.postbox_consented_at.is_not(None))),
        with_area=_count(session, select(func.count()).where(Resident.garbage_area_id.is_not(None))),
    )
    for column, known, into in ((Resident.ward, wards, stats.by_ward), (Resident.age_group, age_groups, stats.by_age)):
        counted = dict(session.execute(select(column, func.count()).where(registered).group_by(column)).all())
        into.extend((value, counted.get(value, 0)) for value in known)
        into.append(("未設定", sum(n for value, n in counted.items() if value not in known)))
    for tag in interests:  # one indexed count per tag; a city has at most eleven
        stats.by_interest.append((tag, reach_all(session, Target(interests=(tag,)))))
    query = (
        select(GarbageArea.top_level, GarbageArea.name, func.count(Resident.id))
        .join(Resident, Resident.garbage_area_id == GarbageArea.id)
        .group_by(GarbageArea.top_level, GarbageArea.name)
        .order_by(GarbageArea.top_level, func.count(Resident.id).desc(), GarbageArea.name)
    )
    levels: dict[str, list[tuple[str, int]]] = {}
    for top_level, name, count in session.execute(query):
        levels.setdefault(top_level or "（地区なし）", []).append((name, count))
    stats.by_top_level = [(level, sum(n for _, n in areas), areas) for level, areas in levels.items()]
    stats.reminders = _reminders(session)
    return stats


def _reminders(session: Session) -> list[tuple[str, int]]:
    """How many use 前日 / 当日 reminders, and at which times (the most common first)."""
    rows = [("前日の通知 ON", _count(session, select(func.count()).where(ReminderSetting.day_before_on.is_(True)))),
            ("当日の通知 ON", _count(session, select(func.count()).where(ReminderSetting.same_day_on.is_(True))))]
    for label, on, at in (("前日", ReminderSetting.day_before_on, ReminderSetting.day_before_time),
                          ("当日", ReminderSetting.same_day_on, ReminderSetting.same_day_time)):
        query = select(at, func.count()).where(on.is_(True)).group_by(at).order_by(func.count().desc(), at).limit(5)
        rows += [(f"{label} {time:%H:%M}", count) for time, count in session.execute(query)]
    return rows


def reach_all(session: Session, target: Target) -> int:
    """Registered residents matching, followers or not."""
    query = matching(select(func.count(Resident.id)).where(Resident.registered_at.is_not(None)), target, session.get_bind().dialect.name)
    return _count(session, query)


@blueprint.get("/residents")
@login_required
def residents():
    city = current_app.extensions["portalbot"].city
    with db() as s:
        stats = statistics(session=s, wards=city.wards, age_groups=city.age_groups, interests=city.interests)
    return render_template("admin/residents.html", stats=stats)


"""Whom a notice reaches: everyone, or residents matching wards, areas, interests, age groups.

Criteria combine as "all of the kinds given, any value within a kind": wards 中区 or 南区,
and interested in 子育て. No criteria means every resident who follows the account (お知らせ)
or every open postbox (POST). Residents who blocked the account are never pushed to.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, literal, select
from sqlalchemy.sql import Select
from sqlmodel import Session

from bot.chat.language import LANGUAGES, known
from bot.city import City
from bot.notices.models import NoticeKind
from bot.store.cardlink import CardLink
from bot.store.garbage import GarbageArea
from bot.store.models import Resident


@dataclass(frozen=True)
class Target:
    wards: tuple[str, ...] = ()
    area_ids: tuple[int, ...] = ()
    interests: tuple[str, ...] = ()
    age_groups: tuple[str, ...] = ()

    @property
    def everyone(self) -> bool:
        return not (self.wards or self.area_ids or self.interests or self.age_groups)

    def as_json(self) -> dict[str, Any]:
        return {
            "wards": list(self.wards),
            "area_ids": list(self.area_ids),
            "interests": list(self.interests),
            "age_groups": list(self.age_groups),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> "Target":
        raw = raw or {}
        return cls(
            wards=tuple(raw.get("wards") or ()),
            area_ids=tuple(int(a) for a in raw.get("area_ids") or ()),
            interests=tuple(raw.get("interests") or ()),
            age_groups=tuple(raw.get("age_groups") or ()),
        )


def target_problems(target: Target, *, city: City, session: Session) -> list[str]:
    """What in the target the city does not know (an unknown ward, tag, age group or area)."""
    problems = []
    for name, values, known in (
        ("wards", target.wards, city.wards),
        ("interests", target.interests, city.interests),
        ("age_groups", target.age_groups, city.age_groups),
    ):
        unknown = [v for v in values if v not in known]
        if unknown:
            problems.append(f"{name}: unknown {', '.join(map(str, unknown))}")
    if target.area_ids:
        found = set(session.scalars(select(GarbageArea.id).where(GarbageArea.id.in_(target.area_ids), GarbageArea.retired_at.is_(None))))
        missing = [a for a in target.area_ids if a not in found]
        if missing:
            problems.append(f"area_ids: unknown {', '.join(map(str, missing))}")
    return problems


def matching(query: Select, target: Target, dialect: str) -> Select:
    """Narrow a query over residents to those matching the target."""
    if target.wards:
        query = query.where(Resident.ward.in_(target.wards))
    if target.area_ids:
        query = query.where(Resident.garbage_area_id.in_(target.area_ids))
    if target.age_groups:
        query = query.where(Resident.age_group.in_(target.age_groups))
    if target.interests:
        elements = func.json_array_elements_text if dialect == "postgresql" else func.json_each
        tags = elements(Resident.interests).table_valued("value").alias("tag")
        query = query.where(exists(select(literal(1)).select_from(tags).where(tags.c.value.in_(target.interests))))
    return query


def recipients_query(kind: NoticeKind, target: Target, dialect: str, *columns) -> Select:
    """Residents it reaches (their ids, or `columns`): followers (お知らせ), or open postboxes
    (POST), matching the target."""
    query = select(*(columns or (Resident.id,)))
    if kind is NoticeKind.POST:
        query = query.join(CardLink, CardLink.resident_id == Resident.id).where(
            CardLink.postbox_consented_at.is_not(None), Resident.registered_at.is_not(None)
        )
    else:
        query = query.where(Resident.following.is_(True))
    return matching(query, target, dialect)


def reach(*, session: Session, kind: NoticeKind, target: Target) -> int:
    """How many residents the notice would reach if sent now."""
    query = recipients_query(kind, target, session.get_bind().dialect.name).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


def reach_by_language(*, session: Session, kind: NoticeKind, target: Target) -> dict[str, int]:
    """How many of them read each language (those with none of their own read Japanese), in
    the order of LANGUAGES; languages nobody reads are left out."""
    query = recipients_query(kind, target, session.get_bind().dialect.name, Resident.language).subquery()
    found: Counter[str] = Counter()
    for code, count in session.execute(select(query.c.language, func.count()).group_by(query.c.language)):
        found[known(code)] += count
    return {code: found[code] for code in LANGUAGES if found[code]}

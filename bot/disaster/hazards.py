"""The hazards of the national standard (自治体標準オープンデータセット「指定緊急避難場所一覧」).

A site is designated per hazard; each has a column `災害種別_<hazard>` in the standard CSV.
The names here are the standard's; staff may also use the everyday words in ALIASES.
"""
from __future__ import annotations

HAZARDS = ("洪水", "崖崩れ、土石流及び地滑り", "高潮", "地震", "津波", "大規模な火事", "内水氾濫", "火山現象")
ALIASES = {"土砂災害": "崖崩れ、土石流及び地滑り", "火事": "大規模な火事", "火災": "大規模な火事", "噴火": "火山現象"}
SHORT = {"崖崩れ、土石流及び地滑り": "土砂災害"}  # how a carousel names it


def hazard_named(name: str) -> str | None:
    """The standard's name of a hazard given by its name or an everyday word; None if unknown."""
    name = name.strip()
    if name in HAZARDS:
        return name
    return ALIASES.get(name)


def shown(hazard: str) -> str:
    return SHORT.get(hazard, hazard)


def known_hazards() -> str:
    """For error messages: what may be given."""
    return "、".join(HAZARDS + tuple(ALIASES))

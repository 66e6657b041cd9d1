"""The city's own settings: names, wards, links, interest tags (CITY_CONFIG)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SAMPLE = Path(__file__).parent / "data" / "city.yml"


@dataclass(frozen=True)
class City:
    portal_name: str
    city_name: str
    terms_url: str
    privacy_url: str
    wards: tuple[str, ...]
    age_groups: tuple[str, ...]
    interests: tuple[str, ...]


@lru_cache(maxsize=8)
def load_city(path: str | None = None) -> City:
    raw = yaml.safe_load(Path(path or SAMPLE).read_text(encoding="utf-8"))
    city = City(
        portal_name=raw["portal_name"],
        city_name=raw["city_name"],
        terms_url=raw["terms_url"],
        privacy_url=raw.get("privacy_url", raw["terms_url"]),
        wards=tuple(raw.get("wards", ())),
        age_groups=tuple(raw["age_groups"]),
        interests=tuple(raw.get("interests", ())),
    )
    # Each list is shown as quick replies beside スキップ/完了 and キャンセル (LINE allows 13).
    for name in ("wards", "age_groups", "interests"):
        if len(getattr(city, name)) > 11:
            raise ValueError(f"{path or SAMPLE}: at most 11 {name} fit in quick replies")
    return city

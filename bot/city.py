"""The city's own settings: names, wards, links, interest tags, procedure catalogue (CITY_CONFIG)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.chat.language import LANGUAGES, current

log = logging.getLogger(__name__)

SAMPLE = Path(__file__).parent / "data" / "city.yml"
# まちの通報's categories when the city file names none.
REPORT_CATEGORIES = ("道路・歩道", "公園", "街路灯", "ごみの不法投棄", "その他")


@dataclass(frozen=True)
class Procedure:
    """One online application procedure of the catalogue (SPEC §2.6)."""

    id: str
    title: str
    summary: str
    url: str
    tags: tuple[str, ...]
    age_groups: tuple[str, ...] = ()  # audience; empty means everyone
    wards: tuple[str, ...] = ()

    def suits(self, *, age_group: str | None, ward: str | None) -> bool:
        """Whether the resident is in the audience (an unset age or ward excludes no one)."""
        return (not self.age_groups or age_group is None or age_group in self.age_groups) and (
            not self.wards or ward is None or ward in self.wards
        )


@dataclass(frozen=True)
class City:
    portal_name: str
    city_name: str
    terms_url: str
    privacy_url: str
    wards: tuple[str, ...]
    age_groups: tuple[str, ...]
    interests: tuple[str, ...]
    application_service: str = ""
    procedures: tuple[Procedure, ...] = ()
    report_categories: tuple[str, ...] = REPORT_CATEGORIES
    # The city's own words in other languages (`languages:` in the city file): language code →
    # {Japanese word → its translation} for the portal and city names, interests, report
    # categories. What is stored and matched stays Japanese; `said` is for showing.
    words: dict[str, dict[str, str]] = field(default_factory=dict, hash=False, compare=False)

    def said(self, word: str) -> str:
        """One of the city's words in the language of the turn, or as the city file has it."""
        return self.words.get(current(), {}).get(word, word)


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
        report_categories=tuple(raw.get("report_categories") or REPORT_CATEGORIES),
        words=_words(raw, path or SAMPLE),
        **_catalogue(Path(path or SAMPLE), raw.get("procedures")),
    )
    # Each list is shown as quick replies beside スキップ/完了 and キャンセル (LINE allows 13).
    for name in ("wards", "age_groups", "interests", "report_categories"):
        if len(getattr(city, name)) > 11:
            raise ValueError(f"{path or SAMPLE}: at most 11 {name} fit in quick replies")
    if any(len(category) > 20 for category in city.report_categories):
        raise ValueError(f"{path or SAMPLE}: a report category is a quick reply label: 20 characters at most")
    _check_catalogue(city, path or SAMPLE)
    return city


def _words(raw: dict, path: str | Path) -> dict[str, dict[str, str]]:
    """`languages:` of the city file: per language, its names and a `words:` map of the
    interests and report categories. A word the file no longer uses is ignored (and logged)."""
    own = {raw["portal_name"], raw["city_name"], *raw.get("interests", ()), *(raw.get("report_categories") or REPORT_CATEGORIES)}
    found: dict[str, dict[str, str]] = {}
    for code, given in (raw.get("languages") or {}).items():
        if code not in LANGUAGES or code == "ja":
            raise ValueError(f"{path}: languages: {code!r} is not one of {', '.join(c for c in LANGUAGES if c != 'ja')}")
        words = {japanese: str(shown) for japanese, shown in (given.get("words") or {}).items()}
        for key in ("portal_name", "city_name"):
            if given.get(key):
                words[raw[key]] = str(given[key])
        unknown = sorted(set(words) - own)
        if unknown:  # a word the lists no longer hold: harmless, but the city should know
            log.warning("%s: languages: %s: %s is not a name, interest or report category of the city; ignored",
                        path, code, ", ".join(unknown))
        too_long = sorted(shown for japanese, shown in words.items() if len(shown) > 20 and japanese not in (raw["portal_name"], raw["city_name"]))
        if too_long:
            raise ValueError(f"{path}: languages: {code}: a quick reply label is 20 characters at most: {', '.join(too_long)}")
        found[code] = words
    return found


def _catalogue(city_file: Path, catalogue: str | dict | None) -> dict:
    """The procedure catalogue: inline in the city file, or a file named relative to it."""
    if catalogue is None:
        return {}
    if isinstance(catalogue, str):
        catalogue = yaml.safe_load((city_file.parent / catalogue).read_text(encoding="utf-8"))
    base = catalogue["service_url"].rstrip("/")
    procedures = tuple(
        Procedure(
            id=str(item["id"]),
            title=item["title"],
            summary=item["summary"],
            url=item.get("url") or f"{base}/{item['id']}",
            tags=tuple(item.get("tags", ())),
            age_groups=tuple((item.get("audience") or {}).get("age_groups", ())),
            wards=tuple((item.get("audience") or {}).get("wards", ())),
        )
        for item in catalogue["procedures"]
    )
    return {"application_service": catalogue["service_name"], "procedures": procedures}


def _check_catalogue(city: City, path) -> None:
    ids = [procedure.id for procedure in city.procedures]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: procedure ids must be unique")
    for procedure in city.procedures:
        unknown = (
            set(procedure.tags) - set(city.interests),
            set(procedure.age_groups) - set(city.age_groups),
            set(procedure.wards) - set(city.wards),
        )
        if any(unknown):
            raise ValueError(f"{path}: procedure {procedure.id} names unknown tags, ages or wards: {unknown}")
        if not procedure.url.startswith("https://"):
            raise ValueError(f"{path}: procedure {procedure.id} needs an https URL")

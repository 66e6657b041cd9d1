"""Reading an explicit-calendar directory (Hiroshima's 家庭ごみ収集日程表 open data).

Per ward N: `1-N家庭ごみ収集日（区）.csv` (a row per day `#2025-04-01#,"火",…`, a column per
collection group, cells 可燃/リプラ/他プラ/資源/不燃), `1-N大型ごみ収集日（区）.csv` (the same for
大型; optional), and `3-N区町名.csv` (`町名,よみ,グループ`). A town is an area under its ward;
the towns of one (ward, group) share one schedule. Holidays and the year-end break are already
in the dates, so there are no suspensions to apply. `translations.csv` (optional) names the
categories in other languages (bot/garbage/translations.py).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


from bot.garbage import limits
from bot.garbage.csvfiles import check_width, quoted_rows
from bot.garbage.dataset import AreaRecord, CityData
from bot.garbage.problems import Problems
from bot.garbage.readings import add_readings
from bot.garbage.schedule import WEEKDAY_NAMES, Category, CategorySchedule, Schedule
from bot.garbage.translations import read_translations

FORMAT = "calendar"
_MORE = "詳しくは市の「ごみの分け方・出し方」をご確認ください。"
# Cell abbreviation → category, in the order residents see them. The how-to texts are general
# guidance; the city's own guide has the details.
CATEGORIES = {
    "可燃": Category("可燃", "可燃ごみ", colour="#e8542d", how_to=(
        "生ごみ・紙くず・木くずなど燃えるごみです。生ごみは水気をよく切り、"
        "中身の見える袋に入れて、収集日の朝、決められた場所に出してください。" + _MORE)),
    "リプラ": Category("リプラ", "リサイクルプラ", colour="#2a8fd6", how_to=(
        "プラマークのあるプラスチック製の容器・包装（袋、トレイ、ボトルなど）です。"
        "中身を使い切り、汚れを軽くすすいで出してください。" + _MORE)),
    "他プラ": Category("他プラ", "その他プラ", colour="#f2a516", how_to=(
        "リサイクルプラ以外のプラスチック類（汚れの落ちない容器、プラスチック製品など）です。" + _MORE)),
    "資源": Category("資源", "資源ごみ", colour="#4caf50", how_to=(
        "びん・缶・ペットボトル・古紙などです。中身を空にして、びん・缶・ペットボトルは"
        "軽くすすいでから出してください。" + _MORE)),
    "不燃": Category("不燃", "不燃ごみ", colour="#7b4fa0", how_to=(
        "金属・ガラス・陶磁器など燃えないごみです。割れ物や刃物は紙などで包み、"
        "「キケン」と書いて出してください。" + _MORE)),
    "大型": Category("大型", "大型ごみ", colour="#8d6e63", how_to=(
        "家具・自転車など大きなごみです。事前の申し込みが必要です（有料）。"
        "申し込みで案内された日に出してください。" + _MORE)),
}
# translations.csv may name a category by its cell (可燃) or by the name residents see (可燃ごみ).
_CATEGORY_NAMES = {**{c.label: c.key for c in CATEGORIES.values()}, **{key: key for key in CATEGORIES}}
_KNOWN_CATEGORIES = "one of " + "、".join(f"{c.key}（{c.label}）" for c in CATEGORIES.values())
_HOUSEHOLD = re.compile(r"1-(\d+)家庭ごみ収集日[（(](.+)[）)]\.csv")
_BULKY = re.compile(r"1-(\d+)大型ごみ収集日[（(](.+)[）)]\.csv")
_TOWNS = re.compile(r"3-(\d+)(.+)町名\.csv")
_ACCESS_DATE = re.compile(r"#(\d{4})[-/](\d{1,2})[-/](\d{1,2})#")


@dataclass
class _Ward:
    number: int
    name: str = ""
    calendars: list[Path] = field(default_factory=list)
    towns: Path | None = None


def read_calendar(directory: Path, *, code: str, name: str) -> CityData:
    """Everything in the directory, or GarbageDataError naming every problem found."""
    problems = Problems()
    limits.check_city(problems, code, name)
    wards = _find_wards(Path(directory), problems)
    problems.raise_if_any()
    schedules: dict[str, Schedule] = {}
    areas: list[AreaRecord] = []
    all_days: list[date] = []
    for ward in wards:
        groups: dict[int, dict[str, set[date]]] = {}
        for path in ward.calendars:
            all_days += _read_calendar_file(path, groups, problems)
        for group, by_category in sorted(groups.items()):
            schedules[f"{ward.name}:{group}"] = Schedule(categories=tuple(
                CategorySchedule(category=c, dates=frozenset(by_category[c.key]))
                for c in CATEGORIES.values() if by_category.get(c.key)
            ))
        areas += _read_towns(ward, set(groups), problems)
    areas, reading_report = add_readings(areas, Path(directory), problems)
    translations = read_translations(Path(directory), _CATEGORY_NAMES, problems, known=_KNOWN_CATEGORIES)
    problems.raise_if_any()
    return CityData(
        code=code,
        name=name,
        data_format=FORMAT,
        categories=list(CATEGORIES.values()),
        schedules=schedules,
        areas=areas,
        covers_from=min(all_days, default=None),
        covers_until=max(all_days, default=None),
        readings=reading_report,
    ).with_translations(translations)


def _find_wards(directory: Path, problems: Problems) -> list[_Ward]:
    wards: dict[int, _Ward] = {}
    for path in sorted(directory.glob("*.csv")):
        filename = unicodedata.normalize("NFC", path.name)  # macOS may hand us decomposed names
        for pattern in (_HOUSEHOLD, _BULKY, _TOWNS):
            if match := pattern.fullmatch(filename):
                if not limits.fits(problems, filename, None, "ward", match[2], limits.TOP_LEVEL):
                    continue
                ward = wards.setdefault(int(match[1]), _Ward(int(match[1])))
                if ward.name and ward.name != match[2]:
                    problems.add(filename, None, f"ward {ward.number} is called 「{ward.name}」 elsewhere")
                ward.name = ward.name or match[2]
                if pattern is _TOWNS:
                    ward.towns = path
                elif pattern is _HOUSEHOLD:
                    ward.calendars.insert(0, path)
                else:
                    ward.calendars.append(path)
    if not wards:
        problems.add(str(directory), None, "no 1-N家庭ごみ収集日（区）.csv / 3-N区町名.csv files")
    for ward in wards.values():
        if ward.towns is None:
            problems.add(f"3-{ward.number}{ward.name}町名.csv", None, "missing: the towns of this ward")
        if not any(_HOUSEHOLD.fullmatch(unicodedata.normalize("NFC", p.name)) for p in ward.calendars):
            problems.add(f"1-{ward.number}家庭ごみ収集日（{ward.name}）.csv", None, "missing: this ward's calendar")
    return [wards[n] for n in sorted(wards)]


def _read_calendar_file(path: Path, groups: dict[int, dict[str, set[date]]], problems: Problems) -> list[date]:
    """Adds each cell's date to groups[group][category]; returns the days the file covers."""
    rows = quoted_rows(path, problems)
    if not rows:
        problems.add(path.name, None, "empty: no header")
        return []
    (header_line, header), body = rows[0], rows[1:]
    columns: list[int] = []
    for cell in header[2:]:
        if cell.strip().isdigit():
            columns.append(int(cell))
        else:
            problems.add(path.name, header_line, f"group column 「{cell}」 is not a number")
    days = []
    for number, cells in check_width(path, body, len(header), problems):
        day = _access_date(cells[0])
        if day is None:
            problems.add(path.name, number, f"bad date 「{cells[0]}」 (expected #YYYY-MM-DD#)")
            continue
        weekday = cells[1].strip()
        if weekday not in WEEKDAY_NAMES or len(weekday) != 1:
            problems.add(path.name, number, f"unknown weekday 「{weekday}」")
        elif WEEKDAY_NAMES.index(weekday) != day.weekday():
            problems.add(path.name, number, f"{day} is a {WEEKDAY_NAMES[day.weekday()]}曜, not {weekday}曜")
        days.append(day)
        for group, cell in zip(columns, cells[2:]):
            value = cell.strip()
            if not value:
                continue
            if value not in CATEGORIES:
                problems.add(path.name, number, f"unknown category 「{value}」 in group {group}")
                continue
            groups.setdefault(group, {}).setdefault(value, set()).add(day)
        for group in columns:
            groups.setdefault(group, {})
    return days


def _read_towns(ward: _Ward, groups: set[int], problems: Problems) -> list[AreaRecord]:
    path = ward.towns
    rows = quoted_rows(path, problems)[1:]
    towns = []
    seen = set()
    for number, cells in check_width(path, rows, 3, problems):
        town, reading, group = (c.strip() for c in cells)
        if not town:
            problems.add(path.name, number, "empty town name")
        elif town in seen:
            problems.add(path.name, number, f"town 「{town}」 listed twice")
        elif not group.isdigit() or int(group) not in groups:
            problems.add(path.name, number, f"unknown group 「{group}」 (not a column of the ward's calendar)")
        elif not all([
            limits.fits(problems, path.name, number, "town", town, limits.AREA_NAME),
            limits.fits(problems, path.name, number, "reading", reading, limits.READING),
        ]):
            continue
        else:
            seen.add(town)
            towns.append(AreaRecord(
                name=town, reading=reading or None, top_level=ward.name,
                schedule_key=f"{ward.name}:{int(group)}",
            ))
    return towns


def _access_date(text: str) -> date | None:
    match = _ACCESS_DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None

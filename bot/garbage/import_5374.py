"""Reading a 5374-format directory (spec: LOCALIZE.md of codeforkanazawa-org/5374).

Files: area_days.csv (an area per row, a category per column from the third), center.csv
(suspension periods per centre), description.csv (the categories), remarks.csv (notes cited as
`*1` in cells; optional), target.csv (the sorting guide; optional).
"""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path


from bot.garbage.csvfiles import check_width, split_rows
from bot.garbage import limits
from bot.garbage.dataset import AreaRecord, CityData, SortingItem
from bot.garbage.problems import Problems
from bot.garbage.readings import add_readings
from bot.garbage.translations import read_translations
from bot.garbage.schedule import (
    WEEKDAY_NAMES,
    Category,
    CategorySchedule,
    Schedule,
    Suspension,
    SuspensionPolicy,
    WeekdayRule,
)

FORMAT = "5374"
_NTH = re.compile(r"([日月火水木金土])([1-5])")
_REMARK = re.compile(r"\*(\d+)")
_IRREGULAR = re.compile(r"\d{8}")
_UNCOLLECTED_COLOUR = "#888888"


def read_5374(
    directory: Path,
    *,
    code: str,
    name: str,
    suspension_policy: SuspensionPolicy = SuspensionPolicy.WEEK_SHIFT,
) -> CityData:
    """Everything in the directory, or GarbageDataError naming every problem found."""
    directory = Path(directory)
    problems = Problems()
    limits.check_city(problems, code, name)
    for required in ("area_days.csv", "description.csv"):
        if not (directory / required).is_file():
            problems.add(required, None, f"missing from {directory}")
    problems.raise_if_any()

    categories = _read_descriptions(directory / "description.csv", problems)
    remarks = _read_remarks(directory / "remarks.csv", problems)
    centres = _read_centres(directory / "center.csv", suspension_policy, problems)
    schedules, areas = _read_area_days(directory / "area_days.csv", categories, remarks, centres, problems)
    items = _read_targets(directory / "target.csv", categories, problems)
    translations = read_translations(directory, {key: key for key in categories}, problems,
                                     known="not in description.csv or target.csv")
    areas, reading_report = add_readings(areas, directory, problems)
    problems.raise_if_any()
    return CityData(
        code=code,
        name=name,
        data_format=FORMAT,
        categories=list(categories.values()),
        schedules=schedules,
        areas=areas,
        items=items,
        readings=reading_report,
    ).with_translations(translations)


def _read_descriptions(path: Path, problems: Problems) -> dict[str, Category]:
    rows = split_rows(path, problems)
    if not rows:
        problems.add(path.name, None, "empty: no header")
        return {}
    (_, header), body = rows[0], rows[1:]
    categories: dict[str, Category] = {}
    for number, cells in check_width(path, body, len(header), problems):
        cells = cells + [""] * (5 - len(cells))
        label, sublabel, description, _styles, colour = (c.strip() for c in cells[:5])
        fitting = all([
            limits.fits(problems, path.name, number, "label", label, limits.CATEGORY_LABEL),
            limits.fits(problems, path.name, number, "sublabel", sublabel, limits.CATEGORY_SUBLABEL),
            limits.fits(problems, path.name, number, "colour", colour, limits.CATEGORY_COLOUR),
        ])
        if not label:
            problems.add(path.name, number, "empty label")
        elif not fitting:
            continue
        elif label in categories:
            problems.add(path.name, number, f"category 「{label}」 listed twice")
        else:
            categories[label] = Category(
                key=label, label=label, sublabel=sublabel, description=description,
                colour=colour, how_to=description or sublabel,
            )
    return categories


def _read_remarks(path: Path, problems: Problems) -> dict[str, str]:
    if not path.is_file():
        return {}
    remarks = {}
    for number, cells in split_rows(path, problems)[1:]:
        if len(cells) < 2 or not cells[0].strip():
            problems.add(path.name, number, "broken row: expected ID,注意事項")
            continue
        remarks[cells[0].strip()] = ",".join(cells[1:]).strip()  # unquoted: a comma is text
    return remarks


def _read_centres(
    path: Path, policy: SuspensionPolicy, problems: Problems
) -> dict[str, Suspension | None]:
    """Centre → its suspension; None for a centre whose row is broken (already reported)."""
    if not path.is_file():
        return {}
    centres: dict[str, Suspension | None] = {}
    for number, cells in check_width(path, split_rows(path, problems)[1:], 3, problems):
        centre, start, end = (c.strip() for c in cells)
        centres[centre] = None
        try:
            first, last = _slash_date(start), _slash_date(end)
        except ValueError:
            problems.add(path.name, number, f"bad date 「{start}」 or 「{end}」 (expected YYYY/MM/DD)")
            continue
        if first > last:
            problems.add(path.name, number, f"suspension ends ({end}) before it starts ({start})")
            continue
        centres[centre] = Suspension(first, last, policy)
    return centres


def _read_area_days(path, categories, remarks, centres, problems):
    rows = split_rows(path, problems)
    schedules: dict[str, Schedule] = {}
    areas: list[AreaRecord] = []
    if not rows:
        problems.add(path.name, None, "empty: no header")
        return schedules, areas
    (header_line, header), body = rows[0], rows[1:]
    columns = [label.strip() for label in header[2:]]
    for label in columns:
        if label not in categories:
            problems.add(path.name, header_line, f"unknown category 「{label}」 (not in description.csv)")
    for number, cells in check_width(path, body, len(header), problems):
        area_name, centre = cells[0].strip(), cells[1].strip()
        if not area_name:
            problems.add(path.name, number, "empty area name")
            continue
        if area_name in schedules:
            problems.add(path.name, number, f"area 「{area_name}」 listed twice")
            continue
        if not limits.fits(problems, path.name, number, "area name", area_name, limits.AREA_NAME):
            continue
        if centre and centre not in centres:
            problems.add(path.name, number, f"unknown センター 「{centre}」 (not in center.csv)")
        entries = []
        for label, cell in zip(columns, cells[2:]):
            reasons: list[str] = []
            rules, dates, remark_ids = parse_cell(cell, reasons)
            for remark_id in remark_ids:
                if remark_id not in remarks:
                    reasons.append(f"remark *{remark_id} is not in remarks.csv")
            for reason in reasons:
                problems.add(path.name, number, f"{label}: {reason}")
            if label in categories and (rules or dates):
                entries.append(CategorySchedule(
                    category=categories[label], rules=rules, dates=dates,
                    remarks=tuple(remarks.get(r, "") for r in remark_ids),
                ))
        suspensions = (centres[centre],) if centres.get(centre) else ()
        schedules[area_name] = Schedule(categories=tuple(entries), suspensions=suspensions)
        areas.append(AreaRecord(name=area_name, schedule_key=area_name))
    return schedules, areas


def parse_cell(cell: str, reasons: list[str]):
    """`月 木`, `水2`, `火1 火3 火5`, `火2 金4:4 6 8 10 12 2`, `20140301 20140325`, `火 *1`.

    Returns (rules, dates, remark ids); appends a reason for each token it cannot read.
    """
    days_part, _, months_part = cell.strip().partition(":")
    months: set[int] = set()
    for token in months_part.split():
        if token.isdigit() and 1 <= int(token) <= 12:
            months.add(int(token))
        else:
            reasons.append(f"unknown month 「{token}」")
    rules: list[WeekdayRule] = []
    dates: set[date] = set()
    remark_ids: list[str] = []
    for token in days_part.split():
        if len(token) == 1 and token in WEEKDAY_NAMES:
            rules.append(WeekdayRule(WEEKDAY_NAMES.index(token), None, frozenset(months)))
        elif match := _NTH.fullmatch(token):
            rules.append(WeekdayRule(WEEKDAY_NAMES.index(match[1]), int(match[2]), frozenset(months)))
        elif match := _REMARK.fullmatch(token):
            remark_ids.append(match[1])
        elif _IRREGULAR.fullmatch(token):
            try:
                dates.add(datetime.strptime(token, "%Y%m%d").date())
            except ValueError:
                reasons.append(f"bad date 「{token}」")
        else:
            reasons.append(f"unknown weekday or date 「{token}」")
    return tuple(rules), frozenset(dates), remark_ids


def _read_targets(path: Path, categories: dict[str, Category], problems: Problems) -> list[SortingItem]:
    if not path.is_file():
        return []
    items = []
    for number, cells in check_width(path, split_rows(path, problems)[1:], 4, problems):
        kind, item_name, notice, furigana = (c.strip() for c in cells)
        if not kind or not item_name:
            problems.add(path.name, number, "empty type or name")
            continue
        fitting = [
            limits.fits(problems, path.name, number, "type", kind, limits.CATEGORY_LABEL),
            limits.fits(problems, path.name, number, "name", item_name, limits.ITEM_NAME),
            limits.fits(problems, path.name, number, "furigana", furigana, limits.READING),
        ]
        if not all(fitting):
            continue
        if kind not in categories:
            # 有料粗大ごみ, 市で収集しない…: no collection day, but residents still look them up.
            categories[kind] = Category(
                key=kind, label=kind, colour=_UNCOLLECTED_COLOUR,
                how_to=_uncollected_how_to(kind), collected=False,
            )
        items.append(SortingItem(name=item_name, category_key=kind, reading=furigana or None, notice=notice))
    return items


def _uncollected_how_to(label: str) -> str:
    if "収集しない" in label:
        return "市のごみ収集には出せません。販売店や専門の処理業者にご相談ください。"
    if "有料" in label:
        return "決まった収集日はありません。有料です。出し方は市の案内をご確認ください。"
    return "決まった収集日はありません。品目ごとの注意事項をご確認ください。"


def _slash_date(text: str) -> date:
    return datetime.strptime(text, "%Y/%m/%d").date()

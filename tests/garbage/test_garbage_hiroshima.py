"""Hiroshima FY2025: towns in every ward get the published dates, read here from the CSVs."""
from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from bot.garbage.import_calendar import CATEGORIES, read_calendar
from bot.garbage.schedule import month_calendar, next_collections
from bot.store.garbage import (
    areas_collecting_on,
    areas_under,
    load_area_schedule,
    top_levels,
)
from garbage_support import HIROSHIMA, HIROSHIMA_CP932, import_hiroshima

WARDS = ["中区", "東区", "南区", "西区", "安佐南区", "安佐北区", "安芸区", "佐伯区"]
YEAR_END = [date(2025, 12, 31) + timedelta(days=n) for n in range(5)]  # 12/31 … 1/4


def published(ward_number: int, ward: str):
    """{town: (group, {date: {category key}})} straight from the ward's CSV files."""
    dates: dict[int, dict[date, set[str]]] = {}
    for kind in ("家庭", "大型"):
        with open(HIROSHIMA / f"1-{ward_number}{kind}ごみ収集日（{ward}）.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        groups = [int(g) for g in rows[0][2:]]
        for row in rows[1:]:
            day = date.fromisoformat(row[0].strip("#"))
            for group, cell in zip(groups, row[2:]):
                if cell:
                    dates.setdefault(group, {}).setdefault(day, set()).add(cell)
    with open(HIROSHIMA / f"3-{ward_number}{ward}町名.csv", encoding="utf-8", newline="") as f:
        towns = list(csv.reader(f))[1:]
    return {town: dates.get(int(group), {}) for town, _reading, group in towns}


def sample_towns(towns: dict) -> list[str]:
    names = list(towns)
    return sorted({names[0], names[len(names) // 2], names[-1]}, key=names.index)


def fiscal_year_calendar(schedule):
    days = {}
    for year, month in [(2025, m) for m in range(4, 13)] + [(2026, m) for m in range(1, 4)]:
        for day, found in month_calendar(schedule, year, month):
            if found:
                days[day] = {c.key for c in found}
    return days


def test_the_wards_and_towns(engine, session):
    report = import_hiroshima(session)
    assert report.areas == 1137 and report.vanished == []
    assert top_levels(session=session) == WARDS
    assert sum(len(areas_under(session=session, top_level=w)) for w in WARDS) == 1137
    assert [a.name for a in areas_under(session=session, top_level="中区")][:2] == ["榎町", "江波沖町"]


def test_sample_towns_of_every_ward_get_the_published_dates(engine, session):
    import_hiroshima(session)
    for number, ward in enumerate(WARDS, start=1):
        towns = published(number, ward)
        by_name = {a.name: a for a in areas_under(session=session, top_level=ward)}
        for town in sample_towns(towns):
            schedule = load_area_schedule(session=session, area_id=by_name[town].id)
            assert schedule.area.top_level == ward
            assert fiscal_year_calendar(schedule) == towns[town], (ward, town)
            for day in YEAR_END:
                assert month_calendar(schedule, day.year, day.month)[day.day - 1] == (day, [])
            burnable = sorted(d for d, found in towns[town].items() if "可燃" in found)
            assert next_collections(schedule, "可燃", after=date(2025, 3, 31), n=3) == burnable[:3]
            # Beyond the fiscal year the data says nothing, so no date is made up.
            assert next_collections(schedule, "可燃", after=date(2026, 3, 31)) == []
            assert (schedule.covers_from, schedule.covers_until) == (date(2025, 4, 1), date(2026, 3, 31))


def test_the_reminder_query_for_all_towns(engine, session):
    import_hiroshima(session)
    towns = {}
    for number, ward in enumerate(WARDS, start=1):
        by_name = {a.name: a.id for a in areas_under(session=session, top_level=ward)}
        towns.update({by_name[town]: days for town, days in published(number, ward).items()})
    for day in [date(2025, 4, 1), date(2025, 12, 30), date(2026, 1, 5), date(2026, 3, 31)]:
        expected = {area_id: days[day] for area_id, days in towns.items() if day in days}
        found = areas_collecting_on(session=session, date=day)
        assert {area_id: {c.key for c in cats} for area_id, cats in found.items()} == expected, day
    for day in YEAR_END:
        assert areas_collecting_on(session=session, date=day) == {}


def test_categories_have_labels_and_how_to():
    for category in CATEGORIES.values():
        assert category.label and category.colour.startswith("#") and "。" in category.how_to


@pytest.mark.skipif(not HIROSHIMA_CP932.is_dir(), reason="the CP932 originals are not here")
def test_the_cp932_originals_read_the_same():
    utf8 = read_calendar(HIROSHIMA, code="h", name="h")
    cp932 = read_calendar(HIROSHIMA_CP932, code="h", name="h")
    assert cp932.areas == utf8.areas and cp932.schedules == utf8.schedules

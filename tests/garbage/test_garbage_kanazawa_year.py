"""Kanazawa, every area and every day of FY2022 (which holds the 12/30–1/3 closure): the
engine agrees with a plain computation written here from area_days.csv and center.csv."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.garbage.import_5374 import read_5374
from bot.garbage.schedule import (
    Area,
    AreaSchedule,
    Suspension,
    SuspensionPolicy,
    WeekdayRule,
    collections_on,
    rule_dates,
)
from bot.store.garbage import areas_collecting_on, areas_under, load_area_schedule
from garbage_support import KANAZAWA, import_kanazawa

WEEKDAYS = "月火水木金土日"
FY2022 = [date(2022, 4, 1) + timedelta(days=n) for n in range(365)]


# --- the independent computation ------------------------------------------------------------

def read_csv(name):
    lines = (KANAZAWA / name).read_text(encoding="utf-8").splitlines()
    return lines[0].split(","), [line.split(",") for line in lines[1:] if line]


def closures():
    _, rows = read_csv("center.csv")
    parse = lambda text: date(*map(int, text.split("/")))  # noqa: E731
    return {name: (parse(start), parse(end)) for name, start, end in rows}


def weekday_dates(year, month, weekday, closure):
    """The month's days of that weekday. From the first closed one on, each moves a week
    later (Kanazawa's rule), and those that leave the month are gone."""
    days = [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    closed = [i for i, d in enumerate(days) if closure and closure[0] <= d <= closure[1]]
    if closed:
        days = days[:closed[0]] + [d + timedelta(days=7) for d in days[closed[0]:]]
    return days


def expected_collections(row, header, day, centres):
    closure = centres.get(row[1])
    found = set()
    for label, cell in zip(header[2:], row[2:]):
        for token in cell.split():
            weekday = WEEKDAYS.index(token[0])
            days = weekday_dates(day.year, day.month, weekday, closure)
            if len(token) == 2:  # nth weekday: the nth of the list above
                nth = int(token[1])
                days = days[nth - 1:nth]
            if day in days:
                found.add(label)
    return found


def expected_for_year():
    header, rows = read_csv("area_days.csv")
    centres = closures()
    return {row[0]: {day: expected_collections(row, header, day, centres) for day in FY2022} for row in rows}


EXPECTED = expected_for_year()


def engine_areas():
    data = read_5374(KANAZAWA, code="kanazawa", name="金沢市")
    return {
        record.name: AreaSchedule(area=Area(id=None, key=record.key, name=record.name),
                                  schedule=data.schedules[record.schedule_key])
        for record in data.areas
    }


# --- the tests ------------------------------------------------------------------------------

def test_the_reading_of_the_data_is_complete():
    assert len(EXPECTED) == 71
    # The closure really shifts something in this year, so the test covers it.
    assert EXPECTED["浅野川"][date(2023, 1, 10)] == {"資源"}  # 火1 on a closed 1/3 → 1/10
    assert EXPECTED["浅野川"][date(2023, 1, 3)] == set()


def test_every_area_every_day_of_the_year():
    areas = engine_areas()
    for name, days in EXPECTED.items():
        for day, labels in days.items():
            assert {c.label for c in collections_on(areas[name], day)} == labels, (name, day)


@settings(max_examples=300, deadline=None, database=None)
@given(
    weekday=st.integers(0, 6),
    nth=st.one_of(st.none(), st.integers(1, 5)),
    first=st.dates(date(2022, 1, 1), date(2024, 12, 31)),
    length=st.integers(0, 10),
    month_offset=st.integers(-1, 1),
)
def test_week_shift_matches_the_plain_rule_for_any_closure(weekday, nth, first, length, month_offset):
    closure = (first, first + timedelta(days=length))
    year, month = first.year, first.month + month_offset
    year, month = (year - 1, 12) if month == 0 else (year + 1, 1) if month == 13 else (year, month)
    days = weekday_dates(year, month, weekday, closure)
    if nth is not None:
        days = days[nth - 1:nth]
    expected = [d for d in days if d.month == month]
    suspension = Suspension(closure[0], closure[1], SuspensionPolicy.WEEK_SHIFT)
    assert rule_dates(WeekdayRule(weekday, nth), year, month, [suspension]) == sorted(expected)


def test_the_store_gives_the_same_answers(session):
    import_kanazawa(session)
    ids = {a.name: a.id for a in areas_under(session=session, top_level=None, city="kanazawa")}
    assert set(ids) == set(EXPECTED)
    # The loaded schedules are the ones read from the files, so they answer every day alike.
    for name, read in engine_areas().items():
        loaded = load_area_schedule(session=session, area_id=ids[name]).schedule
        assert set(loaded.categories) == set(read.schedule.categories), name
        assert loaded.suspensions == read.schedule.suspensions, name
    # What the reminder sender asks, once a day: around the closure and a plain week.
    for day in [date(2022, 12, 26) + timedelta(days=n) for n in range(21)] + FY2022[:7]:
        collecting = areas_collecting_on(session=session, date=day)
        expected = {ids[name]: labels for name, days in EXPECTED.items() if (labels := days[day])}
        assert {area_id: {c.label for c in found} for area_id, found in collecting.items()} == expected, day

"""The schedule model on its own: rules, suspensions, explicit dates, substitutions, queries."""
from __future__ import annotations

from datetime import date

import pytest

from bot.garbage.import_5374 import parse_cell
from bot.garbage.schedule import (
    Area,
    AreaSchedule,
    Category,
    CategorySchedule,
    Schedule,
    Substitution,
    Suspension,
    SuspensionPolicy,
    WeekdayRule,
    collections_on,
    month_calendar,
    next_collections,
    rule_dates,
    upcoming,
)

MON, TUE, WED, THU, FRI = range(5)
YEAR_END = Suspension(date(2022, 12, 30), date(2023, 1, 3), SuspensionPolicy.WEEK_SHIFT)
BURNABLE = Category("燃やすごみ", "燃やすごみ")
BOTTLES = Category("あきびん", "あきびん")


def area_with(*entries, suspensions=(), substitutions=()) -> AreaSchedule:
    schedule = Schedule(categories=tuple(entries), suspensions=suspensions, substitutions=substitutions)
    return AreaSchedule(area=Area(id=1, key="/test", name="test"), schedule=schedule)


# WeekShift (Kanazawa): once a candidate day is closed, it and the rest of that weekday's
# days in the month move a week; what is pushed into the next month is dropped.
@pytest.mark.parametrize("rule, expected", [
    (WeekdayRule(TUE, 1), [date(2023, 1, 10)]),           # 1/3 closed → 1/10
    (WeekdayRule(TUE, 3), [date(2023, 1, 24)]),           # after the shift, 3rd Tuesday → 1/24
    (WeekdayRule(TUE, 5), []),                            # 1/31 → 2/7, out of January
    (WeekdayRule(MON, 2), [date(2023, 1, 16)]),
    (WeekdayRule(WED, 1), [date(2023, 1, 4)]),            # Wednesday 1/4 is open: no shift
    (WeekdayRule(MON), [date(2023, 1, d) for d in (9, 16, 23, 30)]),
])
def test_week_shift_in_january(rule, expected):
    assert rule_dates(rule, 2023, 1, [YEAR_END]) == expected


def test_week_shift_drops_a_december_day_pushed_into_january():
    # Friday 12/30 is closed; moving it a week lands in January, so December just loses it.
    assert rule_dates(WeekdayRule(FRI), 2022, 12, [YEAR_END])[-1] == date(2022, 12, 23)
    assert rule_dates(WeekdayRule(FRI, 5), 2022, 12, [YEAR_END]) == []


def test_skip_policy_drops_only_the_closed_days():
    closed = Suspension(date(2022, 12, 30), date(2023, 1, 3), SuspensionPolicy.SKIP)
    assert rule_dates(WeekdayRule(TUE, 1), 2023, 1, [closed]) == []
    assert rule_dates(WeekdayRule(TUE, 3), 2023, 1, [closed]) == [date(2023, 1, 17)]


def test_months_limit_a_rule():
    rule = WeekdayRule(TUE, 2, frozenset({4, 6}))
    assert rule_dates(rule, 2023, 4) == [date(2023, 4, 11)]
    assert rule_dates(rule, 2023, 5) == []


@pytest.mark.parametrize("cell, rules, dates, remarks", [
    ("月 木", (WeekdayRule(MON), WeekdayRule(THU)), set(), []),
    ("火1 火3 火5", (WeekdayRule(TUE, 1), WeekdayRule(TUE, 3), WeekdayRule(TUE, 5)), set(), []),
    ("水2 *1", (WeekdayRule(WED, 2),), set(), ["1"]),
    ("火2 金4:4 6", (WeekdayRule(TUE, 2, frozenset({4, 6})), WeekdayRule(FRI, 4, frozenset({4, 6}))), set(), []),
    ("20140301 20140325", (), {date(2014, 3, 1), date(2014, 3, 25)}, []),
    ("", (), set(), []),
])
def test_cells_of_the_5374_format(cell, rules, dates, remarks):
    reasons = []
    assert parse_cell(cell, reasons) == (rules, frozenset(dates), remarks)
    assert reasons == []


@pytest.mark.parametrize("cell, reason", [
    ("金曜", "unknown weekday or date 「金曜」"),
    ("月6", "unknown weekday or date 「月6」"),
    ("20140231", "bad date 「20140231」"),
    ("月:13", "unknown month 「13」"),
])
def test_cells_that_cannot_be_read(cell, reason):
    reasons = []
    parse_cell(cell, reasons)
    assert reasons == [reason]


def test_queries_over_rules_and_explicit_dates():
    area = area_with(
        CategorySchedule(BURNABLE, rules=(WeekdayRule(MON), WeekdayRule(THU))),
        CategorySchedule(BOTTLES, dates=frozenset({date(2023, 1, 9), date(2023, 2, 1)})),
        suspensions=(YEAR_END,),
    )
    assert collections_on(area, date(2023, 1, 9)) == [BURNABLE, BOTTLES]
    assert collections_on(area, date(2023, 1, 2)) == []  # closed
    assert next_collections(area, "あきびん", after=date(2023, 1, 9), n=3) == [date(2023, 2, 1)]
    assert next_collections(area, BURNABLE, after=date(2022, 12, 28), n=3) == [
        date(2022, 12, 29), date(2023, 1, 5), date(2023, 1, 9)]
    assert next_collections(area, "資源", after=date(2023, 1, 1)) == []
    week = upcoming(area, date(2023, 1, 1), days=7)
    assert [d for d, _ in week] == [date(2023, 1, n) for n in range(1, 8)]
    assert [d for d, found in week if found] == [date(2023, 1, 5)]
    january = month_calendar(area, 2023, 1)
    assert len(january) == 31
    assert [d.day for d, found in january if BOTTLES in found] == [9]


def test_substitution_moves_one_collection():
    area = area_with(
        CategorySchedule(BURNABLE, rules=(WeekdayRule(MON),)),
        substitutions=(Substitution("燃やすごみ", date(2023, 3, 20), date(2023, 3, 22)),),
    )
    assert collections_on(area, date(2023, 3, 20)) == []
    assert collections_on(area, date(2023, 3, 22)) == [BURNABLE]
    assert next_collections(area, BURNABLE, after=date(2023, 3, 14), n=2) == [date(2023, 3, 22), date(2023, 3, 27)]

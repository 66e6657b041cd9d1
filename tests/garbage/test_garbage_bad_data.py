"""Bad data is refused whole: every problem named by file, line and reason; nothing written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.garbage.problems import GarbageDataError, Problem
from bot.store.garbage import GarbageArea, GarbageItem, GarbageScheduleDate, GarbageScheduleRule
from garbage_support import HIROSHIMA, KANAZAWA, copy_of, edit_line, import_kanazawa


def problems_of(read, directory):
    with pytest.raises(GarbageDataError) as caught:
        read(directory, code="x", name="x")
    return caught.value.problems


def test_5374_unknown_weekday_broken_row_unknown_category(tmp_path):
    data = copy_of(KANAZAWA, tmp_path)
    days = data / "area_days.csv"
    edit_line(days, 1, lambda line: line.replace("あきびん", "かんびん"))        # header
    edit_line(days, 3, lambda line: line.replace("水2,", "金曜,", 1))           # 浅野町
    edit_line(days, 5, lambda line: line.rsplit(",", 1)[0])                    # 粟崎: a column short
    assert problems_of(read_5374, data) == [
        Problem("area_days.csv", 1, "unknown category 「かんびん」 (not in description.csv)"),
        Problem("area_days.csv", 3, "燃やさないごみ: unknown weekday or date 「金曜」"),
        Problem("area_days.csv", 5, "broken row: 5 columns, expected 6"),
    ]


def test_5374_bad_dates_and_centres(tmp_path):
    data = copy_of(KANAZAWA, tmp_path)
    edit_line(data / "center.csv", 2, lambda line: line.replace("2022/12/30", "2022/12/32"))
    edit_line(data / "area_days.csv", 2, lambda line: line.replace("東部管理センター", "北部管理センター"))
    edit_line(data / "target.csv", 4, lambda line: line + ",extra")
    assert problems_of(read_5374, data) == [
        Problem("center.csv", 2, "bad date 「2022/12/32」 or 「2023/01/03」 (expected YYYY/MM/DD)"),
        Problem("area_days.csv", 2, "unknown センター 「北部管理センター」 (not in center.csv)"),
        Problem("target.csv", 4, "broken row: 5 columns, expected 4"),
    ]


def test_5374_item_types_without_a_description_are_kept_not_refused():
    data = read_5374(KANAZAWA, code="kanazawa", name="金沢市")
    uncollected = [c for c in data.categories if not c.collected]
    assert [c.label for c in uncollected] == ["有料粗大ごみ", "市で収集しない", "有料戸別収集"]
    assert all(c.how_to for c in data.categories)
    assert {item.category_key for item in data.items} == {c.key for c in data.categories}


def test_calendar_unknown_category_bad_date_broken_row_unknown_group(tmp_path):
    data = copy_of(HIROSHIMA, tmp_path)
    household = data / "1-1家庭ごみ収集日（中区）.csv"
    edit_line(household, 2, lambda line: line.replace('"可燃"', '"可燃ゴミ"', 1))
    edit_line(household, 3, lambda line: line.replace("#2025-04-02#", "#2025-02-30#"))
    edit_line(household, 4, lambda line: line.rsplit(",", 1)[0])
    edit_line(household, 5, lambda line: line.replace('"金"', '"金曜"'))
    edit_line(data / "3-1中区町名.csv", 2, lambda line: line.replace(",8", ",99"))
    assert problems_of(read_calendar, data) == [
        Problem(household.name, 2, "unknown category 「可燃ゴミ」 in group 8"),
        Problem(household.name, 3, "bad date 「#2025-02-30#」 (expected #YYYY-MM-DD#)"),
        Problem(household.name, 4, "broken row: 15 columns, expected 16"),
        Problem(household.name, 5, "unknown weekday 「金曜」"),
        Problem("3-1中区町名.csv", 2, "unknown group 「99」 (not a column of the ward's calendar)"),
    ]


def test_problems_read_as_file_line_reason():
    assert str(Problem("area_days.csv", 3, "燃やすごみ: unknown weekday or date 「金曜」")) == (
        "area_days.csv:3: 燃やすごみ: unknown weekday or date 「金曜」")


def counts(session):
    return [session.scalar(select(func.count()).select_from(t))
            for t in (GarbageArea, GarbageItem, GarbageScheduleRule, GarbageScheduleDate)]


def test_a_refused_import_leaves_the_database_as_it_was(engine, session, tmp_path):
    import_kanazawa(session)
    before = counts(session)
    names = [a.name for a in session.scalars(select(GarbageArea).order_by(GarbageArea.id))]
    broken = copy_of(KANAZAWA, tmp_path)
    edit_line(broken / "area_days.csv", 2, lambda line: line.replace("月 木", "月 金曜"))
    with pytest.raises(GarbageDataError):
        import_kanazawa(session, broken)
    session.expire_all()
    assert counts(session) == before
    assert [a.name for a in session.scalars(select(GarbageArea).order_by(GarbageArea.id))] == names


# --- values longer than their columns (issue 11, point 4) ---------------------------------------


def test_5374_values_longer_than_their_columns_are_problems_on_their_lines(tmp_path):
    data = copy_of(KANAZAWA, tmp_path)
    long_label = "燃やさないごみ" + "あ" * 63  # 70 characters; labels are stored in 64
    edit_line(data / "description.csv", 2, lambda line: line.replace("燃やさないごみ", long_label, 1))
    edit_line(data / "area_days.csv", 1, lambda line: line.replace("燃やさないごみ", long_label, 1))
    edit_line(data / "area_days.csv", 3, lambda line: "町" * 201 + line[line.index(","):])
    edit_line(data / "target.csv", 2, lambda line: line.replace("IHクッキングヒーター(金属)", "品" * 201))
    found = problems_of(read_5374, data)
    assert Problem("description.csv", 2, f"label 「{long_label[:20]}…」 is 70 characters long; at most 64 fit") in found
    assert Problem("area_days.csv", 3, f"area name 「{'町' * 20}…」 is 201 characters long; at most 200 fit") in found
    assert Problem("target.csv", 2, f"name 「{'品' * 20}…」 is 201 characters long; at most 200 fit") in found


def test_a_calendar_town_longer_than_its_column_is_a_problem_on_its_line(tmp_path):
    data = copy_of(HIROSHIMA, tmp_path)
    [towns] = sorted(data.glob("3-1*.csv"))
    edit_line(towns, 2, lambda line: line.replace("榎町", "榎" * 201, 1))
    assert problems_of(read_calendar, data) == [
        Problem(towns.name, 2, f"town 「{'榎' * 20}…」 is 201 characters long; at most 200 fit"),
    ]


def test_a_city_code_longer_than_its_column_is_refused(tmp_path):
    with pytest.raises(GarbageDataError) as caught:
        read_5374(KANAZAWA, code="k" * 33, name="金沢市")
    assert caught.value.problems == [Problem("（市区町村）", None, f"city code 「{'k' * 20}…」 is 33 characters long; at most 32 fit")]

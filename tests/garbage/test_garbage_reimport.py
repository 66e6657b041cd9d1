"""Importing again keeps the ids residents hold, and names the areas that went away."""
from __future__ import annotations

from datetime import date

from bot.garbage.schedule import collections_on
from bot.store.garbage import (
    areas_collecting_on,
    areas_under,
    get_area,
    load_area_schedule,
    search_areas,
)
from garbage_support import KANAZAWA, copy_of, edit_line, import_hiroshima, import_kanazawa


def ids_by_key(session, top_level=None):
    return {a.key: a.id for a in areas_under(session=session, top_level=top_level)}


def test_the_same_data_again_changes_no_id(engine, session):
    import_hiroshima(session)
    before = {w: ids_by_key(session, w) for w in ("中区", "佐伯区")}
    report = import_hiroshima(session)
    assert (report.added, report.kept, report.vanished) == (0, 1137, [])
    assert {w: ids_by_key(session, w) for w in before} == before


def test_a_vanished_area_is_reported_and_still_recognised(engine, session, tmp_path):
    import_kanazawa(session)
    before = ids_by_key(session)
    asano = before["/浅野川"]
    changed = copy_of(KANAZAWA, tmp_path)
    days = changed / "area_days.csv"
    edit_line(days, 2, lambda line: line.replace("浅野川", "新しい地区"))  # 浅野川 gone, one new

    report = import_kanazawa(session, changed)

    assert report.vanished_area_ids == [asano]
    assert [a.key for a in report.vanished] == ["/浅野川"]
    assert (report.added, report.kept) == (1, 70)
    after = ids_by_key(session)
    assert {k: v for k, v in after.items() if k != "/新しい地区"} == {
        k: v for k, v in before.items() if k != "/浅野川"}
    # A resident's stored id still resolves, marked retired, with nothing collected.
    gone = get_area(session=session, area_id=asano)
    assert gone.retired and gone.name == "浅野川"
    schedule = load_area_schedule(session=session, area_id=asano)
    assert schedule.area.retired and collections_on(schedule, date(2023, 1, 5)) == []
    assert asano not in areas_collecting_on(session=session, date=date(2023, 1, 5))
    assert search_areas(session=session, text="浅野川") == []
    assert get_area(session=session, area_id=10**9) is None

    # Back in the data: the same row, the same id, current again.
    report = import_kanazawa(session)
    assert report.vanished_area_ids == [after["/新しい地区"]]
    assert get_area(session=session, area_id=asano).retired is False
    assert ids_by_key(session)["/浅野川"] == asano
    assert asano in areas_collecting_on(session=session, date=date(2023, 1, 5))


def test_two_cities_live_side_by_side(engine, session):
    import_kanazawa(session)
    import_hiroshima(session)
    assert len(areas_under(session=session, top_level=None, city="kanazawa")) == 71
    assert areas_under(session=session, top_level=None, city="hiroshima") == []
    report = import_kanazawa(session)
    assert report.vanished == [] and report.kept == 71
    assert len(areas_collecting_on(session=session, date=date(2025, 4, 1), city="hiroshima")) > 0

"""The parts of the 5374 format Kanazawa's data does not use: remarks, irregular dates,
month lists, and the skip policy; each survives the trip through the store."""
from __future__ import annotations

from datetime import date

import pytest

from bot.garbage.import_5374 import read_5374
from bot.garbage.problems import GarbageDataError, Problem
from bot.garbage.schedule import SuspensionPolicy, collections_on, next_collections
from bot.store.garbage import areas_collecting_on, load_area_schedule, replace_city, search_areas
from garbage_support import KANAZAWA, copy_of, edit_line


@pytest.fixture
def extras(tmp_path):
    data = copy_of(KANAZAWA, tmp_path)
    (data / "remarks.csv").write_text("ID,注意事項\n1,一部地域で収集曜日が異なります。", encoding="utf-8")
    days = data / "area_days.csv"
    edit_line(days, 2, lambda line: line.replace("月 木", "月 木 *1"))                    # 浅野川
    edit_line(days, 3, lambda line: line.replace(",水4", ",20230301 20230325"))           # 浅野町 あきびん
    edit_line(days, 4, lambda line: line.replace(",水1", ",水1:4 6 8 10 12 2"))           # 朝日 あきびん
    return data


def load(session, name):
    [area] = search_areas(session=session, text=name, limit=1)
    return load_area_schedule(session=session, area_id=area.id)


def test_remarks_irregular_dates_and_months_through_the_store(session, extras):
    replace_city(session=session, data=read_5374(extras, code="k", name="k"))
    session.commit()

    asano = load(session, "浅野川")
    [burnable] = [c for c in asano.schedule.categories if c.category.key == "燃やすごみ"]
    assert burnable.remarks == ("一部地域で収集曜日が異なります。",) and burnable.summary() == "毎週月曜・毎週木曜"

    asanomachi = load(session, "浅野町")
    assert next_collections(asanomachi, "あきびん", after=date(2023, 1, 1), n=5) == [
        date(2023, 3, 1), date(2023, 3, 25)]
    assert {c.key for c in collections_on(asanomachi, date(2023, 3, 25))} == {"あきびん"}
    assert asanomachi.area.id in areas_collecting_on(session=session, date=date(2023, 3, 25))

    asahi = load(session, "朝日")
    assert next_collections(asahi, "あきびん", after=date(2023, 4, 30), n=3) == [
        date(2023, 6, 7), date(2023, 8, 2), date(2023, 10, 4)]


def test_skip_policy_through_the_store(session):
    data = read_5374(KANAZAWA, code="k", name="k", suspension_policy=SuspensionPolicy.SKIP)
    replace_city(session=session, data=data)
    session.commit()
    asano = load(session, "浅野川")  # 資源 火1 火3 火5; closed 12/30–1/3
    assert next_collections(asano, "資源", after=date(2022, 12, 31), n=2) == [date(2023, 1, 17), date(2023, 1, 31)]


def test_a_remark_that_is_not_in_remarks_csv(tmp_path):
    data = copy_of(KANAZAWA, tmp_path)
    edit_line(data / "area_days.csv", 2, lambda line: line.replace("月 木", "月 木 *2"))
    with pytest.raises(GarbageDataError) as caught:
        read_5374(data, code="k", name="k")
    assert caught.value.problems == [Problem("area_days.csv", 2, "燃やすごみ: remark *2 is not in remarks.csv")]

"""Typing part of a town's name or reading finds it; items by kanji, kana or part; near matches."""
from __future__ import annotations

import pytest

from bot.garbage.kana import kana_row, normalize
from bot.garbage.import_calendar import read_calendar
from bot.store.garbage import (
    areas_in_kana_row,
    categories,
    kana_rows,
    near_areas,
    near_items,
    search_areas,
    search_items,
)
from garbage_support import HIROSHIMA, import_hiroshima, import_kanazawa

LIMIT = 12  # one page of quick replies


@pytest.mark.parametrize("typed, key", [
    ("ｴﾊﾞ ﾆｼ", "えばにし"), ("エバニシ", "えばにし"), ("江波西　１", "江波西1"), ("倉ヶ嶽", "倉け嶽"),
    ("ＰＥＴ", "pet"),
])
def test_normalize(typed, key):
    assert normalize(typed) == key


@pytest.mark.parametrize("reading, row", [
    ("えのまち", "あ"), ("がくえん", "か"), ("ぱーく", "は"), ("よしじま", "や"), ("わだ", "わ"), ("1ちょう", None),
])
def test_kana_row(reading, row):
    assert kana_row(reading) == row


def test_every_town_is_found_by_its_first_letters(engine, session):
    """For every town: 3 letters of its name, and 3 of its reading, find it among the first
    results, unless more towns than a page start that way (then every result contains them)."""
    import_hiroshima(session)
    towns = read_calendar(HIROSHIMA, code="hiroshima", name="広島市").areas
    keys = [(normalize(t.name), normalize(t.reading or "")) for t in towns]
    misses = []
    results = {}  # towns share their first letters: ask once per text
    for town in towns:
        for typed in (town.name[:3], town.reading[:3]):
            if typed not in results:
                results[typed] = search_areas(session=session, text=typed, limit=LIMIT)
            found = results[typed]
            if any(a.key == town.key for a in found):
                continue
            sharing = sum(1 for k in keys if k[0].startswith(normalize(typed)) or k[1].startswith(normalize(typed)))
            if sharing <= LIMIT or not all(normalize(typed) in normalize(a.name) + normalize(a.reading or "")
                                           for a in found):
                misses.append((town.top_level, town.name, typed))
    assert misses == []


def test_two_letters_and_katakana_or_half_width(engine, session):
    import_hiroshima(session)
    assert "榎町" in [a.name for a in search_areas(session=session, text="榎町", limit=LIMIT)][:1]
    assert [a.name for a in search_areas(session=session, text="えの", limit=LIMIT)][0] == "榎町"
    assert "江波西一丁目" in [a.name for a in search_areas(session=session, text="ｴﾊﾞﾆｼ", limit=LIMIT)]
    assert search_areas(session=session, text="%", limit=LIMIT) == []
    assert search_areas(session=session, text="  ", limit=LIMIT) == []
    assert "江波西一丁目" in [a.name for a in near_areas(session=session, text="えばにし１ちょうめえ")]


def test_kana_rows_for_the_picker(engine, session):
    import_hiroshima(session)
    assert kana_rows(session=session, top_level="中区")[:3] == ["あ", "か", "さ"]
    row = areas_in_kana_row(session=session, row="あ", top_level="中区")
    assert row and all(kana_row(a.reading) == "あ" and a.top_level == "中区" for a in row)
    assert [a.reading for a in row] == sorted(a.reading for a in row)


def test_one_level_data_gets_kana_rows_from_the_readings_made_at_import(engine, session):
    import_kanazawa(session)
    assert kana_rows(session=session, city="kanazawa")[:3] == ["あ", "か", "さ"]
    assert "わ" not in kana_rows(session=session, city="kanazawa")  # no Kanazawa area reads わ…


def test_items_by_kana_kanji_or_part(engine, session):
    import_kanazawa(session)
    names = lambda text: [h.name for h in search_items(session=session, text=text, limit=5)]  # noqa: E731
    assert names("ペットボトル(ペット)")[0] == "ペットボトル(ペット)"       # exact first
    assert names("ぺっとぼとる")[0].startswith("ペットボトル")               # hiragana finds katakana
    assert names("ﾍﾟｯﾄ")[0].startswith("ペット")                           # half width
    assert any("傘" in n for n in names("傘"))                             # kanji
    assert any("レコーダー" in n for n in names("レコーダー"))                # part of a name
    hit = search_items(session=session, text="ペットボトル(ペット)", limit=1)[0]
    assert hit.category.label == "資源" and hit.category.collected


def test_items_of_categories_without_a_collection_day(engine, session):
    import_kanazawa(session)
    kinds = {h.category.label for h in search_items(session=session, text="", limit=5)} | {
        h.category.label for name in ("ピアノ", "タイヤ", "消火器") for h in search_items(session=session, text=name, limit=3)}
    assert kinds & {"有料粗大ごみ", "市で収集しない", "有料戸別収集"}
    uncollected = [c for c in categories(session=session, city="kanazawa") if not c.collected]
    assert len(uncollected) == 3 and all(c.how_to for c in uncollected)


def test_no_match_suggests_near_items(engine, session):
    import_kanazawa(session)
    assert search_items(session=session, text="ぺとぼとる", limit=5) == []
    assert any(h.name.startswith("ペットボトル") for h in near_items(session=session, text="ぺとぼとる"))
    assert near_items(session=session, text="zzzzzz") == []

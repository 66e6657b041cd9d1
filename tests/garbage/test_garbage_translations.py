"""translations.csv: both importers read it, refuse its bad rows by line, and the store keeps
what it says with the categories (re-imports replace it)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.garbage import localized
from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.garbage.problems import GarbageDataError, Problem
from bot.garbage.schedule import CategoryTranslation
from bot.garbage.translations import FILE
from bot.reminders.message import short_how_to
from bot.store import garbage
from garbage_support import HIROSHIMA, KANAZAWA, copy_of, import_hiroshima, import_kanazawa

HEADER = "category,language,label,how_to\n"


def with_translations(source, tmp_path, text: str, encoding: str = "utf-8"):
    directory = copy_of(source, tmp_path)
    (directory / FILE).write_text(text, encoding=encoding)
    return directory


def translations_of(data) -> dict:
    return {c.key: c.translations for c in data.categories if c.translations}


def problems_of(read, directory):
    with pytest.raises(GarbageDataError) as caught:
        read(directory, code="x", name="x")
    return caught.value.problems


def test_the_kanazawa_sample_translates_its_four_described_categories():
    data = read_5374(KANAZAWA, code="kanazawa", name="金沢市")
    found = translations_of(data)
    assert sorted(found) == sorted(["燃やすごみ", "燃やさないごみ", "資源", "あきびん"])
    assert found["燃やすごみ"][0] == CategoryTranslation(
        "en", "Burnable waste", "Put it out in a semi-transparent bag on collection day.")
    assert [t.language for t in found["あきびん"]] == ["en", "zh", "ko", "ja-easy"]
    for texts in found.values():  # each first sentence fits a reminder unclipped
        assert not any(short_how_to(t.how_to).endswith("…") for t in texts)
    # The schedules collect the same, translated categories.
    [burnable] = {e.category for s in data.schedules.values() for e in s.categories if e.category.key == "燃やすごみ"}
    assert burnable.translations == found["燃やすごみ"]


def test_without_the_file_there_are_no_translations(tmp_path):
    bare = copy_of(KANAZAWA, tmp_path)
    (bare / FILE).unlink()
    assert translations_of(read_5374(bare, code="k", name="k")) == {}
    assert translations_of(read_calendar(HIROSHIMA, code="h", name="h")) == {}


def test_a_calendar_category_is_named_by_its_cell_or_its_name(tmp_path):
    directory = with_translations(HIROSHIMA, tmp_path, HEADER + (
        "可燃,en,Burnables,\n"
        "不燃ごみ,ko,불연 쓰레기,\"금속, 유리 등입니다.\"\n"
    ))
    data = read_calendar(directory, code="h", name="h")
    assert translations_of(data) == {
        "可燃": (CategoryTranslation("en", "Burnables", ""),),
        "不燃": (CategoryTranslation("ko", "불연 쓰레기", "금속, 유리 등입니다."),),
    }


def test_the_columns_may_come_in_any_order_and_a_bom_is_fine(tmp_path):
    directory = with_translations(KANAZAWA, tmp_path, "language,how_to,category,label\nen,,資源,Recycling\n",
                                  encoding="utf-8-sig")
    assert translations_of(read_5374(directory, code="k", name="k")) == {"資源": (CategoryTranslation("en", "Recycling"),)}


def test_bad_rows_are_refused_by_line_and_nothing_is_imported(tmp_path):
    directory = with_translations(KANAZAWA, tmp_path, HEADER + "\n".join([
        "燃やすごみ,en,Burnable waste,",          # 2: fine
        "かんびん,en,Cans,",                      # 3
        "燃やすごみ,fr,Déchets combustibles,",     # 4
        "燃やすごみ,ja,もやすごみ,",                # 5
        "資源,zh,,",                              # 6
        "燃やすごみ,en,Burnables,",               # 7: given on line 2
        "資源,ko," + "가" * 65 + ",",              # 8
        "資源,ja-easy,しげん," + "あ" * 501,        # 9
        "資源,en,Recyclables",                    # 10: a column short
        ",en,Nothing,",                           # 11
        "有料粗大ごみ,en,\"Bulky\nwaste\",",         # 12-13: a label on two lines
    ]) + "\n")
    assert problems_of(read_5374, directory) == [
        Problem(FILE, 3, "unknown category 「かんびん」 (not in description.csv or target.csv)"),
        Problem(FILE, 4, "unknown language 「fr」 (one of en, zh, ko, ja-easy)"),
        Problem(FILE, 5, "language 「ja」: the Japanese names and how-tos are the data's own; change them there"),
        Problem(FILE, 6, "neither a label nor a how_to"),
        Problem(FILE, 7, "「燃やすごみ」 in en is given twice (first on line 2)"),
        Problem(FILE, 8, f"label 「{'가' * 20}…」 is 65 characters long; at most 64 fit"),
        Problem(FILE, 9, f"how_to 「{'あ' * 20}…」 is 501 characters long; at most 500 fit"),
        Problem(FILE, 10, "broken row: 3 columns, expected 4"),
        Problem(FILE, 11, "empty category"),
        Problem(FILE, 13, "the label is more than one line"),
    ]


def test_a_calendar_s_unknown_category_names_the_known_ones(tmp_path):
    directory = with_translations(HIROSHIMA, tmp_path, HEADER + "燃やすごみ,en,Burnable waste,\n")
    [problem] = problems_of(read_calendar, directory)
    assert problem.line == 2 and problem.reason.startswith("unknown category 「燃やすごみ」 (one of 可燃（可燃ごみ）、リプラ（リサイクルプラ）")


def test_a_wrong_header_and_a_shift_jis_file_are_refused(tmp_path):
    wrong = with_translations(KANAZAWA, tmp_path / "a", "分別,言語,名前,出し方\n燃やすごみ,en,Burnable waste,\n")
    assert problems_of(read_5374, wrong) == [
        Problem(FILE, 1, "the header must name the columns category,language,label,how_to (found 分別,言語,名前,出し方)")]
    shift_jis = with_translations(KANAZAWA, tmp_path / "b", HEADER + "燃やすごみ,ja-easy,もやすごみ,\n", encoding="cp932")
    assert problems_of(read_5374, shift_jis) == [
        Problem(FILE, None, "not UTF-8 text (Chinese and Korean need UTF-8, not Shift_JIS)")]


# --- stored with the categories --------------------------------------------------------------


def test_the_store_keeps_the_translations_with_the_categories(session):
    import_kanazawa(session)
    by_key = {c.key: c for c in garbage.categories(session=session, city="kanazawa")}
    assert by_key["あきびん"].translation("en") == CategoryTranslation(
        "en", "Empty glass bottles", by_key["あきびん"].translation("en").how_to)
    assert localized.label(by_key["あきびん"], "ko") == "빈 유리병"  # the city's, not the glossary's 유리병
    assert by_key["有料粗大ごみ"].translations == ()  # the file says nothing: the glossary will
    assert localized.label(by_key["有料粗大ごみ"], "en") == "Bulky waste (fee)"
    # The categories of a schedule come with them too (the calendar, the reminders read those).
    collected = garbage.areas_collecting_on(session=session, date=date(2026, 12, 3))  # a Thursday: 燃やすごみ
    assert any(c.translation("en") for found in collected.values() for c in found)


def test_a_re_import_without_the_file_forgets_them(session, tmp_path):
    import_kanazawa(session)
    bare = copy_of(KANAZAWA, tmp_path)
    (bare / FILE).unlink()
    import_kanazawa(session, bare)
    assert all(c.translations == () for c in garbage.categories(session=session, city="kanazawa"))


def test_a_calendar_s_translations_are_stored_by_its_category(session, tmp_path):
    import_hiroshima(session, with_translations(HIROSHIMA, tmp_path, HEADER + "リサイクルプラ,zh,可回收塑料,\n"))
    [plastic] = [c for c in garbage.categories(session=session, city="hiroshima") if c.key == "リプラ"]
    assert plastic.translations == (CategoryTranslation("zh", "可回收塑料"),)

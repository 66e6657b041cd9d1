"""Readings of area names: the dictionary's, the city's readings.csv over them, the importer's
report of what it could not read, and search by kanji, hiragana, katakana and part of a reading."""
from __future__ import annotations

from bot.garbage.import_5374 import read_5374
from bot.garbage.readings import GUESSED, UNREAD, read_name
from bot.store.garbage import areas_in_kana_row, kana_rows, search_areas
from garbage_support import KANAZAWA, copy_of, edit_line, import_kanazawa
from test_garbage_cli import run


def doubts_of(directory):
    data = read_5374(directory, code="kanazawa", name="金沢市")
    return {d.name: d for d in data.readings.doubts}, {a.name: a.reading for a in data.areas}


# The dictionary knows place names; a surname-like name or one read in parts is only a guess.
def test_the_dictionary_reads_place_names_and_says_when_it_guessed():
    assert read_name("木曳野").text == "きびきの" and read_name("木曳野").doubt is None
    assert read_name("江波南一丁目").text == "えばみなみいちちょうめ" and read_name("江波南一丁目").doubt is None
    assert read_name("湯涌") == read_name("湯涌").__class__("ゆゆう", GUESSED)  # it is ゆわく
    assert read_name("毟毟野").doubt == UNREAD and read_name("毟毟野").text is None


def test_the_report_names_a_wrong_reading_and_readings_csv_fixes_it(tmp_path):
    bare = copy_of(KANAZAWA, tmp_path / "bare")
    (bare / "readings.csv").unlink()
    doubts, readings = doubts_of(bare)
    assert doubts["湯涌"].reading == "ゆゆう" and doubts["湯涌"].why == GUESSED
    assert doubts["浅野川"].reading == "あさのかわ"
    assert readings["湯涌"] == "ゆゆう"

    doubts, readings = doubts_of(KANAZAWA)  # the bundled readings.csv
    assert "湯涌" not in doubts and "浅野川" not in doubts
    assert readings["湯涌"] == "ゆわく" and readings["浅野川"] == "あさのがわ" and readings["浅野町"] == "あさのまち"
    assert readings["押野"] == "おしの"


def test_a_name_the_dictionary_cannot_read_is_reported_until_overridden(tmp_path):
    odd = copy_of(KANAZAWA, tmp_path)
    edit_line(odd / "area_days.csv", 2, lambda line: line.replace("浅野川", "毟毟野", 1))
    doubts, readings = doubts_of(odd)
    assert doubts["毟毟野"].why == UNREAD and readings["毟毟野"] is None
    with (odd / "readings.csv").open("a", encoding="utf-8") as file:
        file.write("毟毟野,ムシリノ\n")  # katakana is accepted and stored as hiragana
    doubts, readings = doubts_of(odd)
    assert "毟毟野" not in doubts and readings["毟毟野"] == "むしりの"


def test_a_broken_readings_csv_is_refused_with_its_line(tmp_path, engine):
    broken = copy_of(KANAZAWA, tmp_path)
    with (broken / "readings.csv").open("a", encoding="utf-8") as file:
        file.write("押野,oshino\n")
    result = run(engine, "--format", "5374", broken)
    assert result.exit_code != 0
    assert "readings.csv:54: reading 「oshino」 of 「押野」 is not kana" in result.output


def test_the_import_command_reports_readings(engine, tmp_path):
    bare = copy_of(KANAZAWA, tmp_path)
    (bare / "readings.csv").unlink()
    result = run(engine, "--format", "5374", "--city", "kanazawa", bare)
    assert result.exit_code == 0, result.output
    assert "readings: 0 from the data, 0 from readings.csv, 71 by the dictionary" in result.output
    assert "湯涌（ゆゆう）" in result.output
    result = run(engine, "--format", "5374", "--city", "kanazawa", KANAZAWA)
    assert "readings: 0 from the data, 52 from readings.csv, 19 by the dictionary" in result.output
    assert "湯涌" not in result.output


# Stored with the area: kana rows and search by reading.
def test_kanazawa_areas_are_found_by_kanji_kana_and_part_of_their_reading(session):
    import_kanazawa(session)
    names = lambda typed: [a.name for a in search_areas(session=session, text=typed, limit=12)]  # noqa: E731
    assert sorted(names("あさの")) == ["浅野川", "浅野町"]
    assert names("アサノ") == names("ｱｻﾉ") == names("あさの")
    assert sorted(names("浅野")) == ["浅野川", "浅野町"]
    assert names("ゆわく") == ["湯涌"]
    assert kana_rows(session=session) == ["あ", "か", "さ", "た", "な", "は", "ま", "や"]
    first = [a.name for a in areas_in_kana_row(session=session, row="あ")]
    assert first[:4] == ["浅野川", "浅野町", "朝日", "粟崎"] and "押野" in first

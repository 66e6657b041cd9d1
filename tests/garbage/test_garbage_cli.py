"""`portalbot garbage import` through click, with a Runtime on the test database."""
from __future__ import annotations

from click.testing import CliRunner

from bot.config import Settings
from bot.garbage.cli import garbage
from bot.runtime import Runtime
from bot.store.garbage import areas_under, get_area, top_levels
from garbage_support import HIROSHIMA, KANAZAWA, copy_of, edit_line


def run(engine, *args):
    runtime = Runtime(Settings(database_url=str(engine.url)), _engine=engine)
    return CliRunner().invoke(garbage, ["import", *map(str, args)], obj=runtime)


def test_import_5374_then_calendar(engine, session):
    result = run(engine, "--format", "5374", "--name", "金沢市", KANAZAWA)
    assert result.exit_code == 0, result.output
    assert "kanazawa: 71 areas (71 new, 0 kept), 7 categories, 1251 sorting items" in result.output
    result = run(engine, "--format", "calendar", HIROSHIMA)
    assert result.exit_code == 0, result.output
    assert "hiroshima: 1137 areas" in result.output
    assert top_levels(session=session, city="hiroshima")[0] == "中区"
    assert len(areas_under(session=session, top_level=None, city="kanazawa")) == 71


def test_bad_data_prints_file_line_reason_and_imports_nothing(engine, session, tmp_path):
    broken = copy_of(KANAZAWA, tmp_path)
    edit_line(broken / "area_days.csv", 3, lambda line: line.replace("水2,", "金曜,", 1))
    result = run(engine, "--format", "5374", broken)
    assert result.exit_code != 0
    assert "area_days.csv:3: 燃やさないごみ: unknown weekday or date 「金曜」" in result.output
    assert "nothing was imported" in result.output
    assert areas_under(session=session, top_level=None) == []


def test_vanished_areas_are_listed(engine, session, tmp_path):
    run(engine, "--format", "5374", "--city", "kanazawa", KANAZAWA)
    changed = copy_of(KANAZAWA, tmp_path)
    edit_line(changed / "area_days.csv", 2, lambda line: line.replace("浅野川", "新しい地区"))
    result = run(engine, "--format", "5374", "--city", "kanazawa", changed)
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("vanished area ")]
    area_id = int(line.split()[2].rstrip(":"))
    assert line.endswith("/浅野川") and get_area(session=session, area_id=area_id).retired


def test_the_calendar_format_wants_its_files(engine, tmp_path):
    result = run(engine, "--format", "calendar", tmp_path)
    assert result.exit_code != 0 and "no 1-N家庭ごみ収集日" in result.output


def test_the_import_says_which_categories_keep_their_japanese_name(engine, tmp_path):
    result = run(engine, "--format", "5374", KANAZAWA)
    assert "category names: 4 of 7 categories in translations.csv, the others from the glossary" in result.output
    assert "in Japanese for" not in result.output  # the glossary knows the other three
    odd = copy_of(KANAZAWA, tmp_path)
    edit_line(odd / "target.csv", 2, lambda line: "特定品目" + line[line.index(","):])
    result = run(engine, "--format", "5374", odd)
    assert result.exit_code == 0, result.output
    for language in ("English (en)", "中文 (zh)", "한국어 (ko)", "やさしい日本語 (ja-easy)"):
        assert f"  in Japanese for {language}: 特定品目" in result.output

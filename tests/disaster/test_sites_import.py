"""Importing 指定緊急避難場所一覧 (the national open-data standard): columns by header name,
UTF-8 or CP932, hazard markers 1/○/◯; a bad file names file, line and reason and changes nothing."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from bot.config import Settings
from bot.disaster.cli import shelters_group
from bot.disaster.sites import import_sites
from bot.disaster.sites_csv import SiteFileError, read_sites
from bot.runtime import Runtime
from bot.staff.models import StaffAudit
from bot.store.shelters import Shelter, all_sites
from tests.disaster.support import HEADER, around_station, csv_bytes, site_row

SAMPLE = "bot/sample_data/kanazawa-shelters/shelters.csv"


def test_columns_are_found_by_name_whatever_their_order_and_markers_are_read():
    header = list(reversed(HEADER))
    rows = [list(reversed(site_row("中央公園", 36.56, 136.65, hazards=("地震", "津波"), marker="○", kana="チュウオウコウエン"))),
            list(reversed(site_row("北公民館", 36.58, 136.64, hazards=("洪水",), marker="◯", capacity="1,200")))]
    sites = read_sites(csv_bytes(rows, header=header), file_name="sites.csv")
    assert [(s.name, s.hazards, s.capacity) for s in sites] == [
        ("中央公園", ("地震", "津波"), 100), ("北公民館", ("洪水",), 1200)]
    assert sites[0].name_kana == "チュウオウコウエン" and sites[0].address == "石川県金沢市中央公園"
    assert (sites[0].latitude, sites[0].longitude) == (36.56, 136.65)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_utf8_with_or_without_bom_and_cp932_are_read(encoding):
    data = csv_bytes([site_row("犀川河川敷", 36.55, 136.65)], encoding=encoding)
    assert [s.name for s in read_sites(data, file_name="a.csv")] == ["犀川河川敷"]


def test_optional_columns_may_be_missing():
    header = ["名称", "所在地_連結表記", "緯度", "経度", "災害種別_地震"]
    sites = read_sites(csv_bytes([["広場", "金沢市", "36.5", "136.6", "1"]], header=header), file_name="min.csv")
    assert (sites[0].name_kana, sites[0].capacity, sites[0].hazards) == (None, None, ("地震",))


@pytest.mark.parametrize("rows, header, problem", [
    ([site_row("A", 36.5, 136.6)], ["名称", "緯度", "経度"], "bad.csv:1: missing column(s) 所在地_連結表記"),
    ([site_row("", 36.5, 136.6)], HEADER, "bad.csv:2: 名称 is empty"),
    ([site_row("A", 36.5, 136.6), site_row("B", 95.0, 136.6)], HEADER, "bad.csv:3: 緯度 is out of range: 95.0"),
    ([site_row("A", "北緯36度", 136.6)], HEADER, "bad.csv:2: 緯度 is not a number: '北緯36度'"),
    ([site_row("A", 36.5, 136.6, marker="あり")], HEADER, "bad.csv:2: 災害種別_地震 is neither 1, ○ nor blank: 'あり'"),
    ([site_row("A", 36.5, 136.6, capacity="多数")], HEADER, "bad.csv:2: 想定収容人数 is not a whole number: '多数'"),
    ([], HEADER, "bad.csv: no sites"),
])
def test_bad_files_are_reported_as_file_line_reason(rows, header, problem):
    with pytest.raises(SiteFileError) as raised:
        read_sites(csv_bytes(rows, header=header), file_name="bad.csv")
    assert problem in raised.value.problems


def test_text_in_neither_encoding_is_refused():
    with pytest.raises(SiteFileError, match="neither UTF-8 nor CP932"):
        read_sites(b"\x80\x81\xff\xfe\x00", file_name="binary.csv")


def test_an_import_replaces_every_site_and_a_bad_one_changes_nothing(engine):
    assert import_sites(engine, around_station(), file_name="first.csv") == 5
    bad = csv_bytes([site_row("新しい場所", 36.5, 136.6), site_row("壊れた行", "", 136.6)])
    with pytest.raises(SiteFileError) as raised:
        import_sites(engine, bad, file_name="second.csv")
    assert raised.value.problems == ["second.csv:3: 緯度 is empty"]
    with Session(engine) as session:
        assert len(all_sites(session=session)) == 5
    assert import_sites(engine, csv_bytes([site_row("新しい場所", 36.5, 136.6)]), file_name="third.csv") == 1
    with Session(engine) as session:
        assert [s.name for s in all_sites(session=session)] == ["新しい場所"]
        audited = session.scalars(select(StaffAudit).order_by(StaffAudit.id)).all()
        assert [(a.action, a.detail["sites"]) for a in audited] == [("cli.shelters.import", 5), ("cli.shelters.import", 1)]


def test_the_cli_imports_the_bundled_sample_and_reports_bad_lines(engine, tmp_path):
    runtime = Runtime(Settings(database_url=str(engine.url)), _engine=engine)
    result = CliRunner().invoke(shelters_group, ["import", SAMPLE], obj=runtime)
    assert result.exit_code == 0, result.output
    assert "10 evacuation sites imported from shelters.csv" in result.output
    with Session(engine) as session:
        names = [s.name for s in session.scalars(select(Shelter))]
    assert len(names) == 10 and all(name.startswith("【サンプル】") for name in names)  # marked as sample data
    broken = tmp_path / "broken.csv"
    broken.write_bytes(csv_bytes([site_row("A", 36.5, 136.6), site_row("B", 36.5, "東経")]))
    result = CliRunner().invoke(shelters_group, ["import", str(broken)], obj=runtime)
    assert result.exit_code != 0
    assert "broken.csv:3: 経度 is not a number: '東経'" in result.output
    assert "nothing was imported" in result.output
    with Session(engine) as session:
        assert len(session.scalars(select(Shelter)).all()) == 10

"""Reading 指定緊急避難場所一覧 CSV files of the national open-data standard.

Columns are found by their header names (cities order and add columns as they like). The file
is UTF-8 (with or without BOM) or CP932. Every bad row is reported as `file:line: reason`, and
a file with any problem yields nothing: the import is all or nothing.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from bot.disaster.hazards import HAZARDS
from bot.store.shelters import SiteRow

NAME, KANA, ADDRESS, LATITUDE, LONGITUDE, CAPACITY = "名称", "名称_カナ", "所在地_連結表記", "緯度", "経度", "想定収容人数"
REQUIRED = (NAME, ADDRESS, LATITUDE, LONGITUDE)
HAZARD_COLUMN = "災害種別_{}"
SERVES = {"1", "○", "◯"}  # a cell saying the site serves that hazard; blank or 0 says it does not
MAX_BYTES = 20 * 1024 * 1024


class SiteFileError(Exception):
    """The file cannot be imported; nothing was changed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class _Columns:
    positions: dict[str, int]

    def cell(self, cells: list[str], name: str) -> str:
        index = self.positions.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def read_sites(data: bytes, *, file_name: str) -> list[SiteRow]:
    """The sites of one CSV file, or SiteFileError listing every problem."""
    if len(data) > MAX_BYTES:
        raise SiteFileError([f"{file_name}: larger than {MAX_BYTES // (1024 * 1024)} MB"])
    text = _decode(data)
    if text is None:
        raise SiteFileError([f"{file_name}: neither UTF-8 nor CP932 (Shift_JIS) text"])
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[str] = []
    try:
        header = next(reader, None)
        if header is None:
            raise SiteFileError([f"{file_name}: empty file"])
        columns = _Columns({name.strip().lstrip("\ufeff"): index for index, name in enumerate(header)})
        missing = [name for name in REQUIRED if name not in columns.positions]
        if missing:
            raise SiteFileError([f"{file_name}:1: missing column(s) {', '.join(missing)}"])
        sites = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            line = reader.line_num
            site = _site(cells, columns, lambda reason: problems.append(f"{file_name}:{line}: {reason}"))
            if site is not None:
                sites.append(site)
    except csv.Error as error:
        problems.append(f"{file_name}:{reader.line_num}: broken CSV: {error}")
    if problems:
        raise SiteFileError(problems)
    if not sites:
        raise SiteFileError([f"{file_name}: no sites"])
    return sites


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _site(cells: list[str], columns: _Columns, problem) -> SiteRow | None:
    name, address = columns.cell(cells, NAME), columns.cell(cells, ADDRESS)
    fine = True
    if not name:
        problem(f"{NAME} is empty")
        fine = False
    elif len(name) > 200:
        problem(f"{NAME} is longer than 200 characters")
        fine = False
    if len(address) > 300:
        problem(f"{ADDRESS} is longer than 300 characters")
        fine = False
    latitude = _degrees(columns.cell(cells, LATITUDE), -90, 90, LATITUDE, problem)
    longitude = _degrees(columns.cell(cells, LONGITUDE), -180, 180, LONGITUDE, problem)
    capacity = None
    raw_capacity = columns.cell(cells, CAPACITY).replace(",", "")
    if raw_capacity:
        if raw_capacity.isdecimal():
            capacity = int(raw_capacity)
        else:
            problem(f"{CAPACITY} is not a whole number: {raw_capacity!r}")
            fine = False
    hazards = []
    for hazard in HAZARDS:
        value = columns.cell(cells, HAZARD_COLUMN.format(hazard))
        if value in SERVES:
            hazards.append(hazard)
        elif value not in ("", "0", "-", "×"):
            problem(f"{HAZARD_COLUMN.format(hazard)} is neither 1, ○ nor blank: {value!r}")
            fine = False
    if not fine or latitude is None or longitude is None:
        return None
    kana = columns.cell(cells, KANA) or None
    return SiteRow(name=name, name_kana=kana[:200] if kana else None, address=address, latitude=latitude,
                   longitude=longitude, hazards=tuple(hazards), capacity=capacity)


def _degrees(raw: str, low: float, high: float, column: str, problem) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        problem(f"{column} is not a number: {raw!r}" if raw else f"{column} is empty")
        return None
    if not low <= value <= high or value != value:
        problem(f"{column} is out of range: {raw}")
        return None
    return value

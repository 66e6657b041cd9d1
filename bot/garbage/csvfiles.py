"""Reading the CSV files of open data: UTF-8 or CP932 (Shift_JIS), rows with their line numbers."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.garbage.problems import Problems

Row = tuple[int, list[str]]  # (line number, cells)


JAPANESE_ENCODINGS = ("utf-8-sig", "cp932")
UTF8_ONLY = ("utf-8-sig",)  # text in other scripts: CP932 has no Hangul, and few hanzi


def read_text(path: Path, problems: Problems, encodings: tuple[str, ...] = JAPANESE_ENCODINGS) -> str | None:
    data = path.read_bytes()
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if encodings == UTF8_ONLY:
        problems.add(path.name, None, "not UTF-8 text (Chinese and Korean need UTF-8, not Shift_JIS)")
    else:
        problems.add(path.name, None, "neither UTF-8 nor CP932 (Shift_JIS) text")
    return None


def split_rows(path: Path, problems: Problems) -> list[Row]:
    """5374's CSV: no quoting, a line split on `,` (as its js/script.js does); blank lines skipped."""
    text = read_text(path, problems)
    if text is None:
        return []
    return [
        (number, line.split(","))
        for number, line in enumerate(text.replace("\r", "").split("\n"), start=1)
        if line.strip()
    ]


def quoted_rows(path: Path, problems: Problems, encodings: tuple[str, ...] = JAPANESE_ENCODINGS) -> list[Row]:
    """Ordinary quoted CSV (Hiroshima's calendars); blank lines skipped."""
    text = read_text(path, problems, encodings)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as error:
        problems.add(path.name, reader.line_num, f"broken CSV: {error}")
    return rows


def check_width(path: Path, rows: list[Row], width: int, problems: Problems) -> list[Row]:
    """The rows that have `width` cells; every other row is reported as broken."""
    good = []
    for number, cells in rows:
        if len(cells) == width:
            good.append((number, cells))
        else:
            problems.add(path.name, number, f"broken row: {len(cells)} columns, expected {width}")
    return good

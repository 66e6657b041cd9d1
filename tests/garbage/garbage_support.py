"""Shared helpers of the garbage tests: the bundled data, copies to break, imports."""
from __future__ import annotations

import shutil
from pathlib import Path

from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.store.garbage import replace_city

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "bot" / "sample_data"
KANAZAWA = SAMPLE_DATA / "kanazawa"
HIROSHIMA = SAMPLE_DATA / "hiroshima"
HIROSHIMA_CP932 = Path("/work/shared/garbage-data/hiroshima/fy2025-cp932")


def copy_of(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


def edit_line(path: Path, line: int, change) -> None:
    """Replace line `line` (1-based) of a UTF-8 file by change(old line)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = change(lines[line - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def import_kanazawa(session, directory: Path = KANAZAWA):
    """Import in the test's session and commit (on SQLite a second session would wait for it)."""
    session.rollback()
    report = replace_city(session=session, data=read_5374(directory, code="kanazawa", name="金沢市"))
    session.commit()
    return report


def import_hiroshima(session, directory: Path = HIROSHIMA):
    session.rollback()
    report = replace_city(session=session, data=read_calendar(directory, code="hiroshima", name="広島市"))
    session.commit()
    return report

"""Garbage data in the console: the imported cities, and uploading a 5374 or calendar set.

The uploaded files are written to a temporary directory and read by the same importers as
`portalbot garbage import`; problems are shown file by file and line by line, and nothing is
imported unless everything is (one transaction).
"""
from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from flask import flash, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.exc import DataError

from bot.admin import blueprint
from bot.admin.auth import audit, db, requires
from bot.admin.forms import GarbageUploadForm
from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.garbage.problems import GarbageDataError, Problem
from bot.garbage.schedule import SuspensionPolicy
from bot.staff.models import Role
from bot.store.garbage import GarbageArea, GarbageCity, replace_city

MAX_FILES = 100
DATABASE_REFUSED = "データベースに保存できない値があります（長すぎる文字列など）。何も取り込んでいません。"

log = logging.getLogger(__name__)


def _cities():
    with db() as s:
        areas = (
            select(GarbageArea.city_id, func.count(GarbageArea.id).label("areas"))
            .where(GarbageArea.retired_at.is_(None))
            .group_by(GarbageArea.city_id)
            .subquery()
        )
        query = select(GarbageCity, func.coalesce(areas.c.areas, 0)).outerjoin(areas, areas.c.city_id == GarbageCity.id).order_by(GarbageCity.code)
        return s.execute(query).all()


@blueprint.get("/garbage")
@login_required
def garbage():
    return render_template("admin/garbage.html", form=GarbageUploadForm(), cities=_cities())


@blueprint.post("/garbage")
@requires(Role.EDITOR)
def garbage_upload():
    form = GarbageUploadForm()
    if not form.validate():
        return render_template("admin/garbage.html", form=form, cities=_cities()), 400
    uploads = [f for f in form.files.data or [] if f and f.filename]
    problems: list[Problem] = []
    if not uploads:
        problems.append(Problem("（ファイル）", None, "CSVファイルを選んでください"))
    elif len(uploads) > MAX_FILES:
        problems.append(Problem("（ファイル）", None, f"一度に{MAX_FILES}ファイルまでです"))
    code, name = form.code.data.strip(), (form.name.data or "").strip() or form.code.data.strip()
    report = None
    if not problems:
        with tempfile.TemporaryDirectory(prefix="portalbot-garbage-") as directory:
            for upload in uploads:
                filename = _safe_name(upload.filename)
                if filename is None:
                    problems.append(Problem(upload.filename[:100], None, "ファイル名に使えない文字があります"))
                    continue
                upload.save(Path(directory) / filename)
            if not problems:
                try:
                    if form.data_format.data == "5374":
                        data = read_5374(Path(directory), code=code, name=name, suspension_policy=SuspensionPolicy(form.suspension.data))
                    else:
                        data = read_calendar(Path(directory), code=code, name=name)
                except GarbageDataError as error:
                    problems = error.problems
                else:
                    try:
                        with db() as s:
                            report = replace_city(session=s, data=data)
                            audit(s, "garbage.import", f"city:{code}", format=form.data_format.data,
                                  files=len(uploads), areas=report.areas, vanished=len(report.vanished))
                    except DataError:  # a value the readers let through does not fit its column
                        log.warning("garbage import refused by the database", exc_info=True)
                        problems = [Problem("（取り込み）", None, DATABASE_REFUSED)]
    if problems:
        with db() as s:
            audit(s, "garbage.import.refused", f"city:{code}", format=form.data_format.data, problems=len(problems))
        return render_template("admin/garbage.html", form=form, cities=_cities(), problems=problems), 400
    flash(
        f"{report.city}: {report.areas:,}地域（新規 {report.added:,}、継続 {report.kept:,}）、"
        f"{report.categories}分別、品目 {report.items:,} を取り込みました。"
        + (f" なくなった地域: {len(report.vanished)}（住民は地域を選び直す必要があります）" if report.vanished else ""),
        "success",
    )
    if data.readings is not None and (data.readings.doubts or data.readings.unused):
        flash(" / ".join(data.readings.lines()[1:]), "warning")  # names to check in readings.csv
    return redirect(url_for("admin.garbage"))


def _safe_name(filename: str) -> str | None:
    """The file's own name (Japanese names kept), or None if it could escape the directory."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name.startswith(".") or any(ord(c) < 32 for c in name) or len(name.encode()) > 200:
        return None
    return name

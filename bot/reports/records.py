"""Reports as staff and the city's systems see them: JSON for the API, CSV for the maintenance
system, and the filters both take."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from typing import Iterable
from zoneinfo import ZoneInfo

from flask import Response

from bot.store.reports import Report, ReportFilter, ReportStatus, ReportUpdate

CSV_COLUMNS = ("受付番号", "受付日時", "種類", "状態", "区", "緯度", "経度", "場所", "状況", "写真", "更新日時")


def photo_response(photo) -> Response:
    """A report's stored photo as the console and the API serve it: never cached, never sniffed."""
    response = Response(photo.data, mimetype=photo.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def report_json(report: Report, *, has_photo: bool) -> dict:
    return {
        "id": report.id,
        "number": report.receipt,
        "category": report.category,
        "status": report.status,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "address": report.address,
        "ward": report.ward,
        "comment": report.comment,
        "created_at": report.created_at.isoformat(),
        "updated_at": report.updated_at.isoformat(),
        "has_photo": has_photo,
    }


def update_json(update: ReportUpdate) -> dict:
    return {"at": update.at.isoformat(), "status": update.status, "previous": update.previous, "note": update.note,
            "staff": update.staff_email}


def map_url(report: Report) -> str | None:
    """The place on a map site (opens in the staff member's browser; nothing is sent from here)."""
    if report.latitude is None or report.longitude is None:
        return None
    return f"https://www.google.com/maps/search/?api=1&query={report.latitude:.6f},{report.longitude:.6f}"


def reports_csv(rows: Iterable[tuple[Report, bool]], zone: ZoneInfo) -> str:
    """UTF-8 CSV with a BOM (Excel opens it as UTF-8), one row per report."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for report, has_photo in rows:
        writer.writerow([
            report.receipt, _local(report.created_at, zone), report.category, ReportStatus(report.status).label,
            report.ward or "", _coordinate(report.latitude), _coordinate(report.longitude), _cell(report.address),
            _cell(report.comment), "あり" if has_photo else "なし", _local(report.updated_at, zone),
        ])
    return out.getvalue()


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _cell(text: str) -> str:
    """A resident's words in a spreadsheet: a leading = + - @ would be run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class FilterError(ValueError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


def parse_filter(args, *, categories: tuple[str, ...], wards: tuple[str, ...], zone: ZoneInfo) -> ReportFilter:
    """status, category, ward, since/from and until/to from a query string.

    A date means the city's day (from its midnight; `to` includes the whole day); a datetime
    needs its zone."""
    problems: dict[str, str] = {}
    status = args.get("status") or None
    if status and status not in {s.value for s in ReportStatus}:
        problems["status"] = "status は " + " / ".join(s.value for s in ReportStatus) + " のどれかです"
    category = args.get("category") or None
    if category and category not in categories:
        problems["category"] = "category は " + "、".join(categories) + " のどれかです"
    ward = args.get("ward") or None
    if ward and ward not in wards:
        problems["ward"] = "ward は市の区の名前です"
    since = _moment(args.get("since") or args.get("from"), zone, problems, "since", end_of_day=False)
    until = _moment(args.get("until") or args.get("to"), zone, problems, "until", end_of_day=True)
    if problems:
        raise FilterError(problems)
    return ReportFilter(status=status, category=category, ward=ward, since=since, until=until)


def _moment(value: str | None, zone: ZoneInfo, problems: dict, name: str, *, end_of_day: bool) -> datetime | None:
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            if end_of_day:
                day = date.fromordinal(day.toordinal() + 1)
            return datetime.combine(day, time(), zone)
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError
        return moment
    except ValueError:
        problems[name] = f"{name} は日付（2026-12-01）かタイムゾーン付きの日時（2026-12-01T09:00:00+09:00）です"
        return None

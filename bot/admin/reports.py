"""まちの通報 in the console: the list with filters, CSV of a filtered list, a report's page with
its photo, place, comment and history, and the status change (editor and up), audited."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from bot.admin import blueprint
from bot.admin.auth import audit, db, requires
from bot.reports.followups import send_follow_ups
from bot.reports.records import FilterError, map_url, parse_filter, photo_response, reports_csv
from bot.staff.models import Role
from bot.store import reports
from bot.store.db import utcnow
from bot.store.models import Resident
from bot.store.reports import NOTE_MAX, ReportFilter, ReportStatus, StatusChangeError

PAGE = 50
CSV_LIMIT = 50_000


def _portal():
    return current_app.extensions["portalbot"]


def _filter() -> tuple[ReportFilter, dict[str, str]]:
    city = _portal().city
    try:
        return parse_filter(request.args, categories=city.report_categories, wards=city.wards,
                            zone=ZoneInfo(_portal().settings.timezone)), {}
    except FilterError as error:
        return ReportFilter(), error.problems


def _query() -> dict[str, str]:
    """The filters as given, to keep them in links (pages, CSV)."""
    return {k: v for k in ("status", "category", "ward", "from", "to") if (v := request.args.get(k))}


@blueprint.get("/reports")
@login_required
def reports_list():
    where, problems = _filter()
    page = max(request.args.get("page", 0, type=int), 0)
    with db() as s:
        rows = reports.list_reports(session=s, where=where, limit=PAGE + 1, offset=page * PAGE)
        with_photo = reports.photo_ids(session=s, report_ids=[r.id for r in rows])
    city = _portal().city
    return render_template("admin/reports.html", rows=rows[:PAGE], with_photo=with_photo, page=page,
                           more=len(rows) > PAGE, problems=problems, query=_query(), statuses=list(ReportStatus),
                           categories=city.report_categories, wards=city.wards), 400 if problems else 200


@blueprint.get("/reports.csv")
@login_required
def reports_export():
    where, problems = _filter()
    if problems:
        abort(400)
    with db() as s:
        rows = reports.list_reports(session=s, where=where, limit=CSV_LIMIT)
        with_photo = reports.photo_ids(session=s, report_ids=[r.id for r in rows])
        audit(s, "report.export", "", filters=_query(), count=len(rows))
    body = reports_csv(((r, r.id in with_photo) for r in rows), ZoneInfo(_portal().settings.timezone))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=reports.csv"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get("/reports/<int:report_id>")
@login_required
def report_page(report_id: int):
    with db() as s:
        report = reports.get_report(session=s, report_id=report_id)
        if report is None:
            abort(404)
        photo = reports.photo_of(session=s, report_id=report_id)
        shown_photo = None if photo is None else (photo.width, photo.height)
        changes = reports.history(session=s, report_id=report_id)
        reporter = _reporter(s, report.reporter_id)
    return render_template("admin/report.html", report=report, photo=shown_photo, history=changes, reporter=reporter,
                           map_url=map_url(report), next_statuses=report.report_status.next, note_max=NOTE_MAX,
                           label=lambda value: ReportStatus(value).label)


def _reporter(session, resident_id: int | None) -> str:
    """Whether the reporter hears of changes (never who they are)."""
    resident = session.get(Resident, resident_id) if resident_id is not None else None
    if resident is None:
        return "連絡先なし（通報者は退会済み）"
    if not (resident.registered and resident.following):
        return "お知らせは届きません（マイページ未作成、またはブロック中）"
    return "状態を変えるとLINEでお知らせします"


@blueprint.get("/reports/<int:report_id>/photo")
@login_required
def report_photo(report_id: int):
    with db() as s:
        photo = reports.photo_of(session=s, report_id=report_id)
        if photo is None:
            abort(404)
        return photo_response(photo)


@blueprint.post("/reports/<int:report_id>/status")
@requires(Role.EDITOR)
def report_status(report_id: int):
    try:
        status = ReportStatus(request.form.get("status", ""))
    except ValueError:
        status = None
    note = request.form.get("note", "")
    with db() as s:
        if reports.get_report(session=s, report_id=report_id) is None:
            abort(404)
        try:
            if status is None:
                raise StatusChangeError("変更後の状態を選んでください")
            update = reports.change_status(session=s, report_id=report_id, status=status, note=note,
                                           staff_id=current_user.id, staff_email=current_user.email, now=utcnow())
        except StatusChangeError as error:
            problem = str(error)
        else:
            problem = None
            report = reports.get_report(session=s, report_id=report_id)
            audit(s, "report.status", f"report:{report_id}", number=report.receipt, previous=update.previous,
                  status=update.status, note=update.note)
    if problem:
        flash(problem, "error")
        return redirect(url_for("admin.report_page", report_id=report_id))
    flash(f"{report.receipt} を「{status.label}」にしました。", "success")
    response = make_response(redirect(url_for("admin.report_page", report_id=report_id)))
    portal = _portal()
    response.call_on_close(lambda: send_follow_ups(engine=portal.db, pusher=portal.messenger))
    return response

"""Disaster mode and evacuation sites in the console (issue 15): start and end the mode
(admin), its reach as it grows (the page refreshes itself while work is under way), the sites
with open/closed switches and the standard CSV's upload (editor). Every change is audited."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from bot.admin import blueprint
from bot.admin.auth import address, db, requires
from bot.admin.forms import ConfirmForm, DisasterStartForm, ShelterUploadForm
from bot.disaster.hazards import HAZARDS, shown
from bot.disaster.mode import DisasterError, end_disaster, reach_of, run_disaster_work, start_disaster
from bot.disaster.sites import import_sites, open_site
from bot.disaster.sites_csv import MAX_BYTES, SiteFileError
from bot.staff.models import Role
from bot.store import disasters, shelters
from bot.store.disasters import RESTORING, SWITCHING


def _portal():
    return current_app.extensions["portalbot"]


def _page(start_form: DisasterStartForm | None = None, upload_form: ShelterUploadForm | None = None,
          problems: list[str] | None = None, status: int = 200):
    start_form = start_form or DisasterStartForm()
    start_form.hazard.choices = [(h, shown(h)) for h in HAZARDS]
    with db() as s:
        latest = disasters.latest_disasters(session=s, limit=1)
        sites = shelters.all_sites(session=s)
    disaster = latest[0] if latest else None
    reach = reach_of(_portal().db, disaster.id) if disaster else None
    working = reach is not None and reach.stage in (SWITCHING, RESTORING)
    return render_template("admin/disaster.html", disaster=disaster, reach=reach, working=working, sites=sites,
                           start_form=start_form, upload_form=upload_form or ShelterUploadForm(),
                           confirm=ConfirmForm(), problems=problems or [], shown=shown), status


def _work_after_answer(response):
    portal = _portal()
    response.call_on_close(lambda: run_disaster_work(portal.db, portal.settings))
    return response


@blueprint.get("/disaster")
@login_required
def disaster():
    return _page()


@blueprint.post("/disaster/start")
@requires(Role.ADMIN)
def disaster_start():
    form = DisasterStartForm()
    form.hazard.choices = [(h, shown(h)) for h in HAZARDS]
    if not form.validate():
        return _page(start_form=form, status=400)
    try:
        start_disaster(_portal().db, hazard=form.hazard.data, title=form.title.data or "", body=form.body.data or "",
                       staff=current_user.staff, via="console", address=address())
    except DisasterError as error:
        form.form_errors.append(error.message)
        return _page(start_form=form, status=409 if error.code == "already_on" else 400)
    flash("災害モードを開始しました。緊急のお知らせと災害時メニューを送っています。", "success")
    return _work_after_answer(redirect(url_for("admin.disaster")))


@blueprint.post("/disaster/end")
@requires(Role.ADMIN)
def disaster_end():
    if not ConfirmForm().validate():
        return _page(status=400)
    try:
        end_disaster(_portal().db, staff=current_user.staff, via="console", address=address())
    except DisasterError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.disaster"))
    flash("災害モードを終了しました。住民のメニューを元に戻しています。", "success")
    return _work_after_answer(redirect(url_for("admin.disaster")))


@blueprint.post("/shelters/<int:site_id>/open")
@requires(Role.EDITOR)
def shelter_open(site_id: int):
    if not ConfirmForm().validate():
        return _page(status=400)
    open_ = request.form.get("open") == "1"
    site = open_site(_portal().db, site_id=site_id, open_=open_, staff=current_user.staff, via="console",
                     address=address())
    if site is None:
        flash("その避難場所は見つかりません（取り込み直された可能性があります）。", "error")
    else:
        flash(f"{site.name}を{'開設' if open_ else '閉鎖'}にしました。", "success")
    return redirect(url_for("admin.disaster") + "#sites")


@blueprint.post("/shelters")
@requires(Role.EDITOR)
def shelter_upload():
    form = ShelterUploadForm()
    if not form.validate():
        return _page(upload_form=form, status=400)
    upload = form.file.data
    if not upload or not upload.filename:
        return _page(upload_form=form, problems=["CSVファイルを選んでください"], status=400)
    data = upload.read(MAX_BYTES + 1)
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:100] or "upload.csv"
    try:
        count = import_sites(_portal().db, data, file_name=name, staff=current_user.staff, via="console",
                             address=address())
    except SiteFileError as error:
        return _page(upload_form=form, problems=error.problems, status=400)
    flash(f"{name}から避難場所 {count:,}件を取り込みました。", "success")
    return redirect(url_for("admin.disaster") + "#sites")

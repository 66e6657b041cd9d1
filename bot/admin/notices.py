"""Notices in the console: the list with counts, compose (reach and preview, then send or
schedule), a notice's page, cancelling."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlmodel import Session
from wtforms import SelectChoice

from bot.admin import blueprint
from bot.admin.auth import audit, db, requires
from bot.admin.forms import NoticeForm, translation_field
from bot.admin.preview import PreviewMessage, preview
from bot.chat.language import JAPANESE
from bot.notices import dispatch
from bot.notices.messages import language_previews
from bot.notices.models import NoticeKind, NoticeStatus, StaffNotice
from bot.notices.store import Draft, cancel_notice, create_notice, get_notice, list_notices, validate_draft, with_counts
from bot.notices.targeting import Target, reach, reach_by_language
from bot.notices.translations import NoticeText, staff_name
from bot.staff.models import Role
from bot.store.db import utcnow
from bot.store.garbage import GarbageArea, GarbageCity

PAGE = 50


def _portal():
    return current_app.extensions["portalbot"]


def _zone() -> ZoneInfo:
    return ZoneInfo(_portal().settings.timezone)


@blueprint.app_template_filter("local")
def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(_zone()).strftime("%Y-%m-%d %H:%M")


blueprint.add_app_template_global(staff_name, "staff_name")  # a language code as staff read it


@dataclass(frozen=True)
class ShownLanguage:
    """One language's preview, drawn: (caption, messages) per phone."""

    code: str
    name: str
    phones: list[tuple[str, list[PreviewMessage]]]


@dataclass(frozen=True)
class LanguageReach:
    """How many recipients read a language, and which version of the notice they get."""

    code: str
    name: str
    count: int
    version: str  # "" for Japanese readers; otherwise 英語版 or 日本語版


def _shown_languages(kind: NoticeKind, japanese: NoticeText, translations: Mapping[str, NoticeText],
                     department: str, sent_at: datetime) -> list[ShownLanguage]:
    return [
        ShownLanguage(shown.code, shown.name, [(caption, preview(reply)) for caption, reply in shown.replies])
        for shown in language_previews(kind=kind, japanese=japanese, translations=translations,
                                       department=department, sent_at=sent_at)
    ]


def _reach_rows(by_language: Mapping[str, int], translations: Mapping[str, NoticeText]) -> list[LanguageReach]:
    def version(code: str) -> str:
        if code == JAPANESE:
            return ""
        return f"{staff_name(code if code in translations else JAPANESE)}版"

    return [LanguageReach(code, staff_name(code), count, version(code)) for code, count in by_language.items()]


@blueprint.get("/notices")
@login_required
def notices():
    page = max(request.args.get("page", 0, type=int), 0)
    with db() as s:
        rows = list_notices(session=s, limit=PAGE + 1, offset=page * PAGE)
        estimates = {
            row.notice.id: reach(session=s, kind=NoticeKind(row.notice.kind), target=Target.from_json(row.notice.target))
            for row in rows[:PAGE]
            if row.notice.status == NoticeStatus.SCHEDULED.value
        }
    return render_template("admin/notices.html", rows=rows[:PAGE], estimates=estimates, page=page, more=len(rows) > PAGE)


def _choices(form: NoticeForm, session: Session) -> None:
    city = _portal().city
    form.wards.choices = [SelectChoice(w) for w in city.wards]
    form.age_groups.choices = [SelectChoice(a) for a in city.age_groups]
    form.interests.choices = [SelectChoice(i) for i in city.interests]
    query = (
        select(GarbageArea.id, GarbageArea.name, GarbageArea.top_level, GarbageCity.name)
        .join(GarbageCity, GarbageCity.id == GarbageArea.city_id)
        .where(GarbageArea.retired_at.is_(None))
        .order_by(GarbageCity.name, GarbageArea.top_level, GarbageArea.position, GarbageArea.id)
    )
    form.area_ids.choices = [
        SelectChoice(area_id, name, optgroup=" ".join(filter(None, (city_name, top_level))))
        for area_id, name, top_level, city_name in session.execute(query)
    ]


def _draft(form: NoticeForm) -> tuple[Draft, dict[str, str]]:
    problems: dict[str, str] = {}
    send_at = None
    if form.timing.data == "later":
        if form.send_at.data is None:
            problems["send_at"] = "予約日時を入力してください"
        else:
            send_at = form.send_at.data.replace(tzinfo=_zone())
    draft = Draft(
        kind=NoticeKind(form.kind.data if form.kind.data in ("info", "post") else "info"),
        title=form.title.data or "",
        body=(form.body.data or "").replace("\r\n", "\n"),
        department=form.department.data or "",
        target=Target(
            wards=tuple(form.wards.data or ()),
            area_ids=tuple(form.area_ids.data or ()),
            interests=tuple(form.interests.data or ()),
            age_groups=tuple(form.age_groups.data or ()),
        ),
        send_at=send_at,
        translations=_translations(form),
    )
    return draft, problems


def _translations(form: NoticeForm) -> dict[str, NoticeText]:
    """The languages staff wrote anything in (a title without a body is refused, and said so)."""
    found = {}
    for code, _, title, body in form.translation_fields():
        text = NoticeText(title.data or "", (body.data or "").replace("\r\n", "\n"))
        if text.title.strip() or text.body.strip():
            found[code] = text
    return found


def _show_problems(form: NoticeForm, problems: dict[str, str]) -> None:
    for name, message in problems.items():
        if name.startswith("translations."):  # translations.en.title → title_en
            _, code, part = name.split(".")
            name = translation_field(part, code)
        field = getattr(form, "area_ids" if name == "target" else name, None)
        if field is not None:
            field.errors = [message]
        else:
            form.form_errors.append(message)


@blueprint.route("/notices/new", methods=["GET", "POST"])
@requires(Role.EDITOR)
def compose():
    form = NoticeForm()
    with db() as s:
        _choices(form, s)
        if request.method == "GET":
            form.department.data = current_user.staff.department
            return render_template("admin/compose.html", form=form)
        form.validate()  # lengths and choices; the rules themselves are validate_draft's
        draft, problems = _draft(form)
        now = utcnow()
        problems = {**_field_errors(form), **validate_draft(draft, session=s, city=_portal().city, now=now), **problems}
        if problems:
            _show_problems(form, problems)
            return render_template("admin/compose.html", form=form), 400
        by_language = reach_by_language(session=s, kind=draft.kind, target=draft.target)
        count = sum(by_language.values())
        if request.form.get("action") != "send":
            translations = {code: NoticeText(text.title.strip(), text.body.strip()) for code, text in draft.translations.items()}
            shown = _shown_languages(draft.kind, NoticeText(draft.title.strip(), draft.body.strip()), translations,
                                     draft.department.strip(), draft.send_at or now)
            return render_template("admin/compose.html", form=form, reach=count, previews=shown, draft=draft,
                                   reach_rows=_reach_rows(by_language, translations))
        notice = create_notice(session=s, draft=draft, city=_portal().city, staff_id=current_user.id, now=now)
        audit(s, "notice.create", f"notice:{notice.id}", kind=notice.kind, title=notice.title,
              audience=notice.target, send_at=notice.send_at.isoformat(), reach=count,
              languages=list(draft.translations))
        notice_id, due = notice.id, notice.send_at <= now
    if due:
        flash(f"配信を開始しました（対象 {count:,}人）。", "success")
    else:
        flash(f"{local_time(draft.send_at)} に配信を予約しました（現在の対象 {count:,}人）。", "success")
    response = make_response(redirect(url_for("admin.notice", notice_id=notice_id)))
    if due:  # sent after the answer, as webhook events are; the clock takes any left behind
        portal = _portal()
        response.call_on_close(lambda: dispatch.dispatch_due(engine=portal.db, settings=portal.settings))
    return response


def _field_errors(form: NoticeForm) -> dict[str, str]:
    return {name: errors[0] for name, errors in form.errors.items() if errors and name not in ("csrf_token",)}


@blueprint.get("/notices/<int:notice_id>")
@login_required
def notice(notice_id: int):
    with db() as s:
        found = get_notice(session=s, notice_id=notice_id)
        if found is None:
            abort(404)
        row = with_counts(session=s, notices=[found])[0]
        estimate, reach_rows = None, []
        if found.status == NoticeStatus.SCHEDULED.value:
            by_language = reach_by_language(session=s, kind=NoticeKind(found.kind), target=Target.from_json(found.target))
            estimate, reach_rows = sum(by_language.values()), _reach_rows(by_language, row.translations)
        area_names = _area_names(s, found)
    shown = _shown_languages(NoticeKind(found.kind), NoticeText(found.title, found.body), row.translations,
                             found.department, found.send_at)
    return render_template("admin/notice.html", row=row, estimate=estimate, previews=shown, area_names=area_names,
                           reach_rows=reach_rows)


def _area_names(session: Session, notice: StaffNotice) -> list[str]:
    ids = Target.from_json(notice.target).area_ids
    if not ids:
        return []
    rows = session.execute(select(GarbageArea.id, GarbageArea.top_level, GarbageArea.name).where(GarbageArea.id.in_(ids)))
    return [" ".join(filter(None, (top, name))) for _, top, name in sorted(rows)]


@blueprint.post("/notices/<int:notice_id>/cancel")
@requires(Role.EDITOR)
def cancel(notice_id: int):
    with db() as s:
        if get_notice(session=s, notice_id=notice_id) is None:
            abort(404)
        done = cancel_notice(session=s, notice_id=notice_id, now=utcnow())
        if done:
            audit(s, "notice.cancel", f"notice:{notice_id}")
    if done:
        flash("配信を取り消しました。", "success")
    else:
        flash("配信が始まっているか、すでに取り消されているため、取り消せませんでした。", "error")
    return redirect(url_for("admin.notice", notice_id=notice_id))



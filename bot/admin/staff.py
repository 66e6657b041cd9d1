"""Staff pages: one's own API tokens; for admins, staff accounts and the audit log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from bot.admin import blueprint
from bot.admin.auth import audit, db, requires
from bot.admin.forms import StaffCreateForm, StaffUpdateForm, TokenForm
from bot.staff import accounts
from bot.staff.accounts import StaffError
from bot.staff.models import Role, StaffAccount
from bot.store.db import utcnow

AUDIT_PAGE = 100


@blueprint.get("/tokens")
@login_required
def tokens():
    with db() as s:
        mine = accounts.tokens_of(session=s, staff_id=current_user.id)
    return render_template("admin/tokens.html", form=TokenForm(), tokens=mine, issued=None)


@blueprint.post("/tokens")
@login_required
def issue_token():
    form = TokenForm()
    if not form.validate():
        abort(400)
    with db() as s:
        row, token = accounts.issue_token(session=s, staff_id=current_user.id, label=form.label.data or "", now=utcnow())
        audit(s, "token.issue", f"token:{row.id}", label=row.label, hint=row.hint)
        mine = accounts.tokens_of(session=s, staff_id=current_user.id)
    # Shown once, on this page only; never stored, logged or put in a redirect.
    response = render_template("admin/tokens.html", form=TokenForm(formdata=None), tokens=mine, issued=token)
    return response, 201, {"Cache-Control": "no-store"}


@blueprint.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    only_mine = None if current_user.may(Role.ADMIN) else current_user.id
    with db() as s:
        token = accounts.revoke_token(session=s, token_id=token_id, now=utcnow(), staff_id=only_mine)
        if token is None:
            abort(404)
        audit(s, "token.revoke", f"token:{token_id}", owner=token.staff_id, hint=token.hint)
    flash(f"トークン {token.hint}… を無効にしました。", "success")
    back = request.form.get("back")
    return redirect(url_for("admin.staff") if back == "staff" and current_user.may(Role.ADMIN) else url_for("admin.tokens"))


@blueprint.get("/staff")
@requires(Role.ADMIN)
def staff():
    return _staff_page(StaffCreateForm())


def _staff_page(form: StaffCreateForm, status: int = 200):
    with db() as s:
        people = accounts.list_accounts(session=s)
        all_tokens = accounts.tokens_of(session=s)
    by_owner: dict[int, list] = {}
    for token in all_tokens:
        by_owner.setdefault(token.staff_id, []).append(token)
    updates = {p.id: StaffUpdateForm(formdata=None, role=p.role, state="disabled" if p.disabled_at else "active", prefix=f"s{p.id}") for p in people}
    return render_template("admin/staff.html", form=form, people=people, tokens=by_owner, updates=updates), status


@blueprint.post("/staff")
@requires(Role.ADMIN)
def create_staff():
    form = StaffCreateForm()
    if not form.validate():
        return _staff_page(form, 400)
    try:
        with db() as s:
            account = accounts.create_account(
                session=s, email=form.email.data, password=form.password.data,
                role=Role(form.role.data), department=form.department.data or "",
            )
            audit(s, "staff.create", f"staff:{account.id}", email=account.email, role=account.role)
    except StaffError as error:
        form.form_errors.append(str(error))
        return _staff_page(form, 400)
    flash(f"{account.email}（{Role(account.role).label}）を作成しました。", "success")
    return redirect(url_for("admin.staff"))


@blueprint.post("/staff/<int:staff_id>")
@requires(Role.ADMIN)
def update_staff(staff_id: int):
    form = StaffUpdateForm(prefix=f"s{staff_id}")
    if not form.validate():
        abort(400)
    try:
        with db() as s:
            if s.get(StaffAccount, staff_id) is None:
                abort(404)
            account = accounts.update_account(
                session=s, staff_id=staff_id, role=Role(form.role.data),
                disabled_at=utcnow() if form.state.data == "disabled" else None,
            )
            audit(s, "staff.update", f"staff:{staff_id}", role=account.role, disabled=account.disabled_at is not None)
    except StaffError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.staff"))
    flash(f"{account.email} を更新しました。", "success")
    return redirect(url_for("admin.staff"))


@blueprint.get("/audit")
@requires(Role.ADMIN)
def audit_log():
    page = max(request.args.get("page", 0, type=int), 0)
    with db() as s:
        entries = accounts.audit_log(session=s, limit=AUDIT_PAGE + 1, offset=page * AUDIT_PAGE)
    return render_template("admin/audit.html", entries=entries[:AUDIT_PAGE], page=page, more=len(entries) > AUDIT_PAGE)

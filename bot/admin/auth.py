"""Sign-in and sign-out, role checks, and the audit helper every console view uses."""
from __future__ import annotations

from contextlib import contextmanager
from functools import wraps
from typing import Any, Callable, Iterator

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError
from sqlmodel import Session

from bot.admin import blueprint
from bot.admin.forms import LoginForm
from bot.staff import accounts, limiter
from bot.staff.accounts import Staff
from bot.staff.models import Role
from bot.store.db import session_scope, utcnow

LOGIN_LIMITS = limiter.LoginLimits()


class StaffUser(UserMixin):
    """The signed-in staff member, for Flask-Login."""

    def __init__(self, staff: Staff) -> None:
        self.staff = staff
        self.id = staff.id

    @property
    def email(self) -> str:
        return self.staff.email

    @property
    def role(self) -> Role:
        return self.staff.role

    def may(self, needed: Role | str) -> bool:
        return self.staff.may(Role(needed))


def load_staff(user_id: str) -> StaffUser | None:
    if not user_id.isdecimal():
        return None
    with db() as session:
        staff = accounts.active_staff(session=session, staff_id=int(user_id))
    return StaffUser(staff) if staff else None


@contextmanager
def db() -> Iterator[Session]:
    with session_scope(current_app.extensions["portalbot"].db) as session:
        yield session


def address() -> str:
    return request.remote_addr or ""


def audit(session: Session, action: str, target: str = "", **detail: Any) -> None:
    """Write the signed-in staff member's action to the audit log (in the caller's transaction)."""
    accounts.audit(session=session, staff=current_user.staff, action=action, now=utcnow(), target=target, detail=detail, address=address())


def requires(role: Role) -> Callable:
    """A view for signed-in staff of at least this role; others get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def checked(*args, **kwargs):
            if not current_user.may(role):
                abort(403)
            return view(*args, **kwargs)

        return checked

    return decorate


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("admin.notices"))
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form), 400 if request.method == "POST" else 200
    email, now = accounts.normalize_email(form.email.data), utcnow()
    with db() as s:
        if limiter.is_limited(session=s, email=email, address=address(), now=now, limits=LOGIN_LIMITS):
            accounts.audit(session=s, staff=None, email=email, action="login.limited", now=now, address=address())
            limited = True
        else:
            limited = False
            staff = accounts.authenticate(session=s, email=email, password=form.password.data)
            if staff is None:
                limiter.record_failure(session=s, email=email, address=address(), now=now, limits=LOGIN_LIMITS)
                accounts.audit(session=s, staff=None, email=email, action="login.failed", now=now, address=address())
            else:
                limiter.forget_failures(session=s, email=email)
                accounts.audit(session=s, staff=staff, action="login", now=now, address=address())
    if limited:
        form.form_errors.append("ログインの失敗が続いたため、しばらくログインできません。15分ほどおいてからお試しください。")
        return render_template("admin/login.html", form=form), 429
    if staff is None:
        form.form_errors.append("メールアドレスまたはパスワードが違います。")
        return render_template("admin/login.html", form=form), 401
    # A new session id at sign-in: an id planted before (session fixation) is worth nothing.
    current_app.session_interface.regenerate(session)
    current_app.session_interface.delete_expired()
    login_user(StaffUser(staff))
    return redirect(_safe_next(request.args.get("next")) or url_for("admin.notices"))


def _safe_next(target: str | None) -> str | None:
    """Only a path inside the console (never another site)."""
    if target and target.startswith("/admin") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@blueprint.post("/logout")
@login_required
def logout():
    with db() as s:
        audit(s, "logout")
    logout_user()
    session.clear()
    flash("ログアウトしました。", "info")
    return redirect(url_for("admin.login"))


@blueprint.get("/")
@login_required
def home():
    return redirect(url_for("admin.notices"))


@blueprint.app_template_global()
def role_label(role: str) -> str:
    return Role(role).label


@blueprint.errorhandler(CSRFError)
def csrf_refused(error: CSRFError):
    return render_template("admin/error.html", title="送信を受け付けられませんでした",
                           message="画面を開き直してから、もう一度お試しください。（CSRFトークンが無効です）"), 400


@blueprint.errorhandler(403)
def forbidden(error):
    return render_template("admin/error.html", title="この操作の権限がありません",
                           message="権限が必要な場合は管理者に依頼してください。"), 403


@blueprint.errorhandler(404)
def not_found(error):
    return render_template("admin/error.html", title="見つかりません", message="ページまたはデータが見つかりません。"), 404


@blueprint.errorhandler(413)
def too_large(error):
    return render_template("admin/error.html", title="ファイルが大きすぎます", message="合計20MBまでアップロードできます。"), 413

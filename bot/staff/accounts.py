"""Staff accounts, sign-in, API tokens and the audit log: plain store functions."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from bot.staff.models import EMAIL_MAX, Role, StaffAccount, StaffAudit, StaffToken
from bot.staff.passwords import hash_password, needs_rehash, password_problem, verify_password

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "pbt_"


class StaffError(ValueError):
    """A refused account change; the message is for the operator or the admin."""


@dataclass(frozen=True)
class Staff:
    """A signed-in staff member, as views and API calls see them (no password hash)."""

    id: int
    email: str
    role: Role
    department: str

    def may(self, needed: Role) -> bool:
        return self.role.may(needed)


def as_staff(account: StaffAccount) -> Staff:
    return Staff(id=account.id, email=account.email, role=Role(account.role), department=account.department)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    if len(email) > EMAIL_MAX or not EMAIL_PATTERN.match(email):
        return "メールアドレスの形式が正しくありません"
    return None


# --- accounts -------------------------------------------------------------------------------


def create_account(*, session: Session, email: str, password: str, role: Role, department: str = "") -> StaffAccount:
    email = normalize_email(email)
    problem = email_problem(email) or password_problem(password)
    if problem:
        raise StaffError(problem)
    if find_account(session=session, email=email) is not None:
        raise StaffError(f"{email} は登録済みです")
    account = StaffAccount(email=email, password_hash=hash_password(password), role=role.value, department=department.strip())
    session.add(account)
    session.flush()
    return account


def find_account(*, session: Session, email: str) -> StaffAccount | None:
    return session.scalars(select(StaffAccount).where(StaffAccount.email == normalize_email(email))).first()


def active_staff(*, session: Session, staff_id: int) -> Staff | None:
    account = session.get(StaffAccount, staff_id)
    if account is None or account.disabled_at is not None:
        return None
    return as_staff(account)


def list_accounts(*, session: Session) -> list[StaffAccount]:
    return list(session.scalars(select(StaffAccount).order_by(StaffAccount.email)))


def authenticate(*, session: Session, email: str, password: str) -> Staff | None:
    """The staff member with this email and password, if active; upgrades an old hash."""
    account = find_account(session=session, email=email)
    if not verify_password(account.password_hash if account else None, password):
        return None
    if account.disabled_at is not None:
        return None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        session.add(account)
    return as_staff(account)


def update_account(
    *, session: Session, staff_id: int, role: Role | None = None, disabled_at: datetime | None | bool = False
) -> StaffAccount:
    """Change a role, or disable (a datetime) or enable (None) an account; one admin must remain."""
    account = session.get(StaffAccount, staff_id, with_for_update=True)
    if account is None:
        raise StaffError("アカウントが見つかりません")
    losing_admin = account.role == Role.ADMIN.value and (
        (role is not None and role is not Role.ADMIN) or isinstance(disabled_at, datetime)
    )
    if losing_admin and _active_admins(session) <= 1:
        raise StaffError("有効な管理者が1人もいなくなるため変更できません")
    if role is not None:
        account.role = role.value
    if disabled_at is not False:
        account.disabled_at = disabled_at
    session.add(account)
    session.flush()
    return account


def _active_admins(session: Session) -> int:
    query = select(func.count()).select_from(StaffAccount).where(
        StaffAccount.role == Role.ADMIN.value, StaffAccount.disabled_at.is_(None)
    )
    return session.scalar(query) or 0


# --- API tokens -----------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, session: Session, staff_id: int, label: str = "", now: datetime) -> tuple[StaffToken, str]:
    """A new bearer token: the row (digest only) and the token itself, to show once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = StaffToken(staff_id=staff_id, digest=token_digest(token), hint=token[:10], label=label.strip()[:64], created_at=now)
    session.add(row)
    session.flush()
    return row, token


def tokens_of(*, session: Session, staff_id: int | None = None) -> list[StaffToken]:
    query = select(StaffToken).order_by(StaffToken.created_at.desc(), StaffToken.id.desc())
    if staff_id is not None:
        query = query.where(StaffToken.staff_id == staff_id)
    return list(session.scalars(query))


def revoke_token(*, session: Session, token_id: int, now: datetime, staff_id: int | None = None) -> StaffToken | None:
    """Revoke a token (only one of `staff_id`'s, when given); None when there is no such token."""
    token = session.get(StaffToken, token_id, with_for_update=True)
    if token is None or (staff_id is not None and token.staff_id != staff_id):
        return None
    if token.revoked_at is None:
        token.revoked_at = now
        session.add(token)
    return token


def staff_for_token(*, session: Session, token: str, now: datetime) -> Staff | None:
    """Who holds this bearer token, if it is known, unrevoked and its account active."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = session.scalars(select(StaffToken).where(StaffToken.digest == token_digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    staff = active_staff(session=session, staff_id=row.staff_id)
    if staff is not None:
        session.execute(update(StaffToken).where(StaffToken.id == row.id).values(last_used_at=now))
    return staff


# --- audit log ------------------------------------------------------------------------------


def audit(
    *,
    session: Session,
    staff: Staff | None,
    action: str,
    now: datetime,
    target: str = "",
    detail: dict[str, Any] | None = None,
    address: str = "",
    email: str | None = None,
) -> None:
    """Write one staff action. `email` names who tried when no account is known (sign-in)."""
    session.add(
        StaffAudit(
            at=now,
            staff_id=staff.id if staff else None,
            staff_email=(staff.email if staff else (email or ""))[:EMAIL_MAX],
            action=action,
            target=target[:128],
            detail=detail or {},
            address=(address or "")[:64],
        )
    )


def audit_log(*, session: Session, limit: int = 200, offset: int = 0) -> list[StaffAudit]:
    query = select(StaffAudit).order_by(StaffAudit.at.desc(), StaffAudit.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(query))

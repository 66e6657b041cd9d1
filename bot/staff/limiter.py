"""Sign-in attempt limits, per account and per address, kept in the database.

Every web worker sees the same counts (SPEC §1: nothing lives only in process memory).
Flask-Limiter's stores are Redis, Memcached or MongoDB, none of which the product otherwise
needs, so failures are counted in a table instead: a sliding window of failed attempts.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlmodel import Session

from bot.staff.models import StaffLoginFailure


@dataclass(frozen=True)
class LoginLimits:
    window: timedelta = timedelta(minutes=15)
    per_account: int = 5  # failures on one email within the window
    per_address: int = 20  # failures from one address within the window


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def account_key(email: str) -> str:
    return _key("account", email.strip().lower())


def address_key(address: str) -> str:
    return _key("address", address or "unknown")


def is_limited(*, session: Session, email: str, address: str, now: datetime, limits: LoginLimits) -> bool:
    """Whether this account or this address has failed too often lately."""
    since = now - limits.window
    for key, limit in ((account_key(email), limits.per_account), (address_key(address), limits.per_address)):
        query = select(func.count()).select_from(StaffLoginFailure).where(
            StaffLoginFailure.key == key, StaffLoginFailure.at > since
        )
        if (session.scalar(query) or 0) >= limit:
            return True
    return False


def record_failure(*, session: Session, email: str, address: str, now: datetime, limits: LoginLimits) -> None:
    session.add(StaffLoginFailure(key=account_key(email), at=now))
    session.add(StaffLoginFailure(key=address_key(address), at=now))
    session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.at <= now - limits.window))


def forget_failures(*, session: Session, email: str) -> None:
    """A successful sign-in clears the account's count (not the address's)."""
    session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.key == account_key(email)))

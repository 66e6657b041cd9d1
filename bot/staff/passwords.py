"""Staff password hashing: argon2id through argon2-cffi.

Parameters are OWASP's recommended argon2id configuration (Password Storage Cheat Sheet):
m=19 MiB, t=2, p=1 — about 40 ms a hash here, so sign-in stays quick and a burst of attempts
cannot exhaust a worker's memory; the sign-in limits (bot/staff/limiter.py) stop online
guessing. Hashes made with other parameters are re-hashed at the next successful sign-in.
"""
from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
# Verified against when the email is unknown, so both cases take the same time.
_DUMMY = _hasher.hash("portalbot: no such account")

PASSWORD_MIN = 12
PASSWORD_MAX = 256


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < PASSWORD_MIN:
        return f"パスワードは{PASSWORD_MIN}文字以上にしてください"
    if len(password) > PASSWORD_MAX:
        return f"パスワードは{PASSWORD_MAX}文字以内にしてください"
    return None

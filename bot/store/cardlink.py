"""My Number card linking through xID: tables and link functions.

What is kept of a link is xID's opaque `sub` and the time — never a My Number, a name, an address
or a birth date. A link attempt (`CardLinkRequest`) keeps only hashes of its `state` and of the
key given to the browser that started it, the nonce and the PKCE verifier, for ten minutes, and
is deleted when used: any web worker can finish it. xID's answer is then parked
(`CardLinkApproval`, under the browser key's hash) until the resident confirms it in LINE.
The postbox the link opens is bot/store/postbox.py.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import Column, String, delete, select
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime, resident_fk

LINK_REQUEST_TTL = timedelta(minutes=10)
SECRET_BYTES = 32  # 256 bits for state, nonce and PKCE verifier (≥128 asked)


class CardLink(SQLModel, table=True):
    """A resident's link to an xID identity, and their consent to the postbox."""

    __tablename__ = "card_link"

    resident_id: int = Field(sa_column=resident_fk(primary_key=True))
    xid_subject: str = Field(sa_column=Column(String(255), unique=True, nullable=False))
    linked_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    postbox_consented_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class CardLinkRequest(SQLModel, table=True):
    """One link attempt in progress: bound to a resident, single-use, ten minutes."""

    __tablename__ = "card_link_request"

    state_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    resident_id: int = Field(sa_column=resident_fk(index=True))
    nonce: str = Field(sa_column=Column(String(128), nullable=False))
    code_verifier: str = Field(sa_column=Column(String(128), nullable=False))
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    # sha256 of the key in the starting browser's cookie: xID's redirect must come back there.
    browser_hash: str = Field(sa_column=Column(String(64), nullable=False, server_default=""))


class CardLinkApproval(SQLModel, table=True):
    """xID approved an attempt and came back to the browser that started it; the link is made
    only when the resident confirms there, with a fresh LINE ID token, that it is theirs."""

    __tablename__ = "card_link_approval"

    browser_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    resident_id: int = Field(sa_column=resident_fk(index=True))
    xid_subject: str = Field(sa_column=Column(String(255), nullable=False))
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


# --- link attempts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkAttempt:
    """What the authorization request carries; only the resident's browser sees `state`, and
    only its cookie holds `browser_key`."""

    state: str
    nonce: str
    code_verifier: str
    browser_key: str = ""


def state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def same_browser(stored_hash: str, browser_key: str | None) -> bool:
    """Whether this browser holds the key the attempt was started with."""
    if not stored_hash or not browser_key or len(browser_key) > 200:
        return False
    return hmac.compare_digest(stored_hash, state_hash(browser_key))


def begin_link(*, session: Session, resident_id: int, now: datetime) -> LinkAttempt:
    """Bind a fresh state, nonce, PKCE verifier and browser key to the resident (older
    attempts and approvals waiting for confirmation are dropped)."""
    session.execute(delete(CardLinkRequest).where(CardLinkRequest.resident_id == resident_id))
    session.execute(delete(CardLinkRequest).where(CardLinkRequest.expires_at <= now))
    session.execute(delete(CardLinkApproval).where(CardLinkApproval.resident_id == resident_id))
    session.execute(delete(CardLinkApproval).where(CardLinkApproval.expires_at <= now))
    attempt = LinkAttempt(
        state=secrets.token_urlsafe(SECRET_BYTES),
        nonce=secrets.token_urlsafe(SECRET_BYTES),
        code_verifier=secrets.token_urlsafe(SECRET_BYTES + 16),  # 64 characters, RFC 7636 allows 43–128
        browser_key=secrets.token_urlsafe(SECRET_BYTES),
    )
    session.add(
        CardLinkRequest(
            state_hash=state_hash(attempt.state),
            resident_id=resident_id,
            nonce=attempt.nonce,
            code_verifier=attempt.code_verifier,
            expires_at=now + LINK_REQUEST_TTL,
            browser_hash=state_hash(attempt.browser_key),
        )
    )
    return attempt


def take_link_request(*, session: Session, state: str, now: datetime) -> CardLinkRequest | None:
    """The attempt this state started, used up now; None if unknown, used before or expired."""
    return _take_once(session, CardLinkRequest, CardLinkRequest.state_hash, state, now)


def park_approval(*, session: Session, started: CardLinkRequest, xid_subject: str, now: datetime) -> None:
    """Keep xID's answer for the browser that started the attempt, until the resident confirms."""
    session.execute(delete(CardLinkApproval).where(CardLinkApproval.resident_id == started.resident_id))
    session.add(
        CardLinkApproval(
            browser_hash=started.browser_hash,
            resident_id=started.resident_id,
            xid_subject=xid_subject,
            expires_at=now + LINK_REQUEST_TTL,
        )
    )


def take_approval(*, session: Session, browser_key: str | None, now: datetime) -> CardLinkApproval | None:
    """The approval parked for this browser, used up now; None if none, used or expired."""
    return _take_once(session, CardLinkApproval, CardLinkApproval.browser_hash, browser_key, now)


def _take_once(session: Session, table, hashed_column, secret: str | None, now: datetime):
    """The row whose `hashed_column` is the hash of `secret`, deleted as it is read (so a second
    use finds nothing); None if unknown, used before or expired. Only hashes are stored."""
    if not secret or len(secret) > 200:
        return None
    found = session.scalars(select(table).where(hashed_column == state_hash(secret)).with_for_update()).first()
    if found is None:
        return None
    session.delete(found)
    session.flush()
    return found if found.expires_at > now else None


# --- links -------------------------------------------------------------------------------------


class LinkOutcome(Enum):
    LINKED = "linked"
    ALREADY_LINKED = "already_linked"  # this resident holds another xID identity
    TAKEN = "taken"  # this xID identity is linked to another resident


def card_link_of(*, session: Session, resident_id: int) -> CardLink | None:
    return session.get(CardLink, resident_id)


def is_linked(*, session: Session, resident_id: int) -> bool:
    return card_link_of(session=session, resident_id=resident_id) is not None


def link_card(*, session: Session, resident_id: int, xid_subject: str, now: datetime) -> LinkOutcome:
    """Link the resident to an xID identity. One identity links to one resident at a time."""
    holder = session.scalars(select(CardLink).where(CardLink.xid_subject == xid_subject).with_for_update()).first()
    if holder is not None and holder.resident_id != resident_id:
        return LinkOutcome.TAKEN
    mine = session.get(CardLink, resident_id, with_for_update=True)
    if mine is not None and mine.xid_subject != xid_subject:
        return LinkOutcome.ALREADY_LINKED
    if mine is None:
        session.add(CardLink(resident_id=resident_id, xid_subject=xid_subject, linked_at=now))
    session.flush()
    return LinkOutcome.LINKED


def unlink_card(*, session: Session, resident_id: int) -> bool:
    """Remove the link and the postbox consent (both live in the link row)."""
    removed = session.execute(delete(CardLink).where(CardLink.resident_id == resident_id))
    return removed.rowcount > 0


def consent_to_postbox(*, session: Session, resident_id: int, now: datetime) -> bool:
    """Record the consent; False when the resident has no link to consent on."""
    link = session.get(CardLink, resident_id, with_for_update=True)
    if link is None:
        return False
    if link.postbox_consented_at is None:
        link.postbox_consented_at = now
        session.add(link)
    return True

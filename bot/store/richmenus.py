"""Which rich menu is deployed for each definition in richmenu/ (`portalbot richmenu deploy`).

Kept in the database so every web worker links residents to the same menu without asking
LINE to resolve an alias on each registration.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String, bindparam, select
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime


class DeployedRichMenu(SQLModel, table=True):
    __tablename__ = "rich_menu"

    key: str = Field(sa_column=Column(String(32), primary_key=True))  # the definition's file name
    rich_menu_id: str = Field(max_length=100)
    digest: str = Field(max_length=64)  # of definition and image: unchanged menus are kept
    deployed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


_MENU_ID = select(DeployedRichMenu.rich_menu_id).where(DeployedRichMenu.key == bindparam("key"))  # per menu switch


def deployed_menu_id(*, session: Session, key: str) -> str | None:
    return session.connection().execute(_MENU_ID, {"key": key}).scalar()


def deployed_menus(*, session: Session) -> dict[str, DeployedRichMenu]:
    return {row.key: row for row in session.scalars(select(DeployedRichMenu))}


def record_deployment(*, session: Session, menus: dict[str, tuple[str, str]], now: datetime) -> None:
    """Make the table say exactly `menus` (key → (rich menu id, digest))."""
    existing = deployed_menus(session=session)
    for key, row in existing.items():
        if key not in menus:
            session.delete(row)
    for key, (rich_menu_id, digest) in menus.items():
        row = existing.get(key) or DeployedRichMenu(key=key, rich_menu_id=rich_menu_id, digest=digest, deployed_at=now)
        if (row.rich_menu_id, row.digest) != (rich_menu_id, digest) or key not in existing:
            row.rich_menu_id, row.digest, row.deployed_at = rich_menu_id, digest, now
        session.add(row)

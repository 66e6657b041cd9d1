"""Evacuation sites (指定緊急避難場所) of the city, imported from the national open-data standard.

A site is public data: its name, address and position come from the city's CSV. Whether it is
open is set by staff during a disaster. Nothing about a resident is kept here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Column, Index, delete, select
from sqlmodel import Field, Session, SQLModel

from bot.store.db import UTCDateTime


class Shelter(SQLModel, table=True):
    __tablename__ = "shelter"
    __table_args__ = (Index("ix_shelter_position", "latitude", "longitude"),)  # sites near a point

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_kana: str | None = Field(default=None, max_length=200)
    address: str = Field(max_length=300)
    latitude: float
    longitude: float
    hazards: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    capacity: int | None = None
    open: bool = Field(default=False)  # opened by staff during a disaster
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


@dataclass(frozen=True)
class SiteRow:
    """One site as read from a file, before it is stored."""

    name: str
    name_kana: str | None
    address: str
    latitude: float
    longitude: float
    hazards: tuple[str, ...]
    capacity: int | None


def replace_sites(*, session: Session, sites: list[SiteRow], now: datetime) -> int:
    """Make the table hold exactly `sites` (in the caller's transaction: all or nothing)."""
    session.execute(delete(Shelter))
    session.add_all(
        Shelter(name=s.name, name_kana=s.name_kana, address=s.address, latitude=s.latitude, longitude=s.longitude,
                hazards=list(s.hazards), capacity=s.capacity, updated_at=now)
        for s in sites
    )
    return len(sites)


def all_sites(*, session: Session) -> list[Shelter]:
    return list(session.scalars(select(Shelter).order_by(Shelter.id)))


def sites_within(*, session: Session, south: float, north: float, west: float, east: float) -> list[Shelter]:
    """Sites inside a latitude/longitude box (the caller measures the real distance)."""
    query = select(Shelter).where(Shelter.latitude.between(south, north), Shelter.longitude.between(west, east))
    return list(session.scalars(query))


def get_site(*, session: Session, site_id: int) -> Shelter | None:
    return session.get(Shelter, site_id)


def set_open(*, session: Session, site_id: int, open_: bool, now: datetime) -> Shelter | None:
    site = session.get(Shelter, site_id, with_for_update=True)
    if site is None:
        return None
    site.open, site.updated_at = open_, now
    session.add(site)
    return site

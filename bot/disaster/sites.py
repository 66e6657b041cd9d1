"""Importing and opening evacuation sites: what the command line, console and API share.
Each change is audited (who, what, when)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from bot.disaster.sites_csv import read_sites
from bot.staff import accounts
from bot.staff.accounts import Staff
from bot.store import shelters
from bot.store.db import session_scope, utcnow


def import_sites(engine: Engine, data: bytes, *, file_name: str, staff: Staff | None = None, via: str = "cli",
                 address: str = "", now: datetime | None = None) -> int:
    """Replace every site with those of the file, all or nothing (SiteFileError: nothing changed)."""
    sites = read_sites(data, file_name=file_name)
    now = now or utcnow()
    with session_scope(engine) as session:
        count = shelters.replace_sites(session=session, sites=sites, now=now)
        accounts.audit(session=session, staff=staff, action=f"{via}.shelters.import", now=now, target="shelters",
                       detail={"file": file_name[:100], "sites": count}, address=address, email=None if staff else via)
    return count


def open_site(engine: Engine, *, site_id: int, open_: bool, staff: Staff | None, via: str, address: str = "",
              now: datetime | None = None) -> shelters.Shelter | None:
    """Mark a site open or closed; None when there is no such site."""
    now = now or utcnow()
    with session_scope(engine) as session:
        site = shelters.set_open(session=session, site_id=site_id, open_=open_, now=now)
        if site is None:
            return None
        accounts.audit(session=session, staff=staff, action=f"{via}.shelter.{'open' if open_ else 'close'}", now=now,
                       target=f"shelter:{site_id}", detail={"name": site.name}, address=address,
                       email=None if staff else via)
        return site

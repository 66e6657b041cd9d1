"""The evacuation sites nearest to a point: at most 5 within 10 km, nearest first.

During disaster mode only sites serving the current hazard are offered, open ones first.
The point is used for this one answer and forgotten: it is neither stored nor logged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlmodel import Session

from bot.store import shelters
from bot.store.shelters import Shelter

EARTH_RADIUS_M = 6_371_008.8
MAX_DISTANCE_M = 10_000
MAX_SITES = 5


@dataclass(frozen=True)
class NearbySite:
    site: Shelter
    distance_m: float


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def shown_distance(metres: float) -> str:
    """`850m` under a kilometre, `1.2km` from there."""
    if metres < 1000:
        return f"{int(round(metres))}m"
    return f"{metres / 1000:.1f}km"


def nearest_sites(*, session: Session, latitude: float, longitude: float, hazard: str | None = None,
                  limit: int = MAX_SITES, within_m: float = MAX_DISTANCE_M) -> list[NearbySite]:
    """The nearest sites (serving `hazard`, open ones first, when given)."""
    dlat = math.degrees(within_m / EARTH_RADIUS_M)
    dlng = math.degrees(within_m / (EARTH_RADIUS_M * max(0.01, math.cos(math.radians(latitude)))))
    box = shelters.sites_within(session=session, south=latitude - dlat, north=latitude + dlat,
                                west=longitude - dlng, east=longitude + dlng)
    found = []
    for site in box:
        if hazard is not None and hazard not in site.hazards:
            continue
        metres = distance_m(latitude, longitude, site.latitude, site.longitude)
        if metres <= within_m:
            found.append(NearbySite(site, metres))
    if hazard is None:
        found.sort(key=lambda near: (near.distance_m, near.site.id))
    else:
        found.sort(key=lambda near: (not near.site.open, near.distance_m, near.site.id))
    return found[:limit]

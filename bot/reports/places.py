"""Where a report is: a sent location, or words typed instead, and the ward it lies in."""
from __future__ import annotations

import unicodedata

from bot.chat import texts
from bot.city import City
from bot.store.reports import ADDRESS_MAX


def typed_place_problem(typed: str) -> str | None:
    """Why typed words cannot stand for the place, or None when they can."""
    place = " ".join(typed.split())
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in typed if c not in "\n\r\t "):
        return texts.REPORT_PLACE_CONTROL
    if len(place) > ADDRESS_MAX:
        return texts.REPORT_PLACE_TOO_LONG.format(max=ADDRESS_MAX, length=len(place))
    return None


def ward_of(address: str, city: City) -> str | None:
    """The city's ward named in an address (LINE's, or typed), for the console's filter.

    "広島市中区" is looked for before a bare "中区", which another city could also have."""
    for ward in city.wards:
        if city.city_name + ward in address:
            return ward
    found = [ward for ward in city.wards if ward in address]
    return found[0] if len(found) == 1 else None

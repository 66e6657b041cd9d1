"""避難場所 (issue 15): the nearest evacuation sites to a location the resident sends.

start: "現在地を送ってください" with LINE's location picker as a quick reply → location.
nearby: a location sent outside any flow gets the same answer at once.
The answer: the 5 nearest sites within 10 km as a carousel, nearest first — during disaster
mode only sites serving the hazard, open ones first. The location is used for this answer
only: it is not stored, and the conversation keeps nothing of it.
"""
from __future__ import annotations

import math

from bot.chat import texts
from bot.disaster.hazards import shown
from bot.disaster.nearby import NearbySite, nearest_sites, shown_distance
from bot.flows.base import IDLE, Flow, answer
from bot.chat.replies import LOCATION, Button, Card, Carousel, Text
from bot.store import disasters, shelters

LOCATION_ASKED = "location"  # the question: 現在地を送ってください
START, NEARBY = "start", "nearby"  # the entries: ask for a location, or answer the one sent


def map_link(latitude: float, longitude: float) -> str:
    """A link that opens the place on a map site."""
    return f"https://www.google.com/maps/search/?api=1&query={latitude:.6f}%2C{longitude:.6f}"


class Shelters(Flow):
    name = "shelters"
    states = [LOCATION_ASKED]
    transitions = [
        {"trigger": START, "source": IDLE, "dest": LOCATION_ASKED},
        # A location sent outside any flow: the answer at once; tapped or typed with none: ask.
        answer(NEARBY, "answer_nearby", conditions="location_sent"),
        {"trigger": NEARBY, "source": IDLE, "dest": LOCATION_ASKED},
        {"trigger": "location", "source": LOCATION_ASKED, "dest": IDLE, "conditions": "location_sent", "after": "answer_nearby"},
    ]
    keywords = {texts.SHELTERS: START}
    location_entry = NEARBY  # what a location sent outside any flow starts

    def ask_location(self) -> None:
        self.say(Text(texts.ASK_LOCATION))
        self.offer(Button(texts.SEND_LOCATION, picker=LOCATION))

    def location_sent(self) -> bool:
        return _point(self.params) is not None

    def answer_nearby(self) -> None:
        """The nearest sites to the sent point (`params` latitude/longitude)."""
        point = _point(self.params)
        session = self.visit.session
        disaster = disasters.current_disaster(session=session)
        hazard = disaster.hazard if disaster else None
        found = nearest_sites(session=session, latitude=point[0], longitude=point[1], hazard=hazard)
        if not found:
            if not shelters.all_sites(session=session):
                self.say(Text(texts.NO_SITES_DATA))
            elif hazard:
                self.say(Text(texts.NO_SITES_NEARBY_FOR.format(hazard=shown(hazard))))
            else:
                self.say(Text(texts.NO_SITES_NEARBY))
            return
        alt = (texts.SITES_ALT_FOR.format(hazard=shown(hazard), count=len(found)) if hazard
               else texts.SITES_ALT.format(count=len(found)))
        self.say(Carousel(cards=tuple(_site_card(near, in_disaster=disaster is not None) for near in found), alt_text=alt),
                 Text(texts.LOCATION_NOT_KEPT))


def _point(params: dict) -> tuple[float, float] | None:
    try:
        latitude, longitude = float(params["latitude"]), float(params["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(latitude) and math.isfinite(longitude) and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _site_card(near: NearbySite, *, in_disaster: bool) -> Card:
    site = near.site
    hazards = texts.CATEGORY_SEPARATOR.join(shown(h) for h in site.hazards)
    if in_disaster:
        state = texts.SITE_OPEN if site.open else texts.SITE_NOT_OPEN
    else:
        state = texts.SITE_OPEN if site.open else texts.SITE_OPEN_UNKNOWN
    lines = [texts.SITE_DISTANCE.format(distance=shown_distance(near.distance_m)),
             texts.SITE_HAZARDS.format(hazards=hazards) if hazards else texts.SITE_NO_HAZARDS,
             state]
    if site.capacity:
        lines.append(texts.SITE_CAPACITY.format(capacity=f"{site.capacity:,}"))
    return Card(title=site.name, lines=tuple(lines), note=site.address or None,
                buttons=(Button(texts.OPEN_MAP, uri=map_link(site.latitude, site.longitude)),))

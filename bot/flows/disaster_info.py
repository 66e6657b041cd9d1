"""災害情報 (issue 15): the emergency notice now in force, and the latest earlier ones."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.chat import language, texts
from bot.disaster.hazards import shown
from bot.flows import shelters
from bot.flows.base import Flow, answer, localised
from bot.flows.shelters import Shelters
from bot.chat.replies import Button, Card, Text
from bot.store import disasters

SHOW = "show"  # the entry: the current disaster, or the latest
SHOWN_IN = ZoneInfo("Asia/Tokyo")
SHELTERS_BUTTON = Button(texts.SHELTERS, Shelters.action(shelters.START), primary=True)


class DisasterInfo(Flow):
    name = "disaster"
    transitions = [answer(SHOW, "show_disaster")]
    keywords = {texts.DISASTER_INFO: SHOW}

    def show_disaster(self) -> None:
        latest = disasters.latest_disasters(session=self.visit.session, limit=3)
        current = next((d for d in latest if d.current), None)
        if current is None:
            self.say(Text(texts.DISASTER_NONE))
        else:
            self.say(Card(
                title=texts.EMERGENCY_TITLE.format(title=current.title),
                lines=(texts.DISASTER_ON_HEADER.format(hazard=shown(current.hazard)), current.body),
                note=texts.DISASTER_STARTED_AT.format(started=_when(current.started_at)),
                buttons=(localised(SHELTERS_BUTTON),),
                alt_text=texts.EMERGENCY_TITLE.format(title=current.title),
            ))
        past = [d for d in latest if not d.current]
        if past:
            lines = tuple(
                f"{texts.DISASTER_ENDED_AT.format(started=_when(d.started_at), ended=_when(d.ended_at))} {d.title}"
                for d in past
            )
            self.say(Card(title=texts.DISASTER_PAST, lines=lines))
        self.offer(localised(SHELTERS_BUTTON))


def _when(moment) -> str:
    return language.format_day(moment.astimezone(SHOWN_IN), texts.DISASTER_MOMENT) if moment else ""

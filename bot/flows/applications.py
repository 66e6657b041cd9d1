"""オンライン申請 (guide §5 オンライン申請表示方法, SPEC §2.6).

`オンライン申請` → あなたへのおすすめ (procedures whose tags meet the resident's 興味・関心, best
matches first) or すべて, as carousels of at most ten, `もっと見る` for the next ten. Both tabs
are offered on every page, the one shown marked ● (as the app's two tabs); `申請する`
opens the procedure on the city's online application service. Without 興味・関心 there is
nothing to recommend yet: `興味・関心` is offered first. Every tap is an entry, so a carousel
shown yesterday still works today.
"""
from __future__ import annotations

from bot.chat import texts
from bot.city import City, Procedure
from bot.flows import interests
from bot.flows.base import Flow, answer
from bot.flows.interests import Interests
from bot.chat.replies import Button, Card, Carousel, Text
from bot.store.models import Resident

PAGE_SIZE = 10  # bubbles per carousel (LINE allows 12)
START, RECOMMENDED, ALL = "start", "recommended", "all"  # the entries: open (on あなたへのおすすめ), each tab


def recommended_for(resident: Resident, city: City) -> list[Procedure]:
    """Procedures sharing a tag with the resident's interests and meant for them, most shared
    tags first, then an audience that names the resident's age group, then catalogue order."""
    interests = set(resident.interests)

    def score(procedure: Procedure) -> tuple[int, int]:
        named = resident.age_group is not None and resident.age_group in procedure.age_groups
        return (len(interests & set(procedure.tags)), int(named))

    suited = [
        p
        for p in city.procedures
        if interests & set(p.tags) and p.suits(age_group=resident.age_group, ward=resident.ward)
    ]
    return sorted(suited, key=score, reverse=True)  # sorted() is stable: catalogue order within a score


class Applications(Flow):
    name = "applications"
    transitions = [answer(START, "open_applications"), answer(RECOMMENDED, "show_recommended"),
                   answer(ALL, "show_all")]
    keywords = {texts.ONLINE_APPLICATIONS: START, texts.RECOMMENDED: RECOMMENDED}
    needs_registration = True

    def open_applications(self) -> None:
        """The screen opens on あなたへのおすすめ, as the app's does."""
        self.say(Text(texts.APPLICATIONS_INTRO.format(service=self.visit.city.application_service)))
        self.show_recommended()

    def show_recommended(self) -> None:
        if not self.resident.interests:
            self.say(Text(texts.NO_INTERESTS_YET))
            self.offer(*self._tabs(RECOMMENDED), Button(texts.INTERESTS, Interests.action(interests.START)))
            return
        procedures = recommended_for(self.resident, self.visit.city)
        if not procedures:
            self.say(Text(texts.NO_RECOMMENDATIONS))
            self.offer(*self._tabs(RECOMMENDED), Button(texts.INTERESTS, Interests.action(interests.START)))
            return
        self._page(RECOMMENDED, procedures, texts.RECOMMENDED_TITLE)

    def show_all(self) -> None:
        self._page(ALL, list(self.visit.city.procedures), texts.ALL_TITLE)

    # --- showing a page ----------------------------------------------------------------------
    def _page(self, tab: str, procedures: list[Procedure], title: str) -> None:
        start = _offset(self.arg, len(procedures))
        if start is None:
            self.say(Text(texts.NO_MORE))
            self.offer(*self._tabs(tab))
            return
        shown = procedures[start : start + PAGE_SIZE]
        heading = title.format(first=start + 1, last=start + len(shown), total=len(procedures))
        self.say(Carousel(cards=tuple(_card(p, self.visit.city) for p in shown), alt_text=heading))
        self.offer(*self._tabs(tab))
        if start + PAGE_SIZE < len(procedures):
            self.offer(self.button(texts.MORE, tab, str(start + PAGE_SIZE)))
        self.offer(Button(texts.INTERESTS, Interests.action(interests.START)))

    def _tabs(self, current: str) -> list[Button]:
        """あなたへのおすすめ and すべて, the one shown marked (tapping it shows its first page)."""
        buttons = []
        for tab, label in ((RECOMMENDED, texts.RECOMMENDED), (ALL, texts.ALL_PROCEDURES)):
            buttons.append(self.button(texts.CURRENT_TAB.format(tab=label) if tab == current else label, tab))
        return buttons


def _offset(arg: str, total: int) -> int | None:
    """The page's first index from the tapped `もっと見る` (0 when none), None past the end."""
    start = int(arg) if arg.isdigit() else 0
    return start if start < total else None


def _card(procedure: Procedure, city: City) -> Card:
    return Card(
        title=procedure.title,
        lines=(procedure.summary,),
        note=texts.PROCEDURE_TAGS.format(tags=texts.CATEGORY_SEPARATOR.join(map(city.said, procedure.tags))),
        buttons=(Button(texts.APPLY, uri=procedure.url, primary=True),),
        alt_text=procedure.title,
    )

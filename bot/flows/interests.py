"""興味・関心 (SPEC §2.6): a multi-select of the catalogue's tags, with the current choice shown.

The question is shared: registration asks it as its last step, 設定 asks it on its own. Both
flows mix in `ChoosingInterests` and add `INTEREST_TRANSITIONS` to their own transitions; the
choice being made lives in `data["interests"]` until the flow's `done` stores it.
"""
from __future__ import annotations

from typing import Any

from bot.chat import language, texts
from bot.city import City
from bot.flows import mypage
from bot.flows.base import IDLE, Flow
from bot.flows.mypage import MyPage
from bot.chat.replies import Action, Button, Text

INTERESTS = "interests"  # the state asking the question
START = "start"  # 設定's entry: change the interests on their own


def interest_transitions(*, done: str) -> list[dict[str, Any]]:
    """Toggle a tag (stay), or `完了` → `done` runs and the flow ends."""
    return [
        {"trigger": "toggle_interest", "source": INTERESTS, "dest": "=", "conditions": "interest_known", "before": "toggle"},
        {"trigger": "done", "source": INTERESTS, "dest": IDLE, "after": done},
    ]


def current_choice(city: City, chosen: list[str]) -> str:
    return texts.CURRENT_CHOICE.format(choice=language.join(map(city.said, chosen))) if chosen else texts.NOTHING_CHOSEN


class ChoosingInterests:
    """The question's callbacks, for a Flow subclass with an `interests` state."""

    def ask_interests(self: Flow) -> None:
        chosen = self.data.get("interests", [])
        self.say(Text(f"{texts.ASK_INTERESTS}\n{current_choice(self.visit.city, chosen)}"))
        self.offer(*(self.button(self.visit.city.said(tag), "toggle_interest", tag) for tag in self.visit.city.interests))
        self.offer(self.button(texts.DONE, "done", primary=True))

    def interest_known(self: Flow) -> bool:
        return self.arg in self.visit.city.interests

    def toggle(self: Flow) -> None:
        chosen = self.data.setdefault("interests", [])
        if self.arg in chosen:
            chosen.remove(self.arg)
        else:
            chosen.append(self.arg)


class Interests(ChoosingInterests, Flow):
    """設定 → 興味・関心: change the tags behind あなたへのおすすめ."""

    name = "interests"
    states = [INTERESTS]
    transitions = [
        {"trigger": START, "source": IDLE, "dest": INTERESTS, "before": "take_current_choice"},
        *interest_transitions(done="save"),
    ]
    keywords = {texts.INTERESTS: START}
    needs_registration = True

    def take_current_choice(self) -> None:
        self.data["interests"] = [tag for tag in self.resident.interests if tag in self.visit.city.interests]

    def save(self) -> None:
        """Store the choice in the city's order, and point to where it shows."""
        chosen = self.data.get("interests", [])
        self.resident.interests = [tag for tag in self.visit.city.interests if tag in chosen]
        self.visit.session.add(self.resident)
        self.say(Text(texts.INTERESTS_SAVED.format(choice=current_choice(self.visit.city, self.resident.interests)) + "\n" + texts.INTERESTS_NEXT))
        self.offer(
            # applications imports this module: its entry by value here (tests/flows checks it is one)
            Button(texts.ONLINE_APPLICATIONS, Action("applications", "recommended")),
            Button(texts.MY_PAGE, MyPage.action(mypage.SHOW)),
        )

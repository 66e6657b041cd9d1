"""設定 (SPEC §2.9): one panel with a button for each setting.

Each button leads where its label leads when typed: the panel resolves the labels through the
flows' keywords (the stable contract between features), so it does not depend on other flows'
internal names, and a feature not installed is simply not shown.
"""
from __future__ import annotations

from bot.chat import language, texts
from bot.flows.base import Flow, answer
from bot.chat.replies import Action, Button, Card
from bot.store import cardlink

# (label on the panel, the keyword it stands for): Japanese, as the flows' keywords are
SHOW = "show"  # the entry: the settings card
GARBAGE_AREA = (texts.SETTING_GARBAGE_AREA, texts.SETTING_GARBAGE_AREA)
GARBAGE_REMINDERS = (texts.SETTING_GARBAGE_REMINDERS, texts.SETTING_GARBAGE_REMINDERS)
INTERESTS = (texts.INTERESTS, texts.INTERESTS)
ACCOUNT = (texts.ACCOUNT_CHANGE, texts.ACCOUNT_CHANGE)
LINK_CARD = (texts.CARD_LINK_SETTING, texts.LINK_CARD)
UNLINK_CARD = (texts.UNLINK, texts.UNLINK)
LANGUAGE = (texts.LANGUAGE_SETTING, texts.LANGUAGE_SETTING)
LEAVE = (texts.LEAVE, texts.LEAVE)


def keyword_action(keyword: str) -> Action | None:
    """What typing this keyword does, from the registry of flows (None if no flow claims it)."""
    from bot.flows import FLOWS  # the registry lists this module: import when used

    for flow in FLOWS:
        if keyword in flow.keywords:
            return Action(flow.name, flow.keywords[keyword])
    return None


class Settings(Flow):
    name = "settings"
    transitions = [answer(SHOW, "show_settings")]
    keywords = {texts.SETTINGS: SHOW}
    needs_registration = True

    def show_settings(self) -> None:
        linked = cardlink.is_linked(session=self.visit.session, resident_id=self.resident.id)
        rows = (GARBAGE_AREA, GARBAGE_REMINDERS, INTERESTS, ACCOUNT, UNLINK_CARD if linked else LINK_CARD, LANGUAGE, LEAVE)
        buttons = tuple(
            Button(language.translate(label), action) for label, keyword in rows if (action := keyword_action(keyword)) is not None
        )
        self.say(Card(title=texts.SETTINGS_TITLE, lines=(texts.SETTINGS_PROMPT,), buttons=buttons))

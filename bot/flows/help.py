"""ヘルプ: what the bot can do and how to talk to it."""
from __future__ import annotations

from bot import texts
from bot.flows.base import Flow
from bot.replies import Text


class Help(Flow):
    name = "help"
    entries = {"show": "show"}
    keywords = {texts.HELP: "show"}

    def show(self) -> None:
        city = self.visit.city
        self.say(
            Text(
                texts.HELP_TEXT.format(portal=city.portal_name, cancel=texts.CANCEL)
            )
        )

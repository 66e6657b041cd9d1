"""言語 / Language (issue 13): which language the bot answers in, for guests and registered
residents alike. Reached from 設定, from a guest's main quick replies, or by typing the label;
the choices are named in their own language, so anyone can find theirs."""
from __future__ import annotations

from bot.chat import language, texts
from bot.chat.replies import GUEST_MENU, REGISTERED_MENU, Text
from bot.flows.base import Flow, answer

START, CHOOSE = "start", "choose"  # the entries: show the choices, and take one (its code as arg)


class LanguageChoice(Flow):
    name = "language"
    transitions = [
        answer(START, "offer_languages"),
        answer(CHOOSE, "take_language", conditions="language_known"),
        answer(CHOOSE, "offer_languages", unless="language_known"),
    ]
    keywords = {texts.LANGUAGE_SETTING: START}

    def offer_languages(self) -> None:
        self.say(Text(f"{texts.LANGUAGE_TITLE}\n{texts.LANGUAGE_PROMPT}"))
        self.offer(*(self.button(choice.name, CHOOSE, choice.code) for choice in language.LANGUAGES.values()))

    def language_known(self) -> bool:
        return self.arg in language.LANGUAGES

    def take_language(self) -> None:
        """Keep the choice, answer in it from this message on, and switch the rich menu to it."""
        self.resident.language = self.arg
        self.visit.session.add(self.resident)
        language.switch_to(self.arg)
        self.say(Text(f"{texts.LANGUAGE_CHANGED}\n{texts.LANGUAGE_NAMES_STAY}"))
        self.visit.reply.rich_menu = REGISTERED_MENU if self.resident.registered else GUEST_MENU

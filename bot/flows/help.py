"""ヘルプ: what the bot can do and how to talk to it."""
from __future__ import annotations

from bot.chat import texts
from bot.flows.base import Flow, answer
from bot.chat.replies import Text


SHOW = "show"  # the entry: the help text


def feature_lines() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each feature's labels and what it does, in the language of the turn."""
    return (
        ((texts.LOGIN,), texts.HELP_LOGIN),
        ((texts.MY_PAGE,), texts.HELP_MY_PAGE),
        ((texts.GARBAGE_DAYS, texts.TODAYS_GARBAGE, texts.TOMORROWS_GARBAGE), texts.HELP_GARBAGE_DAYS),
        ((texts.GARBAGE_SORTING,), texts.HELP_SORTING),
        ((texts.GARBAGE_AREA, texts.GARBAGE_REMINDERS), texts.HELP_AREA_AND_REMINDERS),
        ((texts.POSTBOX,), texts.HELP_POSTBOX),
        ((texts.ONLINE_APPLICATIONS,), texts.HELP_APPLICATIONS),
        ((texts.REPORT, texts.REPORT_HISTORY), texts.HELP_REPORTS),
        ((texts.SETTINGS,), texts.HELP_SETTINGS),
        ((texts.SHELTERS,), texts.HELP_SHELTERS),
        ((texts.LANGUAGE_SETTING,), texts.HELP_LANGUAGE),
    )


class Help(Flow):
    name = "help"
    transitions = [answer(SHOW, "show_help")]
    keywords = {texts.HELP: SHOW}

    def show_help(self) -> None:
        features = "\n".join(texts.HELP_LINE.format(labels=texts.LABEL_SEPARATOR.join(labels), does=does) for labels, does in feature_lines())
        self.say(Text(texts.HELP_TEXT.format(portal=self.visit.city.said(self.visit.city.portal_name), features=features, cancel=texts.CANCEL)))

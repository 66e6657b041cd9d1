"""The main quick replies: what a resident can do next when not answering a question.

A test checks that every button here starts a registered flow.
"""
from __future__ import annotations

from bot.chat import texts
from bot.chat.replies import Action, Button, Text
from bot.store.models import Resident

CANCEL = Button(texts.CANCEL, Action("engine", "cancel"))

# ごみ収集日, ごみの捨て方, ごみ収集地域: for everyone, registered or not (SPEC §2.10's menus).
GARBAGE = (
    Button(texts.GARBAGE_DAYS, Action("calendar", "week")),
    Button(texts.GARBAGE_SORTING, Action("sorting", "start")),
    Button(texts.GARBAGE_AREA, Action("area", "start")),
)

SHELTERS = Button(texts.SHELTERS, Action("shelters", "start"))

LOGIN = Button(texts.LOGIN, Action("register", "start"))

GUEST = (
    LOGIN,
    *GARBAGE,
    Button(texts.REPORT, Action("report", "start")),
    SHELTERS,
    Button(texts.HELP, Action("help", "show")),
)

REGISTERED = (
    Button(texts.MY_PAGE, Action("mypage", "show")),
    Button(texts.POSTBOX, Action("postbox", "show")),
    Button(texts.ONLINE_APPLICATIONS, Action("applications", "start")),
    Button(texts.SETTINGS, Action("settings", "show")),
    *GARBAGE,
    Button(texts.REPORT, Action("report", "start")),
    SHELTERS,
    Button(texts.HELP, Action("help", "show")),
)


def registration_needed(visit) -> None:
    """Say that a feature needs My Page, offering to create it (the engine does, for a flow
    that `needs_registration`)."""
    visit.say(Text(texts.NOT_REGISTERED))
    visit.offer(LOGIN)


def main_menu(resident: Resident) -> list[Button]:
    return list(REGISTERED if resident.registered else GUEST)

"""The main quick replies: what a resident can do next when not answering a question.

A test checks that every button here starts a registered flow.
"""
from __future__ import annotations

from bot.chat import texts
from bot.chat.replies import Button
from bot.flows import applications, area, calendar, help, languages, mypage, postbox, registration, reports, settings, shelters, sorting
from bot.flows.applications import Applications
from bot.flows.area import AreaChoice
from bot.flows.calendar import GarbageCalendar
from bot.flows.help import Help
from bot.flows.languages import LanguageChoice
from bot.flows.mypage import MyPage
from bot.flows.postbox import Postbox
from bot.flows.registration import Registration
from bot.flows.reports import Reporting
from bot.flows.settings import Settings
from bot.flows.shelters import Shelters
from bot.flows.sorting import SortingGuide
from bot.store.models import Resident

def main_menu(resident: Resident) -> list[Button]:
    return registered_menu() if resident.registered else guest_menu()


def guest_menu() -> list[Button]:
    return _menu(registered=False)


def registered_menu() -> list[Button]:
    return _menu(registered=True)


def _menu(registered: bool) -> list[Button]:
    """ごみ収集日, ごみの捨て方, ごみ収集地域 for everyone, registered or not (SPEC §2.10's menus),
    after what only a registered resident has; labelled in the turn's language."""
    garbage = [
        Button(texts.GARBAGE_DAYS, GarbageCalendar.action(calendar.WEEK_VIEW)),
        Button(texts.GARBAGE_SORTING, SortingGuide.action(sorting.START)),
        Button(texts.GARBAGE_AREA, AreaChoice.action(area.START)),
    ]
    everyone = [
        Button(texts.REPORT, Reporting.action(reports.START)),
        Button(texts.SHELTERS, Shelters.action(shelters.START)),
        Button(texts.HELP, Help.action(help.SHOW)),
    ]
    if not registered:
        # 言語 / Language: a guest has no 設定 (it needs My Page), so it is offered here.
        language_choice = Button(texts.LANGUAGE_SETTING, LanguageChoice.action(languages.START))
        return [Button(texts.LOGIN, Registration.action(registration.START)), *garbage, *everyone, language_choice]
    return [
        Button(texts.MY_PAGE, MyPage.action(mypage.SHOW)),
        Button(texts.POSTBOX, Postbox.action(postbox.SHOW)),
        Button(texts.ONLINE_APPLICATIONS, Applications.action(applications.START)),
        Button(texts.SETTINGS, Settings.action(settings.SHOW)),
        *garbage,
        *everyone,
    ]

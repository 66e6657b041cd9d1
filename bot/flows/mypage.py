"""マイページ: the resident's settings at a glance (SPEC §2.1)."""
from __future__ import annotations

from bot.chat import language, texts
from bot.flows import cardlink as cardlink_flow, settings
from bot.flows.base import Flow, Visit, answer
from bot.flows.cardlink import CardLinking
from bot.flows.settings import Settings
from bot.flows.garbage_common import area_label
from bot.flows.reminders import reminder_summary
from bot.flows.rules import shown_age_group
from bot.chat.replies import Action, Button, Card
from bot.store import cardlink, garbage_choice, icons, postbox
from bot.store.reminders import reminders_of


SHOW = "show"  # the entry: My Page

def my_page_card(visit: Visit, *, with_buttons: bool = True) -> Card:
    resident = visit.resident
    linked = cardlink.is_linked(session=visit.session, resident_id=resident.id)
    icon = icons.icon_of(session=visit.session, resident_id=resident.id)
    fields = (
        (texts.FIELD_NICKNAME, resident.nickname or texts.NOT_SET),
        (texts.FIELD_ICON, _icon_state(icon)),
        (texts.FIELD_AGE, shown_age_group(resident.age_group) if resident.age_group else texts.NOT_SET),
        *([(texts.FIELD_WARD, resident.ward or texts.NOT_SET)] if visit.city.wards else []),
        (texts.FIELD_INTERESTS, language.join(map(visit.city.said, resident.interests)) or texts.NOT_SET),
        (texts.FIELD_GARBAGE_AREA, _garbage_area(visit)),
        (texts.FIELD_CARD, texts.CARD_LINKED if linked else texts.CARD_NOT_LINKED),
        (texts.FIELD_POSTBOX, texts.POSTBOX_UNREAD.format(count=postbox.unread_count(session=visit.session, resident_id=resident.id))),
        (texts.FIELD_REMINDERS, reminder_summary(reminders_of(session=visit.session, resident_id=resident.id))),
    )
    buttons = (Button(texts.LINK_CARD, CardLinking.action(cardlink_flow.START)),) if with_buttons and not linked else ()
    if with_buttons:
        # account imports this module: its entry by value here (tests/flows checks it is one)
        buttons += (Button(texts.ACCOUNT_CHANGE, Action("account", "start")), Button(texts.SETTINGS, Settings.action(settings.SHOW)))
    return Card(title=texts.MY_PAGE_TITLE, fields=fields, buttons=buttons, image_url=_icon_url(visit, icon))


def _garbage_area(visit: Visit) -> str:
    area = garbage_choice.chosen_area(session=visit.session, resident=visit.resident)
    if area is None:
        return texts.NOT_SET
    return texts.AREA_RETIRED_MARK.format(area=area_label(area)) if area.retired else area_label(area)


def _icon_state(icon: icons.ResidentIcon | None) -> str:
    if icon is None:
        return texts.NOT_SET
    return texts.ICON_FROM_LINE if icon.picture_url else texts.ICON_UPLOADED


def _icon_url(visit: Visit, icon: icons.ResidentIcon | None) -> str | None:
    """The LINE profile picture, or our URL of an uploaded icon (None where LINE could not fetch it)."""
    if icon is None:
        return None
    return icon.picture_url or visit.services.public_url(f"/icons/{icon.token}")


class MyPage(Flow):
    name = "mypage"
    transitions = [answer(SHOW, "show_my_page")]
    keywords = {texts.MY_PAGE: SHOW}
    needs_registration = True

    def show_my_page(self) -> None:
        self.say(my_page_card(self.visit))

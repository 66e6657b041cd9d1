"""Rich menus in the residents' languages: the key, alias and words of each, and which one a
resident sees.

`portalbot richmenu deploy` (bot/line/richmenu.py) deploys every definition of richmenu/ once
per language of bot/chat/language.py. The Japanese menu keeps the definition's own key
(`guest`) and alias (`portalbot-guest`); another language's is keyed `guest@en`, aliased
`portalbot-guest-en`, labelled in that language, and its tabs switch among that language's
aliases. The flows ask for a menu by what it is (GUEST_MENU, REGISTERED_MENU, DISASTER_MENU);
`switch_for` turns that and the resident's language into a LINE rich menu id.

The Japanese guest menu is the channel's default, so a Japanese guest is unlinked rather than
linked to it. A language whose menu is not deployed (the definitions were deployed before the
language came) sees the Japanese menu.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

from bot.chat import texts  # noqa: F401 - imported for its labels (LIMITS)
from bot.chat.language import JAPANESE, LIMITS, known, translate
from bot.chat.replies import GUEST_MENU, REGISTERED_MENU

ALIAS_PREFIX = "portalbot-"
# The language's part of an alias: LINE takes alias ids of at most 32 characters (letters,
# digits, - and _), and `portalbot-registered-garbage-` leaves three, so やさしい日本語 is shortened.
ALIAS_TAGS = {"en": "en", "zh": "zh", "ko": "ko", "ja-easy": "jae"}
KEY_SEPARATOR = "@"


def menu_key(menu: str, code: str | None) -> str:
    """The key (table `rich_menu`) of definition `menu` in language `code`."""
    code = known(code)
    return menu if code == JAPANESE else f"{menu}{KEY_SEPARATOR}{code}"


def split_key(key: str) -> tuple[str, str]:
    """(definition, language) of a key made by `menu_key`."""
    menu, _, code = key.partition(KEY_SEPARATOR)
    return menu, code or JAPANESE


def alias_for(key: str) -> str:
    menu, code = split_key(key)
    return ALIAS_PREFIX + menu + ("" if code == JAPANESE else "-" + ALIAS_TAGS[code])


def usual_menu(registered: bool) -> str:
    """The menu a resident sees outside disaster mode."""
    return REGISTERED_MENU if registered else GUEST_MENU


# --- a definition in a language ---------------------------------------------------------------
def localized(definition: dict, code: str) -> dict:
    """`definition` (Japanese) as the menu of language `code`: its words read in that language,
    its tabs switching to that language's menus.

    A message action's text is its label, so a tap is the label typed in the resident's
    language, which the flow engine reads (bot/flows/engine.py `keywords_in`)."""
    shown = copy.deepcopy(definition)
    shown["chatBarText"] = translate(definition["chatBarText"], code)
    for area in shown["areas"]:
        action = area["action"]
        if action["type"] == "message":
            if action["label"] not in LIMITS:
                raise ValueError(f"{action['label']!r} is not a label of bot/chat/texts: it could not be translated")
            action["label"] = action["text"] = translate(action["label"], code)
        elif action["type"] == "richmenuswitch":
            action["label"] = translate(action["label"], code)
            target = action["richMenuAliasId"].removeprefix(ALIAS_PREFIX)
            action["richMenuAliasId"] = alias_for(menu_key(target, code))
    return shown


# --- which menu a resident sees -----------------------------------------------------------------
@dataclass(frozen=True)
class MenuSwitch:
    rich_menu_id: str | None  # None: unlink, so the default (the Japanese guest menu) shows


def switch_for(menu: str, code: str | None, deployed: Callable[[str], str | None]) -> MenuSwitch | None:
    """How a resident speaking `code` comes to see `menu`, given the deployed menu id of each key
    (`deployed(key)`, None when not deployed); None when neither their language's nor the
    Japanese menu is deployed."""
    code = known(code)
    if menu == GUEST_MENU and code == JAPANESE:
        return MenuSwitch(None)
    rich_menu_id = deployed(menu_key(menu, code))
    if rich_menu_id is not None:
        return MenuSwitch(rich_menu_id)
    return switch_for(menu, JAPANESE, deployed) if code != JAPANESE else None


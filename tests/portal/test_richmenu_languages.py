"""Rich menus in each language (issue 13): deployed per language, and each resident linked to the
menu of theirs. The expected words are read through the catalogues (`translate`, `speaking`), so
these hold before and after the translations land; the menus are told apart by their ids."""
from __future__ import annotations

import json
import re

import pytest
from sqlmodel import Session, delete

from bot.chat import texts
from bot.chat.language import LANGUAGES, speaking, translate
from bot.city import load_city
from bot.chat.replies import DISASTER_MENU, GUEST_MENU, REGISTERED_MENU
from bot.line import richmenu_languages
from bot.line.richmenu import DEFINITIONS, deploy_menus, drawn_image, load_menus
from bot.line.richmenu_languages import MenuSwitch, alias_for, localized, menu_key, switch_for
from bot.store.richmenus import DeployedRichMenu
from devtools.standin.state import user_id_for
from tests.portal.support import choose_language, register, resident

HANAKO, JOHN = user_id_for("hanako"), user_id_for("john")
KEYS = ("guest", "registered", "registered-garbage", "disaster")


def definition(key: str) -> dict:
    return json.loads((DEFINITIONS / f"{key}.json").read_text(encoding="utf-8"))


def linked(portal, user: str) -> str | None:
    """The key of the menu linked to the resident (None: none, so the default shows)."""
    rich_menu_id = portal.line.user_richmenu.get(user)
    if rich_menu_id is None:
        return None
    return next(alias for alias, menu in portal.line.aliases.items() if menu == rich_menu_id)


# --- the menus of a language ----------------------------------------------------------------------
def test_a_menu_reads_its_words_in_its_language_and_its_tabs_stay_in_it(monkeypatch):
    monkeypatch.setattr(richmenu_languages, "translate", lambda text, code: f"[{code}]{text}")
    japanese = definition("registered")
    english = localized(japanese, "en")
    assert english["chatBarText"] == f"[en]{japanese['chatBarText']}"
    for mine, theirs in zip(english["areas"], japanese["areas"]):
        assert mine["bounds"] == theirs["bounds"]
        action = mine["action"]
        assert action["label"] == f"[en]{theirs['action']['label']}"
        if action["type"] == "message":
            assert action["text"] == action["label"]
        else:
            assert action["richMenuAliasId"] == theirs["action"]["richMenuAliasId"] + "-en"


def test_every_menu_is_deployed_in_every_language_with_the_catalogues_words():
    sources = {source.key: source for source in load_menus()}
    assert set(sources) == {menu_key(key, code) for key in KEYS for code in LANGUAGES}
    for key in KEYS:
        japanese = definition(key)
        for code in LANGUAGES:
            shown = sources[menu_key(key, code)].definition
            assert shown["chatBarText"] == translate(japanese["chatBarText"], code)
            with speaking(code):  # what the resident of that language reads on the bot's buttons
                expected = [translate(area["action"]["label"]) for area in japanese["areas"]]
            assert [area["action"]["label"] for area in shown["areas"]] == expected


def test_each_language_has_its_image_drawn_in_its_words():
    city = load_city()  # load_menus draws for the sample city
    text = (DEFINITIONS / "guest.json").read_text(encoding="utf-8")
    images = {source.key: source.image for source in load_menus()}
    for code in LANGUAGES:
        assert images[menu_key("guest", code)] == drawn_image(text, "guest", city.portal_name, city.city_name, code)
    # Chinese and Korean are written in their own forms of the shared characters
    assert images[menu_key("guest", "zh")] != images["guest"] != images[menu_key("guest", "ko")]


def test_aliases_are_ids_line_accepts_one_per_menu():
    aliases = [alias_for(menu_key(key, code)) for key in KEYS for code in LANGUAGES]
    assert len(set(aliases)) == len(aliases)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,32}", alias) for alias in aliases), aliases


def test_a_label_that_is_not_a_text_cannot_be_put_on_a_menu():
    broken = definition("guest")
    broken["areas"][0]["action"] = {"type": "message", "label": "どこにもない言葉", "text": "どこにもない言葉"}
    with pytest.raises(ValueError, match="not a label"):
        localized(broken, "en")


# --- which menu a resident sees ---------------------------------------------------------------------
@pytest.mark.parametrize("menu, code, deployed, shown", [
    (GUEST_MENU, "ja", {"guest": "g"}, MenuSwitch(None)),  # the default: unlinked
    (GUEST_MENU, None, {"guest": "g"}, MenuSwitch(None)),  # no language yet: Japanese
    (GUEST_MENU, "en", {"guest": "g", "guest@en": "g-en"}, MenuSwitch("g-en")),
    (GUEST_MENU, "en", {"guest": "g"}, MenuSwitch(None)),  # not deployed in English: the Japanese
    (REGISTERED_MENU, "ko", {"registered": "r", "registered@ko": "r-ko"}, MenuSwitch("r-ko")),
    (REGISTERED_MENU, "ko", {"registered": "r"}, MenuSwitch("r")),
    (DISASTER_MENU, "ja-easy", {"disaster": "d", "disaster@ja-easy": "d-easy"}, MenuSwitch("d-easy")),
    (DISASTER_MENU, "zh", {}, None),  # nothing deployed
])
def test_the_menu_a_resident_sees_is_their_languages(menu, code, deployed, shown):
    assert switch_for(menu, code, deployed.get) == shown


def test_a_follow_from_an_english_line_greets_in_english_and_links_the_english_guest_menu(portal):
    portal.line.add_user(JOHN, display_name="John", language="en")
    portal.line.follow(JOHN)
    city = portal.app.extensions["portalbot"].city
    with speaking("en"):
        greeting = texts.GREETING.format(portal=city.said(city.portal_name), city=city.said(city.city_name))
    assert greeting in portal.texts_for(JOHN)[-1]
    assert linked(portal, JOHN) == alias_for(menu_key(GUEST_MENU, "en")) == "portalbot-guest-en"


def test_a_follow_from_a_japanese_line_is_left_on_the_default_menu(portal):
    portal.line.add_user(HANAKO, display_name="広島 花子", language="ja")
    portal.line.follow(HANAKO)
    assert linked(portal, HANAKO) is None
    assert portal.line.richmenu_for(HANAKO).rich_menu_id == portal.line.aliases["portalbot-guest"]


def test_a_guest_choosing_english_gets_the_english_guest_menu_and_japanese_the_default(portal, db):
    portal.line.add_user(HANAKO, display_name="広島 花子")
    portal.line.follow(HANAKO)
    choose_language(portal, HANAKO, "en")
    assert resident(db, HANAKO).language == "en"
    assert linked(portal, HANAKO) == "portalbot-guest-en"
    english_menu = portal.line.richmenu_for(HANAKO).definition
    with speaking("en"):
        assert english_menu["areas"][0]["action"]["text"] == texts.LOGIN

    choose_language(portal, HANAKO, "ja")
    assert linked(portal, HANAKO) is None


@pytest.mark.parametrize("code", ["en", "zh", "ko", "ja-easy"])
def test_a_registered_resident_choosing_a_language_gets_its_registered_menu_and_tabs(portal, code):
    register(portal, HANAKO)
    assert linked(portal, HANAKO) == "portalbot-registered"
    choose_language(portal, HANAKO, code)
    assert linked(portal, HANAKO) == alias_for(menu_key(REGISTERED_MENU, code))

    garbage_tab = alias_for(menu_key("registered-garbage", code))
    tabs = [a["action"]["richMenuAliasId"] for a in portal.line.richmenu_for(HANAKO).definition["areas"]
            if a["action"]["type"] == "richmenuswitch"]
    assert garbage_tab in tabs
    portal.line.switch_richmenu(HANAKO, garbage_tab, "richmenu-tab:registered-garbage")
    assert portal.line.richmenu_for(HANAKO).rich_menu_id == portal.line.aliases[garbage_tab]


def test_registering_in_english_links_the_english_registered_menu_and_leaving_unlinks(portal, db):
    portal.line.add_user(JOHN, display_name="John", language="en")
    portal.line.follow(JOHN)
    with speaking("en"):  # the buttons as John sees them
        for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
            portal.tap(JOHN, label)
        portal.line.text(JOHN, "john")
        portal.tap(JOHN, texts.SKIP)
        portal.tap(JOHN, texts.SKIP)
        portal.tap(JOHN, texts.DONE)
        assert resident(db, JOHN).registered
        assert linked(portal, JOHN) == "portalbot-registered-en"

        portal.line.text(JOHN, texts.LEAVE)
        portal.tap(JOHN, texts.CONFIRM_LEAVE)
    assert resident(db, JOHN) is None
    assert linked(portal, JOHN) is None  # the default (Japanese guest) menu shows


def test_a_deploy_links_residents_whose_language_had_no_menu_yet(portal, db):
    """Menus deployed before the languages came: the next deploy gives each resident theirs."""
    portal.line.add_user(JOHN, display_name="John", language="en")
    portal.line.follow(JOHN)
    register(portal, HANAKO)
    choose_language(portal, HANAKO, "ko")
    with Session(db) as session:  # as an older deploy left it: Japanese menus only…
        session.exec(delete(DeployedRichMenu).where(DeployedRichMenu.key.contains("@")))
        session.commit()
    portal.line.user_richmenu.pop(JOHN)  # …and the residents on them
    portal.line.user_richmenu[HANAKO] = portal.line.aliases["portalbot-registered"]

    bot = portal.app.extensions["portalbot"]
    report = deploy_menus(bot.settings, bot.db)
    assert report.created == [] and report.relinked == 2
    assert (linked(portal, JOHN), linked(portal, HANAKO)) == ("portalbot-guest-en", "portalbot-registered-ko")
    assert deploy_menus(bot.settings, bot.db).relinked == 0  # nothing changed: nobody relinked

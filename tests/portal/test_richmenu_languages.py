"""Rich menus in each language (issue 13): deployed per language, and each resident linked to the
menu of theirs. The expected words are read through the catalogues (`translate`, `speaking`), so
these hold before and after the translations land; the menus are told apart by their ids."""
from __future__ import annotations

import json
import re

import pytest

from bot.chat.language import LANGUAGES, speaking, translate
from bot.city import load_city
from bot.chat.replies import DISASTER_MENU, GUEST_MENU, REGISTERED_MENU
from bot.line import richmenu_languages
from bot.line.richmenu import DEFINITIONS, drawn_image, load_menus
from bot.line.richmenu_languages import MenuSwitch, alias_for, localized, menu_key, switch_for

KEYS = ("guest", "registered", "registered-garbage", "disaster")


def definition(key: str) -> dict:
    return json.loads((DEFINITIONS / f"{key}.json").read_text(encoding="utf-8"))


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

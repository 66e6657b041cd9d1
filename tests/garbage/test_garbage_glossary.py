"""The shipped glossary of common category names, and the order a category's words are
found in: the city's translations.csv, else the glossary, else the data's Japanese."""
from __future__ import annotations

import pytest

from bot.chat.language import TRANSLATED, speaking
from bot.garbage import glossary, limits, localized
from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.garbage.schedule import Category, CategoryTranslation
from bot.reminders.message import short_how_to
from garbage_support import HIROSHIMA, KANAZAWA

BURNABLE = Category(key="燃やすごみ", label="燃やすごみ", how_to="「週2回の燃やすごみの日」に出せるものです。")


def sample_categories() -> list[Category]:
    return (read_5374(KANAZAWA, code="k", name="k").categories
            + read_calendar(HIROSHIMA, code="h", name="h").categories)


def test_every_category_of_the_sample_data_is_in_the_glossary_in_every_language():
    for category in sample_categories():
        for code in TRANSLATED:
            found = glossary.translation((category.label, category.key), code)
            assert found is not None and found.label and found.how_to, (category.label, code)


def test_every_entry_speaks_every_language_within_the_limits():
    for entry in glossary.ENTRIES:
        assert [t.language for t in entry.translations] == list(TRANSLATED), entry.names
        for text in entry.translations:
            assert text.label and len(text.label) <= limits.TRANSLATED_LABEL, (entry.names[0], text)
            assert "\n" not in text.label
            assert len(text.how_to) <= limits.TRANSLATED_HOW_TO, (entry.names[0], text.language)


@pytest.mark.parametrize("how_to, first", [
    ("「週2回の燃やすごみの日」に出せるものです。半透明の袋で。", "「週2回の燃やすごみの日」に出せるものです。"),
    ("厨余请沥干水分。请装袋。", "厨余请沥干水分。"),
    ("Drain food scraps well. Use a bag.", "Drain food scraps well."),
    ("Up to 2.5 kg a bag! Tie it.", "Up to 2.5 kg a bag!"),
    ("물기를 잘 빼 주세요. 봉투에 넣어 주세요.", "물기를 잘 빼 주세요."),
])
def test_a_reminder_shows_a_how_to_s_first_sentence_in_any_language(how_to, first):
    assert short_how_to(how_to) == first


def test_a_how_to_s_first_sentence_fits_a_reminder_unclipped():
    for entry in glossary.ENTRIES:
        for text in entry.translations:
            assert not short_how_to(text.how_to).endswith("…"), (entry.names[0], text.language, short_how_to(text.how_to))


def test_no_name_belongs_to_two_entries():
    # A name given twice would find only the later entry.
    assert [(name, entry.names[0]) for entry in glossary.ENTRIES for name in entry.names
            if glossary.find(name) is not entry] == []


@pytest.mark.parametrize("written, means", [
    ("可燃ゴミ", "燃やすごみ"), ("燃えるごみ", "燃やすごみ"), ("不燃ごみ", "燃やさないごみ"),
    ("ビン・カン", "びん・缶"), ("びん/缶", "びん・缶"), ("缶、びん", "びん・缶"), ("ｶﾝ", "缶"),
    ("プラスチック製容器包装", "プラスチック製容器包装"), ("あきびん", "びん"),
])
def test_names_match_whatever_their_width_kana_or_separator(written, means):
    assert glossary.find(written) is glossary.find(means) is not None


def test_a_name_the_glossary_does_not_know_finds_nothing():
    assert glossary.find("謎の分別") is None
    assert glossary.translation(("謎の分別",), "en") is None


# --- the order of the sources ---------------------------------------------------------------


def test_japanese_is_always_the_data_s_own():
    city_says = Category(key="燃やすごみ", label="燃やすごみ", how_to="週2回です。",
                         translations=(CategoryTranslation("en", "Burnables", "Twice a week."),))
    assert localized.label(city_says, "ja") == "燃やすごみ"
    assert localized.how_to(city_says, "ja") == "週2回です。"
    assert localized.translation(city_says, "ja") is None


def test_the_city_s_words_come_first_then_the_glossary_s_then_the_japanese():
    city_says = Category(key="燃やすごみ", label="燃やすごみ", how_to="週2回です。",
                         translations=(CategoryTranslation("en", "Burnables", "Twice a week."),
                                       CategoryTranslation("zh", "可燃物")))  # a name, no how-to
    assert (localized.label(city_says, "en"), localized.how_to(city_says, "en")) == ("Burnables", "Twice a week.")
    # Chinese: the city's name, the glossary's how-to; Korean: both the glossary's.
    assert localized.label(city_says, "zh") == "可燃物"
    assert localized.how_to(city_says, "zh") == glossary.find("燃やすごみ").translation("zh").how_to
    assert localized.label(city_says, "ko") == "타는 쓰레기"


def test_a_category_nobody_translates_stays_japanese():
    unknown = Category(key="特定品目", label="特定品目", how_to="市役所へお持ちください。")
    for code in TRANSLATED:
        assert localized.label(unknown, code) == "特定品目"
        assert localized.how_to(unknown, code) == "市役所へお持ちください。"
        assert localized.translation(unknown, code) is None


def test_the_language_of_the_turn_is_the_default():
    with speaking("en"):
        assert localized.label(BURNABLE) == "Burnable waste"
    with speaking("ja-easy"):
        assert localized.label(BURNABLE) == "もやすごみ"
    assert localized.label(BURNABLE) == "燃やすごみ"  # outside: Japanese


def test_a_calendar_category_is_found_by_its_name_or_its_cell():
    by_cell = Category(key="リプラ", label="リサイクルプラ")
    assert localized.label(by_cell, "en") == "Recyclable plastics"
    assert localized.label(Category(key="可燃", label="可燃ごみ"), "en") == "Burnable waste"

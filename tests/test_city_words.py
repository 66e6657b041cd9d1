"""The city's own words in other languages (`languages:` in the city file, issue 13)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.city import SAMPLE, load_city
from bot.chat.language import speaking


def city_file(tmp_path: Path, languages: dict) -> str:
    raw = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    raw["languages"] = languages
    raw["procedures"] = str(SAMPLE.parent / raw["procedures"])
    path = tmp_path / "city.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_the_city_says_its_words_in_the_residents_language_and_keeps_japanese_otherwise():
    city = load_city()
    with speaking("en"):
        assert (city.said(city.portal_name), city.said("防災"), city.said("中区")) == ("Machi Portal", "Disaster prevention", "中区")
    with speaking("ja"):
        assert city.said("防災") == "防災"


def test_a_language_the_bot_does_not_speak_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'fr' is not one of"):
        load_city(city_file(tmp_path, {"fr": {"words": {"防災": "Prévention"}}}))


def test_a_word_too_long_for_a_quick_reply_is_refused(tmp_path):
    with pytest.raises(ValueError, match="20 characters"):
        load_city(city_file(tmp_path, {"en": {"words": {"防災": "Preparing for disasters of every kind"}}}))


def test_every_shipped_city_file_fits(tmp_path):
    for path in (SAMPLE, SAMPLE.parent / "kanazawa.yml"):
        assert set(load_city(str(path)).words) == {"en", "zh", "ko", "ja-easy"}

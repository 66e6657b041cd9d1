"""The message catalogues: every text translated into every language, with the same
placeholders, within LINE's limits, and the compiled files current (issue 13)."""
from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from bot.chat import language, texts
from bot.chat.language import LIMITS, LANGUAGES, LOCALE_DIR, TRANSLATED, speaking
from bot.flows import FLOWS
from bot.flows.engine import FlowEngine

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "label": None, "P_": (1, 2)}


def catalogue_path(code: str, suffix: str = ".po") -> Path:
    spoken = LANGUAGES[code]
    return LOCALE_DIR / spoken.locale / "LC_MESSAGES" / f"{spoken.domain}{suffix}"


def read_catalogue(code: str):
    with catalogue_path(code).open("rb") as po:
        return read_po(po, locale=LANGUAGES[code].locale)


def source_messages() -> set[str]:
    """What `pybabel extract` finds in bot/chat/texts today."""
    found = extract_from_dir(str(ROOT), method_map=[("bot/chat/texts/**.py", "python")],
                             keywords=KEYWORDS, comment_tags=("NOTE",))
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def translations_of(code: str) -> dict[str, list[str]]:
    """msgid → its translations (one, or one per plural form)."""
    found = {}
    for message in read_catalogue(code):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        found[msgid] = list(strings)
    return found


def test_the_template_holds_every_text_of_the_source():
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert template == source_messages(), "run `make messages` and commit bot/locale"


def test_every_text_the_resident_reads_is_marked_for_translation():
    marked = source_messages()
    unmarked = [name for name in dir(texts) if name.isupper() and not name.endswith("_URL")
                and isinstance(value := texts.japanese(name), str) and value not in marked]
    assert unmarked == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code):
    catalogue = read_catalogue(code)
    missing = [m.id for m in catalogue if m.id and (not all(m.string if isinstance(m.string, tuple) else (m.string,)))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id} == source_messages()


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders(code):
    wrong = {msgid: strings for msgid, strings in translations_of(code).items()
             if any(s and placeholders(s) != placeholders(msgid) for s in strings)}
    assert wrong == {}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_label_fits_line_in_every_language(code):
    """Quick-reply and template labels: 20 characters, a confirm's text 240; the placeholders'
    values are cut by the code."""
    too_long = {}
    for msgid, limit in LIMITS.items():
        shown = language.translate(msgid, code)
        bare = "".join(literal for literal, _, _, _ in string.Formatter().parse(shown))
        if utf16_length(bare) > limit:
            too_long[msgid] = shown
    assert too_long == {}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_fits_a_line_text_message(code):
    longest = max(utf16_length(language.translate(msgid, code)) for msgid in source_messages())
    assert longest <= 5000


def test_the_language_setting_reads_the_same_in_every_language():
    assert {language.translate(texts.japanese("LANGUAGE_SETTING"), code) for code in LANGUAGES} == {"言語 / Language"}


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogues_are_current(code):
    def entries(catalogue) -> dict:  # plural ids and strings come as lists or tuples
        as_key = lambda value: tuple(value) if isinstance(value, (list, tuple)) else value  # noqa: E731
        return {as_key(m.id): as_key(m.string) for m in catalogue if m.id and not m.fuzzy}

    with catalogue_path(code, ".mo").open("rb") as mo:
        compiled = entries(read_mo(mo))
    source = entries(read_catalogue(code))
    assert compiled == source, "run `make messages` and commit bot/locale"


@pytest.mark.parametrize("code, shown", [
    ("ja", "12月2日(水)"), ("en", "Wed, Dec 2"), ("zh", "12月2日(周三)"), ("ko", "12월 2일(수)"), ("ja-easy", "12月2日(水)"),
])
def test_dates_are_written_as_each_language_writes_them(code, shown):
    from bot.flows.garbage_common import format_date

    with speaking(code):
        assert format_date(date(2026, 12, 2)) == shown


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_date_pattern_formats(code):
    with speaking(code):
        for pattern in (texts.DATE, texts.FULL_DATE, texts.MONTH, texts.NOTICE_DATE):
            assert language.format_day(date(2026, 12, 2), pattern)


@pytest.mark.parametrize("code", LANGUAGES)
def test_typed_labels_are_told_apart_in_every_language(code):
    """Two keywords translated alike would make a typed label ambiguous: the engine refuses."""
    assert FlowEngine(FLOWS).keywords_in(code)


def test_a_line_profile_language_chooses_ours():
    assert [language.from_line_profile(tag) for tag in ("en", "en-US", "zh-Hans", "zh-CN", "zh-TW", "ko", "ko-KR", "ja", "fr", None)] == [
        "en", "en", "zh", "zh", "zh", "ko", "ko", "ja", "ja", "ja"]


def test_plurals_follow_the_language():
    with speaking("en"):
        one, two = (texts.ITEM_RESULTS.format(query="x", count=n) for n in (1, 2))
        assert one.replace("1", "") != two.replace("2", "")  # 1 result, 2 results
    with speaking("ja"):
        assert texts.ITEM_RESULTS.format(query="びん", count=2) == "「びん」の分別（2件）"


def test_a_text_is_read_in_the_language_of_the_turn():
    with speaking("en"):
        english = texts.CANCEL
    assert texts.CANCEL == "キャンセル" and english != "キャンセル"

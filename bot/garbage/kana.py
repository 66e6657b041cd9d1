"""What residents type, made comparable: width, kana kind, spaces; and the あかさたな rows."""
from __future__ import annotations

import re
import unicodedata

KANA_ROWS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ")

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6  # ァ … ヶ
_HIRAGANA_OFFSET = 0x60
# ヶ and ヵ (as in 倉ケ嶽 / 倉ヶ嶽) have small hiragana twins nobody types: read them as け / か.
_SMALL_KE_KA = str.maketrans({"ゖ": "け", "ゕ": "か"})
_SPACES = re.compile(r"\s+")

# First letter of each kana row, in order; a letter belongs to the last row starting at or before it.
_ROW_STARTS = [("あ", "あ"), ("か", "か"), ("さ", "さ"), ("た", "た"), ("な", "な"),
               ("は", "は"), ("ま", "ま"), ("や", "ゃ"), ("ら", "ら"), ("わ", "ゎ")]


def katakana_to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(ch) - _HIRAGANA_OFFSET) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch
        for ch in text
    )


def normalize(text: str) -> str:
    """The search key of a text: NFKC (full/half width), lower case, hiragana, no spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = katakana_to_hiragana(text).translate(_SMALL_KE_KA)
    return _SPACES.sub("", text)


def kana_row(reading: str | None) -> str | None:
    """The あかさたな row of a reading's first letter (が → か, ぱ → は), or None if not kana."""
    key = normalize(reading or "")
    if not key:
        return None
    # Decompose to drop voicing marks: が → か + ゛.
    first = unicodedata.normalize("NFD", key[0])[0]
    if not ("ぁ" <= first <= "ゖ"):
        return None
    if first == "ゔ":
        return "あ"
    row = None
    for name, start in _ROW_STARTS:
        if first >= start:
            row = name
    return row

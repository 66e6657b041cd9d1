"""Readings (よみ) of area names, computed at import so residents can find a town by its sound
and the picker can sort it into あかさたな rows.

SudachiPy with its core dictionary reads each name (it knows many place names); the city's
`readings.csv` beside the data (`name,reading`) overrides any reading, and the importer reports
the names it could not read with confidence so an operator can add them there:
- unread: a part the dictionary does not know and cannot spell in kana (rare kanji);
- guessed: the name is not one place name of the dictionary (read from its parts, or as a
  surname): 浅野川 comes out あさのかわ, 湯涌 ゆゆう.
Nothing is downloaded at run time: the dictionary is a Python package.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import jaconv

from bot.garbage import limits
from bot.garbage.csvfiles import quoted_rows
from bot.garbage.dataset import AreaRecord
from bot.garbage.problems import Problems

OVERRIDES_FILE = "readings.csv"
UNREAD, GUESSED = "unread", "guessed"
_KANA = re.compile(r"[ぁ-ゖー・ゝゞ]+")
_NUMBER_OR_SUFFIX = {"数詞", "助数詞可能"}  # 一 / 丁目 after a place name read fine


@dataclass(frozen=True)
class Doubt:
    """A name whose reading a person should check (or add to readings.csv)."""

    name: str
    reading: str | None
    why: str  # UNREAD or GUESSED


@dataclass(frozen=True)
class ReadingReport:
    from_data: int = 0  # readings the data itself carries (Hiroshima's よみ column)
    overridden: int = 0  # from readings.csv
    computed: int = 0  # by the dictionary
    doubts: tuple[Doubt, ...] = field(default_factory=tuple)
    unused: tuple[str, ...] = ()  # names of readings.csv that are no area of the data

    def lines(self) -> list[str]:
        """What the importer tells the operator."""
        lines = [f"readings: {self.from_data} from the data, {self.overridden} from {OVERRIDES_FILE}, "
                 f"{self.computed} by the dictionary"]
        if unread := self.of(UNREAD):
            lines.append(f"could not read {len(unread)} name(s); add them to {OVERRIDES_FILE}: "
                         + "、".join(d.name for d in unread))
        if guessed := self.of(GUESSED):
            lines.append(f"guessed {len(guessed)} reading(s); check them, correct them in {OVERRIDES_FILE}: "
                         + "、".join(f"{d.name}（{d.reading}）" for d in guessed))
        if self.unused:
            lines.append(f"{OVERRIDES_FILE} names no area of the data: " + "、".join(self.unused))
        return lines

    def of(self, why: str) -> list[Doubt]:
        return [doubt for doubt in self.doubts if doubt.why == why]


@dataclass(frozen=True)
class Reading:
    text: str | None  # hiragana; None when a part could not be read
    doubt: str | None = None


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def to_hiragana(text: str) -> str:
    return jaconv.kata2hira(jaconv.h2z(text, kana=True, ascii=False, digit=False))


def read_name(name: str) -> Reading:
    """The dictionary's reading of a name, in hiragana, and whether to doubt it."""
    morphemes = list(_tokenizer().tokenize(name))
    parts = [to_hiragana(m.reading_form()) for m in morphemes]
    if not morphemes or not all(_KANA.fullmatch(part) for part in parts):
        return Reading(None, UNREAD)
    reading = "".join(parts)
    kinds = [m.part_of_speech() for m in morphemes]
    # One place name, perhaps followed by numbers and counters (江波南 一 丁目).
    one_place = kinds[0][2] == "地名" and all(
        kind[1] in _NUMBER_OR_SUFFIX or kind[2] in _NUMBER_OR_SUFFIX for kind in kinds[1:])
    return Reading(reading, None if one_place else GUESSED)


def read_overrides(directory: Path, problems: Problems) -> dict[str, str]:
    """`readings.csv` (name,reading; a header line) → {name: reading in hiragana}."""
    path = Path(directory) / OVERRIDES_FILE
    if not path.is_file():
        return {}
    overrides: dict[str, str] = {}
    for number, cells in quoted_rows(path, problems)[1:]:
        if len(cells) != 2 or not cells[0].strip():
            problems.add(path.name, number, "broken row: expected name,reading")
            continue
        name, reading = cells[0].strip(), to_hiragana(cells[1].strip())
        if not _KANA.fullmatch(reading):
            problems.add(path.name, number, f"reading 「{cells[1].strip()}」 of 「{name}」 is not kana")
        elif name in overrides:
            problems.add(path.name, number, f"「{name}」 listed twice")
        elif limits.fits(problems, path.name, number, "reading", reading, limits.READING):
            overrides[name] = reading
    return overrides


def add_readings(
    areas: list[AreaRecord], directory: Path, problems: Problems
) -> tuple[list[AreaRecord], ReadingReport]:
    """Every area with a reading: the override, else the data's own, else the dictionary's."""
    overrides = read_overrides(directory, problems)
    known = {area.name for area in areas}
    unused = tuple(name for name in overrides if name not in known)
    counts = {"from_data": 0, "overridden": 0, "computed": 0}
    doubts: dict[str, Doubt] = {}
    done = []
    for area in areas:
        if area.name in overrides:
            counts["overridden"] += 1
            done.append(replace(area, reading=overrides[area.name]))
        elif area.reading:
            counts["from_data"] += 1
            done.append(area)
        else:
            counts["computed"] += 1
            found = read_name(area.name)
            if found.doubt:
                doubts.setdefault(area.name, Doubt(area.name, found.text, found.doubt))
            done.append(replace(area, reading=found.text))
    return done, ReadingReport(**counts, doubts=tuple(doubts.values()), unused=unused)

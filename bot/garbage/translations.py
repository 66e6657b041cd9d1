"""`translations.csv`: a city's own names and how-tos of its garbage categories in other
languages, beside the data of either format (optional). Both importers read it.

UTF-8 (a BOM is allowed), ordinary quoted CSV, a header naming the columns (any order):

    category,language,label,how_to
    燃やすごみ,en,Burnable waste,"Put it out by 8:00 on the collection day, in a city bag."

- `category`: the category as the data names it — 5374: a `description.csv` label or a
  `target.csv` type; calendar: a cell's abbreviation (`可燃`) or its name (`可燃ごみ`);
- `language`: `en`, `zh` (Simplified Chinese), `ko` or `ja-easy` (やさしい日本語), the codes of
  bot/chat/language.py; Japanese is the data itself;
- `label`, `how_to`: either may be empty, not both; what is missing comes from the glossary,
  else stays Japanese (bot/garbage/localized.py).
A row that breaks these is a problem on its line, and the import takes nothing.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Mapping

from bot.chat.language import JAPANESE, LANGUAGES, TRANSLATED
from bot.garbage import limits, localized
from bot.garbage.csvfiles import UTF8_ONLY, check_width, quoted_rows
from bot.garbage.dataset import CityData
from bot.garbage.problems import Problems
from bot.garbage.schedule import Category, CategoryTranslation

FILE = "translations.csv"
COLUMNS = ("category", "language", "label", "how_to")

Translations = dict[str, tuple[CategoryTranslation, ...]]  # category key → its texts, in LANGUAGES order


def read_translations(
    directory: Path, names: Mapping[str, str], problems: Problems, *, known: str
) -> Translations:
    """The file's texts by category key; {} without the file. `names`: every name a row may
    give a category by → its key; `known`: where those names come from, for the problem."""
    path = Path(directory) / FILE
    if not path.is_file():
        return {}
    rows = quoted_rows(path, problems, UTF8_ONLY)
    if not rows:
        return {}
    (header_line, header), body = rows[0], rows[1:]
    columns = [cell.strip().lower() for cell in header]
    if sorted(columns) != sorted(COLUMNS):
        problems.add(path.name, header_line, f"the header must name the columns {','.join(COLUMNS)} "
                                             f"(found {','.join(columns)})")
        return {}
    found: dict[str, dict[str, CategoryTranslation]] = defaultdict(dict)
    first_line: dict[tuple[str, str], int] = {}
    for number, cells in check_width(path, body, len(COLUMNS), problems):
        row = dict(zip(columns, (cell.strip() for cell in cells)))
        reasons = _reasons(row, names, known)
        key = names.get(row["category"])
        if not reasons and (key, row["language"]) in first_line:
            reasons.append(f"「{row['category']}」 in {row['language']} is given twice "
                           f"(first on line {first_line[key, row['language']]})")
        fitting = [
            limits.fits(problems, path.name, number, "label", row["label"], limits.TRANSLATED_LABEL),
            limits.fits(problems, path.name, number, "how_to", row["how_to"], limits.TRANSLATED_HOW_TO),
        ]
        for reason in reasons:
            problems.add(path.name, number, reason)
        if reasons or not all(fitting):
            continue
        first_line[key, row["language"]] = number
        found[key][row["language"]] = CategoryTranslation(row["language"], row["label"], row["how_to"])
    return {key: tuple(texts[code] for code in LANGUAGES if code in texts) for key, texts in found.items()}


def _reasons(row: dict[str, str], names: Mapping[str, str], known: str) -> list[str]:
    """Why a row cannot be taken (empty when it can, length aside)."""
    reasons = []
    category, code = row["category"], row["language"]
    if not category:
        reasons.append("empty category")
    elif category not in names:
        reasons.append(f"unknown category 「{category}」 ({known})")
    if code == JAPANESE:
        reasons.append("language 「ja」: the Japanese names and how-tos are the data's own; change them there")
    elif code not in TRANSLATED:
        reasons.append(f"unknown language 「{code}」 (one of {', '.join(TRANSLATED)})")
    if not row["label"] and not row["how_to"]:
        reasons.append("neither a label nor a how_to")
    if "\n" in row["label"]:
        reasons.append("the label is more than one line")
    return reasons


def coverage(data: CityData) -> list[str]:
    """What the importer tells the operator: how many categories the file translates, and
    which keep their Japanese name in a language (neither the file nor the glossary names them)."""
    categories = data.categories
    translated = sum(1 for c in categories if c.translations)
    lines = [f"category names: {translated} of {len(categories)} categories in {FILE}, "
             f"the others from the glossary where it knows them"]
    for code in TRANSLATED:
        japanese = [c.label for c in categories if not _named(c, code)]
        if japanese:
            lines.append(f"  in Japanese for {LANGUAGES[code].name} ({code}): " + "、".join(japanese))
    return lines


def _named(category: Category, code: str) -> bool:
    found = localized.translation(category, code)
    return bool(found and found.label)

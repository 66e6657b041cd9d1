"""Typed words that no question and no label claims: understood where the resident means them
(SPEC §2.3: a town's name or reading may be typed at any point).

Tried together, never one silently over another:
- a menu label typed loosely (`ゴミ収集日`, `ごみしゅうしゅうび`, `マイ ページ`) → that feature;
- a town's name or reading, or part of it → the matching areas (ごみ収集地域's search);
- a sorting-guide item → its category, notes and next collection (ごみの捨て方's answer).
One kind found → that; several → the resident picks; none → None (not understood).
Inside a question typed words answer the question: the engine asks here only outside flows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from bot.chat import texts
from bot.flows import area, sorting
from bot.flows.area import AreaChoice
from bot.flows.base import Visit
from bot.flows.sorting import SortingGuide
from bot.garbage import kana
from bot.chat.replies import Action, Button
from bot.store import garbage, garbage_choice

MAX_TYPED = 40  # longer text is a message to someone, not a name
MIN_PARTIAL = 2  # a single letter matches too much: only a whole name of one letter counts
LABEL_CUTOFF = 0.8  # how alike a typed word and a label (or its reading) must be
LABEL_MARGIN = 0.05  # a label ahead of the next by less than this is not a clear winner
QUERY_IN_LABEL = 12  # characters of the query shown inside a choice's label
AREA_SEARCH = (AreaChoice.name, area.SEARCH)  # ごみ収集地域's entry that searches the typed words
ITEM_LOOKUP = (SortingGuide.name, sorting.LOOKUP)  # ごみの捨て方's entry that answers for one item


@dataclass
class Understood:
    """What typed words were taken to mean: one action to run, or choices to offer."""

    action: Action | None = None
    note: str | None = None  # said first, when the words were read loosely
    choices: list[Button] = field(default_factory=list)


class FreeText:
    def __init__(self, keywords: dict[str, Action]) -> None:
        self.keywords = keywords
        self._loose = {kana.normalize(label): label for label in keywords}

    def understand(self, visit: Visit, typed: str) -> Understood | None:
        key = kana.normalize(typed)
        if not key or len(typed) > MAX_TYPED:
            return None
        if key in self._loose:  # a label with other widths, kana or spaces: no doubt
            return Understood(self.keywords[self._loose[key]])
        labels = self._near_labels(key)
        found: list[tuple[Action, str]] = [(self.keywords[label], label) for label in labels]
        if self._areas_match(visit, typed, key):
            found.append((Action(*AREA_SEARCH, typed), texts.AREAS_MATCHING.format(query=_short(typed))))
        if self._items_match(visit, typed, key):
            found.append((Action(*ITEM_LOOKUP, typed), texts.ITEMS_MATCHING.format(query=_short(typed))))
        if not found:
            return None
        if len(found) == 1:
            action, label = found[0]
            note = texts.UNDERSTOOD_AS.format(query=typed, label=label) if labels else None
            return Understood(action, note=note)
        return Understood(choices=[Button(label, action) for action, label in found])

    # --- what the words could be ------------------------------------------------------------
    def _near_labels(self, key: str) -> list[str]:
        """The labels the words look like: the best, or those too close to it to choose; the
        start of several labels (ごみしゅうしゅう) is all of them."""
        forms = self._label_forms
        started = [label for label in self.keywords
                   if len(key) >= MIN_PARTIAL and any(form.startswith(key) for form in forms[label])]
        if len(started) > 1:
            return started
        scored = []
        matcher = SequenceMatcher(None, key)
        for label in self.keywords:
            score = max((_likeness(matcher, form) for form in forms[label]), default=0.0)
            if score >= LABEL_CUTOFF:
                scored.append((score, label))
        scored.sort(key=lambda entry: -entry[0])
        return [label for score, label in scored if score > scored[0][0] - LABEL_MARGIN]

    @cached_property
    def _label_forms(self) -> dict[str, list[str]]:
        """Each label as it may be typed: its letters and its reading (made on first use: the
        readings need the dictionary)."""
        return {label: [form for form in (kana.normalize(label), _reading(label)) if form] for label in self.keywords}

    @staticmethod
    def _areas_match(visit: Visit, typed: str, key: str) -> bool:
        found = garbage.search_areas(session=visit.session, text=typed, limit=1)
        return bool(found) and (len(key) >= MIN_PARTIAL or _names_exactly(found[0].name, found[0].reading, key))

    @staticmethod
    def _items_match(visit: Visit, typed: str, key: str) -> bool:
        area = garbage_choice.chosen_area(session=visit.session, resident=visit.resident)
        found = garbage.search_items(session=visit.session, text=typed, limit=1, city=area.city if area else None)
        return bool(found) and (len(key) >= MIN_PARTIAL or kana.normalize(found[0].name) == key)


def _likeness(matcher: SequenceMatcher, form: str) -> float:
    """How alike the typed words (the matcher's first sequence) and a form are, or 0 when the
    cheap upper bounds already fall short of LABEL_CUTOFF (difflib's get_close_matches does so)."""
    matcher.set_seq2(form)
    if matcher.real_quick_ratio() < LABEL_CUTOFF or matcher.quick_ratio() < LABEL_CUTOFF:
        return 0.0
    return matcher.ratio()


@lru_cache(maxsize=256)
def _reading(label: str) -> str:
    """A label's reading (ごみ収集日 → ごみしゅうしゅうひ), for labels typed in kana."""
    from bot.garbage.readings import read_name  # the dictionary loads on first use only

    return kana.normalize(read_name(label).text or "")


def _names_exactly(name: str, reading: str | None, key: str) -> bool:
    return key in (kana.normalize(name), kana.normalize(reading or ""))


def _short(typed: str) -> str:
    return typed if len(typed) <= QUERY_IN_LABEL else typed[: QUERY_IN_LABEL - 1] + "…"

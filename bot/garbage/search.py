"""Ranking what a resident typed against names and readings: exact > prefix > contains,
and near matches when nothing matches. Keys are `kana.normalize`d on both sides."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterable, TypeVar

T = TypeVar("T")
_WORD_BREAKS = re.compile(r"[()（）・,、/\[\]「」]+")


def match_rank(query: str, keys: Iterable[str]) -> tuple[int, int] | None:
    """(0 exact | 1 prefix | 2 contains, length of the key matched), or None."""
    best = None
    for key in keys:
        if not key or query not in key:
            continue
        kind = 0 if key == query else 1 if key.startswith(query) else 2
        rank = (kind, len(key))
        best = rank if best is None or rank < best else best
    return best


def rank(query: str, candidates: Iterable[tuple[T, list[str]]], limit: int) -> list[T]:
    """The best `limit` candidates whose keys contain the query; ties keep the given order."""
    scored = []
    for order, (candidate, keys) in enumerate(candidates):
        found = match_rank(query, keys)
        if found is not None:
            scored.append((found, order, candidate))
    scored.sort(key=lambda entry: entry[:2])
    return [candidate for _, _, candidate in scored[:limit]]


def near(query: str, candidates: Iterable[tuple[T, list[str]]], limit: int, cutoff: float = 0.6) -> list[T]:
    """Candidates that look like the query (a typo, a missing letter): the most similar first.

    Item names are long (`アイスクリームのカップ容器(容プラ)プラスチック製`), so the query is
    also compared with each word of a key and with the key's start.
    """
    if not query:
        return []
    scored = []
    for order, (candidate, keys) in enumerate(candidates):
        best = 0.0
        for key in keys:
            for part in {key, key[: len(query) + 1], *_WORD_BREAKS.split(key)}:
                if part:
                    best = max(best, SequenceMatcher(None, query, part).ratio())
        if best >= cutoff:
            scored.append((-best, order, candidate))
    scored.sort(key=lambda entry: entry[:2])
    return [candidate for _, _, candidate in scored[:limit]]

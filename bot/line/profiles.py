"""Residents' LINE profiles, as LINE gave them to this process a moment ago.

A newcomer's follow asks for the profile's language (to greet them in it) and, a few taps
later, registration asks for their display name (to offer it as a nickname): one call to LINE
serves both when the second comes to the same process soon after. A profile is personal data,
so it is kept in memory only, for a couple of minutes, a bounded number of them — never stored
or logged.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

KEPT_SECONDS = 120.0
KEPT_PROFILES = 10_000


@dataclass(frozen=True)
class Profile:
    display_name: str | None
    language: str | None  # a BCP 47 tag (`en`, `zh-Hans`…), when LINE tells
    picture_url: str | None

    @classmethod
    def from_line(cls, answer: dict) -> "Profile":
        """From LINE's JSON (GET /v2/bot/profile/{userId})."""
        text = lambda key: answer.get(key) if isinstance(answer.get(key), str) else None  # noqa: E731
        return cls(text("displayName"), text("language"), text("pictureUrl"))


class RecentProfiles:
    """The profiles fetched in the last `seconds`, at most `size` of them (oldest dropped first).
    Threads may share it (the development server, the clock's jobs)."""

    def __init__(self, *, seconds: float = KEPT_SECONDS, size: int = KEPT_PROFILES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._seconds, self._size, self._clock = seconds, size, clock
        self._kept: OrderedDict[str, tuple[float, Profile]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, line_user_id: str) -> Profile | None:
        with self._lock:
            kept = self._kept.get(line_user_id)
            if kept is None:
                return None
            if kept[0] <= self._clock():
                del self._kept[line_user_id]
                return None
            return kept[1]

    def keep(self, line_user_id: str, profile: Profile) -> None:
        with self._lock:
            self._kept.pop(line_user_id, None)
            self._kept[line_user_id] = (self._clock() + self._seconds, profile)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def forget(self, line_user_id: str) -> None:
        """Drop what is kept of a resident (they left: nothing of them stays)."""
        with self._lock:
            self._kept.pop(line_user_id, None)

"""LINE calls a flow needs, made with no transaction open.

Asking LINE for a resident's profile or for an image they sent takes a round trip to LINE (and
as long as LINE likes when it is slow). Made from inside a flow on SQLite, it held the
database's only write lock meanwhile, and every other worker waited. So there the flows get
`AnsweredOutside` as their services: the first time a flow asks, the answer is not known yet and
`CallLineFirst` is raised; the handler rolls the event back, makes the call with no transaction
open, and runs the event again, now answered from memory.

On PostgreSQL the handler does not use it (see `EventHandler.calls_line_outside`): only the
resident's own rows are held, the sync worker waits for LINE either way, and the second run cost
the registration-heavy webhook benchmark about 5 % of its throughput.
"""
from __future__ import annotations

from typing import Any

from bot.chat.services import ResidentServices

MAX_CALLS = 3  # per event; no flow asks for more than one
_PROFILE_FIELDS = {"display_name": "display_name", "picture_url": "picture_url", "profile_language": "language"}


class CallLineFirst(BaseException):
    """Raised from inside a flow for a LINE call not made yet. A BaseException, so that no
    flow's own `except Exception` can mistake it for LINE failing."""

    def __init__(self, call: tuple[str, str]) -> None:
        super().__init__(call)
        self.call = call


class AnsweredOutside:
    """The messenger as a flow sees it: slow calls answered from what was fetched before the
    transaction began; quick, local ones (public_url, card_link_url) passed through."""

    def __init__(self, services: ResidentServices) -> None:
        self._services = services
        self._answers: dict[tuple[str, str], Any] = {}

    def display_name(self, line_user_id: str) -> str | None:
        return self._answered("display_name", line_user_id)

    def picture_url(self, line_user_id: str) -> str | None:
        return self._answered("picture_url", line_user_id)

    def profile_language(self, line_user_id: str) -> str | None:
        return self._answered("profile_language", line_user_id)

    def download_content(self, message_id: str) -> bytes | None:
        return self._answered("download_content", message_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._services, name)

    def _answered(self, name: str, arg: str) -> Any:
        if (name, arg) in self._answers:
            return self._answers[(name, arg)]
        # A profile this process fetched a moment ago (the follow's) needs no call: no second run.
        at_hand = getattr(self._services, "profile_if_known", None)
        profile = at_hand(arg) if at_hand is not None and name in _PROFILE_FIELDS else None
        if profile is None:
            raise CallLineFirst((name, arg))
        return getattr(profile, _PROFILE_FIELDS[name])

    def call(self, call: tuple[str, str]) -> None:
        """Make the call (with no transaction open) and keep its answer for the next run."""
        if len(self._answers) >= MAX_CALLS:
            raise RuntimeError(f"a flow asked LINE for more than {MAX_CALLS} things in one event")
        name, arg = call
        self._answers[call] = getattr(self._services, name)(arg)

"""What a flow may ask of the LINE side while handling an event (bot/line/messenger.py,
bot/liff/links.py give it; tests give a stand-in)."""
from __future__ import annotations

from typing import Protocol


class ResidentServices(Protocol):
    """What a flow may ask of the LINE side (bot/line/messenger.py, bot/liff/links.py); tests
    give a stand-in. Each may be slow or fail: None means "not available"."""

    def display_name(self, line_user_id: str) -> str | None: ...

    def picture_url(self, line_user_id: str) -> str | None: ...

    def profile_language(self, line_user_id: str) -> str | None:
        """The LINE profile's `language` (a BCP 47 tag: `en`, `zh-Hans`…), if LINE tells."""
        ...

    def download_content(self, message_id: str) -> bytes | None: ...

    def public_url(self, path: str) -> str | None: ...

    def card_link_url(self, line_user_id: str) -> str | None: ...

"""Where `アプリを開く` leads, given to the flows through the messenger (flows never see settings)."""
from __future__ import annotations

from urllib.parse import urlencode

from bot.config import Settings
from bot.line.messenger import LineMessenger

LIFF_URL = "https://liff.line.me/{liff_id}/card-link"


def card_link_url(settings: Settings, line_user_id: str) -> str | None:
    """The LIFF app (whose endpoint is {PUBLIC_URL}/liff); in simulator mode, the page itself,
    told which simulated resident opens it (there is no LINE to say so)."""
    if settings.simulator:
        return f"{settings.public_url}/liff/card-link?{urlencode({'user': line_user_id})}"
    if settings.liff_id:
        return LIFF_URL.format(liff_id=settings.liff_id)
    return None


class PortalMessenger(LineMessenger):
    """The messenger, which also answers the card-link flow's `card_link_url` question."""

    def __init__(self, settings: Settings, **kwargs) -> None:
        super().__init__(settings, **kwargs)
        self.settings = settings

    def card_link_url(self, line_user_id: str) -> str | None:
        return card_link_url(self.settings, line_user_id)

"""マイナンバーカード連携 (guide §2, SPEC §2.2): from the chat to the LIFF page that hands over to xID.

explain → have_app → (install) → アプリを開く opens the LIFF page; the link itself is made by the
web side (bot/liff), which pushes "マイナンバーカードの連携が完了しました" and ends this flow.
unlink: confirm_unlink → 解除する removes the link and the postbox consent.

The URL behind `アプリを開く` comes from the services (`card_link_url`): the LIFF app's URL in
production, the simulator's page in simulator mode. Flows never see settings or the LINE SDK.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.chat import texts
from bot.flows.base import IDLE, Flow, answer, cancel_button, localised
from bot.chat.replies import Action, Button, Card, Confirm, Text
from bot.store import cardlink

# The postbox flow imports this module, so its entry is named here by value (tests/flows checks it is one).
SET_UP_POSTBOX_BUTTON = Button(texts.SET_UP_POSTBOX, Action("postbox", "setup"), primary=True)


@runtime_checkable
class CardLinkServices(Protocol):
    def card_link_url(self, line_user_id: str) -> str | None:
        """Where `アプリを開く` leads for this resident, or None when linking is not set up."""


EXPLAIN, HAVE_APP, INSTALL, CONFIRM_UNLINK = "explain", "have_app", "install", "confirm_unlink"
START, UNLINK = "start", "unlink"  # the entries: link the card, remove the link (設定's 連携を解除する)


class CardLinking(Flow):
    name = "cardlink"
    states = [EXPLAIN, HAVE_APP, INSTALL, CONFIRM_UNLINK]
    transitions = [
        # Linked already: say so and lead on to the postbox. Otherwise explain linking.
        answer(START, "say_already_linked", conditions="linked"),
        {"trigger": START, "source": IDLE, "dest": EXPLAIN},
        answer(UNLINK, "say_not_linked", unless="linked"),
        {"trigger": UNLINK, "source": IDLE, "dest": CONFIRM_UNLINK},
        # Without the LIFF page (not configured) there is nothing to open: say so and end.
        {"trigger": "link", "source": EXPLAIN, "dest": HAVE_APP, "conditions": "link_configured"},
        {"trigger": "link", "source": EXPLAIN, "dest": IDLE, "after": "say_not_configured"},
        {"trigger": "no_app", "source": HAVE_APP, "dest": INSTALL, "conditions": "link_configured"},
        {"trigger": "no_app", "source": HAVE_APP, "dest": IDLE, "after": "say_not_configured"},
        {"trigger": "unlink_yes", "source": CONFIRM_UNLINK, "dest": IDLE, "after": "remove_link"},
    ]
    keywords = {texts.LINK_CARD: START, texts.UNLINK: UNLINK}
    needs_registration = True

    # --- entries ---------------------------------------------------------------------------
    def linked(self) -> bool:
        return cardlink.is_linked(session=self.visit.session, resident_id=self.resident.id)

    def say_already_linked(self) -> None:
        self.say(Text(texts.ALREADY_LINKED_TEXT))
        link = cardlink.card_link_of(session=self.visit.session, resident_id=self.resident.id)
        if link is not None and link.postbox_consented_at is None:
            self.offer(localised(SET_UP_POSTBOX_BUTTON))

    def say_not_linked(self) -> None:
        self.say(Text(texts.NOT_LINKED_TEXT))
        self.offer(Button(texts.LINK_CARD, Action("cardlink", START)))

    # --- questions ---------------------------------------------------------------------------
    def ask_explain(self) -> None:
        lines = (texts.CARD_LINK_EXPLAINED.format(portal=self.visit.city.said(self.visit.city.portal_name)),)
        self.say(Card(title=texts.CARD_LINK_TITLE, lines=lines, buttons=(self.button(texts.LINK, "link", primary=True),)))

    def ask_have_app(self) -> None:
        open_app = self._open_app_button()
        if open_app is None:  # set up when the question was first asked, and no longer
            self.say_not_configured()
            return
        self.say(
            Card(
                title=texts.ASK_HAVE_APP,
                lines=(texts.HAVE_APP_HINT,),
                buttons=(open_app, self.button(texts.NO_APP, "no_app")),
                alt_text=texts.ASK_HAVE_APP,
            )
        )

    def ask_install(self) -> None:
        open_app = self._open_app_button()
        if open_app is None:  # set up when the question was first asked, and no longer
            self.say_not_configured()
            return
        self.say(
            Card(
                title=texts.INSTALL_TITLE,
                lines=(texts.INSTALL_STEPS,),
                note=texts.INSTALL_NOTE,
                buttons=(
                    Button(texts.APP_STORE, uri=texts.XID_APP_STORE_URL),
                    Button(texts.GOOGLE_PLAY, uri=texts.XID_GOOGLE_PLAY_URL),
                    Button(texts.XID_HELP_LINK, uri=texts.XID_HELP_URL),
                    open_app,
                ),
            )
        )

    def ask_confirm_unlink(self) -> None:
        self.say(Confirm(text=texts.CONFIRM_UNLINK, yes=self.button(texts.UNLINK_YES, "unlink_yes"), no=cancel_button()))

    # --- answers ---------------------------------------------------------------------------
    def remove_link(self) -> None:
        cardlink.unlink_card(session=self.visit.session, resident_id=self.resident.id)
        self.say(Text(texts.UNLINKED))

    def link_configured(self) -> bool:
        return self._open_app_url() is not None

    def say_not_configured(self) -> None:
        self.say(Text(texts.LINK_NOT_CONFIGURED))

    def _open_app_url(self) -> str | None:
        """Where `アプリを開く` leads (the LIFF page); None when linking is not set up."""
        services = self.visit.services
        return services.card_link_url(self.resident.line_user_id) if isinstance(services, CardLinkServices) else None

    def _open_app_button(self) -> Button | None:
        url = self._open_app_url()
        return Button(texts.OPEN_APP, uri=url, primary=True) if url else None

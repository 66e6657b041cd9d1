"""退会 (SPEC §2.9): confirm `退会する`, then everything personal is deleted.

The resident row and every row hanging from it go (profile, icon, settings, card link, consent,
postbox contents), and their LINE user id leaves the reminders and notices waiting to be sent;
the rich menu goes back to the guest menu; anonymous delivery counts stay.
Following again, or writing again, starts fresh as a guest.
"""
from __future__ import annotations

from bot.chat import texts
from bot.delivery.ledger import drop_recipient
from bot.flows.base import IDLE, Flow, cancel_button
from bot.flows.menu import guest_menu
from bot.chat.replies import GUEST_MENU, Confirm, Text
from bot.store.leaving import forget_resident

CONFIRM = "confirm"
START = "start"


class Leaving(Flow):
    name = "leave"
    states = [CONFIRM]
    transitions = [
        {"trigger": START, "source": IDLE, "dest": CONFIRM},
        {"trigger": "confirm_leave", "source": CONFIRM, "dest": IDLE, "after": "leave"},
    ]
    keywords = {texts.LEAVE: START}
    needs_registration = True

    def ask_confirm(self) -> None:
        self.say(Confirm(text=texts.LEAVE_CONFIRM, yes=self.button(texts.CONFIRM_LEAVE, "confirm_leave"), no=cancel_button()))

    def leave(self) -> None:
        # Reminders and notices planned but not yet sent do not go to them any more.
        drop_recipient(session=self.visit.session, line_user_id=self.resident.line_user_id)
        forget_resident(session=self.visit.session, resident=self.resident)
        self.visit.reply.rich_menu = GUEST_MENU
        self.say(Text(texts.LEFT))
        self.offer(*guest_menu())

"""The push after linking a card, made outside any turn, is in the resident's language (issue 13)."""
from __future__ import annotations

from sqlalchemy import update

from bot.chat.language import speaking
from bot.line.render import render
from bot.liff import linked_reply
from bot.store.db import session_scope
from bot.store.models import Resident
from devtools.standin.state import user_id_for
from tests.cardlink.support import link
from tests.portal.support import register
from tests.support.languages import pretend_translated

HANAKO = user_id_for("hanako")


def test_the_card_link_push_is_in_the_language_the_resident_reads(portal, monkeypatch):
    pretend_translated(monkeypatch, "LINK_COMPLETED", "SET_UP_POSTBOX")
    register(portal, HANAKO)
    with session_scope(portal.app.extensions["portalbot"].db) as session:
        session.execute(update(Resident).where(Resident.line_user_id == HANAKO).values(language="ko"))
    assert link(portal, HANAKO) == "done"
    with speaking("ko"):
        korean = render(linked_reply())
    assert portal.line.messages_for(HANAKO)[-1:] == korean
    assert korean != render(linked_reply())  # not the Japanese

"""デジタル郵便受け (POST, SPEC §2.8): consent, the list of notices, reading one.

setup: consent → 同意する → "設定は完了です".
show / more: the newest notices first, unread marked, as a carousel with 読む and もっと見る.
read: the full notice, marked read — only a notice in the resident's own postbox.
Notices are shown in the resident's language where staff translated them, in Japanese otherwise.
A resident missing a step (registration, card link, consent) is told which and offered it.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.chat import language, texts
from bot.flows.base import IDLE, Flow, answer, localised
from bot.flows import cardlink as cardlink_flow
from bot.flows.cardlink import SET_UP_POSTBOX_BUTTON, CardLinking
from bot.flows.registration import registration_needed
from bot.chat.replies import Button, Card, Carousel, Reply, Text
from bot.store import cardlink, postbox
from bot.store.postbox import PostboxNotice
from bot.store.postbox import PostboxState

LINK_CARD_BUTTON = Button(texts.LINK_CARD, CardLinking.action(cardlink_flow.START), primary=True)
SHOWN_IN = ZoneInfo("Asia/Tokyo")  # dates as residents read them (flows do not see BOT_TIMEZONE)


CONSENT = "consent"
SHOW, MORE, READ, SETUP = "show", "more", "read", "setup"  # the entries


class Postbox(Flow):
    name = "postbox"
    states = [CONSENT]
    transitions = [
        answer(SHOW, "show_first_page"),
        answer(MORE, "show_next_page"),
        answer(READ, "read_notice"),
        # 郵便受けを設定する: ready already; or only the consent is missing: ask for it; or say
        # which earlier step (registration, card link) is.
        answer(SETUP, "say_ready", conditions="postbox_open"),
        {"trigger": SETUP, "source": IDLE, "dest": CONSENT, "conditions": "consent_missing"},
        answer(SETUP, "explain_earlier_step"),
        {"trigger": "agree", "source": CONSENT, "dest": IDLE, "after": "record_consent"},
    ]
    keywords = {texts.POSTBOX: SHOW, texts.SET_UP_POSTBOX: SETUP}

    # --- entries ---------------------------------------------------------------------------
    def postbox_open(self) -> bool:
        return self._state() is PostboxState.OPEN

    def consent_missing(self) -> bool:
        return self._state() is PostboxState.NO_CONSENT

    def say_ready(self) -> None:
        self.say(Text(texts.POSTBOX_READY), Text(texts.POSTBOX_READY_NEXT))
        self.offer(self.button(texts.POSTBOX, SHOW))

    def explain_earlier_step(self) -> None:
        self._explain_missing(self._state(), consent_ok=True)

    def show_first_page(self) -> None:
        self._show_page(0)

    def show_next_page(self) -> None:
        self._show_page(int(self.arg) if self.arg.isdecimal() else 0)

    def read_notice(self) -> None:
        """The full notice, if it is the resident's own; it becomes read."""
        if not self._explain_missing(self._state()):
            return
        notice = None
        if self.arg.isdecimal():
            notice = postbox.read_notice(
                session=self.visit.session, resident_id=self.resident.id, notice_id=int(self.arg), now=self.visit.now
            )
        if notice is None:
            self.say(Text(texts.NOTICE_NOT_FOUND))
            self.offer(self.button(texts.POSTBOX, SHOW))
            return
        self.say(notice_card(self._in_language([notice])[0]))
        self.offer(self.button(texts.POSTBOX, SHOW))

    # --- questions ---------------------------------------------------------------------------
    def ask_consent(self) -> None:
        consent = texts.POSTBOX_CONSENT.format(city=self.visit.city.said(self.visit.city.city_name))
        self.say(
            Card(
                title=texts.POSTBOX_CONSENT_TITLE,
                lines=(consent,),
                buttons=(self.button(texts.AGREE, "agree", primary=True),),
            )
        )

    # --- answers ---------------------------------------------------------------------------
    def record_consent(self) -> None:
        if cardlink.consent_to_postbox(session=self.visit.session, resident_id=self.resident.id, now=self.visit.now):
            self.say(Text(texts.POSTBOX_READY), Text(texts.POSTBOX_READY_NEXT))
            self.offer(self.button(texts.POSTBOX, SHOW))
        else:  # the link was removed meanwhile
            self.say(Text(texts.POSTBOX_NEEDS_LINK))
            self.offer(localised(LINK_CARD_BUTTON))

    # --- helpers ---------------------------------------------------------------------------
    def _state(self) -> PostboxState:
        return postbox.postbox_state(session=self.visit.session, resident=self.resident)

    def _explain_missing(self, state: PostboxState, *, consent_ok: bool = False) -> bool:
        """Say which step is missing and offer it; True when nothing (that matters) is."""
        if state is PostboxState.NOT_REGISTERED:
            self.say(Text(texts.POSTBOX_NEEDS_REGISTRATION))
            registration_needed(self.visit)
        elif state is PostboxState.NOT_LINKED:
            self.say(Card(title=texts.POSTBOX, lines=(texts.POSTBOX_NEEDS_LINK,), buttons=(localised(LINK_CARD_BUTTON),)))
        elif state is PostboxState.NO_CONSENT and not consent_ok:
            self.say(Card(title=texts.POSTBOX, lines=(texts.POSTBOX_NEEDS_CONSENT,), buttons=(localised(SET_UP_POSTBOX_BUTTON),)))
        else:
            return True
        return False

    def _show_page(self, page: int) -> None:
        if not self._explain_missing(self._state()):
            return
        found = postbox.postbox_for(session=self.visit.session, resident_id=self.resident.id, page=page)
        if not found.items:
            self.say(Text(texts.POSTBOX_EMPTY if page == 0 else texts.POSTBOX_NO_MORE))
            return
        shown = self._in_language([item.notice for item in found.items])
        cards = [self._notice_bubble(item, notice) for item, notice in zip(found.items, shown)]
        if found.has_more:
            cards.append(Card(title=texts.POSTBOX_MORE_TITLE, buttons=(self.button(texts.MORE, MORE, str(page + 1)),)))
        unread = postbox.unread_count(session=self.visit.session, resident_id=self.resident.id)
        alt = texts.POSTBOX_ALT.format(count=len(found.items), unread=unread)
        self.say(Carousel(cards=tuple(cards), alt_text=alt))

    def _in_language(self, notices: list[PostboxNotice]) -> list[PostboxNotice]:
        """The notices in the language of the turn, where staff translated them."""
        return postbox.in_language(session=self.visit.session, notices=notices, language=language.current())

    def _notice_bubble(self, item: postbox.PostboxItem, notice: PostboxNotice) -> Card:
        return Card(
            title=notice.title,
            fields=((texts.POSTBOX_UNREAD_MARK if item.unread else texts.POSTBOX_READ_MARK, _date(notice)),),
            lines=(texts.NOTICE_FROM.format(department=notice.department),),
            buttons=(self.button(texts.READ, READ, str(notice.id), primary=item.unread),),
        )


def notice_card(notice: PostboxNotice) -> Card:
    """The whole notice: title, body, sending department, date."""
    return Card(
        title=notice.title,
        lines=(notice.body,),
        fields=((texts.NOTICE_FROM.format(department=notice.department), _date(notice)),),
        alt_text=notice.title,
    )


def new_notice_reply(notice: PostboxNotice) -> Reply:
    """The push for a new postbox notice: its title and 読む, never its body (lock screens)."""
    card = Card(
        title=texts.NEW_NOTICE,
        lines=(notice.title,),
        buttons=(Postbox.button(texts.READ, READ, str(notice.id), primary=True),),
        alt_text=texts.NEW_NOTICE,
    )
    return Reply(messages=[card])


def _date(notice: PostboxNotice) -> str:
    return language.format_day(notice.sent_at.astimezone(SHOWN_IN).date(), texts.NOTICE_DATE)

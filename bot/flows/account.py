"""アカウント情報変更 (guide: 参考 ニックネームやアイコンを変更をしたいときは？, SPEC §2.7).

`アカウント情報変更` → `ニックネーム` (typed, 1–20 characters, the reason when refused) or
`アイコン` ("画像を送ってください": an image message, downloaded from LINE's content API, must be
a JPEG or PNG within ICON_MAX_BYTES; or `LINEのプロフィール画像を使う`). Both end on My Page.
"""
from __future__ import annotations

from typing import Protocol

from bot.chat import texts
from bot.flows.base import IDLE, Flow, answer
from bot.flows.mypage import my_page_card
from bot.flows.rules import clean_nickname, nickname_problem
from bot.chat.images import sniff
from bot.chat.replies import Card, Text
from bot.store import icons

ICON_MAX_BYTES = 1024 * 1024  # LINE lets residents send up to 10 MB; an icon needs far less
ICON_MAX_SIDE = 8000  # pixels
NICKNAME, ICON = "nickname", "icon"  # the questions, and the entries that ask them
START = "start"  # the entry: which to change


class AccountServices(Protocol):
    """What this flow asks of the LINE side (bot/line/messenger.py)."""

    def picture_url(self, line_user_id: str) -> str | None: ...

    def download_content(self, message_id: str) -> bytes | None: ...


def icon_problem(data: bytes) -> str | None:
    """Why these bytes cannot be an icon, or None when they can."""
    if len(data) > ICON_MAX_BYTES:
        return texts.ICON_TOO_LARGE.format(size=_megabytes(len(data)), limit=_megabytes(ICON_MAX_BYTES))
    image = sniff(data)
    if image is None:
        return texts.ICON_NOT_AN_IMAGE
    if max(image.width, image.height) > ICON_MAX_SIDE:
        return texts.ICON_TOO_WIDE.format(width=image.width, height=image.height, max=ICON_MAX_SIDE)
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}MB" if size >= 100 * 1024 else f"{size // 1024}KB"


class AccountChange(Flow):
    name = "account"
    states = [NICKNAME, ICON]
    transitions = [
        answer(START, "offer_changes"),  # 変更したい項目をタップ: ニックネーム / アイコン
        {"trigger": NICKNAME, "source": IDLE, "dest": NICKNAME},
        {"trigger": ICON, "source": IDLE, "dest": ICON},
        {"trigger": "text", "source": NICKNAME, "dest": IDLE, "conditions": "nickname_fits", "after": "keep_nickname"},
        {"trigger": "image", "source": ICON, "dest": IDLE, "conditions": "icon_fits", "after": "keep_icon"},
        {"trigger": "use_line_picture", "source": ICON, "dest": IDLE, "conditions": "line_picture_known", "after": "keep_line_picture"},
    ]
    keywords = {texts.ACCOUNT_CHANGE: START}
    needs_registration = True
    _icon: bytes = b""  # the image just downloaded and checked, kept for keep_icon
    _picture: str | None = None  # the LINE profile picture just looked up

    # --- entries -------------------------------------------------------------------------------
    def offer_changes(self) -> None:
        self.say(
            Card(
                title=texts.ACCOUNT_CHANGE,
                lines=(texts.ACCOUNT_CHANGE_PROMPT,),
                buttons=(self.button(texts.CHANGE_ICON, ICON), self.button(texts.CHANGE_NICKNAME, NICKNAME)),
            )
        )

    # --- questions -------------------------------------------------------------------------------
    def ask_nickname(self) -> None:
        self.say(Text(texts.ASK_NEW_NICKNAME.format(current=self.resident.nickname or texts.NOT_SET)))

    def ask_icon(self) -> None:
        self.say(Text(texts.ASK_ICON.format(limit=_megabytes(ICON_MAX_BYTES))))
        self.offer(self.button(texts.USE_LINE_PICTURE, "use_line_picture"))

    # --- answers ---------------------------------------------------------------------------------
    def nickname_fits(self) -> bool:
        problem = nickname_problem(clean_nickname(self.arg))
        if problem:
            self.refuse(problem)
        return problem is None

    def keep_nickname(self) -> None:
        self.resident.nickname = clean_nickname(self.arg)
        self.visit.session.add(self.resident)
        self._done(texts.NICKNAME_CHANGED)

    def icon_fits(self) -> bool:
        """Download the sent image (self.arg is its message id) and check it."""
        data = self._services.download_content(self.arg)
        problem = texts.ICON_UNAVAILABLE if data is None else icon_problem(data)
        if problem:
            self.refuse(problem)
            return False
        self._icon = data
        return True

    def keep_icon(self) -> None:
        image = sniff(self._icon)
        icons.set_uploaded_icon(
            session=self.visit.session,
            resident_id=self.resident.id,
            data=self._icon,
            content_type=image.content_type,
            now=self.visit.now,
        )
        self._done(texts.ICON_CHANGED)

    def line_picture_known(self) -> bool:
        self._picture = self._services.picture_url(self.resident.line_user_id)
        if not self._picture or not self._picture.startswith("https://"):
            self.refuse(texts.NO_LINE_PICTURE)
            return False
        return True

    def keep_line_picture(self) -> None:
        icons.set_line_picture(
            session=self.visit.session, resident_id=self.resident.id, picture_url=self._picture, now=self.visit.now
        )
        self._done(texts.ICON_CHANGED)

    # --- helpers -----------------------------------------------------------------------------
    @property
    def _services(self) -> AccountServices:
        return self.visit.services  # type: ignore[return-value]

    def _done(self, message: str) -> None:
        self.visit.session.flush()
        self.say(Text(message), my_page_card(self.visit))


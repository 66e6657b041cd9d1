"""Driving the portal features as a resident would: through /callback, tapping by label."""
from __future__ import annotations

import io
import struct
import zlib

from sqlmodel import Session

from bot.chat import texts
from bot.chat.language import LANGUAGES
from bot.store import residents
from bot.store.models import Resident

PUBLIC_URL = "https://portal.example.jp"  # https, so icons can be shown


def register(portal, user: str, *, name: str = "広島 花子", age: str | None = None, interests: tuple[str, ...] = ()) -> None:
    """Friend add and My Page registration, tapping as the resident would."""
    portal.line.add_user(user, display_name=name, picture_url="https://profile.line-scdn.net/0h-test-picture")
    portal.line.follow(user)
    for label in (texts.LOGIN, texts.CREATE_WITH_LINE, texts.AGREE):
        portal.tap(user, label)
    portal.line.text(user, "はなこ")
    portal.tap(user, age or texts.SKIP)
    portal.tap(user, texts.SKIP)
    for tag in interests:
        portal.tap(user, tag)
    portal.tap(user, texts.DONE)


def resident(db, user: str) -> Resident | None:
    with Session(db) as session:
        return residents.find_resident(session=session, line_user_id=user)


def last_words(portal, user: str, count: int = 1) -> str:
    return "\n".join(portal.texts_for(user)[-count:])


def carousel_titles(message: dict) -> list[str]:
    """The bubble titles of a Flex carousel the resident received."""
    assert message["type"] == "flex" and message["contents"]["type"] == "carousel", message
    return [bubble["body"]["contents"][0]["text"] for bubble in message["contents"]["contents"]]


def png(width: int = 64, height: int = 64, *, padding: int = 0) -> bytes:
    """A real PNG (a flat square), optionally padded with a comment chunk to a given size."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    rows = b"".join(b"\x00" + b"\x1f\x6f\xb2" * width for _ in range(height))
    body = io.BytesIO()
    body.write(b"\x89PNG\r\n\x1a\n")
    body.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
    if padding:
        body.write(chunk(b"tEXt", b"Comment\x00" + b"x" * padding))
    body.write(chunk(b"IDAT", zlib.compress(rows)))
    body.write(chunk(b"IEND", b""))
    return body.getvalue()


def choose_language(portal, user: str, code: str) -> None:
    """言語 / Language (its label reads the same in every language), then the language's name."""
    portal.line.text(user, texts.LANGUAGE_SETTING)
    portal.tap(user, LANGUAGES[code].name)

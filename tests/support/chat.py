"""Talking to the flows as one resident, without HTTP or LINE: what flow tests use."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import Session

from bot.city import load_city
from bot.chat import postback
from bot.flows import FLOWS
from bot.flows.engine import FlowEngine
from bot.chat.inputs import (FollowInput, ImageInput, Input, LocationInput, OtherInput,
                              PostbackInput, TextInput, UnfollowInput)
from bot.chat.replies import Button, Card, Carousel, Confirm, ListCard, Reply, Text
from bot.handling.turn import FlowContext, resident_turn

FLOW_ENGINE = FlowEngine(FLOWS)


class FakeProfiles:
    def __init__(self, display_name: str | None = "山田 太郎", language: str | None = "ja") -> None:
        self.name = display_name
        self.language = language

    def display_name(self, line_user_id: str) -> str | None:
        return self.name

    def profile_language(self, line_user_id: str) -> str | None:
        return self.language


class Chat:
    """One resident's conversation: send words or taps, read what came back."""

    def __init__(self, engine, line_user_id: str = "U" + "1" * 32, *, display_name: str | None = "山田 太郎",
                 profile_language: str | None = "ja") -> None:
        self.engine = engine
        self.line_user_id = line_user_id
        self.services = FakeProfiles(display_name, profile_language)
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
        self.last = Reply()

    def send(self, received: Input) -> Reply:
        """One event, as the handler runs it (bot/handling/turn.py), without the inbox or LINE."""
        context = FlowContext(FLOW_ENGINE, load_city())
        with Session(self.engine, expire_on_commit=False) as session:
            with resident_turn(session, line_user_id=self.line_user_id, context=context) as turn:
                self.last = turn.run_event(received, now=self.now, services=self.services) or Reply()
            session.commit()
        return self.last

    def say(self, text: str) -> Reply:
        return self.send(TextInput(text))

    def follow(self, unblocked: bool = False) -> Reply:
        return self.send(FollowInput(unblocked=unblocked))

    def tap(self, label: str, **params: str) -> Reply:
        """Tap a button or quick reply of the last answer, found by its label."""
        button = self.button(label)
        return self.send(PostbackInput(data=postback.encode(button.action), params=params))

    def tap_data(self, data: str) -> Reply:
        """A postback with raw data, as an old or forged message would send."""
        return self.send(PostbackInput(data=data))

    def send_image(self, message_id: str = "100001") -> Reply:
        return self.send(ImageInput(message_id=message_id))

    def send_location(self, latitude: float, longitude: float, address: str = "") -> Reply:
        return self.send(LocationInput(latitude=latitude, longitude=longitude, address=address))

    def send_unfollow(self) -> Reply:
        """The resident blocks the bot."""
        return self.send(UnfollowInput())

    def send_sticker(self) -> Reply:
        return self.send(OtherInput(kind="sticker"))

    def wait(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    # --- reading the last answer -------------------------------------------------------------
    def button(self, label: str) -> Button:
        for button in self.last.buttons():
            if button.label == label:
                return button
        raise AssertionError(f"no button {label!r} in {self.labels()}")

    def labels(self) -> list[str]:
        return [button.label for button in self.last.buttons()]

    def quick_replies(self) -> list[str]:
        return [button.label for button in self.last.quick_replies]

    def texts(self) -> str:
        """Every word of the last answer, as one string to search in."""
        return "\n".join(_words(message) for message in self.last.messages)


def _words(message) -> str:
    if isinstance(message, Text):
        return message.text
    if isinstance(message, Confirm):
        return message.text
    if isinstance(message, Carousel):
        return "\n".join(_words(card) for card in message.cards)
    if isinstance(message, Card):
        parts = [message.title, *message.lines, *(f"{k}: {v}" for k, v in message.fields)]
        if message.note:
            parts.append(message.note)
        return "\n".join(parts)
    if isinstance(message, ListCard):
        rows = [" ".join((row.label, *(chip.text for chip in row.chips), row.value)).strip() for row in message.rows]
        return "\n".join([message.title, *message.lines, *rows, *([message.note] if message.note else [])])
    raise TypeError(message)

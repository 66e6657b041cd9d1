"""Turns plain replies (bot/replies.py) into line-bot-sdk v3 messages."""
from __future__ import annotations

from linebot.v3.messaging import (
    Action as LineAction,
    ConfirmTemplate,
    DatetimePickerAction,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexCarousel,
    FlexImage,
    FlexMessage,
    FlexSeparator,
    FlexText,
    Message as LineMessage,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    TemplateMessage,
    TextMessage,
    URIAction,
)

from bot.flows import postback
from bot.replies import Button, Card, Carousel, Chip, Confirm, ListCard, Message, Reply, Row, Text

MAX_MESSAGES = 5  # per reply or push request
MAX_TEXT = 5000
MAX_ALT_TEXT = 400
MUTED = "#888888"
CHIP_TEXT = "#ffffff"
HIGHLIGHT = "#f4f8ec"  # today's row
LINK = "#1e6bb8"


def render(reply: Reply) -> list[LineMessage]:
    if len(reply.messages) > MAX_MESSAGES:
        raise ValueError(f"{len(reply.messages)} messages in one reply; LINE allows {MAX_MESSAGES}")
    messages = [render_message(message) for message in reply.messages]
    if messages and reply.quick_replies:
        messages[-1].quick_reply = QuickReply(items=[QuickReplyItem(action=action(b)) for b in reply.quick_replies])
    return messages


def render_message(message: Message) -> LineMessage:
    if isinstance(message, Text):
        return TextMessage(text=_clip(message.text, MAX_TEXT))
    if isinstance(message, Card):
        return FlexMessage(alt_text=_clip(message.summary, MAX_ALT_TEXT), contents=bubble(message))
    if isinstance(message, Carousel):
        return FlexMessage(
            alt_text=_clip(message.alt_text, MAX_ALT_TEXT),
            contents=FlexCarousel(contents=[bubble(card) for card in message.cards]),
        )
    if isinstance(message, ListCard):
        return FlexMessage(alt_text=_clip(message.summary, MAX_ALT_TEXT), contents=list_bubble(message))
    if isinstance(message, Confirm):
        return TemplateMessage(
            alt_text=_clip(message.text, MAX_ALT_TEXT),
            template=ConfirmTemplate(text=message.text, actions=[action(message.yes), action(message.no)]),
        )
    raise TypeError(f"cannot render {message!r}")


def bubble(card: Card) -> FlexBubble:
    body: list = [FlexText(text=card.title, weight="bold", size="lg", wrap=True)]
    body += [FlexText(text=line, size="sm", wrap=True, margin="md") for line in card.lines]
    if card.fields:
        body.append(FlexSeparator(margin="md"))
        body += [_field_row(label, value) for label, value in card.fields]
    if card.note:
        body.append(FlexText(text=card.note, size="xs", color=MUTED, wrap=True, margin="md"))
    footer = None
    if card.buttons:
        footer = FlexBox(
            layout="vertical",
            spacing="sm",
            contents=[
                FlexButton(action=action(b), style="primary" if b.primary else "secondary", height="sm")
                for b in card.buttons
            ],
        )
    hero = FlexImage(url=card.image_url, size="full", aspect_mode="cover") if card.image_url else None
    return FlexBubble(hero=hero, body=FlexBox(layout="vertical", contents=body), footer=footer)


def list_bubble(card: ListCard) -> FlexBubble:
    """Rows under a title: a label with coloured chips or a value, or a tappable choice."""
    body: list = [FlexText(text=card.title, weight="bold", size="lg", wrap=True)]
    body += [FlexText(text=line, size="sm", wrap=True, margin="md") for line in card.lines]
    if card.rows:
        body.append(FlexSeparator(margin="md"))
        body += [_list_row(row) for row in card.rows]
    if card.note:
        body.append(FlexText(text=card.note, size="xs", color=MUTED, wrap=True, margin="md"))
    footer = None
    if card.buttons:
        footer = FlexBox(
            layout="vertical",
            spacing="sm",
            contents=[
                FlexButton(action=action(b), style="primary" if b.primary else "secondary", height="sm")
                for b in card.buttons
            ],
        )
    return FlexBubble(body=FlexBox(layout="vertical", contents=body), footer=footer)


def _list_row(row: Row) -> FlexBox:
    if row.choice is not None:
        return FlexBox(
            layout="horizontal",
            padding_top="md",
            padding_bottom="md",
            action=action(row.choice),
            contents=[
                FlexText(text=row.label, size="md", color=LINK, wrap=True, flex=1),
                FlexText(text="›", size="md", color=MUTED, flex=0, gravity="center"),
            ],
        )
    if row.chips:
        beside = FlexBox(layout="vertical", spacing="xs", flex=3, contents=[_chip(chip) for chip in row.chips])
    else:
        beside = FlexText(text=row.value or " ", size="sm", color=MUTED, flex=3, wrap=True, gravity="center")
    return FlexBox(
        layout="horizontal",
        spacing="md",
        padding_all="sm",
        corner_radius="md",
        background_color=HIGHLIGHT if row.highlight else None,
        contents=[
            FlexText(text=row.label, size="sm", flex=2, wrap=True, gravity="center",
                     weight="bold" if row.highlight else "regular"),
            beside,
        ],
    )


def _chip(chip: Chip) -> FlexBox:
    return FlexBox(
        layout="vertical",
        corner_radius="md",
        padding_all="xs",
        background_color=chip.colour or MUTED,
        contents=[FlexText(text=chip.text, size="xs", color=CHIP_TEXT, align="center", wrap=True)],
    )


def _field_row(label: str, value: str) -> FlexBox:
    return FlexBox(
        layout="horizontal",
        margin="sm",
        contents=[
            FlexText(text=label, size="sm", color=MUTED, flex=2, wrap=True),
            FlexText(text=value, size="sm", flex=3, wrap=True),
        ],
    )


def action(button: Button) -> LineAction:
    if button.uri:
        return URIAction(label=button.label, uri=button.uri)
    data = postback.encode(button.action)
    if button.time_pick:
        return DatetimePickerAction(label=button.label, data=data, mode="time", initial=button.time_pick.initial)
    # displayText makes the tap appear in the chat as the resident's own words.
    return PostbackAction(label=button.label, data=data, display_text=button.label)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""Turns plain replies (bot/chat/replies.py) into LINE message JSON.

The output is the Messaging API's own JSON, built directly: it goes into reply, push and
multicast bodies as it is. (The SDK's pydantic models cost several times more CPU per
message than the rest of handling an event; every test checks this output against LINE's
OpenAPI schema in the stand-in instead.)
"""
from __future__ import annotations

from typing import Any

from bot.chat import postback
from bot.chat.replies import Button, Card, Carousel, Chip, Confirm, ListCard, Message, Reply, Row, Text

MAX_MESSAGES = 5  # per reply or push request
MAX_TEXT = 5000
MAX_ALT_TEXT = 400
MUTED = "#888888"
CHIP_TEXT = "#ffffff"
HIGHLIGHT = "#f4f8ec"  # today's row
LINK = "#1e6bb8"

Json = dict[str, Any]


def render(reply: Reply) -> list[Json]:
    if len(reply.messages) > MAX_MESSAGES:
        raise ValueError(f"{len(reply.messages)} messages in one reply; LINE allows {MAX_MESSAGES}")
    messages = [render_message(message) for message in reply.messages]
    if messages and reply.quick_replies:
        messages[-1]["quickReply"] = {"items": [{"type": "action", "action": action(b)} for b in reply.quick_replies]}
    return messages


def render_message(message: Message) -> Json:
    if isinstance(message, Text):
        return {"type": "text", "text": _clip(message.text, MAX_TEXT)}
    if isinstance(message, Card):
        return _flex(message.summary, bubble(message))
    if isinstance(message, Carousel):
        return _flex(message.alt_text, {"type": "carousel", "contents": [bubble(card) for card in message.cards]})
    if isinstance(message, ListCard):
        return _flex(message.summary, list_bubble(message))
    if isinstance(message, Confirm):
        return {
            "type": "template",
            "altText": _clip(message.text, MAX_ALT_TEXT),
            "template": {"type": "confirm", "text": message.text, "actions": [action(message.yes), action(message.no)]},
        }
    raise TypeError(f"cannot render {message!r}")


def _flex(alt_text: str, contents: Json) -> Json:
    return {"type": "flex", "altText": _clip(alt_text, MAX_ALT_TEXT), "contents": contents}


def bubble(card: Card) -> Json:
    body: list[Json] = [_title(card.title), *_lines(card.lines)]
    if card.fields:
        body.append({"type": "separator", "margin": "md"})
        body += [_field_row(label, value) for label, value in card.fields]
    body += _note(card.note)
    result: Json = {"type": "bubble", "body": _box("vertical", body)}
    if card.image_url:
        result["hero"] = {"type": "image", "url": card.image_url, "size": "full", "aspectMode": "cover"}
    if card.buttons:
        result["footer"] = _buttons(card.buttons)
    return result


def list_bubble(card: ListCard) -> Json:
    """Rows under a title: a label with coloured chips or a value, or a tappable choice."""
    body: list[Json] = [_title(card.title), *_lines(card.lines)]
    if card.rows:
        body.append({"type": "separator", "margin": "md"})
        body += [_list_row(row) for row in card.rows]
    body += _note(card.note)
    result: Json = {"type": "bubble", "body": _box("vertical", body)}
    if card.buttons:
        result["footer"] = _buttons(card.buttons)
    return result


def _title(title: str) -> Json:
    return {"type": "text", "text": title, "weight": "bold", "size": "lg", "wrap": True}


def _lines(lines: tuple[str, ...]) -> list[Json]:
    return [{"type": "text", "text": line, "size": "sm", "wrap": True, "margin": "md"} for line in lines]


def _note(note: str | None) -> list[Json]:
    return [{"type": "text", "text": note, "size": "xs", "color": MUTED, "wrap": True, "margin": "md"}] if note else []


def _box(layout: str, contents: list[Json], **style: Any) -> Json:
    return {"type": "box", "layout": layout, "contents": contents, **style}


def _buttons(buttons: tuple[Button, ...]) -> Json:
    return _box(
        "vertical",
        [
            {"type": "button", "action": action(b), "style": "primary" if b.primary else "secondary", "height": "sm"}
            for b in buttons
        ],
        spacing="sm",
    )


def _list_row(row: Row) -> Json:
    if row.choice is not None:
        return _box(
            "horizontal",
            [
                {"type": "text", "text": row.label, "size": "md", "color": LINK, "wrap": True, "flex": 1},
                {"type": "text", "text": "›", "size": "md", "color": MUTED, "flex": 0, "gravity": "center"},
            ],
            paddingTop="md",
            paddingBottom="md",
            action=action(row.choice),
        )
    if row.chips:
        beside = _box("vertical", [_chip(chip) for chip in row.chips], spacing="xs", flex=3)
    else:
        beside = {"type": "text", "text": row.value or " ", "size": "sm", "color": MUTED, "flex": 3, "wrap": True, "gravity": "center"}
    label = {
        "type": "text", "text": row.label, "size": "sm", "flex": 2, "wrap": True, "gravity": "center",
        "weight": "bold" if row.highlight else "regular",
    }
    style: Json = {"spacing": "md", "paddingAll": "sm", "cornerRadius": "md"}
    if row.highlight:
        style["backgroundColor"] = HIGHLIGHT
    return _box("horizontal", [label, beside], **style)


def _chip(chip: Chip) -> Json:
    return _box(
        "vertical",
        [{"type": "text", "text": chip.text, "size": "xs", "color": CHIP_TEXT, "align": "center", "wrap": True}],
        cornerRadius="md",
        paddingAll="xs",
        backgroundColor=chip.colour or MUTED,
    )


def _field_row(label: str, value: str) -> Json:
    return _box(
        "horizontal",
        [
            {"type": "text", "text": label, "size": "sm", "color": MUTED, "flex": 2, "wrap": True},
            {"type": "text", "text": value, "size": "sm", "flex": 3, "wrap": True},
        ],
        margin="sm",
    )


def action(button: Button) -> Json:
    if button.picker:
        return {"type": button.picker, "label": button.label}
    if button.uri:
        return {"type": "uri", "label": button.label, "uri": button.uri}
    data = postback.encode(button.action)
    if button.time_pick:
        return {"type": "datetimepicker", "label": button.label, "data": data, "mode": "time", "initial": button.time_pick.initial}
    # displayText makes the tap appear in the chat as the resident's own words.
    return {"type": "postback", "label": button.label, "data": data, "displayText": button.label}


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters as LINE counts them (UTF-16 code units: an emoji such as 🍎 is
    two), ending in … when cut."""
    if len(text.encode("utf-16-le")) <= 2 * limit:
        return text
    kept, used = [], 0
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit - 1:  # room for the …
            break
        kept.append(char)
    return "".join(kept) + "…"

"""The notice preview, drawn server-side from the very LINE messages the bot will send.

A draft becomes plain replies (bot/notices/messages.py), bot/line/render.py turns them into
LINE messages, and this module draws those messages' JSON as HTML: text bubbles and the Flex
subset the renderer produces (bubble, carousel, box, text, separator, image, button).
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from bot.line.render import render
from bot.chat.replies import Reply


@dataclass(frozen=True)
class PreviewMessage:
    alt_text: str  # what a lock screen or the chat list shows
    html: Markup


def preview(reply: Reply) -> list[PreviewMessage]:
    return [_message(message) for message in render(reply)]


def _message(message: dict) -> PreviewMessage:
    kind = message.get("type")
    if kind == "text":
        return PreviewMessage(message["text"], Markup('<div class="line-text">{}</div>').format(message["text"]))
    if kind == "flex":
        return PreviewMessage(message.get("altText", ""), _flex(message["contents"]))
    if kind == "template":
        return PreviewMessage(message.get("altText", ""), Markup('<div class="line-text">{}</div>').format(message["template"].get("text", "")))
    return PreviewMessage("", Markup('<div class="line-text">（{}）</div>').format(kind))


def _flex(node: dict) -> Markup:
    if node["type"] == "carousel":
        return Markup('<div class="flex-carousel">{}</div>').format(Markup("").join(_flex(b) for b in node["contents"]))
    parts = []
    if node.get("hero"):
        parts.append(Markup('<div class="flex-hero">{}</div>').format(_component(node["hero"])))
    for section in ("body", "footer"):
        if node.get(section):
            parts.append(Markup('<div class="flex-{}">{}</div>').format(section, _component(node[section])))
    return Markup('<div class="flex-bubble">{}</div>').format(Markup("").join(parts))


def _component(node: dict) -> Markup:
    kind = node.get("type")
    classes = [f"flex-{kind}"]
    if node.get("margin"):
        classes.append(f"margin-{node['margin']}")
    if kind == "box":
        classes.append(f"layout-{node.get('layout', 'vertical')}")
        inner = Markup("").join(_component(child) for child in node.get("contents", []))
        return Markup('<div class="{}">{}</div>').format(" ".join(classes), inner)
    if kind == "text":
        classes += [f"size-{node.get('size', 'md')}"] + (["bold"] if node.get("weight") == "bold" else [])
        style = f"flex:{int(node['flex'])};" if "flex" in node else ""
        if node.get("color"):
            style += f"color:{escape(node['color'])};"
        return Markup('<p class="{}" style="{}">{}</p>').format(" ".join(classes), style, node.get("text", ""))
    if kind == "separator":
        return Markup('<hr class="{}">').format(" ".join(classes))
    if kind == "image":
        return Markup('<img class="{}" src="{}" alt="">').format(" ".join(classes), node.get("url", ""))
    if kind == "button":
        classes.append(f"style-{node.get('style', 'link')}")
        return Markup('<span class="{}">{}</span>').format(" ".join(classes), node.get("action", {}).get("label", ""))
    return Markup("")

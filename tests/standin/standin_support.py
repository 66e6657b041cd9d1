"""Constants and message samples shared by the stand-in tests."""

from __future__ import annotations

from devtools.standin import user_id_for

SECRET = "test-channel-secret"
TOKEN = "test-access-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ALICE = user_id_for("alice")
BOB = user_id_for("bob")


# --- message samples -------------------------------------------------------------------------


def text(value: str = "hello", **extra) -> dict:
    return {"type": "text", "text": value, **extra}


def postback_item(label: str = "OK", data: str = "v1|flow|ok") -> dict:
    return {"type": "action", "action": {"type": "postback", "label": label, "data": data}}


def bubble(body_contents: list | None = None, **box) -> dict:
    return {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical",
                 "contents": body_contents or [{"type": "text", "text": "ごみ収集日", "wrap": True}],
                 **box},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "style": "primary",
             "action": {"type": "postback", "label": "設定", "data": "v1|garbage|area"}},
            {"type": "button", "action": {"type": "uri", "label": "Web", "uri": "https://example.com/"}},
        ]},
    }


def flex(contents: dict | None = None, alt_text: str = "ごみ収集日") -> dict:
    return {"type": "flex", "altText": alt_text, "contents": contents or bubble()}


def buttons_template() -> dict:
    return {"type": "template", "altText": "choose", "template": {
        "type": "buttons", "text": "地域を選んでください",
        "actions": [{"type": "message", "label": "中区", "text": "中区"},
                    {"type": "datetimepicker", "label": "時刻", "data": "v1|reminder|time",
                     "mode": "time", "initial": "19:30"}]}}


def reply_body(token: str, *messages: dict) -> dict:
    return {"replyToken": token, "messages": list(messages) or [text()]}

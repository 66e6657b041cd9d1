"""Texts are cut to LINE's limits as LINE counts them: in UTF-16 code units, so an emoji is two."""
from __future__ import annotations

from bot.line.render import MAX_TEXT, render
from bot.chat.replies import Reply, Text


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def rendered_text(text: str) -> str:
    return render(Reply(messages=[Text(text)]))[0]["text"]


def test_a_text_within_the_limit_is_sent_whole():
    assert rendered_text("お" * MAX_TEXT) == "お" * MAX_TEXT


def test_a_longer_text_is_cut_with_an_ellipsis_at_the_limit():
    sent = rendered_text("お" * (MAX_TEXT + 1))
    assert utf16(sent) == MAX_TEXT and sent.endswith("…")


def test_emoji_count_twice_as_line_counts_them():
    sent = rendered_text("🍎" * 3000)  # 3,000 characters, 6,000 code units
    assert utf16(sent) <= MAX_TEXT and sent.endswith("🍎…")


def test_picker_quick_replies_open_lines_own_camera_and_location_pickers():
    from bot.chat.replies import CAMERA, CAMERA_ROLL, LOCATION, Button

    reply = Reply(messages=[Text("写真を送ってください")], quick_replies=[
        Button("カメラ", picker=CAMERA), Button("写真を選ぶ", picker=CAMERA_ROLL), Button("位置情報", picker=LOCATION)])
    items = render(reply)[0]["quickReply"]["items"]
    assert [item["action"] for item in items] == [
        {"type": "camera", "label": "カメラ"},
        {"type": "cameraRoll", "label": "写真を選ぶ"},
        {"type": "location", "label": "位置情報"},
    ]

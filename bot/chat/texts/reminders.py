"""Labels and messages of garbage reminders (guide §4 ごみ収集通知設定; SPEC §2.4).

The flow's own label, `ごみ収集通知`, is `GARBAGE_REMINDERS` in texts/garbage.py (the area flow's
done message carries the same button)."""
from __future__ import annotations

# --- labels: buttons, typed keywords ----------------------------------------------------------
DAY_BEFORE_ON = "前日の通知をONにする"
DAY_BEFORE_OFF = "前日の通知をOFFにする"
SAME_DAY_ON = "当日の通知をONにする"
SAME_DAY_OFF = "当日の通知をOFFにする"
DAY_BEFORE_TIME = "前日の通知時間"
SAME_DAY_TIME = "当日の通知時間"

# --- the settings panel ---------------------------------------------------------------------------
REMINDERS_TITLE = "ごみ収集通知"
REMINDERS_PROMPT = "通知する日と時間を設定してください。収集日がある日だけお知らせします。"
FIELD_DAY_BEFORE = "前日"
FIELD_SAME_DAY = "当日"
REMINDER_STATE = "{state}（{time}）"
REMINDER_ON = "ON"
REMINDER_OFF = "OFF"
REMINDER_AREA_NOTE = "地域：{area}"
FIELD_REMINDERS = "ごみ収集通知"  # the My Page row
MY_PAGE_REMINDERS = "前日{day_before}・当日{same_day}"
REMINDERS_NEED_AREA = "ごみ収集通知を設定するには、先にごみ収集地域を設定してください。"
REMINDER_TIME_REFUSED = "時間を読み取れませんでした。もう一度選んでください。"
REMINDER_SAVED = "{mode}の通知を{state}にしました。"
REMINDER_TIME_SAVED = "{mode}の通知時間を{time}にしました。"

# --- the reminder itself ----------------------------------------------------------------------------
REMINDER_TOMORROW = "【明日のごみ】"
REMINDER_TODAY = "【今日のごみ】"
REMINDER_DATE = "{month}月{day}日({weekday})"
REMINDER_HOW_TO = "{label}：{how_to}"

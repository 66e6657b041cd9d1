"""Labels and messages of garbage reminders (guide §4 ごみ収集通知設定; SPEC §2.4).

The flow's own label, `ごみ収集通知`, is `GARBAGE_REMINDERS` in texts/garbage.py (the area flow's
done message carries the same button)."""
from __future__ import annotations

from bot.chat.language import N_, label

# --- labels: buttons, typed keywords ----------------------------------------------------------
DAY_BEFORE_ON = label("前日の通知をONにする")
DAY_BEFORE_OFF = label("前日の通知をOFFにする")
SAME_DAY_ON = label("当日の通知をONにする")
SAME_DAY_OFF = label("当日の通知をOFFにする")
DAY_BEFORE_TIME = label("前日の通知時間")
SAME_DAY_TIME = label("当日の通知時間")

# --- the settings panel ---------------------------------------------------------------------------
REMINDERS_TITLE = N_("ごみ収集通知")
REMINDERS_PROMPT = N_("通知する日と時間を設定してください。収集日がある日だけお知らせします。")
FIELD_DAY_BEFORE = N_("前日")
FIELD_SAME_DAY = N_("当日")
REMINDER_STATE = N_("{state}（{time}）")
REMINDER_ON = N_("ON")
REMINDER_OFF = N_("OFF")
REMINDER_AREA_NOTE = N_("地域：{area}")
FIELD_REMINDERS = N_("ごみ収集通知")  # the My Page row
MY_PAGE_REMINDERS = N_("前日{day_before}・当日{same_day}")
REMINDERS_NEED_AREA = N_("ごみ収集通知を設定するには、先にごみ収集地域を設定してください。")
REMINDER_TIME_REFUSED = N_("時間を読み取れませんでした。もう一度選んでください。")
REMINDER_SAVED = N_("{mode}の通知を{state}にしました。")
REMINDER_TIME_SAVED = N_("{mode}の通知時間を{time}にしました。")

# --- the reminder itself ----------------------------------------------------------------------------
REMINDER_TOMORROW = N_("【明日のごみ】")
REMINDER_TODAY = N_("【今日のごみ】")
REMINDER_HOW_TO = N_("{label}：{how_to}")

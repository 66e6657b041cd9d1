"""Labels and messages of evacuation sites and disaster mode (issue 15)."""
from __future__ import annotations

from bot.chat.language import N_, label

# --- labels -----------------------------------------------------------------------------------
SHELTERS = label("避難場所")
DISASTER_INFO = label("災害情報")
SEND_LOCATION = label("位置情報を送る")
OPEN_MAP = label("地図で見る")

# --- messages ---------------------------------------------------------------------------------
ASK_LOCATION = N_("現在地を送ってください\n下の「位置情報を送る」から送ると、近くの避難場所をお知らせします。")
LOCATION_NOT_KEPT = N_("送られた位置情報は、避難場所を探すためだけに使い、保存しません。")
NO_SITES_DATA = N_("避難場所の情報がまだ登録されていません。市のホームページなどでご確認ください。")
NO_SITES_NEARBY = N_("送られた場所から10km以内に避難場所が見つかりませんでした。")
NO_SITES_NEARBY_FOR = N_("送られた場所から10km以内に「{hazard}」に対応した避難場所が見つかりませんでした。")
SITES_ALT = N_("近くの避難場所（{count}件）")
SITES_ALT_FOR = N_("近くの「{hazard}」の避難場所（{count}件）")
SITE_DISTANCE = N_("距離：{distance}")
SITE_HAZARDS = N_("対応：{hazards}")
SITE_NO_HAZARDS = N_("対応：なし")
SITE_CAPACITY = N_("収容：{capacity}人")
SITE_OPEN = N_("開設中")
SITE_NOT_OPEN = N_("未開設")
SITE_OPEN_UNKNOWN = N_("災害時に開設")
EMERGENCY_TITLE = N_("【緊急】{title}")
EMERGENCY_NOTICE = N_("【緊急】{title}\n\n{body}")
DISASTER_INFO_TITLE = N_("災害情報")
DISASTER_ON_HEADER = N_("現在、{hazard}の災害対応中です。")
DISASTER_NONE = N_("現在、発表中の緊急のお知らせはありません。")
DISASTER_PAST = N_("過去の緊急のお知らせ")
DISASTER_ENDED_AT = N_("{started}〜{ended}")
DISASTER_STARTED_AT = N_("{started}〜")
DISASTER_MOMENT = N_("M月d日 H:mm")  # a CLDR pattern, as texts.DATE
REMINDERS_PAUSED = N_("災害対応中のため、ごみ収集通知を一時停止しています。平常に戻ると再開します。")

"""Labels and messages of まちの通報 (resident reports) and 通報の履歴."""
from __future__ import annotations

from bot.chat.language import N_, label

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
REPORT = label("まちの通報")
REPORT_HISTORY = label("通報の履歴")
TAKE_PHOTO = label("カメラで撮る")
CHOOSE_PHOTO = label("写真を選ぶ")
NO_PHOTO = label("写真なしで続ける")
SEND_PLACE = label("位置情報を送る")
SEND_REPORT = label("送信する")
START_OVER = label("やり直す")

# --- the questions ------------------------------------------------------------------------------
ASK_REPORT_CATEGORY = N_("何についての通報ですか？")
ASK_REPORT_PHOTO = N_("写真を送ってください\n（1枚、10MBまで。位置情報などの写真の情報は取り除いて保存します）")
ASK_REPORT_PLACE = N_(
    "場所を送ってください\n「{button}」から地図で場所を選ぶか、住所や目印を入力してください（{max}文字まで）。"
)
ASK_REPORT_COMMENT = N_("状況を入力してください（{max}文字まで）。なければ「{skip}」を押してください。")
REPORT_SUMMARY_TITLE = N_("通報の内容")
REPORT_SUMMARY_PROMPT = N_("この内容で送信しますか？")
FIELD_REPORT_CATEGORY = N_("種類")
FIELD_REPORT_PHOTO = N_("写真")
FIELD_REPORT_PLACE = N_("場所")
FIELD_REPORT_COMMENT = N_("状況")
PHOTO_ATTACHED = N_("あり")
PHOTO_NONE = N_("なし")
COMMENT_NONE = N_("（なし）")
PLACE_FROM_MAP = N_("地図で選んだ場所（{latitude}, {longitude}）")

# --- answers and refusals ----------------------------------------------------------------------
REPORT_PHOTO_TOO_LARGE = N_("写真が大きすぎます（{size}）。10MBまでの写真を送ってください。")
REPORT_PHOTO_NOT_AN_IMAGE = N_("写真として読み取れませんでした。JPEGまたはPNGの写真を送ってください。")
REPORT_PHOTO_TOO_MANY_PIXELS = N_("写真の画素数が大きすぎます（{width}×{height}）。別の写真を送ってください。")
REPORT_PHOTO_UNAVAILABLE = N_("写真を受け取れませんでした。もう一度送ってください。")
REPORT_PHOTO_RECEIVED = N_("写真を受け取りました。")
REPORT_PLACE_TOO_LONG = N_("場所は{max}文字以内で入力してください（{length}文字でした）。")
REPORT_PLACE_CONTROL = N_("場所に改行や制御文字は使えません。")
REPORT_COMMENT_TOO_LONG = N_("状況は{max}文字以内で入力してください（{length}文字でした）。")
REPORT_RECEIVED = N_("通報を受け付けました。受付番号：{number}")
REPORT_FOLLOW_UP_REGISTERED = N_("対応の状況が変わると、このトークでお知らせします。「通報の履歴」でも確認できます。")
REPORT_FOLLOW_UP_GUEST = N_(
    "マイページを作成していないため、対応の状況はお知らせしません。"
    "「ログイン/新規登録」からマイページを作成すると、以後の状況をお知らせします。"
    "「通報の履歴」でも確認できます。"
)
REPORT_LIMIT_REACHED = N_(
    "通報は1日{limit}件までです。本日はすでに{limit}件受け付けました。"
    "お急ぎの場合は市役所へお電話ください。"
)
NO_REPORTS = N_("まだ通報はありません。「まちの通報」から送れます。")
REPORT_HISTORY_TITLE = N_("通報の履歴（最新{count}件）")
REPORT_HISTORY_ROW = N_("{date} {category}")

# --- follow-ups pushed to the reporter ----------------------------------------------------------
REPORT_NOW = {
    "in_progress": N_("受付番号 {number} の通報は対応中です"),
    "done": N_("受付番号 {number} の通報は対応が完了しました"),
    "rejected": N_("受付番号 {number} の通報は対応できませんでした（対応不可）"),
}
REPORT_NOTE = N_("市からのメモ：{note}")
REPORT_THANKS = N_("ご連絡ありがとうございました。")

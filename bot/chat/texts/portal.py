"""Labels and messages of online applications, 興味・関心, account info change, 設定 and 退会
(guide §5 オンライン申請表示方法, 参考 ニックネームやアイコンを変更をしたいときは？; SPEC §2.6–2.10)."""
from __future__ import annotations

from bot.chat.language import N_, label

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
ONLINE_APPLICATIONS = label("オンライン申請")
RECOMMENDED = label("あなたへのおすすめ")
ALL_PROCEDURES = label("すべて")
CURRENT_TAB = label("● {tab}")  # the tab shown now, among both tabs (a quick reply: ≤ 20 characters)
MORE = label("もっと見る")
APPLY = label("申請する")
INTERESTS = label("興味・関心")
ACCOUNT_CHANGE = label("アカウント情報変更")
CHANGE_NICKNAME = label("ニックネーム")
CHANGE_ICON = label("アイコン")
USE_LINE_PICTURE = label("LINEのプロフィール画像を使う")
SETTINGS = label("設定")
SETTING_GARBAGE_AREA = label("ごみ収集地域")  # the garbage features' labels, as 設定 shows them
SETTING_GARBAGE_REMINDERS = label("ごみ収集通知")
CARD_LINK_SETTING = label("マイナンバーカード連携")
LEAVE = label("退会")
CONFIRM_LEAVE = label("退会する")

# --- online applications ------------------------------------------------------------------------
APPLICATIONS_INTRO = N_(
    "オンライン申請\n"
    "登録した情報をもとに、あなたに必要な手続きを確認でき、オンライン申請を行うことができます。\n"
    "※申請の際は、{service}へ移動します。"
)
NO_INTERESTS_YET = N_(
    "「あなたへのおすすめ」は、「興味・関心」の選択状況によっておすすめの申請が表示されます。\n"
    "まず「興味・関心」を設定してください。"
)
NO_RECOMMENDATIONS = N_("いまの「興味・関心」に合うおすすめの申請はありませんでした。「すべて」からお探しください。")
RECOMMENDED_TITLE = N_("あなたへのおすすめ（{first}〜{last}件目／{total}件）")
ALL_TITLE = N_("すべての申請（{first}〜{last}件目／{total}件）")
PROCEDURE_TAGS = N_("関連：{tags}")
NO_MORE = N_("これ以上の申請はありません。")

# --- 興味・関心 -----------------------------------------------------------------------------------
INTERESTS_SAVED = N_("興味・関心を保存しました。\n{choice}")
INTERESTS_NEXT = N_("「オンライン申請」の「あなたへのおすすめ」に反映されます。")

# --- account info change ----------------------------------------------------------------------
ACCOUNT_CHANGE_PROMPT = N_("変更したい項目をタップしてください。")
ASK_NEW_NICKNAME = N_("新しいニックネームを入力してください（1〜20文字）。\n現在：{current}")
NICKNAME_CHANGED = N_("ニックネームを変更しました")
ASK_ICON = N_("画像を送ってください\nJPEGまたはPNG、{limit}までの画像をアイコンにします。")
ICON_CHANGED = N_("アイコンを変更しました")
ICON_NOT_AN_IMAGE = N_("アイコンにできるのはJPEGまたはPNGの画像です。別の画像を送ってください。")
ICON_TOO_LARGE = N_("画像が大きすぎます（{size}）。{limit}までの画像を送ってください。")
ICON_TOO_WIDE = N_("画像の縦横が大きすぎます（{width}×{height}）。{max}ピクセルまでの画像を送ってください。")
ICON_UNAVAILABLE = N_("画像を受け取れませんでした。もう一度送ってください。")
NO_LINE_PICTURE = N_("LINEのプロフィール画像が見つかりませんでした。画像を送ってください。")
FIELD_ICON = N_("アイコン")
ICON_FROM_LINE = N_("LINEのプロフィール画像")
ICON_UPLOADED = N_("設定済み")

# --- 設定 ---------------------------------------------------------------------------------------
SETTINGS_TITLE = N_("各種設定")
SETTINGS_PROMPT = N_("変更したい設定をタップしてください。")

# --- 退会 ---------------------------------------------------------------------------------------
# A confirm template: LINE shows at most 240 characters of its text.
LEAVE_CONFIRM = N_(
    "退会すると、プロフィール、アイコン、ごみ収集の設定、マイナンバーカード連携、"
    "デジタル郵便受けのお知らせがすべて削除され、元に戻せません。"
    "まちの通報の内容は市の記録として残りますが、あなたとのつながりは削除されます。退会しますか？",
    limit=240,
)
LEFT = N_("退会しました。ご利用ありがとうございました。\nまたのご利用をお待ちしています。")

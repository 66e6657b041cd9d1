"""Labels and messages of online applications, 興味・関心, account info change, 設定 and 退会
(guide §5 オンライン申請表示方法, 参考 ニックネームやアイコンを変更をしたいときは？; SPEC §2.6–2.10)."""
from __future__ import annotations

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
ONLINE_APPLICATIONS = "オンライン申請"
RECOMMENDED = "あなたへのおすすめ"
ALL_PROCEDURES = "すべて"
CURRENT_TAB = "● {tab}"  # the tab shown now, among both tabs (a quick reply: ≤ 20 characters)
MORE = "もっと見る"
APPLY = "申請する"
INTERESTS = "興味・関心"
ACCOUNT_CHANGE = "アカウント情報変更"
CHANGE_NICKNAME = "ニックネーム"
CHANGE_ICON = "アイコン"
USE_LINE_PICTURE = "LINEのプロフィール画像を使う"
SETTINGS = "設定"
SETTING_GARBAGE_AREA = "ごみ収集地域"  # the garbage features' labels, as 設定 shows them
SETTING_GARBAGE_REMINDERS = "ごみ収集通知"
CARD_LINK_SETTING = "マイナンバーカード連携"
LEAVE = "退会"
CONFIRM_LEAVE = "退会する"

# --- online applications ------------------------------------------------------------------------
APPLICATIONS_INTRO = (
    "オンライン申請\n"
    "登録した情報をもとに、あなたに必要な手続きを確認でき、オンライン申請を行うことができます。\n"
    "※申請の際は、{service}へ移動します。"
)
NO_INTERESTS_YET = (
    "「あなたへのおすすめ」は、「興味・関心」の選択状況によっておすすめの申請が表示されます。\n"
    "まず「興味・関心」を設定してください。"
)
NO_RECOMMENDATIONS = "いまの「興味・関心」に合うおすすめの申請はありませんでした。「すべて」からお探しください。"
RECOMMENDED_TITLE = "あなたへのおすすめ（{first}〜{last}件目／{total}件）"
ALL_TITLE = "すべての申請（{first}〜{last}件目／{total}件）"
PROCEDURE_TAGS = "関連：{tags}"
NO_MORE = "これ以上の申請はありません。"

# --- 興味・関心 -----------------------------------------------------------------------------------
INTERESTS_SAVED = "興味・関心を保存しました。\n{choice}"
INTERESTS_NEXT = "「オンライン申請」の「あなたへのおすすめ」に反映されます。"

# --- account info change ----------------------------------------------------------------------
ACCOUNT_CHANGE_PROMPT = "変更したい項目をタップしてください。"
ASK_NEW_NICKNAME = "新しいニックネームを入力してください（1〜20文字）。\n現在：{current}"
NICKNAME_CHANGED = "ニックネームを変更しました"
ASK_ICON = "画像を送ってください\nJPEGまたはPNG、{limit}までの画像をアイコンにします。"
ICON_CHANGED = "アイコンを変更しました"
ICON_NOT_AN_IMAGE = "アイコンにできるのはJPEGまたはPNGの画像です。別の画像を送ってください。"
ICON_TOO_LARGE = "画像が大きすぎます（{size}）。{limit}までの画像を送ってください。"
ICON_TOO_WIDE = "画像の縦横が大きすぎます（{width}×{height}）。{max}ピクセルまでの画像を送ってください。"
ICON_UNAVAILABLE = "画像を受け取れませんでした。もう一度送ってください。"
NO_LINE_PICTURE = "LINEのプロフィール画像が見つかりませんでした。画像を送ってください。"
FIELD_ICON = "アイコン"
ICON_FROM_LINE = "LINEのプロフィール画像"
ICON_UPLOADED = "設定済み"

# --- 設定 ---------------------------------------------------------------------------------------
SETTINGS_TITLE = "各種設定"
SETTINGS_PROMPT = "変更したい設定をタップしてください。"

# --- 退会 ---------------------------------------------------------------------------------------
LEAVE_CONFIRM = (
    "退会すると、プロフィール、アイコン、ごみ収集の設定、マイナンバーカード連携、"
    "デジタル郵便受けのお知らせがすべて削除され、元に戻せません。"
    "まちの通報の内容は市の記録として残りますが、あなたとのつながりは削除されます。退会しますか？"
)
LEFT = "退会しました。ご利用ありがとうございました。\nまたのご利用をお待ちしています。"

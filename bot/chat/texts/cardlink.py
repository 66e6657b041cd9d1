"""My Number card linking (guide §2 マイナンバーカード連携方法) and the digital postbox (SPEC §2.8)."""
from __future__ import annotations

# --- labels ----------------------------------------------------------------------------------
# LINK_CARD (マイナンバーカードを連携する) and AGREE (同意する) live in common.
LINK = "連携する"
OPEN_APP = "アプリを開く"
NO_APP = "アプリを持っていない"
XID_HELP_LINK = "xID公式サイト（作成手順）"
APP_STORE = "App Storeでインストール"
GOOGLE_PLAY = "Google Playでインストール"
SET_UP_POSTBOX = "デジタル郵便受けを設定する"
POSTBOX = "デジタル郵便受け"
UNLINK = "連携を解除する"
UNLINK_YES = "解除する"
READ = "読む"
MORE = "もっと見る"

# --- where the guide sends residents ------------------------------------------------------------
XID_HELP_URL = "https://help.xid.inc/25790a22b17f49f88fdeed6d2b7aa015"  # the guide's xID公式サイト
# Store searches for the xID app (exact store pages could not be checked offline).
XID_APP_STORE_URL = "https://apps.apple.com/jp/search?term=xID"
XID_GOOGLE_PLAY_URL = "https://play.google.com/store/search?q=xID&c=apps"

# --- the conversation ---------------------------------------------------------------------------
CARD_LINK_TITLE = "マイナンバーカード連携"
CARD_LINK_EXPLAINED = (
    "マイナンバーカードを連携すると、あなたへのお知らせが届くデジタル郵便受け「POST」を"
    "利用できるようになります。\n\n"
    "ポイント\n"
    "マイナンバーカード連携する場合、外部アプリ「クロスアイディアプリ」が必要になります。\n\n"
    "{portal}が受け取るのは連携のための識別子だけで、マイナンバーや氏名、住所は保存しません。"
    "連携は「設定」の「連携を解除する」でいつでも解除できます。"
)
ASK_HAVE_APP = "クロスアイディアプリをお持ちですか？"
HAVE_APP_HINT = (
    "クロスアイディアプリをインストール済みの方は「アプリを開く」、"
    "未インストールの方は「アプリを持っていない」をタップしてください。"
)
INSTALL_TITLE = "クロスアイディアプリの準備"
INSTALL_STEPS = (
    "1. 「インストール」をタップしてアプリを入れる\n"
    "2. 「アカウントを作成・利用開始する」をタップ\n"
    "3. 「カード読み取る」をタップし、マイナンバーカードをかざして読み取る\n"
    "4. ID有効化のため、PINを設定する\n"
    "準備ができたら「アプリを開く」をタップしてください。"
)
INSTALL_NOTE = "xID（クロスアイディ）アプリの詳細手順はxIDの公式ホームページの作成手順をご確認ください。"
LINK_NOT_CONFIGURED = "ただいまマイナンバーカード連携をご利用いただけません。時間をおいてお試しください。"
ALREADY_LINKED_TEXT = "マイナンバーカードは連携済みです。"
LINK_COMPLETED = "マイナンバーカードの連携が完了しました"
LINK_COMPLETED_NEXT = "続けてデジタル郵便受けを設定すると、市からのお知らせを受け取れます。"
NOT_LINKED_TEXT = "マイナンバーカードは連携されていません。"
CONFIRM_UNLINK = "マイナンバーカードの連携を解除しますか？デジタル郵便受けの設定も解除されます。"
UNLINKED = "マイナンバーカードの連携を解除しました。"

# --- postbox consent ----------------------------------------------------------------------------
POSTBOX_CONSENT_TITLE = "デジタル郵便受けの利用規約"
POSTBOX_CONSENT = (
    "{city}からの通知（これまで郵送していた文書など）を、デジタル郵便受け「POST」で受け取ります。\n"
    "・新しいお知らせはLINEで通知します。通知にはお知らせの件名だけを表示し、本文は"
    "「読む」をタップしたときに表示します。\n"
    "・お知らせを読んだかどうかは、件数として市が確認します。\n"
    "・マイナンバーカードの連携を解除すると、この設定も解除されます。\n"
    "同意しますか？"
)
POSTBOX_READY = "設定は完了です"
POSTBOX_READY_NEXT = "「デジタル郵便受け」から市からのお知らせを確認できます。"

# --- the postbox ----------------------------------------------------------------------------------
POSTBOX_NEEDS_REGISTRATION = "デジタル郵便受けを使うには、まずマイページの作成が必要です。"
POSTBOX_NEEDS_LINK = "デジタル郵便受け（POST）をご利用になる場合は、マイナンバーカード連携が必要です。"
POSTBOX_NEEDS_CONSENT = "デジタル郵便受けを使うには、デジタル郵便受けの設定（利用規約への同意）が必要です。"
POSTBOX_EMPTY = "デジタル郵便受けにお知らせはまだありません。"
POSTBOX_ALT = "デジタル郵便受け：{count}件のお知らせ（未読{unread}件）"
POSTBOX_UNREAD_MARK = "● 未読"
POSTBOX_READ_MARK = "既読"
POSTBOX_MORE_TITLE = "以前のお知らせ"
POSTBOX_NO_MORE = "これより前のお知らせはありません。"
NOTICE_NOT_FOUND = "そのお知らせは見つかりませんでした。"
NOTICE_FROM = "差出人：{department}"
NOTICE_DATE = "{year}年{month}月{day}日"
NEW_NOTICE = "デジタル郵便受けに新しいお知らせが届きました"

# --- My Page ---------------------------------------------------------------------------------------
FIELD_POSTBOX = "デジタル郵便受け"
POSTBOX_UNREAD = "未読{count}件"

# --- the LIFF page and its screens ------------------------------------------------------------------
LIFF_TITLE = "マイナンバーカード連携"
LIFF_WORKING = "クロスアイディアプリへ移動しています…"
LIFF_CONFIRMING = "LINEで本人の確認をしています…"
LIFF_SCREENS = {
    "done": ("連携が完了しました", "マイナンバーカードの連携が完了しました。LINEに戻って「デジタル郵便受けを設定する」をタップしてください。"),
    "cancelled": ("連携を中止しました", "クロスアイディアプリで連携が許可されなかったため、何も保存していません。もう一度お試しになる場合はLINEから「マイナンバーカードを連携する」をタップしてください。"),
    "expired": ("有効期限が切れました", "連携の手続きは10分以内に完了してください。LINEに戻って、もう一度「アプリを開く」をタップしてください。"),
    "already": ("すでに連携されています", "このLINEアカウントはすでにマイナンバーカードと連携しています。別のカードと連携するには、先に「設定」の「連携を解除する」で解除してください。"),
    "taken": ("ほかのLINEアカウントと連携済みです", "このxIDは別のLINEアカウントと連携しています。何も変更していません。こちらで連携するには、先にもう一方のLINEアカウントで「連携を解除する」を行ってください。"),
    "register": ("マイページの作成が必要です", "マイナンバーカード連携の前に、LINEで「ログイン/新規登録」からマイページを作成してください。"),
    "retry": ("もう一度お試しください", "連携を完了できませんでした。何も保存していません。時間をおいて、LINEからもう一度お試しください。"),
    "unavailable": ("ただいまご利用いただけません", "マイナンバーカード連携の設定が完了していません。時間をおいてお試しください。"),
    "reopen": ("LINEアプリで開き直してください", "連携の手続きを始めたLINEアプリの画面ではないため、連携していません（何も保存していません）。LINEアプリに戻り、もう一度「アプリを開く」から手続きしてください。"),
}
LIFF_BACK_TO_LINE = "LINEに戻る"

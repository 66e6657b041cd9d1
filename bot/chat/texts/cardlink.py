"""My Number card linking (guide §2 マイナンバーカード連携方法) and the digital postbox (SPEC §2.8)."""
from __future__ import annotations

from bot.chat.language import N_, P_, label

# --- labels ----------------------------------------------------------------------------------
# LINK_CARD (マイナンバーカードを連携する) and AGREE (同意する) live in common.
LINK = label("連携する")
OPEN_APP = label("アプリを開く")
NO_APP = label("アプリを持っていない")
XID_HELP_LINK = label("xID公式サイト（作成手順）")
APP_STORE = label("App Storeでインストール")
GOOGLE_PLAY = label("Google Playでインストール")
SET_UP_POSTBOX = label("デジタル郵便受けを設定する")
POSTBOX = label("デジタル郵便受け")
UNLINK = label("連携を解除する")
UNLINK_YES = label("解除する")
READ = label("読む")
MORE = label("もっと見る")

# --- where the guide sends residents ------------------------------------------------------------
XID_HELP_URL = "https://help.xid.inc/25790a22b17f49f88fdeed6d2b7aa015"  # the guide's xID公式サイト
# Store searches for the xID app (exact store pages could not be checked offline).
XID_APP_STORE_URL = "https://apps.apple.com/jp/search?term=xID"
XID_GOOGLE_PLAY_URL = "https://play.google.com/store/search?q=xID&c=apps"

# --- the conversation ---------------------------------------------------------------------------
CARD_LINK_TITLE = N_("マイナンバーカード連携")
CARD_LINK_EXPLAINED = N_(
    "マイナンバーカードを連携すると、あなたへのお知らせが届くデジタル郵便受け「POST」を"
    "利用できるようになります。\n\n"
    "ポイント\n"
    "マイナンバーカード連携する場合、外部アプリ「クロスアイディアプリ」が必要になります。\n\n"
    "{portal}が受け取るのは連携のための識別子だけで、マイナンバーや氏名、住所は保存しません。"
    "連携は「設定」の「連携を解除する」でいつでも解除できます。"
)
ASK_HAVE_APP = N_("クロスアイディアプリをお持ちですか？")
HAVE_APP_HINT = N_(
    "クロスアイディアプリをインストール済みの方は「アプリを開く」、"
    "未インストールの方は「アプリを持っていない」をタップしてください。"
)
INSTALL_TITLE = N_("クロスアイディアプリの準備")
INSTALL_STEPS = N_(
    "1. 「インストール」をタップしてアプリを入れる\n"
    "2. 「アカウントを作成・利用開始する」をタップ\n"
    "3. 「カード読み取る」をタップし、マイナンバーカードをかざして読み取る\n"
    "4. ID有効化のため、PINを設定する\n"
    "準備ができたら「アプリを開く」をタップしてください。"
)
INSTALL_NOTE = N_("xID（クロスアイディ）アプリの詳細手順はxIDの公式ホームページの作成手順をご確認ください。")
LINK_NOT_CONFIGURED = N_("ただいまマイナンバーカード連携をご利用いただけません。時間をおいてお試しください。")
ALREADY_LINKED_TEXT = N_("マイナンバーカードは連携済みです。")
LINK_COMPLETED = N_("マイナンバーカードの連携が完了しました")
LINK_COMPLETED_NEXT = N_("続けてデジタル郵便受けを設定すると、市からのお知らせを受け取れます。")
NOT_LINKED_TEXT = N_("マイナンバーカードは連携されていません。")
CONFIRM_UNLINK = N_("マイナンバーカードの連携を解除しますか？デジタル郵便受けの設定も解除されます。", limit=240)  # a confirm
UNLINKED = N_("マイナンバーカードの連携を解除しました。")

# --- postbox consent ----------------------------------------------------------------------------
POSTBOX_CONSENT_TITLE = N_("デジタル郵便受けの利用規約")
POSTBOX_CONSENT = N_(
    "{city}からの通知（これまで郵送していた文書など）を、デジタル郵便受け「POST」で受け取ります。\n"
    "・新しいお知らせはLINEで通知します。通知にはお知らせの件名だけを表示し、本文は"
    "「読む」をタップしたときに表示します。\n"
    "・お知らせを読んだかどうかは、件数として市が確認します。\n"
    "・マイナンバーカードの連携を解除すると、この設定も解除されます。\n"
    "同意しますか？"
)
POSTBOX_READY = N_("設定は完了です")
POSTBOX_READY_NEXT = N_("「デジタル郵便受け」から市からのお知らせを確認できます。")

# --- the postbox ----------------------------------------------------------------------------------
POSTBOX_NEEDS_REGISTRATION = N_("デジタル郵便受けを使うには、まずマイページの作成が必要です。")
POSTBOX_NEEDS_LINK = N_("デジタル郵便受け（POST）をご利用になる場合は、マイナンバーカード連携が必要です。")
POSTBOX_NEEDS_CONSENT = N_("デジタル郵便受けを使うには、デジタル郵便受けの設定（利用規約への同意）が必要です。")
POSTBOX_EMPTY = N_("デジタル郵便受けにお知らせはまだありません。")
# One notice or many: P_ (the wording follows `count` by the language's plural rules).
POSTBOX_ALT = P_("デジタル郵便受け：{count}件のお知らせ（未読{unread}件）", "デジタル郵便受け：{count}件のお知らせ（未読{unread}件）")
POSTBOX_UNREAD_MARK = N_("● 未読")
POSTBOX_READ_MARK = N_("既読")
POSTBOX_MORE_TITLE = N_("以前のお知らせ")
POSTBOX_NO_MORE = N_("これより前のお知らせはありません。")
NOTICE_NOT_FOUND = N_("そのお知らせは見つかりませんでした。")
NOTICE_FROM = N_("差出人：{department}")
NOTICE_DATE = N_("y年M月d日")  # a CLDR pattern, as texts.DATE
NEW_NOTICE = N_("デジタル郵便受けに新しいお知らせが届きました")

# --- My Page ---------------------------------------------------------------------------------------
FIELD_POSTBOX = N_("デジタル郵便受け")
POSTBOX_UNREAD = N_("未読{count}件")

# --- the LIFF page and its screens ------------------------------------------------------------------
LIFF_TITLE = N_("マイナンバーカード連携")
LIFF_WORKING = N_("クロスアイディアプリへ移動しています…")
LIFF_CONFIRMING = N_("LINEで本人の確認をしています…")
LIFF_SCREENS = {
    "done": (N_("連携が完了しました"), N_("マイナンバーカードの連携が完了しました。LINEに戻って「デジタル郵便受けを設定する」をタップしてください。")),
    "cancelled": (N_("連携を中止しました"), N_("クロスアイディアプリで連携が許可されなかったため、何も保存していません。もう一度お試しになる場合はLINEから「マイナンバーカードを連携する」をタップしてください。")),
    "expired": (N_("有効期限が切れました"), N_("連携の手続きは10分以内に完了してください。LINEに戻って、もう一度「アプリを開く」をタップしてください。")),
    "already": (N_("すでに連携されています"), N_("このLINEアカウントはすでにマイナンバーカードと連携しています。別のカードと連携するには、先に「設定」の「連携を解除する」で解除してください。")),
    "taken": (N_("ほかのLINEアカウントと連携済みです"), N_("このxIDは別のLINEアカウントと連携しています。何も変更していません。こちらで連携するには、先にもう一方のLINEアカウントで「連携を解除する」を行ってください。")),
    "register": (N_("マイページの作成が必要です"), N_("マイナンバーカード連携の前に、LINEで「ログイン/新規登録」からマイページを作成してください。")),
    "retry": (N_("もう一度お試しください"), N_("連携を完了できませんでした。何も保存していません。時間をおいて、LINEからもう一度お試しください。")),
    "unavailable": (N_("ただいまご利用いただけません"), N_("マイナンバーカード連携の設定が完了していません。時間をおいてお試しください。")),
    "reopen": (N_("LINEアプリで開き直してください"), N_("連携の手続きを始めたLINEアプリの画面ではないため、連携していません（何も保存していません）。LINEアプリに戻り、もう一度「アプリを開く」から手続きしてください。")),
}
LIFF_BACK_TO_LINE = N_("LINEに戻る")

"""Labels and messages shared by every feature, and those of registration and My Page."""
from __future__ import annotations

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
CANCEL = "キャンセル"
LOGIN = "ログイン/新規登録"
CREATE_WITH_LINE = "LINEアカウントで作成"
AGREE = "同意する"
DISAGREE = "同意しない"
SKIP = "スキップ"
DONE = "完了"
USE_DISPLAY_NAME = "「{name}」を使う"
MY_PAGE = "マイページ"
LINK_CARD = "マイナンバーカードを連携する"
LATER = "あとで"
HELP = "ヘルプ"
TERMS_TITLE = "利用規約"
TERMS_LINK = "利用規約を読む"

# --- messages ---------------------------------------------------------------------------------
GREETING = (
    "{portal}へようこそ！\n"
    "{city}の市民ポータルをLINEでご利用いただけます。\n"
    "マイページを作成すると、オンライン申請やデジタル郵便受けが使えるようになります。"
)
WELCOME_BACK = "おかえりなさい。{portal}です。\n以前の設定はそのまま残っています。"
LOGGED_IN = "ログインしました"
CHOOSE_ACCOUNT = "作成するアカウントを選択する"
TERMS = (
    "利用規約\n"
    "・{portal}は{city}が提供するサービスです。\n"
    "・ご入力いただいたニックネーム、年代、お住まいの区、興味・関心は、お知らせやおすすめの"
    "表示に使います。\n"
    "・マイナンバーや氏名、住所をこのサービスが保存することはありません。\n"
    "・退会すると登録した情報はすべて削除されます。\n"
    "全文はリンク先をご確認ください。利用規約に同意しますか？"
)
TERMS_DECLINED = "利用規約に同意いただけない場合は、マイページを作成できません。"
ASK_NICKNAME = "プロフィール情報を入力する\nニックネームを入力してください（1〜20文字）。"
ASK_AGE = "年代を選んでください。"
ASK_WARD = "お住まいの区を選んでください。"
ASK_INTERESTS = "興味・関心のあることを選んでください（複数選べます）。選び終えたら「完了」を押してください。"
CURRENT_CHOICE = "選択中：{choice}"
NOTHING_CHOSEN = "選択中：なし"
NICKNAME_EMPTY = "ニックネームを入力してください。"
NICKNAME_TOO_LONG = "ニックネームは20文字以内で入力してください（{length}文字でした）。"
NICKNAME_CONTROL = "ニックネームに改行や制御文字は使えません。"
ACCOUNT_CREATED = "アカウント作成完了"
ACCOUNT_CREATED_POINT = (
    "オンライン申請がメニューに表示され、利用できるようになります。\n\n"
    "ポイント\n"
    "デジタル郵便受け（POST）をご利用になる場合は、マイナンバーカード連携が必要です。"
    "引き続き設定をお願いします。"
)
LATER_OK = "マイナンバーカード連携は、あとから「設定」でいつでも行えます。"
CANCELLED = "キャンセルしました。"
EXPIRED = "しばらく操作がなかったため、途中の入力を取り消しました。"
NOT_UNDERSTOOD = "すみません、よくわかりませんでした。下のメニューから選んでください。"
NOT_UNDERSTOOD_IN_FLOW = "すみません、ここではその入力は使えません。"
STALE_BUTTON = "そのボタンは現在使えません。下のメニューから選んでください。"
NO_IMAGE_WANTED = "画像をありがとうございます。ただ、いまは画像を受け付けていません。"
NO_LOCATION_WANTED = "位置情報をありがとうございます。ただ、いまは位置情報を受け付けていません。"
SOMETHING_WENT_WRONG = "すみません、うまく処理できませんでした。お手数ですが、もう一度お試しください。"
NO_STICKER = "スタンプありがとうございます！ご用件は下のメニューから選んでください。"
NOT_REGISTERED = "この機能を使うにはマイページの作成が必要です。「ログイン/新規登録」から作成してください。"
HELP_TEXT = (
    "{portal}の使い方\n"
    "下のメニューのボタンをタップするか、ボタンと同じ言葉を入力してください。\n"
    "{features}\n"
    "操作の途中で「{cancel}」と送ると、いつでも中止できます。"
)
# One line per feature in ヘルプ; the labels come from the features' own texts (typed once).
HELP_LINE = "・{labels}：{does}"

# --- My Page ------------------------------------------------------------------------------------
MY_PAGE_TITLE = "マイページ"
FIELD_NICKNAME = "ニックネーム"
FIELD_AGE = "年代"
FIELD_WARD = "お住まいの区"
FIELD_INTERESTS = "興味・関心"
FIELD_CARD = "マイナンバーカード"
NOT_SET = "未設定"
CARD_LINKED = "連携済み"
CARD_NOT_LINKED = "未連携"

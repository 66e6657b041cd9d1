"""Labels and messages shared by every feature, and those of registration and My Page."""
from __future__ import annotations

from bot.chat.language import N_, label

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
CANCEL = label("キャンセル")
LOGIN = label("ログイン/新規登録")
CREATE_WITH_LINE = label("LINEアカウントで作成")
AGREE = label("同意する")
DISAGREE = label("同意しない")
SKIP = label("スキップ")
DONE = label("完了")
USE_DISPLAY_NAME = label("「{name}」を使う")
MY_PAGE = label("マイページ")
LINK_CARD = label("マイナンバーカードを連携する")
LATER = label("あとで")
HELP = label("ヘルプ")
TERMS_TITLE = label("利用規約")
TERMS_LINK = label("利用規約を読む")

# --- messages ---------------------------------------------------------------------------------
GREETING = N_(
    "{portal}へようこそ！\n"
    "{city}の市民ポータルをLINEでご利用いただけます。\n"
    "マイページを作成すると、オンライン申請やデジタル郵便受けが使えるようになります。"
)
WELCOME_BACK = N_("おかえりなさい。{portal}です。\n以前の設定はそのまま残っています。")
LOGGED_IN = N_("ログインしました")
CHOOSE_ACCOUNT = N_("作成するアカウントを選択する")
TERMS = N_(
    "利用規約\n"
    "・{portal}は{city}が提供するサービスです。\n"
    "・ご入力いただいたニックネーム、年代、お住まいの区、興味・関心は、お知らせやおすすめの"
    "表示に使います。\n"
    "・マイナンバーや氏名、住所をこのサービスが保存することはありません。\n"
    "・退会すると登録した情報はすべて削除されます。\n"
    "全文はリンク先をご確認ください。利用規約に同意しますか？"
)
TERMS_DECLINED = N_("利用規約に同意いただけない場合は、マイページを作成できません。")
ASK_NICKNAME = N_("プロフィール情報を入力する\nニックネームを入力してください（1〜20文字）。")
ASK_AGE = N_("年代を選んでください。")
AGE_DECADE = N_("{decade}代")  # an age group of the city's list: 30代
AGE_AND_OVER = N_("{decade}代以上")  # the last one: 70代以上
ASK_WARD = N_("お住まいの区を選んでください。")
ASK_INTERESTS = N_("興味・関心のあることを選んでください（複数選べます）。選び終えたら「完了」を押してください。")
CURRENT_CHOICE = N_("選択中：{choice}")
NOTHING_CHOSEN = N_("選択中：なし")
NICKNAME_EMPTY = N_("ニックネームを入力してください。")
NICKNAME_TOO_LONG = N_("ニックネームは20文字以内で入力してください（{length}文字でした）。")
NICKNAME_CONTROL = N_("ニックネームに改行や制御文字は使えません。")
ACCOUNT_CREATED = N_("アカウント作成完了")
ACCOUNT_CREATED_POINT = N_(
    "オンライン申請がメニューに表示され、利用できるようになります。\n\n"
    "ポイント\n"
    "デジタル郵便受け（POST）をご利用になる場合は、マイナンバーカード連携が必要です。"
    "引き続き設定をお願いします。"
)
LATER_OK = N_("マイナンバーカード連携は、あとから「設定」でいつでも行えます。")
CANCELLED = N_("キャンセルしました。")
EXPIRED = N_("しばらく操作がなかったため、途中の入力を取り消しました。")
NOT_UNDERSTOOD = N_("すみません、よくわかりませんでした。下のメニューから選んでください。")
NOT_UNDERSTOOD_IN_FLOW = N_("すみません、ここではその入力は使えません。")
STALE_BUTTON = N_("そのボタンは現在使えません。下のメニューから選んでください。")
NO_IMAGE_WANTED = N_("画像をありがとうございます。ただ、いまは画像を受け付けていません。")
NO_LOCATION_WANTED = N_("位置情報をありがとうございます。ただ、いまは位置情報を受け付けていません。")
SOMETHING_WENT_WRONG = N_("すみません、うまく処理できませんでした。お手数ですが、もう一度お試しください。")
NO_STICKER = N_("スタンプありがとうございます！ご用件は下のメニューから選んでください。")
NOT_REGISTERED = N_("この機能を使うにはマイページの作成が必要です。「ログイン/新規登録」から作成してください。")
HELP_TEXT = N_(
    "{portal}の使い方\n"
    "下のメニューのボタンをタップするか、ボタンと同じ言葉を入力してください。\n"
    "{features}\n"
    "操作の途中で「{cancel}」と送ると、いつでも中止できます。"
)
LABELLED = N_("{label}：{value}")  # a label and its value in one line
# One line per feature in ヘルプ; the labels come from the features' own texts (typed once).
HELP_LINE = N_("・{labels}：{does}")
LABEL_SEPARATOR = N_("／")  # between a feature's labels in ヘルプ
HELP_LOGIN = N_("マイページを作成します")
HELP_MY_PAGE = N_("登録内容と設定を確認します")
HELP_GARBAGE_DAYS = N_("お住まいの地域の収集日")
HELP_SORTING = N_("品目名を入力すると分別と次の収集日がわかります")
HELP_AREA_AND_REMINDERS = N_("地域の設定と、前日・当日のお知らせ")
HELP_POSTBOX = N_("市からのお知らせ（マイナンバーカード連携が必要です）")
HELP_APPLICATIONS = N_("あなたへのおすすめの手続き")
HELP_REPORTS = N_("道路や公園などの困りごとを、写真と場所で市に知らせます")
HELP_SETTINGS = N_("興味・関心、アカウント情報変更、言語、連携の解除、退会")
HELP_LANGUAGE = N_("日本語・English・中文・한국어・やさしい日本語から選べます")
HELP_SHELTERS = N_("現在地を送ると近くの避難場所がわかります（位置情報は保存しません）")

# --- the rich menus' own words (richmenu/*.json and the images richmenu/render.py draws) ---------
MENU = label("メニュー", limit=14)  # the chat bar's text: LINE allows 14 characters
DISASTER_MENU_BAR = label("災害時メニュー", limit=14)
HOME_TAB = label("ホーム")
GARBAGE_TAB = label("ごみ")
MENU_HEADER = N_("{city}の市民ポータル")
LOGIN_SUBTITLE = N_("マイページを作成して、もっと便利に")

# --- My Page ------------------------------------------------------------------------------------
MY_PAGE_TITLE = N_("マイページ")
FIELD_NICKNAME = N_("ニックネーム")
FIELD_AGE = N_("年代")
FIELD_WARD = N_("お住まいの区")
FIELD_INTERESTS = N_("興味・関心")
FIELD_CARD = N_("マイナンバーカード")
NOT_SET = N_("未設定")
CARD_LINKED = N_("連携済み")
CARD_NOT_LINKED = N_("未連携")

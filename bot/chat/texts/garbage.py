"""Labels and messages of the garbage features: collection area, calendar and sorting guide
(guide §3 ごみ収集地域設定 and the calendar screen; SPEC §2.3, §2.5)."""
from __future__ import annotations

from bot.chat.language import N_, P_, label

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
GARBAGE_AREA = label("ごみ収集地域")
GARBAGE_REMINDERS = label("ごみ収集通知")  # the reminders flow's keyword; its button sits on our done message
GARBAGE_DAYS = label("ごみ収集日")
TODAYS_GARBAGE = label("今日のごみ")
TOMORROWS_GARBAGE = label("明日のごみ")
MONTH_CALENDAR = label("今月のカレンダー")
NEXT_MONTH_CALENDAR = label("来月のカレンダー")
GARBAGE_SORTING = label("ごみの捨て方")
NEXT_PAGE = label("次へ")
PREVIOUS_PAGE = label("前へ")
DECIDE = label("決定")
CHOOSE_AGAIN = label("選び直す")
KANA_ROW = label("{row}")  # あ … わ (SPEC §2.3): the areas whose reading starts in that row

# --- area selection (ごみ収集地域設定) --------------------------------------------------------
CHOOSE_DISTRICT = N_("地区を選択する")
ASK_GARBAGE_WARD = N_("お住まいの区を選んでください。")
ASK_KANA_ROW = N_("地域名の読みの最初の文字の行を選んでください。")
TYPE_TO_SEARCH = N_("町名やその読みの一部（例：{example}）を入力して探すこともできます。")
AREA_PAGE_TITLE = N_("{level}（{first}〜{last}件目／{total}件）")
ALL_AREAS = N_("すべての地域")
ROW_LEVEL = N_("{level}{row}行")  # the title of a kana row's areas in a ward: 中区あ行
ROW_ONLY = N_("{row}行")  # … in a city without wards: あ行
TAP_YOUR_AREA = N_("お住まいの地域をタップしてください。")
MATCHES_TITLE = N_("「{query}」に一致する地域（{count}件）")
MATCHES_TITLE_MANY = N_("「{query}」に一致する地域（{count}件以上）")
TOO_MANY_MATCHES = N_("候補が多いため最初の{shown}件を表示しています。もう少し詳しく入力すると絞り込めます。")
NEAR_TITLE = N_("「{query}」は見つかりませんでした")
NEAR_PROMPT = N_("もしかして、次の地域ですか？")
AREA_NOT_FOUND = N_(
    "「{query}」に当てはまる地域は見つかりませんでした。"
    "町名の一部やひらがなの読みで入力するか、一覧から選んでください。"
)
AREA_UNAVAILABLE = N_("その地域はいまは選べません。一覧から選び直してください。")
CONFIRM_AREA = N_("「{area}」でよろしいですか？")
AREA_SET = N_("ごみ収集地域の設定は完了です")
AREA_SET_NEXT = N_("通知設定を行うと、ごみ出し日の前日や当日にお知らせします。")
NEXT_COLLECTIONS = N_("次の収集日")
NO_NEXT_COLLECTION = N_("予定なし")
NO_GARBAGE_DATA = N_("ごみ収集のデータがまだ登録されていません。しばらくしてからお試しください。")

# --- what needs an area first ------------------------------------------------------------------
AREA_NEEDED = N_(
    "お住まいのごみ収集地域を設定いただくことで、ごみ収集日やごみの捨て方を確認できます。"
    "まず、ごみ収集地域を設定してください。"
)
AREA_RETIRED = N_(
    "設定されていたごみ収集地域「{area}」は、収集日データの更新でなくなりました。"
    "お手数ですが、ごみ収集地域を選び直してください。"
)
FIELD_GARBAGE_AREA = N_("ごみ収集地域")
AREA_RETIRED_MARK = N_("{area}（選び直しが必要です）")

# --- calendar ------------------------------------------------------------------------------------
# Dates are CLDR patterns (Babel fills in the language's month and weekday names): M月d日(EEE)
# is 12月2日(水); English writes "EEE, MMM d" (Wed, Dec 2). Letters outside quotes are fields.
DATE = N_("M月d日(EEE)")
FULL_DATE = N_("y年M月d日(EEE)")
MONTH = N_("y年M月")
WEEK_TITLE = N_("ごみ収集日（{first}〜{last}）")
MONTH_TITLE = N_("{month}のごみ収集日")
AREA_LINE = N_("地域：{area}")
TODAY_MARK = N_("今日")
TOMORROW_MARK = N_("明日")
NO_COLLECTION = N_("収集なし")
NO_DATA = N_("データなし")
TODAY_IS = N_("今日 {date} は {categories} の日です。")
TODAY_NONE = N_("今日 {date} はごみの収集はありません。")
TOMORROW_IS = N_("明日 {date} は {categories} の日です。")
TOMORROW_NONE = N_("明日 {date} はごみの収集はありません。")
DAY_UNKNOWN = N_("{date} の収集日データはありません。")
CATEGORY_SEPARATOR = N_("・")
NO_COLLECTIONS_IN_MONTH = N_("この月の収集はありません。")
DATA_PERIOD = N_("収集日データは{first}〜{last}の分です。")
DATA_ENDED = N_(
    "お住まいの地域の収集日データは{last}までの分で、{first_asked}以降の日程はまだ登録されていません。"
    "最新の日程は市のお知らせをご確認ください。"
)
DATA_NOT_STARTED = N_("お住まいの地域の収集日データは{first}からの分です。")
PARTLY_COVERED = N_("「データなし」の日は、収集日データの期間（{first}〜{last}）の外です。")

# --- sorting guide (ごみの捨て方) ---------------------------------------------------------------
SORTING_TITLE = N_("ごみの捨て方")
SORTING_INTRO = N_("分別の区分と出し方です。")
ASK_ITEM = N_("品目名を入力してください")
ASK_ITEM_HINT = N_("例：{example}（漢字・かな・名前の一部でも探せます）")
NO_SORTING_ITEMS = N_(
    "この市のごみのデータには品目の一覧がないため、品目名で探すことはできません。"
    "上の区分の説明をご覧ください。"
)
ITEM_RESULTS = P_("「{query}」の分別（{count}件）", "「{query}」の分別（{count}件）")
ITEM_NOT_FOUND = N_("「{query}」に当てはまる品目は見つかりませんでした。")
ITEM_NEAR = N_("もしかして：{names}")
ITEM_TRY_AGAIN = N_("別の言い方や、名前の一部で入力してみてください。")
FIELD_CATEGORY = N_("分別")
FIELD_NEXT_DAY = N_("次の収集日")
FIELD_HOW_TO = N_("出し方")
NOT_COLLECTED = N_("収集日はありません（{category}）")
SET_AREA_FOR_DAYS = N_("ごみ収集地域を設定すると、次の収集日も表示します。")
NEXT_DAY_UNKNOWN = N_("データの期間外")
ASK_ANOTHER_ITEM = N_("続けて品目名を入力できます。終わるときは「キャンセル」を押してください。")

ANOTHER_ITEM_ANYTIME = N_("ほかの品目も、品目名を送るといつでも調べられます。")  # after an item typed outside the guide

# --- typed words outside any question (bot/flows/free_text.py) --------------------------------
WHICH_DID_YOU_MEAN = N_("「{query}」は、次のどれのことですか？")
UNDERSTOOD_AS = N_("「{query}」を「{label}」として受け付けました。")
AREAS_MATCHING = N_("「{query}」の地域")  # a choice's label: ≤ 20 characters with the query cut
ITEMS_MATCHING = N_("「{query}」の捨て方")

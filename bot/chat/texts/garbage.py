"""Labels and messages of the garbage features: collection area, calendar and sorting guide
(guide §3 ごみ収集地域設定 and the calendar screen; SPEC §2.3, §2.5)."""
from __future__ import annotations

# --- labels: buttons, quick replies, typed keywords -------------------------------------------
GARBAGE_AREA = "ごみ収集地域"
GARBAGE_REMINDERS = "ごみ収集通知"  # the reminders flow's keyword; its button sits on our done message
GARBAGE_DAYS = "ごみ収集日"
TODAYS_GARBAGE = "今日のごみ"
TOMORROWS_GARBAGE = "明日のごみ"
MONTH_CALENDAR = "今月のカレンダー"
NEXT_MONTH_CALENDAR = "来月のカレンダー"
GARBAGE_SORTING = "ごみの捨て方"
NEXT_PAGE = "次へ"
PREVIOUS_PAGE = "前へ"
DECIDE = "決定"
CHOOSE_AGAIN = "選び直す"
KANA_ROW = "{row}"  # あ … わ (SPEC §2.3): the areas whose reading starts in that row

# --- area selection (ごみ収集地域設定) --------------------------------------------------------
CHOOSE_DISTRICT = "地区を選択する"
ASK_GARBAGE_WARD = "お住まいの区を選んでください。"
ASK_KANA_ROW = "地域名の読みの最初の文字の行を選んでください。"
TYPE_TO_SEARCH = "町名やその読みの一部（例：{example}）を入力して探すこともできます。"
AREA_PAGE_TITLE = "{level}（{first}〜{last}件目／{total}件）"
ALL_AREAS = "すべての地域"
ROW_LEVEL = "{level}{row}行"  # the title of a kana row's areas: あ行, 中区 あ行
TAP_YOUR_AREA = "お住まいの地域をタップしてください。"
MATCHES_TITLE = "「{query}」に一致する地域（{count}件）"
MATCHES_TITLE_MANY = "「{query}」に一致する地域（{count}件以上）"
TOO_MANY_MATCHES = "候補が多いため最初の{shown}件を表示しています。もう少し詳しく入力すると絞り込めます。"
NEAR_TITLE = "「{query}」は見つかりませんでした"
NEAR_PROMPT = "もしかして、次の地域ですか？"
AREA_NOT_FOUND = (
    "「{query}」に当てはまる地域は見つかりませんでした。"
    "町名の一部やひらがなの読みで入力するか、一覧から選んでください。"
)
AREA_UNAVAILABLE = "その地域はいまは選べません。一覧から選び直してください。"
CONFIRM_AREA = "「{area}」でよろしいですか？"
AREA_SET = "ごみ収集地域の設定は完了です"
AREA_SET_NEXT = "通知設定を行うと、ごみ出し日の前日や当日にお知らせします。"
NEXT_COLLECTIONS = "次の収集日"
NO_NEXT_COLLECTION = "予定なし"
NO_GARBAGE_DATA = "ごみ収集のデータがまだ登録されていません。しばらくしてからお試しください。"

# --- what needs an area first ------------------------------------------------------------------
AREA_NEEDED = (
    "お住まいのごみ収集地域を設定いただくことで、ごみ収集日やごみの捨て方を確認できます。"
    "まず、ごみ収集地域を設定してください。"
)
AREA_RETIRED = (
    "設定されていたごみ収集地域「{area}」は、収集日データの更新でなくなりました。"
    "お手数ですが、ごみ収集地域を選び直してください。"
)
FIELD_GARBAGE_AREA = "ごみ収集地域"
AREA_RETIRED_MARK = "{area}（選び直しが必要です）"

# --- calendar ------------------------------------------------------------------------------------
DATE = "{month}月{day}日({weekday})"
WEEK_TITLE = "ごみ収集日（{first}〜{last}）"
MONTH_TITLE = "{year}年{month}月のごみ収集日"
AREA_LINE = "地域：{area}"
TODAY_MARK = "今日"
TOMORROW_MARK = "明日"
NO_COLLECTION = "収集なし"
NO_DATA = "データなし"
TODAY_IS = "今日 {date} は {categories} の日です。"
TODAY_NONE = "今日 {date} はごみの収集はありません。"
TOMORROW_IS = "明日 {date} は {categories} の日です。"
TOMORROW_NONE = "明日 {date} はごみの収集はありません。"
DAY_UNKNOWN = "{date} の収集日データはありません。"
CATEGORY_SEPARATOR = "・"
NO_COLLECTIONS_IN_MONTH = "この月の収集はありません。"
DATA_PERIOD = "収集日データは{first}〜{last}の分です。"
DATA_ENDED = (
    "お住まいの地域の収集日データは{last}までの分で、{first_asked}以降の日程はまだ登録されていません。"
    "最新の日程は市のお知らせをご確認ください。"
)
DATA_NOT_STARTED = "お住まいの地域の収集日データは{first}からの分です。"
PARTLY_COVERED = "「データなし」の日は、収集日データの期間（{first}〜{last}）の外です。"

# --- sorting guide (ごみの捨て方) ---------------------------------------------------------------
SORTING_TITLE = "ごみの捨て方"
SORTING_INTRO = "分別の区分と出し方です。"
ASK_ITEM = "品目名を入力してください"
ASK_ITEM_HINT = "例：{example}（漢字・かな・名前の一部でも探せます）"
NO_SORTING_ITEMS = (
    "この市のごみのデータには品目の一覧がないため、品目名で探すことはできません。"
    "上の区分の説明をご覧ください。"
)
ITEM_RESULTS = "「{query}」の分別（{count}件）"
ITEM_NOT_FOUND = "「{query}」に当てはまる品目は見つかりませんでした。"
ITEM_NEAR = "もしかして：{names}"
ITEM_TRY_AGAIN = "別の言い方や、名前の一部で入力してみてください。"
FIELD_CATEGORY = "分別"
FIELD_NEXT_DAY = "次の収集日"
FIELD_HOW_TO = "出し方"
NOT_COLLECTED = "収集日はありません（{category}）"
SET_AREA_FOR_DAYS = "ごみ収集地域を設定すると、次の収集日も表示します。"
NEXT_DAY_UNKNOWN = "データの期間外"
ASK_ANOTHER_ITEM = "続けて品目名を入力できます。終わるときは「キャンセル」を押してください。"

ANOTHER_ITEM_ANYTIME = "ほかの品目も、品目名を送るといつでも調べられます。"  # after an item typed outside the guide

# --- typed words outside any question (bot/flows/free_text.py) --------------------------------
WHICH_DID_YOU_MEAN = "「{query}」は、次のどれのことですか？"
UNDERSTOOD_AS = "「{query}」を「{label}」として受け付けました。"
AREAS_MATCHING = "「{query}」の地域"  # a choice's label: ≤ 20 characters with the query cut
ITEMS_MATCHING = "「{query}」の捨て方"

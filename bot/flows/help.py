"""ヘルプ: what the bot can do and how to talk to it."""
from __future__ import annotations

from bot.chat import texts
from bot.flows.base import Flow, answer
from bot.chat.replies import Text


SHOW = "show"  # the entry: the help text
FEATURES = (
    ((texts.LOGIN,), "マイページを作成します"),
    ((texts.MY_PAGE,), "登録内容と設定を確認します"),
    ((texts.GARBAGE_DAYS, texts.TODAYS_GARBAGE, texts.TOMORROWS_GARBAGE), "お住まいの地域の収集日"),
    ((texts.GARBAGE_SORTING,), "品目名を入力すると分別と次の収集日がわかります"),
    ((texts.GARBAGE_AREA, texts.GARBAGE_REMINDERS), "地域の設定と、前日・当日のお知らせ"),
    ((texts.POSTBOX,), "市からのお知らせ（マイナンバーカード連携が必要です）"),
    ((texts.ONLINE_APPLICATIONS,), "あなたへのおすすめの手続き"),
    ((texts.REPORT, texts.REPORT_HISTORY), "道路や公園などの困りごとを、写真と場所で市に知らせます"),
    ((texts.SETTINGS,), "興味・関心、アカウント情報変更、連携の解除、退会"),
    ((texts.SHELTERS,), "現在地を送ると近くの避難場所がわかります（位置情報は保存しません）"),
)


class Help(Flow):
    name = "help"
    transitions = [answer(SHOW, "show_help")]
    keywords = {texts.HELP: SHOW}

    def show_help(self) -> None:
        features = "\n".join(texts.HELP_LINE.format(labels="／".join(labels), does=does) for labels, does in FEATURES)
        self.say(Text(texts.HELP_TEXT.format(portal=self.visit.city.portal_name, features=features, cancel=texts.CANCEL)))

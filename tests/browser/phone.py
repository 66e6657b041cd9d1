"""The simulator page as a resident uses it: what browser tests drive."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Locator, Page, expect


def eventually(check, timeout: float = 10.0):
    """Wait until `check()` returns something truthy (the bot answers after /callback has
    answered the stand-in), and return it."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError("the condition never held")
        time.sleep(0.05)
    return result


class Phone:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.chat = page.get_by_role("log", name="トーク")
        self.quick_replies = page.get_by_role("toolbar", name="クイックリプライ")
        self.input = page.get_by_role("textbox", name="メッセージを入力")

    # --- the simulator's own controls ---------------------------------------------------------
    def add_resident(self, display_name: str, language: str | None = None) -> None:
        """A simulated LINE user; `language`: their LINE profile's (a BCP 47 tag: en, zh-Hans…)."""
        self.page.get_by_label("表示名（LINEの名前）").fill(display_name)
        if language is not None:
            self.page.get_by_label("LINEの言語（プロフィールの言語）").select_option(language)
        self.page.get_by_role("button", name="追加", exact=True).click()
        expect(self.page.get_by_role("button", name=re.compile(display_name))).to_have_attribute("aria-pressed", "true")

    def switch_to(self, display_name: str) -> None:
        self.page.get_by_role("list", name="利用者の一覧").get_by_role("button", name=re.compile(display_name)).click()

    def user_id(self) -> str:
        """The LINE user id of the resident shown (the stand-in made it)."""
        user_id = self.page.locator("#user-id-fact").inner_text()
        assert user_id.startswith("U"), user_id
        return user_id

    def follow(self) -> None:
        """友だち追加 from the friend-add screen shown before the first message."""
        self.page.locator("#friend-gate").get_by_role("button", name="友だち追加").click()
        expect(self.page.locator("#friend-gate")).to_be_hidden()

    # --- chatting -------------------------------------------------------------------------------
    def type(self, text: str) -> None:
        keyboard = self.page.get_by_role("button", name="キーボードに切り替え")
        if keyboard.is_visible():  # a rich menu is showing in place of the input
            keyboard.click()
        self.input.fill(text)
        self.input.press("Enter")

    def tap(self, label: str) -> None:
        """Tap the newest button (Flex or template) with this label in the chat."""
        self.chat.get_by_role("button", name=label, exact=True).last.click()

    def tap_quick_reply(self, label: str) -> None:
        self.quick_replies.get_by_role("button", name=label, exact=True).click()

    def bot_message(self, text: str) -> Locator:
        """The newest message from the bot containing this text."""
        return self.chat.locator(".row.bot").filter(has_text=text).last

    def my_message(self, text: str) -> Locator:
        return self.chat.locator(".row.me").filter(has_text=text).last

    def expect_bot_says(self, text: str) -> Locator:
        message = self.bot_message(text)
        expect(message).to_be_visible()
        return message

    def expect_quick_replies(self, *labels: str) -> None:
        for label in labels:
            expect(self.quick_replies.get_by_role("button", name=label, exact=True)).to_be_visible()

    # --- the registration the guide describes (SPEC §2.1) ----------------------------------------
    def register(self, nickname: str, *, age: str = "30代", ward: str = "中区", interest: str = "子育て") -> None:
        self.start_registration()
        self.type(nickname)
        self.expect_quick_replies(age)
        self.tap_quick_reply(age)
        self.expect_quick_replies(ward)
        self.tap_quick_reply(ward)
        self.expect_quick_replies(interest, "完了")
        self.tap_quick_reply(interest)
        self.expect_bot_says(f"選択中：{interest}")
        self.tap_quick_reply("完了")

    def start_registration(self) -> None:
        self.tap("ログイン/新規登録")
        self.expect_bot_says("作成するアカウントを選択する")
        self.tap("LINEアカウントで作成")
        self.expect_bot_says("利用規約に同意しますか")
        self.tap("同意する")
        self.expect_bot_says("ニックネームを入力してください")

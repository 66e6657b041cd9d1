"""A resident uses the bot through the simulator page, in headless Chromium (SPEC §1, §2.1)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phone import Phone

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/simulator.png"


@pytest.fixture
def phone(page) -> Phone:
    return Phone(page)


def test_the_page_says_it_is_the_simulator_and_not_line(phone):
    banner = phone.page.get_by_role("note")
    expect(banner).to_contain_text("シミュレーター")
    expect(banner).to_contain_text("LINEには接続されていません")
    expect(phone.page.get_by_role("heading", name="まちのポータル", level=1)).to_be_visible()


def test_a_new_resident_is_greeted_after_adding_the_bot_as_a_friend(phone):
    phone.add_resident("広島 花子")
    expect(phone.input).to_be_disabled()  # not a friend yet

    phone.follow()

    greeting = phone.expect_bot_says("まちのポータルへようこそ")
    expect(greeting.get_by_role("button", name="ログイン/新規登録")).to_be_visible()
    expect(phone.page.locator("#friend-state")).to_have_text("友だち")


def test_a_resident_registers_with_taps_and_typing_and_sees_my_page(phone):
    phone.add_resident("広島 花子")
    phone.follow()

    phone.register("はなこ", age="30代", ward="中区", interest="子育て")

    my_page = phone.expect_bot_says("マイページ")
    for shown in ("はなこ", "30代", "中区", "子育て", "未連携"):
        expect(my_page).to_contain_text(shown)
    done = phone.expect_bot_says("アカウント作成完了")
    expect(done.get_by_role("button", name="マイナンバーカードを連携する")).to_be_visible()
    # Taps with displayText appear as the resident's own words, as in LINE.
    for said in ("ログイン/新規登録", "同意する", "はなこ", "30代", "完了"):
        expect(phone.my_message(said)).to_be_visible()
    phone.page.screenshot(path=SCREENSHOT)


def test_a_21_character_nickname_is_refused_with_the_reason(phone):
    phone.add_resident("広島 花子")
    phone.follow()
    phone.start_registration()

    phone.type("あ" * 21)

    phone.expect_bot_says("ニックネームは20文字以内で入力してください（21文字でした）")
    phone.type("はなこ")
    phone.expect_bot_says("年代を選んでください")


def test_cancelling_half_way_ends_the_registration(phone):
    phone.add_resident("広島 花子")
    phone.follow()
    phone.start_registration()

    phone.tap_quick_reply("キャンセル")

    phone.expect_bot_says("キャンセルしました")
    expect(phone.my_message("キャンセル")).to_be_visible()
    phone.type("はなこ")  # no longer a nickname answer
    phone.expect_bot_says("よくわかりませんでした")


def test_the_line_display_name_can_be_used_as_the_nickname(phone):
    phone.add_resident("広島 花子")
    phone.follow()
    phone.start_registration()

    phone.tap_quick_reply("「広島 花子」を使う")

    phone.expect_bot_says("年代を選んでください")


def test_a_quick_reply_disappears_once_the_resident_answers(phone):
    phone.add_resident("広島 花子")
    phone.follow()
    phone.start_registration()
    phone.type("はなこ")
    phone.expect_quick_replies("20代")

    phone.tap_quick_reply("20代")

    phone.expect_bot_says("お住まいの区を選んでください")
    expect(phone.quick_replies.get_by_role("button", name="20代")).to_have_count(0)
    phone.expect_quick_replies("中区", "スキップ")

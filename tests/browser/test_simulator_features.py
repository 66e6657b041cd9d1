"""What the simulator draws and does beyond the registration flow: pushes, Flex carousels,
pickers, stickers and images, the rich menu, blocking, several residents (SPEC §1, §2.10)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from bot.chat import texts
from bot.chat.language import speaking
from bot.store import residents
from devtools.standin import RichMenu
from devtools.standin.images import png_bytes
from phone import Phone, eventually

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(page) -> Phone:
    phone = Phone(page)
    phone.add_resident("広島 花子")
    phone.follow()
    phone.expect_bot_says("まちのポータルへようこそ")
    return phone


def postbacks_sent(line) -> list[dict]:
    return [event["postback"] for event in list(line.events_sent.values()) if event["type"] == "postback"]


def bubble(title: str, button: str, data: str) -> dict:
    return {
        "type": "bubble",
        "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": title, "weight": "bold", "size": "lg", "wrap": True},
            {"type": "box", "layout": "baseline", "margin": "md", "contents": [
                {"type": "text", "text": "受付", "size": "sm", "color": "#888888", "flex": 1},
                {"type": "text", "text": "オンライン", "size": "sm", "flex": 3},
            ]},
        ]},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "style": "primary", "height": "sm",
             "action": {"type": "postback", "label": button, "data": data, "displayText": button}},
        ]},
    }


# --- what the bot sends -----------------------------------------------------------------------


def test_a_push_appears_without_reloading_and_bot_text_is_shown_as_text(phone, simulator):
    simulator.line.deliver(phone.user_id(), [{
        "type": "text", "text": "<b>お知らせ</b>\n詳しくは https://example.com/notice をご覧ください",
    }], "push")

    notice = phone.expect_bot_says("<b>お知らせ</b>")
    expect(notice.locator("b")).to_have_count(0)  # shown, never interpreted
    expect(notice.get_by_role("link", name="https://example.com/notice")).to_have_attribute("target", "_blank")


def test_a_flex_carousel_scrolls_sideways_and_its_buttons_are_tappable(phone, simulator):
    cards = [bubble(f"手続き{n}", f"申請する{n}", f"1|apply|open|{n}") for n in range(1, 5)]
    simulator.line.deliver(phone.user_id(), [{
        "type": "flex", "altText": "手続き", "contents": {"type": "carousel", "contents": cards},
    }], "push")

    carousel = phone.chat.locator(".carousel").last
    expect(carousel.locator(".flex-bubble")).to_have_count(4)
    assert carousel.evaluate("node => node.scrollWidth > node.clientWidth")
    phone.tap("申請する4")

    expect(phone.my_message("申請する4")).to_be_visible()
    assert eventually(lambda: {"data": "1|apply|open|4"} in postbacks_sent(simulator.line))


def test_a_time_picker_opens_at_its_initial_time_and_sends_the_chosen_time(phone, simulator):
    simulator.line.deliver(phone.user_id(), [{
        "type": "template", "altText": "通知時間", "template": {
            "type": "buttons", "title": "ごみ収集通知", "text": "前日の通知時間を選んでください",
            "actions": [{"type": "datetimepicker", "label": "前日の通知時間", "data": "1|reminders|time|eve",
                         "mode": "time", "initial": "20:00"}],
        },
    }], "push")

    phone.tap("前日の通知時間")
    picker = phone.page.get_by_role("dialog")
    expect(picker.locator("input[type=time]")).to_have_value("20:00")
    picker.locator("input[type=time]").fill("19:30")
    picker.get_by_role("button", name="決定").click()

    assert eventually(lambda: {"data": "1|reminders|time|eve", "params": {"time": "19:30"}} in postbacks_sent(simulator.line))
    expect(phone.chat).to_contain_text("19:30 を選択しました")


def test_a_confirm_template_shows_both_answers_side_by_side(phone, simulator):
    simulator.line.deliver(phone.user_id(), [{
        "type": "template", "altText": "退会しますか？", "template": {
            "type": "confirm", "text": "退会しますか？",
            "actions": [{"type": "postback", "label": "退会する", "data": "1|leave|yes", "displayText": "退会する"},
                        {"type": "message", "label": "やめる", "text": "やめる"}],
        },
    }], "push")

    confirm = phone.expect_bot_says("退会しますか？")
    yes, no = confirm.get_by_role("button", name="退会する"), confirm.get_by_role("button", name="やめる")
    assert yes.bounding_box()["y"] == no.bounding_box()["y"]
    no.click()
    expect(phone.my_message("やめる")).to_be_visible()  # a message action sends its text


# --- what the resident sends ------------------------------------------------------------------


def test_a_sticker_gets_a_kind_answer(phone):
    phone.page.get_by_role("button", name="スタンプ", exact=True).click()
    phone.page.get_by_role("button", name="スタンプ「いいね」").click()

    phone.expect_bot_says("スタンプありがとうございます")


def test_an_image_is_sent_as_line_content(phone, simulator):
    picture = png_bytes(8, 8)
    phone.page.locator("#image-file").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": picture}])

    phone.expect_bot_says("画像をありがとうございます")
    expect(phone.chat.get_by_role("img", name="送信した画像")).to_be_visible()
    assert picture in [data for data, _ in simulator.line.contents.values()]


# --- the rich menu -----------------------------------------------------------------------------


@pytest.fixture
def rich_menu(simulator):
    """A default two-area menu, as `portalbot richmenu deploy` would leave it."""
    definition = {
        "size": {"width": 2500, "height": 843}, "selected": True, "name": "guest", "chatBarText": "メニュー",
        "areas": [
            {"bounds": {"x": 0, "y": 0, "width": 1250, "height": 843},
             "action": {"type": "postback", "label": "ヘルプ", "data": "1|help|show|", "displayText": "ヘルプ"}},
            {"bounds": {"x": 1250, "y": 0, "width": 1250, "height": 843},
             "action": {"type": "message", "label": "ログイン/新規登録", "text": "ログイン/新規登録"}},
        ],
    }
    line = simulator.line
    with line.lock:
        line.richmenus["richmenu-guest"] = RichMenu("richmenu-guest", definition, png_bytes(2500, 843), "image/png")
        line.default_richmenu = "richmenu-guest"
    return definition


def test_rich_menu_areas_act_like_buttons(rich_menu, phone):
    menu = phone.page.locator("#richmenu")
    expect(menu).to_be_visible()
    expect(menu.locator("img")).to_be_visible()

    menu.get_by_role("button", name="ヘルプ").click()
    phone.expect_bot_says("使い方")
    menu.get_by_role("button", name="ログイン/新規登録").click()  # a message action
    phone.expect_bot_says("作成するアカウントを選択する")


def test_the_rich_menu_collapses_and_gives_way_to_the_keyboard(rich_menu, phone):
    menu = phone.page.locator("#richmenu")
    bar = phone.page.get_by_role("button", name="メニュー")

    bar.click()
    expect(menu).to_be_hidden()
    bar.click()
    expect(menu).to_be_visible()
    phone.page.get_by_role("button", name="キーボードに切り替え").click()
    expect(menu).to_be_hidden()
    phone.type("ヘルプ")
    phone.expect_bot_says("使い方")
    phone.page.get_by_role("button", name="メニューを表示").click()
    expect(menu).to_be_visible()


# --- friends and residents ----------------------------------------------------------------------


def test_blocking_stops_the_chat_and_unblocking_follows_again(phone, simulator):
    phone.page.get_by_role("button", name="ブロック", exact=True).click()
    expect(phone.page.locator("#friend-state")).to_have_text("ブロック中")
    expect(phone.input).to_be_disabled()
    assert simulator.line.is_blocked(phone.user_id())

    phone.page.locator("#friend-gate").get_by_role("button", name="ブロック解除").click()

    expect(phone.chat.locator(".row.bot")).to_have_count(2)  # the bot answered the new follow
    expect(phone.input).to_be_enabled()
    follows = [e for e in list(simulator.line.events_sent.values()) if e["type"] == "follow"]
    assert [f["follow"]["isUnblocked"] for f in follows] == [False, True]


def test_a_resident_whose_line_speaks_english_is_greeted_in_english(page, simulator):
    phone = Phone(page)
    phone.add_resident("John Smith", language="en")
    expect(page.locator("#user-language-fact")).to_have_text("English（en）")
    phone.follow()

    city = simulator.app.extensions["portalbot"].city
    with speaking("en"):
        greeting = texts.GREETING.format(portal=city.said(city.portal_name), city=city.said(city.city_name))
    message = phone.expect_bot_says(greeting.split("\n")[0])
    for line in greeting.split("\n"):
        expect(message).to_contain_text(line)
    user_id = phone.user_id()
    assert simulator.line.user(user_id).language == "en"  # what the bot read from the profile…
    with Session(simulator.app.extensions["portalbot"].db) as session:  # …and keeps
        assert residents.find_resident(session=session, line_user_id=user_id).language == "en"


def test_each_resident_has_their_own_conversation(phone):
    phone.add_resident("安佐 太郎")
    expect(phone.chat.locator(".row")).to_have_count(0)
    expect(phone.page.locator("#friend-gate")).to_be_visible()

    phone.switch_to("広島 花子")

    phone.expect_bot_says("まちのポータルへようこそ")
    expect(phone.input).to_be_enabled()


def test_the_conversation_survives_a_reload_in_order(phone):
    phone.type("こんにちは")
    phone.expect_bot_says("よくわかりませんでした")

    phone.page.reload()

    rows = phone.chat.locator(".row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("まちのポータルへようこそ")
    expect(rows.nth(1)).to_contain_text("こんにちは")
    expect(rows.nth(2)).to_contain_text("よくわかりませんでした")


def test_another_browser_sees_the_same_residents_and_their_chat(phone, chromium, simulator):
    other = chromium.new_context(locale="ja-JP").new_page()
    try:
        other.goto(simulator.page_url)
        elsewhere = Phone(other)

        elsewhere.expect_bot_says("まちのポータルへようこそ")
        expect(other.locator("#friend-state")).to_have_text("友だち")
    finally:
        other.context.close()


def test_the_location_picker_sends_a_location_and_the_nearest_sites_come_back(phone, simulator):
    from bot.disaster.sites import import_sites
    from tests.disaster.support import around_station

    import_sites(simulator.app.extensions["portalbot"].db, around_station(), file_name="sites.csv")
    phone.type("避難場所")
    phone.expect_bot_says("現在地を送ってください")
    phone.page.once("dialog", lambda dialog: dialog.accept("36.5781,136.6480"))
    phone.tap_quick_reply("位置情報を送る")
    sent = lambda: [e["message"] for e in list(simulator.line.events_sent.values())  # noqa: E731
                    if e["type"] == "message" and e["message"]["type"] == "location"]
    assert eventually(lambda: [(m["latitude"], m["longitude"]) for m in sent()] == [(36.5781, 136.648)])
    expect(phone.chat).to_contain_text("駅前広場")
    expect(phone.chat).to_contain_text("850m")

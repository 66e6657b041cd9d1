"""ごみ収集地域 (guide §3, SPEC §2.3): the picker, typed search, confirmation and done."""
from __future__ import annotations

from sqlmodel import Session

from bot.chat import texts
from bot.flows import FLOWS
from bot.flows.area import MATCH_LIMIT, PAGE_SIZE, REMINDERS
from bot.garbage import kana, search
from bot.chat.replies import Confirm, ListCard
from bot.store import garbage, residents
from tests.garbage_flows.support import newcomer, the_list
from tests.support.chat import Chat

WARDS = ["中区", "東区", "南区", "西区", "安佐南区", "安佐北区", "安芸区", "佐伯区"]


def page_area_ids(chat: Chat) -> list[int]:
    return [int(row.choice.action.arg) for row in the_list(chat).rows]


def chosen_area_id(engine, chat: Chat) -> int | None:
    with Session(engine) as session:
        return residents.find_resident(session=session, line_user_id=chat.line_user_id).garbage_area_id


def areas_of(engine, ward: str | None):
    with Session(engine) as session:
        return garbage.areas_under(session=session, top_level=ward)


def test_ward_then_page_then_confirm_then_done(garbage_engine):
    chat = newcomer(garbage_engine)

    # 地区を選択する: the wards, and typing is offered
    chat.say(texts.GARBAGE_AREA)
    assert texts.CHOOSE_DISTRICT in chat.texts()
    assert chat.quick_replies() == WARDS + [texts.CANCEL]

    # a ward: its first 12 towns, 次へ and the kana rows; no 前へ on the first page
    chat.tap("中区")
    naka = areas_of(garbage_engine, "中区")
    assert page_area_ids(chat) == [a.id for a in naka[:PAGE_SIZE]]
    assert texts.PREVIOUS_PAGE not in chat.quick_replies()
    assert chat.quick_replies()[:2] == [texts.NEXT_PAGE, "あ"]
    assert f"（1〜12件目／{len(naka)}件）" in the_list(chat).title

    chat.tap(texts.NEXT_PAGE)
    assert page_area_ids(chat) == [a.id for a in naka[PAGE_SIZE : 2 * PAGE_SIZE]]
    assert chat.quick_replies()[:2] == [texts.PREVIOUS_PAGE, texts.NEXT_PAGE]
    assert len(chat.quick_replies()) <= 13

    # a town → 「…」でよろしいですか？ 決定 / 選び直す
    town = naka[PAGE_SIZE]
    chat.tap(town.name)
    [confirm] = chat.last.messages
    assert isinstance(confirm, Confirm)
    assert confirm.text == f"「中区 {town.name}」でよろしいですか？"
    assert (confirm.yes.label, confirm.no.label) == (texts.DECIDE, texts.CHOOSE_AGAIN)
    assert chosen_area_id(garbage_engine, chat) is None  # nothing stored before 決定

    chat.tap(texts.DECIDE)
    words = chat.texts()
    assert texts.AREA_SET in words and f"中区 {town.name}" in words
    assert texts.NEXT_COLLECTIONS in words and "可燃ごみ: 12月" in words
    assert texts.GARBAGE_REMINDERS in chat.labels()
    assert chosen_area_id(garbage_engine, chat) == town.id


def test_every_town_is_on_exactly_one_page_of_its_ward(garbage_engine):
    """Walk every page of every ward with 次へ: each of the 1,137 towns shows up once."""
    chat = newcomer(garbage_engine)
    seen: list[int] = []
    for ward in WARDS:
        chat.say(texts.GARBAGE_AREA)
        chat.tap(ward)
        pages = [page_area_ids(chat)]
        while texts.NEXT_PAGE in chat.quick_replies():
            chat.tap(texts.NEXT_PAGE)
            pages.append(page_area_ids(chat))
        assert all(1 <= len(page) <= PAGE_SIZE for page in pages)
        ward_ids = [id_ for page in pages for id_ in page]
        assert ward_ids == [a.id for a in areas_of(garbage_engine, ward)], ward
        seen += ward_ids
    assert len(seen) == len(set(seen)) == 1137


def test_a_sample_of_towns_reached_by_their_buttons(garbage_engine):
    """The path to a town, computed from the data: its ward, its kana row (that row's towns in
    reading order), then 次へ to its page; tapped end to end, the town is stored — at most 4
    taps plus paging. Every ward's first and last town, and a spread of others."""
    by_ward = {ward: areas_of(garbage_engine, ward) for ward in WARDS}
    sample = [(ward, i) for ward, towns in by_ward.items() for i in {0, len(towns) - 1, len(towns) // 2}]
    chat = newcomer(garbage_engine)
    for ward, index in sample:
        towns = by_ward[ward]
        town = towns[index]
        row = kana.kana_row(town.reading)
        in_row = sorted((t for t in towns if kana.kana_row(t.reading) == row), key=lambda t: kana.normalize(t.reading))
        chat.say(texts.GARBAGE_AREA)
        chat.tap(ward)
        chat.tap(texts.KANA_ROW.format(row=row))
        assert f"{ward}{row}行" in the_list(chat).title
        for _ in range(in_row.index(town) // PAGE_SIZE):
            chat.tap(texts.NEXT_PAGE)
        chat.tap(town.name)
        chat.tap(texts.DECIDE)
        assert chosen_area_id(garbage_engine, chat) == town.id, (ward, town.name)


def test_two_or_three_typed_characters_find_every_town_in_one_step(garbage_engine):
    """For each town, some 2–3 characters of its name or reading put it among the matches
    offered at once, ranked as the store ranks them (every area of the data competing);
    a sample is typed for real."""
    with Session(garbage_engine) as session:
        towns = [a for ward in WARDS for a in garbage.areas_under(session=session, top_level=ward)]
        everything = towns + garbage.areas_under(session=session, top_level=None)  # Kanazawa too
    keys = [[kana.normalize(a.name), kana.normalize(a.reading or "")] for a in everything]
    containing: dict[str, list[int]] = {}  # fragment → indexes of the areas whose keys contain it
    for index, area_keys in enumerate(keys):
        for fragment in {k[i : i + n] for k in area_keys for n in (2, 3) for i in range(len(k) - n + 1)}:
            containing.setdefault(fragment, []).append(index)

    def offered(fragment: str) -> list:
        return search.rank(fragment, ((everything[i], keys[i]) for i in containing[fragment]), MATCH_LIMIT)

    fragments = {}
    for index, town in enumerate(towns):
        candidates = [k[i : i + n] for n in (2, 3) for k in keys[index] for i in range(len(k) - n + 1)]
        fragments[town.id] = next((f for f in candidates if town in offered(f)), None)
        assert fragments[town.id] is not None, town.name

    chat = newcomer(garbage_engine)
    for town in towns[::97]:
        chat.say(texts.GARBAGE_AREA)
        chat.say(fragments[town.id])
        shown = listed_or_none(chat)
        if shown is None:  # the only match: straight to the confirmation
            assert chat.last.messages[0].text == f"「{town.top_level} {town.name}」でよろしいですか？"
        else:
            assert town.id in page_area_ids(chat), (town.name, fragments[town.id])


def listed_or_none(chat: Chat) -> ListCard | None:
    return next((m for m in chat.last.messages if isinstance(m, ListCard)), None)


def test_typing_any_width_or_kana_at_any_step_offers_the_matches(garbage_engine):
    chat = newcomer(garbage_engine)
    chat.say(texts.GARBAGE_AREA)
    for typed in ("えばにし", "エバニシ", "ｴﾊﾞﾆｼ", "江波西"):
        chat.say(typed)
        card = the_list(chat)
        assert [row.label for row in card.rows] == ["中区 江波西一丁目", "中区 江波西二丁目"], typed
        assert card.title == f"「{typed}」に一致する地域（2件）"
    # typed on a ward's page, and at the confirmation: the same search
    chat.tap(texts.CHOOSE_AGAIN)
    chat.tap("南区")
    chat.say("えばにし")
    chat.tap("中区 江波西二丁目")
    chat.say("江波二本松一")  # one match: straight to the confirmation
    assert chat.last.messages[0].text == "「中区 江波二本松一丁目」でよろしいですか？"


def test_a_typed_ward_opens_it_and_too_many_matches_ask_for_more(garbage_engine):
    chat = newcomer(garbage_engine)
    chat.say(texts.GARBAGE_AREA)
    chat.say("本町")
    assert len(the_list(chat).rows) == 12  # many more towns have 本町 in them
    assert the_list(chat).title == "「本町」に一致する地域（12件以上）" and "もう少し詳しく" in chat.texts()
    chat.say("佐伯区")
    assert the_list(chat).title.startswith("佐伯区（1〜12件目")


def test_nothing_found_says_so_or_suggests_near_areas(garbage_engine):
    chat = newcomer(garbage_engine)
    chat.say(texts.GARBAGE_AREA)
    chat.say("ｚｚｚ")
    assert "「ｚｚｚ」に当てはまる地域は見つかりませんでした" in chat.texts()
    assert chat.quick_replies()[:8] == WARDS  # the question again
    chat.say("えばにほんまつ3")  # no 三丁目: the near ones
    card = the_list(chat)
    assert card.title == "「えばにほんまつ3」は見つかりませんでした"
    assert "中区 江波二本松一丁目" in [row.label for row in card.rows]


def test_choose_again_goes_back_to_the_wards(garbage_engine):
    chat = newcomer(garbage_engine)
    chat.say(texts.GARBAGE_AREA)
    chat.tap("西区")
    first = areas_of(garbage_engine, "西区")[0]
    chat.tap(first.name)
    chat.tap(texts.CHOOSE_AGAIN)
    assert texts.CHOOSE_DISTRICT in chat.texts() and chat.quick_replies()[:8] == WARDS
    assert chosen_area_id(garbage_engine, chat) is None


def test_an_area_button_that_is_not_an_area_is_refused(garbage_engine):
    from bot.chat import postback
    from bot.chat.inputs import PostbackInput
    from bot.chat.replies import Action

    chat = newcomer(garbage_engine)
    chat.say(texts.GARBAGE_AREA)
    chat.tap("中区")
    chat.send(PostbackInput(postback.encode(Action("area", "choose_area", "999999"))))
    assert texts.AREA_UNAVAILABLE in chat.texts()
    assert the_list(chat).title.startswith("中区")  # the page again


def test_the_done_message_leads_to_reminders_of_the_registry():
    """ごみ収集通知 on the done message is the reminders flow's entry (its own module)."""
    entries = {(flow.name, action) for flow in FLOWS for action in flow.entries}
    assert (REMINDERS.flow, REMINDERS.name) in entries
    assert any(flow.keywords.get(texts.GARBAGE_REMINDERS) == REMINDERS.name for flow in FLOWS)

"""Every flow in the registry, walked generically (STYLE: "For this project"), in every language.

From each entry the walk taps every button the flow offers (and types an example where a
question takes words), replaying paths on fresh residents: every state must be reached,
キャンセル must work from each, and input that fits nothing must be answered. Each resident
speaks one language (their LINE profile's, stored on the follow): every reply must be valid for
LINE, and one in English, Chinese or Korean must hold none of our Japanese texts.
"""
from __future__ import annotations

import itertools
import json

import pytest
from sqlmodel import Session, select

from bot.chat import texts
from bot.chat import postback
from bot.chat.language import LANGUAGES, speaking
from bot.line.render import render
from bot.flows import FLOWS
from bot.flows.base import IDLE, edges
from bot.flows.engine import FlowEngine
from bot.chat.inputs import PostbackInput, TextInput
from bot.chat.replies import Action
from bot.store import cardlink, residents
from bot.store.models import Conversation, Resident
from tests.garbage_flows.support import GARBAGE_FLOWS, import_city, walkable_city
from devtools.standin import schema
from tests.support.chat import Chat, FakeProfiles
from tests.support.languages import LINE_PROFILE_LANGUAGE, japanese_left_in

WALKED_IN = list(LANGUAGES)

# Words a test may type where a question takes free text, by (flow, state).
TYPED_EXAMPLES = {
    ("register", "nickname"): "たろう",
    ("account", "nickname"): "はなこ",
    ("area", "top"): "北町",  # part of a town name: the matches
    ("sorting", "item"): "生ごみ",
    ("report", "place"): "中区大手町一丁目の交差点",
}


@pytest.fixture(autouse=True)
def garbage_data(request):
    """The garbage flows need areas and a sorting guide: a small city, imported in a moment."""
    flow = getattr(getattr(request.node, "callspec", None), "params", {}).get("flow")
    if flow is not None and flow.name in GARBAGE_FLOWS:
        import_city(request.getfixturevalue("engine"), walkable_city())


def registered(session, resident: Resident, now) -> None:
    residents.register(session=session, resident=resident, nickname="たろう", age_group=None, ward=None, interests=[], now=now)


def card_linked(session, resident: Resident, now) -> None:
    registered(session, resident, now)
    cardlink.link_card(session=session, resident_id=resident.id, xid_subject=f"xid-{resident.line_user_id}", now=now)


# Who a resident must be before an entry's questions can be reached, by entry action.
PREPARE = {
    Action("cardlink", "start"): registered,
    Action("cardlink", "unlink"): card_linked,
    Action("postbox", "setup"): card_linked,
    Action("interests", "start"): registered,
    Action("account", "start"): registered,
    Action("account", "nickname"): registered,
    Action("account", "icon"): registered,
    Action("leave", "start"): registered,
}


class LinkingProfiles(FakeProfiles):
    """The services, with where アプリを開く leads (the LIFF page)."""

    def card_link_url(self, line_user_id: str) -> str:
        return "https://liff.line.me/1650000000-test/card-link"

    # アカウント情報変更: no profile picture, and a sent "image" that is not one (refused, so the
    # icon question stays open for the walk).
    def picture_url(self, line_user_id: str) -> str | None:
        return None

    def download_content(self, message_id: str) -> bytes | None:
        return b"not an image"

    def public_url(self, path: str) -> str:
        return "https://portal.example.jp" + path

FLOWS_WITH_QUESTIONS = [flow for flow in FLOWS if flow.states]
_ids = itertools.count()


def fresh_chat(engine, prepare=None, code: str = "ja") -> Chat:
    chat = Chat(engine, line_user_id=f"U{next(_ids):032x}")
    chat.services = LinkingProfiles(language=LINE_PROFILE_LANGUAGE[code])
    chat.follow()
    if code == "ja-easy":  # no LINE app speaks it: the resident chooses it in 言語 / Language
        chat.tap_data(postback.encode(Action("language", "choose", code)))
    if prepare is not None:
        with Session(engine) as session:
            prepare(session, residents.find_resident(session=session, line_user_id=chat.line_user_id), chat.now)
            session.commit()
    return chat


def where(engine, chat: Chat) -> tuple[str | None, str | None]:
    with Session(engine) as session:
        resident = session.scalars(select(Resident).where(Resident.line_user_id == chat.line_user_id)).first()
        if resident is None:  # 退会: gone, and no flow with it
            return None, None
        conversation = session.get(Conversation, resident.id)
        return conversation.flow, conversation.state


def replay(engine, path: list, flow=None, code: str = "ja") -> Chat:
    """Take the path on a fresh resident who speaks `code`; with `flow`, check that every move
    it makes in that flow is a transition the flow declares (docs/flows.md draws nothing
    else), and that every reply is LINE's and the resident's language."""
    chat = fresh_chat(engine, PREPARE.get(postback.decode(path[0].data)), code)
    for step in path:
        before = where(engine, chat)
        chat.send(step)
        if flow is not None:
            assert_declared(flow, step, before, where(engine, chat))
            assert_speaks(chat.last, code)
    return chat


def assert_speaks(reply, code: str) -> None:
    """Valid for LINE's reply endpoint, and (translated languages) no Japanese text of ours."""
    body = {"replyToken": "0" * 32, "messages": render(reply)}
    operation, _ = schema.match("POST", "/v2/bot/message/reply")
    assert schema.body_errors(operation, body) + schema.utf16_errors(body) == [], body
    said = json.dumps(body, ensure_ascii=False)
    assert japanese_left_in(said, code) == [], said


def assert_declared(flow, step, before, after) -> None:
    if after[0] not in (flow.name, None):
        return  # handed over to another flow
    if isinstance(step, TextInput):
        trigger = "text"
    else:
        action = postback.decode(step.data)
        if action is None or action.flow != flow.name:
            return
        trigger = action.name
    entry = trigger in flow.entries and (before[0] != flow.name or trigger not in triggers_of(flow, before[1]))
    source = IDLE if entry or before[0] != flow.name else before[1]
    dest = after[1] if after[0] == flow.name else IDLE
    if source == dest and not entry:
        return  # refused, or a loop: the question is asked again
    declared = {(s, t, d) for s, t, d, _ in edges(flow)}
    assert (source, trigger, dest) in declared, f"{flow.name}: {source} --{trigger}--> {dest} is not declared"


def triggers_of(flow, state) -> set[str]:
    return {t for s, t, _, _ in edges(flow) if s == state}


def next_steps(flow, chat: Chat, state: str) -> list:
    steps = [
        PostbackInput(postback.encode(b.action))
        for b in chat.last.buttons()
        if b.action and b.action.flow == flow.name
    ]
    if (flow.name, state) in TYPED_EXAMPLES:
        steps.append(TextInput(TYPED_EXAMPLES[(flow.name, state)]))
    return steps


def walk(flow, engine, code: str = "ja") -> dict[str, list]:
    """The shortest path found to each state of the flow."""
    paths: dict[str, list] = {}
    frontier = [[PostbackInput(postback.encode(Action(flow.name, entry)))] for entry in flow.entries]
    while frontier:
        path = frontier.pop(0)
        chat = replay(engine, path, flow, code)
        current, state = where(engine, chat)
        if current != flow.name or state in paths:
            continue
        paths[state] = path
        frontier.extend(path + [step] for step in next_steps(flow, chat, state))
    return paths


@pytest.mark.parametrize("code", WALKED_IN)
@pytest.mark.parametrize("flow", FLOWS_WITH_QUESTIONS, ids=lambda f: f.name)
def test_every_state_is_reachable(flow, engine, code):
    assert set(walk(flow, engine, code)) == set(flow.states)


@pytest.mark.parametrize("code", WALKED_IN)
@pytest.mark.parametrize("flow", FLOWS_WITH_QUESTIONS, ids=lambda f: f.name)
def test_cancel_works_from_every_state(flow, engine, code):
    """キャンセル as the resident's language shows it, typed (and in Japanese, which works for all)."""
    with speaking(code):
        cancel, cancelled = texts.CANCEL, texts.CANCELLED
    for state, path in walk(flow, engine, code).items():
        for typed in dict.fromkeys((cancel, texts.CANCEL)):
            chat = replay(engine, path, code=code)
            assert cancel in chat.quick_replies(), f"{state} offers no {cancel}"
            chat.say(typed)
            assert cancelled in chat.texts()
            assert where(engine, chat) == (None, None), state


@pytest.mark.parametrize("flow", FLOWS_WITH_QUESTIONS, ids=lambda f: f.name)
def test_unexpected_input_in_every_state_is_answered(flow, engine):
    for state, path in walk(flow, engine).items():
        chat = replay(engine, path)
        for unexpected in (chat.send_sticker, chat.send_image, lambda: chat.tap_data("1|nosuch|flow|"), lambda: chat.tap_data("garbage")):
            reply = unexpected()
            assert reply.messages, f"silence in {state}"
            assert where(engine, chat) == (flow.name, state), f"{state} lost its place"
            assert texts.CANCEL in chat.quick_replies()


def test_the_declarations_are_the_whole_truth():
    """No hidden jumps: the machines have no to_<state> triggers, every state is the
    destination of a declared transition, and every flow has at least one entry."""
    machines = FlowEngine(FLOWS).machines
    for flow in FLOWS:
        assert not [t for t in machines[flow.name].get_triggers(*machines[flow.name].states) if t.startswith("to_")]
        assert flow.entries, flow.name
        reached = {dest for _, _, dest, _ in edges(flow)}
        assert set(flow.states) <= reached, f"{flow.name}: {set(flow.states) - reached} has no way in"


def test_every_flow_has_an_ask_for_each_state_and_a_unique_name():
    assert len({flow.name for flow in FLOWS}) == len(FLOWS)
    for flow in FLOWS:
        for state in flow.states:
            assert callable(getattr(flow, f"ask_{state}", None)), f"{flow.name}.ask_{state} is missing"


def test_every_flow_named_by_value_is_started_through_a_declared_entry():
    """Where two flows import each other, one names the other's entry as Action("flow", "entry"):
    each such literal under bot/ must be an entry a flow declares."""
    import ast
    from pathlib import Path

    entries = {(flow.name, trigger) for flow in FLOWS for trigger in flow.entries} | {("engine", "cancel")}
    named = []
    for path in (Path(__file__).parents[2] / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Action" and len(node.args) >= 2
                    and all(isinstance(a, ast.Constant) for a in node.args[:2])):
                named.append((node.args[0].value, node.args[1].value, str(path)))
    assert named, "the scan found no Action literal at all"
    assert [n for n in named if n[:2] not in entries] == []


def test_every_main_menu_button_starts_a_flow():
    from bot.flows.menu import guest_menu, registered_menu

    entries = {(flow.name, action) for flow in FLOWS for action in flow.entries}
    for button in guest_menu() + registered_menu():
        assert (button.action.flow, button.action.name) in entries, button.label


def test_input_outside_any_flow_gets_guidance_and_the_main_menu(engine):
    chat = fresh_chat(engine)
    chat.say("こんにちは")
    assert texts.NOT_UNDERSTOOD in chat.texts()
    assert chat.quick_replies() == [texts.LOGIN, texts.GARBAGE_DAYS, texts.GARBAGE_SORTING, texts.GARBAGE_AREA, texts.REPORT,
                                    texts.SHELTERS, texts.HELP, texts.LANGUAGE_SETTING]
    chat.send_sticker()
    assert texts.NO_STICKER in chat.texts()


def test_a_flow_can_hand_over_to_another(engine):
    """Reminders without an area start the area flow: hand_over ends one flow, starts the next."""
    from bot.flows.base import Flow, answer
    from bot.flows.engine import FlowEngine
    from bot.flows.help import Help
    from bot.chat.inputs import PostbackInput
    from bot.chat.replies import Text

    class NeedsHelpFirst(Flow):
        name = "needs_help"
        transitions = [answer("start", "point_to_help")]

        def point_to_help(self) -> None:
            self.say(Text("先にヘルプをどうぞ"))
            self.hand_over(Action("help", "show"))

    chat = fresh_chat(engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tests.support.chat.FLOW_ENGINE", FlowEngine([NeedsHelpFirst, Help]))
        chat.send(PostbackInput(postback.encode(Action("needs_help", "start"))))
    assert "先にヘルプをどうぞ" in chat.texts() and "使い方" in chat.texts()

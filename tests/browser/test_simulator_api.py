"""The simulator's JSON endpoints, which carry the page's requests to the stand-in of LINE.

No browser here: Flask's test client against the app in simulator mode (and production mode,
where the simulator does not exist).
"""
from __future__ import annotations

import socket

import pytest

from bot.app import create_app
from bot.config import Settings
from devtools.standin import RichMenu
from devtools.standin.images import png_bytes
from phone import eventually


@pytest.fixture
def client(simulator):
    return simulator.app.test_client()


@pytest.fixture
def hanako(client) -> str:
    created = client.post("/simulator/api/users", json={"displayName": "広島 花子"})
    assert created.status_code == 201
    return created.get_json()["userId"]


def test_production_mode_has_no_simulator(sqlite_url):
    production = Settings(channel_secret="secret", channel_access_token="token", database_url=sqlite_url, secret_key="k")
    client = create_app(production).test_client()

    assert client.get("/simulator").status_code == 404
    assert client.get("/simulator/api/users").status_code == 404


def test_the_page_names_the_portal_and_never_caches(client):
    page = client.get("/simulator")

    assert page.status_code == 200
    assert "まちのポータル" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_residents_are_created_and_listed_through_the_stand_in(client, hanako, simulator):
    listed = client.get("/simulator/api/users").get_json()["users"]

    assert [(u["userId"], u["displayName"]) for u in listed] == [(hanako, "広島 花子")]
    assert simulator.line.user(hanako).display_name == "広島 花子"


def test_a_resident_gets_the_line_language_picked_japanese_unless_told(client, hanako, simulator):
    assert simulator.line.user(hanako).language == "ja"
    created = client.post("/simulator/api/users", json={"displayName": "Wang", "language": "zh-Hans"})
    assert created.status_code == 201 and created.get_json()["language"] == "zh-Hans"
    assert simulator.line.user(created.get_json()["userId"]).language == "zh-Hans"
    assert client.post("/simulator/api/users", json={"displayName": "X", "language": "klingon"}).status_code == 400


@pytest.mark.parametrize("name", ["", "   ", "あ" * 21])
def test_a_display_name_must_be_1_to_20_characters(client, name):
    assert client.post("/simulator/api/users", json={"displayName": name}).status_code == 400


def test_a_typed_message_reaches_the_bot_and_its_reply_is_on_the_timeline(client, hanako):
    sent = client.post(f"/simulator/api/users/{hanako}/events", json={"type": "text", "text": "ヘルプ"})
    assert sent.status_code == 200 and sent.get_json()["status"] == 200

    def answered():
        timeline = client.get(f"/simulator/api/users/{hanako}/timeline?after=0").get_json()
        return any("使い方" in str(entry["message"]) for entry in timeline["entries"])

    assert eventually(answered)


@pytest.mark.parametrize(
    "event",
    [
        {"type": "location"},
        {"type": "text", "text": ""},
        {"type": "text", "text": "あ" * 5001},
        {"type": "postback", "data": "x" * 301},
        {"type": "image", "content_base64": "AAAA", "content_type": "text/html"},
        {"type": "sticker", "packageId": "../1"},
    ],
)
def test_events_the_page_never_sends_are_refused(client, hanako, event):
    assert client.post(f"/simulator/api/users/{hanako}/events", json=event).status_code == 400


def test_only_picker_values_travel_with_a_postback(client, hanako, simulator):
    client.post(
        f"/simulator/api/users/{hanako}/events",
        json={"type": "postback", "data": "1|help|show|", "params": {"time": "19:30", "newRichMenuAliasId": "x"}},
    )

    [postback] = [e["postback"] for e in simulator.line.events_sent.values() if e["type"] == "postback"]
    assert postback == {"data": "1|help|show|", "params": {"time": "19:30"}}


@pytest.mark.parametrize("user_id", ["nobody", "U" + "0" * 31, "../users"])
def test_user_ids_that_are_not_line_ids_go_nowhere(client, user_id):
    assert client.get(f"/simulator/api/users/{user_id}/timeline").status_code == 404


def test_the_rich_menu_image_is_served_from_the_apps_own_origin(client, hanako, simulator):
    definition = {"size": {"width": 2500, "height": 843}, "selected": False, "name": "m", "chatBarText": "メニュー",
                  "areas": []}
    image = png_bytes(2500, 843)
    with simulator.line.lock:
        simulator.line.richmenus["richmenu-1"] = RichMenu("richmenu-1", definition, image, "image/png")
        simulator.line.default_richmenu = "richmenu-1"

    menu = client.get(f"/simulator/api/users/{hanako}/richmenu").get_json()

    assert menu["imageUrl"] == "/simulator/api/richmenu/richmenu-1/image"
    served = client.get(menu["imageUrl"])
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", image)


def test_a_missing_stand_in_is_reported_not_hidden(sqlite_url):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{unused.getsockname()[1]}"
    settings = Settings(database_url=sqlite_url, secret_key="k", simulator=True, line_api_url=nowhere, line_data_api_url=nowhere)
    client = create_app(settings).test_client()

    answer = client.get("/simulator/api/users")

    assert answer.status_code == 502
    assert "スタンドイン" in answer.get_json()["message"]

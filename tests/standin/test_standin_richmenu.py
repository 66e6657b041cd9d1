"""Rich menus: create, upload, default, per-user links, aliases and what the client shows."""

from __future__ import annotations

from devtools.standin.images import png_bytes
from standin_support import ALICE, AUTH, BOB


def menu_definition(height: int = 843, **overrides) -> dict:
    return {
        "size": {"width": 2500, "height": height},
        "selected": True,
        "name": "guest",
        "chatBarText": "メニュー",
        "areas": [
            {"bounds": {"x": 0, "y": 0, "width": 1250, "height": height},
             "action": {"type": "postback", "data": "v1|garbage|days"}},
            {"bounds": {"x": 1250, "y": 0, "width": 1250, "height": height},
             "action": {"type": "richmenuswitch", "richMenuAliasId": "registered",
                        "data": "v1|menu|registered"}},
        ],
        **overrides,
    }


def create_menu(client, height: int = 843, image: bool = True) -> str:
    response = client.post("/v2/bot/richmenu", json=menu_definition(height), headers=AUTH)
    assert response.status_code == 200, response.json
    rich_menu_id = response.json["richMenuId"]
    if image:
        upload = client.post(f"/v2/bot/richmenu/{rich_menu_id}/content", data=png_bytes(2500, height),
                             headers={**AUTH, "Content-Type": "image/png"})
        assert upload.status_code == 200, upload.json
    return rich_menu_id


def test_menu_lifecycle_create_get_list_delete(client):
    rich_menu_id = create_menu(client)
    assert rich_menu_id.startswith("richmenu-")
    got = client.get(f"/v2/bot/richmenu/{rich_menu_id}", headers=AUTH).json
    assert got["richMenuId"] == rich_menu_id and got["chatBarText"] == "メニュー"
    listed = client.get("/v2/bot/richmenu/list", headers=AUTH).json["richmenus"]
    assert [m["richMenuId"] for m in listed] == [rich_menu_id]
    image = client.get(f"/v2/bot/richmenu/{rich_menu_id}/content", headers=AUTH)
    assert image.data == png_bytes(2500, 843) and image.content_type == "image/png"
    assert client.delete(f"/v2/bot/richmenu/{rich_menu_id}", headers=AUTH).status_code == 200
    assert client.get(f"/v2/bot/richmenu/{rich_menu_id}", headers=AUTH).status_code == 404
    assert client.delete(f"/v2/bot/richmenu/{rich_menu_id}", headers=AUTH).status_code == 404


def test_invalid_menu_is_rejected(client):
    # Each case: what is wrong, the property named
    cases = [
        (menu_definition(chatBarText="x" * 15), "chatBarText"),
        (menu_definition(size={"width": 2500, "height": 2000}), "size"),
        ({k: v for k, v in menu_definition().items() if k != "name"}, "name"),
        (menu_definition(areas=[{"bounds": {"x": 2000, "y": 0, "width": 1000, "height": 843},
                                 "action": {"type": "postback", "data": "x"}}]), "areas[0].bounds"),
        (menu_definition(areas=[{"bounds": {"x": 0, "y": 0, "width": 10, "height": 10},
                                 "action": {"type": "richmenuswitch", "data": "x"}}]),
         "areas[0].action.richMenuAliasId"),
    ]
    for definition, prop in cases:
        for path in ("/v2/bot/richmenu", "/v2/bot/richmenu/validate"):
            response = client.post(path, json=definition, headers=AUTH)
            assert response.status_code == 400, (path, prop)
            assert prop in [d["property"] for d in response.json["details"]], response.json
    assert client.post("/v2/bot/richmenu/validate", json=menu_definition(),
                       headers=AUTH).status_code == 200


def test_image_must_match_the_menu_size_type_and_weight(client):
    rich_menu_id = create_menu(client, image=False)
    path = f"/v2/bot/richmenu/{rich_menu_id}/content"
    wrong_size = client.post(path, data=png_bytes(2500, 1686), headers={**AUTH, "Content-Type": "image/png"})
    assert wrong_size.status_code == 400
    wrong_type = client.post(path, data=png_bytes(2500, 843), headers={**AUTH, "Content-Type": "image/gif"})
    assert wrong_type.status_code == 415
    too_big = png_bytes(2500, 843) + b"\0" * (1024 * 1024)
    assert client.post(path, data=too_big, headers={**AUTH, "Content-Type": "image/png"}).status_code == 413
    not_png = client.post(path, data=b"GIF89a....", headers={**AUTH, "Content-Type": "image/png"})
    assert not_png.status_code == 400
    assert client.post(path, data=png_bytes(2500, 843), headers={**AUTH, "Content-Type": "image/png"}).status_code == 200
    again = client.post(path, data=png_bytes(2500, 843), headers={**AUTH, "Content-Type": "image/png"})
    assert again.status_code == 400


def test_jpeg_dimensions_are_read_from_the_frame_header():
    from devtools.standin.images import image_size

    # SOI, an APP0 segment, then SOF0 with height 1686 and width 2500
    jpeg = (b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xc0\x00\x11\x08" + (1686).to_bytes(2, "big") + (2500).to_bytes(2, "big")
            + b"\x03" + b"\x00" * 9)
    assert image_size(jpeg, "image/jpeg") == (2500, 1686)
    assert image_size(b"not a jpeg", "image/jpeg") is None


def test_menu_without_image_cannot_be_linked(client):
    rich_menu_id = create_menu(client, image=False)
    assert client.post(f"/v2/bot/user/all/richmenu/{rich_menu_id}", headers=AUTH).status_code == 400
    assert client.post(f"/v2/bot/user/{ALICE}/richmenu/{rich_menu_id}", headers=AUTH).status_code == 400


def test_default_and_per_user_menus_decide_what_the_client_shows(client, standin):
    guest, registered = create_menu(client), create_menu(client, height=1686)
    assert client.get("/v2/bot/user/all/richmenu", headers=AUTH).status_code == 404
    assert client.post(f"/v2/bot/user/all/richmenu/{guest}", headers=AUTH).status_code == 200
    assert client.get("/v2/bot/user/all/richmenu", headers=AUTH).json == {"richMenuId": guest}
    assert client.post(f"/v2/bot/user/{ALICE}/richmenu/{registered}", headers=AUTH).status_code == 200
    assert client.get(f"/v2/bot/user/{ALICE}/richmenu", headers=AUTH).json == {"richMenuId": registered}
    assert client.get(f"/v2/bot/user/{BOB}/richmenu", headers=AUTH).status_code == 404
    assert standin.richmenu_for(ALICE).rich_menu_id == registered
    assert standin.richmenu_for(BOB).rich_menu_id == guest
    # unlinking falls back to the default; cancelling the default leaves nothing
    assert client.delete(f"/v2/bot/user/{ALICE}/richmenu", headers=AUTH).status_code == 200
    assert standin.richmenu_for(ALICE).rich_menu_id == guest
    assert client.delete("/v2/bot/user/all/richmenu", headers=AUTH).status_code == 200
    assert standin.richmenu_for(ALICE) is None


def test_bulk_link_and_unlink(client, standin):
    rich_menu_id = create_menu(client)
    response = client.post("/v2/bot/richmenu/bulk/link",
                           json={"richMenuId": rich_menu_id, "userIds": [ALICE, BOB]}, headers=AUTH)
    assert response.status_code == 202
    assert standin.richmenu_for(BOB).rich_menu_id == rich_menu_id
    client.post("/v2/bot/richmenu/bulk/unlink", json={"userIds": [ALICE, BOB]}, headers=AUTH)
    assert standin.richmenu_for(BOB) is None


def test_alias_lifecycle_and_conflict(client):
    first, second = create_menu(client), create_menu(client)
    body = {"richMenuAliasId": "registered", "richMenuId": first}
    assert client.post("/v2/bot/richmenu/alias", json=body, headers=AUTH).status_code == 200
    conflict = client.post("/v2/bot/richmenu/alias", json=body, headers=AUTH)
    assert conflict.status_code == 400 and "conflict" in conflict.json["message"]
    assert client.get("/v2/bot/richmenu/alias/registered", headers=AUTH).json == body
    assert client.post("/v2/bot/richmenu/alias/registered", json={"richMenuId": second},
                       headers=AUTH).status_code == 200
    assert client.get("/v2/bot/richmenu/alias/list", headers=AUTH).json == {
        "aliases": [{"richMenuAliasId": "registered", "richMenuId": second}]}
    assert client.delete("/v2/bot/richmenu/alias/registered", headers=AUTH).status_code == 200
    assert client.delete("/v2/bot/richmenu/alias/registered", headers=AUTH).status_code == 404
    assert client.get("/v2/bot/richmenu/alias/registered", headers=AUTH).status_code == 404
    bad_id = client.post("/v2/bot/richmenu/alias", json={"richMenuAliasId": "has space",
                                                         "richMenuId": first}, headers=AUTH)
    assert bad_id.status_code == 400
    unknown_menu = client.post("/v2/bot/richmenu/alias", json={"richMenuAliasId": "x",
                                                               "richMenuId": "richmenu-0"}, headers=AUTH)
    assert unknown_menu.status_code == 400


def test_richmenuswitch_changes_the_client_menu_and_posts_back(client, standin, bot):
    guest, registered = create_menu(client), create_menu(client, height=1686)
    client.post(f"/v2/bot/user/all/richmenu/{guest}", headers=AUTH)
    client.post("/v2/bot/richmenu/alias", json={"richMenuAliasId": "registered", "richMenuId": registered},
                headers=AUTH)
    result = standin.switch_richmenu(ALICE, "registered", data="v1|menu|registered")
    assert result.status == 200
    assert result.event["postback"] == {"data": "v1|menu|registered", "params": {
        "newRichMenuAliasId": "registered", "status": "SUCCESS"}}
    assert bot.events[-1].postback.data == "v1|menu|registered"
    assert standin.richmenu_for(ALICE).rich_menu_id == registered
    # the API-visible link is unchanged, as in LINE
    assert client.get(f"/v2/bot/user/{ALICE}/richmenu", headers=AUTH).status_code == 404
    missing = standin.switch_richmenu(ALICE, "nope", data="x")
    assert missing.event["postback"]["params"]["status"] == "RICHMENU_ALIAS_ID_NOTFOUND"


def test_simulator_reads_the_menu_and_its_image_over_http(client, standin):
    rich_menu_id = create_menu(client)
    client.post(f"/v2/bot/user/all/richmenu/{rich_menu_id}", headers=AUTH)
    shown = client.get(f"/_standin/users/{ALICE}/richmenu").json
    assert shown["richMenuId"] == rich_menu_id
    assert shown["richMenu"]["areas"][0]["action"]["data"] == "v1|garbage|days"
    image = client.get(shown["imageUrl"])
    assert image.status_code == 200 and image.data == png_bytes(2500, 843)
    client.post("/v2/bot/richmenu/alias", json={"richMenuAliasId": "registered",
                                                "richMenuId": rich_menu_id}, headers=AUTH)
    switched = client.post(f"/_standin/users/{ALICE}/richmenu/switch",
                           json={"richMenuAliasId": "registered", "data": "v1|menu|registered"})
    assert switched.json["status"] == 200

"""Sending messages through the stand-in: auth, reply tokens, retry keys, delivery, content."""

from __future__ import annotations

import uuid

from standin_support import ALICE, AUTH, BOB, reply_body, text

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
MULTICAST = "/v2/bot/message/multicast"


def test_wrong_or_missing_token_is_401(client):
    for headers in ({}, {"Authorization": "Bearer nope"}):
        response = client.post(PUSH, json={"to": ALICE, "messages": [text()]}, headers=headers)
        assert response.status_code == 401
        assert response.json["message"].startswith("Authentication failed")


def test_unknown_path_or_method_is_404(client):
    assert client.get("/v2/bot/nothing", headers=AUTH).status_code == 404
    assert client.get(REPLY, headers=AUTH).status_code == 404
    assert client.delete("/v2/bot/profile/" + ALICE, headers=AUTH).status_code == 404


def test_documented_but_unimplemented_operation_is_501(client):
    response = client.post("/v2/bot/room/R123/leave", headers=AUTH)
    assert response.status_code == 501


def test_every_response_carries_a_request_id(client):
    response = client.get("/v2/bot/profile/" + ALICE, headers=AUTH)
    assert uuid.UUID(response.headers["X-Line-Request-Id"])


def test_reply_is_delivered_to_the_token_owner(client, standin):
    token = standin.mint_reply_token(ALICE)
    response = client.post(REPLY, json=reply_body(token, text("one"), text("two")), headers=AUTH)
    assert response.status_code == 200
    sent = response.json["sentMessages"]
    assert len(sent) == 2 and all(m["id"] and m["quoteToken"] for m in sent)
    timeline = standin.timeline(ALICE)
    assert [(e["via"], e["message"]["text"], e["id"]) for e in timeline] == [
        ("reply", "one", sent[0]["id"]), ("reply", "two", sent[1]["id"])]
    assert standin.timeline(BOB) == []


def test_reply_token_is_single_use(client, standin):
    token = standin.mint_reply_token(ALICE)
    assert client.post(REPLY, json=reply_body(token), headers=AUTH).status_code == 200
    again = client.post(REPLY, json=reply_body(token), headers=AUTH)
    assert again.status_code == 400
    assert again.json == {"message": "Invalid reply token"}
    assert len(standin.timeline(ALICE)) == 1


def test_reply_token_expires_after_a_minute(client, standin, clock):
    fresh, stale = standin.mint_reply_token(ALICE), standin.mint_reply_token(ALICE)
    clock.advance(59)
    assert client.post(REPLY, json=reply_body(fresh), headers=AUTH).status_code == 200
    clock.advance(2)
    assert client.post(REPLY, json=reply_body(stale), headers=AUTH).json == {
        "message": "Invalid reply token"}


def test_unknown_reply_token_is_rejected(client):
    assert client.post(REPLY, json=reply_body("0" * 32), headers=AUTH).status_code == 400


def test_push_multicast_and_broadcast_reach_timelines(client, standin):
    client.post(PUSH, json={"to": ALICE, "messages": [text("push")]}, headers=AUTH)
    client.post(MULTICAST, json={"to": [ALICE, BOB], "messages": [text("multi")]}, headers=AUTH)
    response = client.post("/v2/bot/message/broadcast", json={"messages": [text("all")]}, headers=AUTH)
    assert response.status_code == 200 and response.json == {}
    assert [(e["via"], e["message"]["text"]) for e in standin.timeline(ALICE)] == [
        ("push", "push"), ("multicast", "multi"), ("broadcast", "all")]
    assert [m["text"] for m in standin.messages_for(BOB)] == ["multi", "all"]
    # seq grows and after_seq pages
    first = standin.timeline(ALICE)[0]["seq"]
    assert [e["message"]["text"] for e in standin.timeline(ALICE, after_seq=first)] == ["multi", "all"]


def test_blocked_user_is_accepted_but_not_delivered(client, standin):
    standin.block(ALICE)
    push = client.post(PUSH, json={"to": ALICE, "messages": [text()]}, headers=AUTH)
    multi = client.post(MULTICAST, json={"to": [ALICE, BOB], "messages": [text()]}, headers=AUTH)
    assert push.status_code == 200 and push.json["sentMessages"]
    assert multi.status_code == 200
    assert standin.timeline(ALICE) == []
    assert len(standin.timeline(BOB)) == 1
    standin.unblock(ALICE)
    client.post(PUSH, json={"to": ALICE, "messages": [text()]}, headers=AUTH)
    assert len(standin.timeline(ALICE)) == 1


def test_accepted_retry_key_answers_409_and_is_not_delivered_again(client, standin):
    key = str(uuid.uuid4())
    headers = {**AUTH, "X-Line-Retry-Key": key}
    body = {"to": ALICE, "messages": [text("once")]}
    first = client.post(PUSH, json=body, headers=headers)
    assert first.status_code == 200
    second = client.post(PUSH, json=body, headers=headers)
    assert second.status_code == 409
    assert second.json == {"message": "The retry key is already accepted",
                           "sentMessages": first.json["sentMessages"]}
    assert second.headers["x-line-accepted-request-id"] == first.headers["X-Line-Request-Id"]
    assert len(standin.timeline(ALICE)) == 1
    # a different key is a new request
    other = client.post(PUSH, json=body, headers={**AUTH, "X-Line-Retry-Key": str(uuid.uuid4())})
    assert other.status_code == 200 and len(standin.timeline(ALICE)) == 2


def test_multicast_retry_key_409_has_no_sent_messages(client, standin):
    headers = {**AUTH, "X-Line-Retry-Key": str(uuid.uuid4())}
    body = {"to": [ALICE, BOB], "messages": [text()]}
    assert client.post(MULTICAST, json=body, headers=headers).status_code == 200
    second = client.post(MULTICAST, json=body, headers=headers)
    assert second.status_code == 409
    assert second.json == {"message": "The retry key is already accepted"}
    assert len(standin.timeline(BOB)) == 1


def test_retry_key_of_a_rejected_request_stays_free(client, standin):
    headers = {**AUTH, "X-Line-Retry-Key": str(uuid.uuid4())}
    assert client.post(PUSH, json={"to": ALICE, "messages": []}, headers=headers).status_code == 400
    assert client.post(PUSH, json={"to": ALICE, "messages": [text()]}, headers=headers).status_code == 200


def test_retry_key_must_be_a_uuid(client):
    response = client.post(PUSH, json={"to": ALICE, "messages": [text()]},
                           headers={**AUTH, "X-Line-Retry-Key": "slot-1-batch-2"})
    assert response.status_code == 400


def test_profile_of_a_follower_and_404_otherwise(client, standin):
    response = client.get(f"/v2/bot/profile/{ALICE}", headers=AUTH)
    assert response.json == {"userId": ALICE, "displayName": "Alice", "language": "ja",
                             "pictureUrl": "https://example.com/alice.png"}
    assert client.get("/v2/bot/profile/U" + "f" * 32, headers=AUTH).status_code == 404
    standin.block(ALICE)
    assert client.get(f"/v2/bot/profile/{ALICE}", headers=AUTH).status_code == 404


def test_message_content_is_served_with_its_type(client, standin):
    result = standin.image(ALICE, b"\xff\xd8\xffJPEGDATA", "image/jpeg")
    message_id = result.event["message"]["id"]
    response = client.get(f"/v2/bot/message/{message_id}/content", headers=AUTH)
    assert response.status_code == 200
    assert response.data == b"\xff\xd8\xffJPEGDATA"
    assert response.content_type == "image/jpeg"
    assert client.get("/v2/bot/message/1/content", headers=AUTH).status_code == 404


def test_loading_animation_is_validated_and_shown(client, standin, clock):
    ok = client.post("/v2/bot/chat/loading/start", json={"chatId": ALICE, "loadingSeconds": 10},
                     headers=AUTH)
    assert ok.status_code == 202
    assert standin.is_loading(ALICE)
    clock.advance(11)
    assert not standin.is_loading(ALICE)
    bad = client.post("/v2/bot/chat/loading/start", json={"chatId": ALICE, "loadingSeconds": 7},
                      headers=AUTH)
    assert bad.status_code == 400


def test_request_log_keeps_accepted_requests_and_all_requests(client, standin):
    key = str(uuid.uuid4())
    client.post(PUSH, json={"to": ALICE, "messages": [text()]},
                headers={**AUTH, "X-Line-Retry-Key": key})
    client.post(PUSH, json={"to": ALICE, "messages": []}, headers=AUTH)
    assert [(r.path, r.retry_key, r.json["to"]) for r in standin.requests] == [(PUSH, key, ALICE)]
    assert [r.status for r in standin.all_requests] == [200, 400]
    standin.clear()
    assert standin.requests == [] and standin.users == {}


def test_request_count_counts_every_status_and_can_name_a_path(client, standin):
    client.post(PUSH, json={"to": ALICE, "messages": [text()]}, headers=AUTH)
    client.post(PUSH, json={"to": ALICE, "messages": []}, headers=AUTH)  # refused, still counted
    client.get("/v2/bot/profile/" + ALICE, headers=AUTH)
    assert client.get("/_standin/requests/count").json == {"count": 3}
    assert client.get("/_standin/requests/count", query_string={"path": PUSH}).json == {"count": 2}
    assert client.get("/_standin/requests/count", query_string={"path": REPLY}).json == {"count": 0}

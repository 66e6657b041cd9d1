"""Injected failures: each queued entry shapes the next matching request, as LINE can fail."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest

from standin_support import ALICE, AUTH, BOB, text

MULTICAST = "/v2/bot/message/multicast"
BODY = {"to": [ALICE, BOB], "messages": [text("reminder")]}


def test_queued_faults_apply_in_order_then_requests_succeed(client, standin):
    standin.faults.add(path=MULTICAST, responses=[500, 429, 503])
    statuses = [client.post(MULTICAST, json=BODY, headers=AUTH) for _ in range(4)]
    assert [r.status_code for r in statuses] == [500, 429, 503, 200]
    assert statuses[1].json == {"message": "Too Many Requests"}
    assert len(standin.timeline(ALICE)) == 1  # only the last one was delivered
    assert standin.faults.pending() == 0


def test_faults_only_match_their_path_and_method(client, standin):
    standin.faults.add(path=MULTICAST, responses=[500], method="POST")
    push = client.post("/v2/bot/message/push", json={"to": ALICE, "messages": [text()]}, headers=AUTH)
    assert push.status_code == 200
    assert standin.faults.pending() == 1


def test_invalid_request_does_not_consume_a_fault(client, standin):
    standin.faults.add(path=MULTICAST, responses=[500])
    assert client.post(MULTICAST, json={"to": [], "messages": []}, headers=AUTH).status_code == 400
    assert standin.faults.pending() == 1


def test_accepted_500_delivers_and_the_retry_gets_409(client, standin):
    standin.faults.add(path=MULTICAST, responses=["accepted-500"])
    headers = {**AUTH, "X-Line-Retry-Key": str(uuid.uuid4())}
    assert client.post(MULTICAST, json=BODY, headers=headers).status_code == 500
    assert client.post(MULTICAST, json=BODY, headers=headers).status_code == 409
    assert len(standin.timeline(ALICE)) == 1


def test_unknown_fault_is_refused(standin):
    with pytest.raises(ValueError):
        standin.faults.add(path=MULTICAST, responses=["explode"])


def _post(url: str, body: dict, headers: dict, timeout: float):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={**headers, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_timeout_is_not_accepted_so_the_retry_delivers_once(line_server):
    standin = line_server.standin  # fault_timeout=0.5 s
    standin.faults.add(path=MULTICAST, responses=["timeout"])
    headers = {**AUTH, "X-Line-Retry-Key": str(uuid.uuid4())}
    with pytest.raises(TimeoutError):
        _post(line_server.url + MULTICAST, {"to": [ALICE], "messages": [text()]}, headers, 0.1)
    assert _post(line_server.url + MULTICAST, {"to": [ALICE], "messages": [text()]}, headers, 5) == 200
    assert len(standin.timeline(ALICE)) == 1
    time.sleep(0.5)  # let the abandoned request finish before the server stops


def test_timeout_accepted_delivers_and_the_retry_gets_409(line_server):
    standin = line_server.standin
    standin.faults.add(path=MULTICAST, responses=["timeout-accepted"])
    headers = {**AUTH, "X-Line-Retry-Key": str(uuid.uuid4())}
    with pytest.raises(TimeoutError):
        _post(line_server.url + MULTICAST, {"to": [ALICE], "messages": [text()]}, headers, 0.1)
    assert _post(line_server.url + MULTICAST, {"to": [ALICE], "messages": [text()]}, headers, 5) == 409
    assert len(standin.timeline(ALICE)) == 1
    time.sleep(0.5)


def test_latency_is_added_to_each_request(client, standin):
    standin.faults.latency = 0.05
    started = time.perf_counter()
    client.get(f"/v2/bot/profile/{ALICE}", headers=AUTH)
    assert time.perf_counter() - started >= 0.05


def test_faults_can_be_driven_over_http(client, standin):
    response = client.post("/_standin/faults", json={"path": MULTICAST, "responses": [500, "timeout"]})
    assert response.status_code == 201 and response.json == {"pending": 2}
    client.delete("/_standin/faults")
    assert standin.faults.pending() == 0

"""LINE Login ID-token verification (`POST /oauth2/v2.1/verify`), as the LIFF page's server uses it."""

from __future__ import annotations

from standin_support import ALICE

VERIFY = "/oauth2/v2.1/verify"
CHANNEL = "1650000000"


def verify(client, **form):
    return client.post(VERIFY, data=form)  # form-encoded, no Bearer header


def test_issued_token_verifies_to_its_claims(client, standin, clock):
    token = standin.issue_id_token(ALICE, CHANNEL, nonce="n-123")
    response = verify(client, id_token=token, client_id=CHANNEL)
    assert response.status_code == 200
    claims = response.json
    assert claims["iss"] == "https://access.line.me"
    assert (claims["sub"], claims["aud"], claims["nonce"], claims["name"]) == (ALICE, CHANNEL, "n-123", "Alice")
    assert claims["iat"] == int(clock.now) and claims["exp"] == int(clock.now) + 600


def test_token_is_a_three_part_jwt(standin):
    assert standin.issue_id_token(ALICE, CHANNEL).count(".") == 2


def test_unknown_or_forged_token_is_invalid(client, standin):
    for token in ("garbage", standin.issue_id_token(ALICE, CHANNEL)[:-2] + "xx"):
        response = verify(client, id_token=token, client_id=CHANNEL)
        assert response.status_code == 400
        assert response.json == {"error": "invalid_request", "error_description": "Invalid IdToken."}


def test_expired_token(client, standin, clock):
    token = standin.issue_id_token(ALICE, CHANNEL, ttl_seconds=60)
    clock.advance(61)
    assert verify(client, id_token=token, client_id=CHANNEL).json["error_description"] == "IdToken expired."


def test_token_for_another_channel(client, standin):
    token = standin.issue_id_token(ALICE, "1659999999")
    assert verify(client, id_token=token, client_id=CHANNEL).json["error_description"] == \
        "Invalid IdToken Audience."


def test_optional_nonce_and_user_checks(client, standin):
    token = standin.issue_id_token(ALICE, CHANNEL, nonce="right")
    assert verify(client, id_token=token, client_id=CHANNEL, nonce="wrong").json["error_description"] == \
        "Invalid IdToken Nonce."
    assert verify(client, id_token=token, client_id=CHANNEL, user_id="U" + "0" * 32).status_code == 400
    assert verify(client, id_token=token, client_id=CHANNEL, nonce="right", user_id=ALICE).status_code == 200


def test_missing_parameters(client, standin):
    assert verify(client, client_id=CHANNEL).status_code == 400
    assert verify(client, id_token=standin.issue_id_token(ALICE, CHANNEL)).status_code == 400


def test_id_token_over_http(client):
    token = client.post("/_standin/id-tokens", json={"userId": ALICE, "channelId": CHANNEL}).json["idToken"]
    assert verify(client, id_token=token, client_id=CHANNEL).json["sub"] == ALICE

"""Reading webhook events into inputs: what the flows are given, and what they never see."""
import pytest

from bot.line.events import read_input
from bot.chat.inputs import LocationInput, OtherInput


def location_event(**message):
    return {"type": "message", "message": {"type": "location", "id": "1", **message}}


def test_a_location_carries_its_place():
    event = location_event(latitude=34.3963, longitude=132.4596, title="原爆ドーム",
                           address="広島県広島市中区大手町1丁目")
    assert read_input(event) == LocationInput(34.3963, 132.4596, "広島県広島市中区大手町1丁目", "原爆ドーム")


def test_a_location_without_an_address_is_still_a_place():
    assert read_input(location_event(latitude=36.56, longitude=136.65)) == LocationInput(36.56, 136.65)


@pytest.mark.parametrize("message", [
    {},
    {"latitude": "north", "longitude": 132.0},
    {"latitude": 91.0, "longitude": 132.0},
    {"latitude": 34.0, "longitude": -181.0},
    {"latitude": None, "longitude": None},
], ids=["no coordinates", "not a number", "past the pole", "past the date line", "nulls"])
def test_a_location_with_no_usable_place_is_answered_like_a_sticker(message):
    assert read_input(location_event(**message)) == OtherInput(kind="location")

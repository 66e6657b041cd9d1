"""避難場所: a sent location gets the nearest sites (5 at most, within 10 km, nearest first);
in disaster mode only those serving the hazard, open ones first. Nothing of the location is kept."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import Session

from bot.chat import texts
from bot.disaster.mode import end_disaster, start_disaster
from bot.disaster.nearby import distance_m, shown_distance
from bot.disaster.sites import import_sites, open_site
from bot.chat.replies import LOCATION, Carousel
from bot.store import shelters
from tests.disaster.support import STATION, around_station, csv_bytes, site_row
from tests.support.chat import Chat


@pytest.mark.parametrize("metres, shown", [(0, "0m"), (849.6, "850m"), (999.4, "999m"), (1000, "1.0km"),
                                            (1234, "1.2km"), (9960, "10.0km")])
def test_distances_read_as_metres_then_kilometres(metres, shown):
    assert shown_distance(metres) == shown


def test_the_distance_is_the_great_circle_one():
    assert round(distance_m(*STATION, STATION[0] + 0.01, STATION[1])) == 1112  # 0.01° of latitude


def cards(chat: Chat) -> list:
    carousel = next(m for m in chat.last.messages if isinstance(m, Carousel))
    return list(carousel.cards)


def names_and_distances(chat: Chat) -> list[tuple[str, str]]:
    return [(card.title, card.lines[0].removeprefix("距離：")) for card in cards(chat)]


@pytest.fixture
def sites(engine):
    import_sites(engine, around_station(), file_name="sites.csv")
    return engine


def test_shelters_asks_for_the_location_and_answers_the_nearest_sites_first(sites):
    chat = Chat(sites)
    chat.say(texts.SHELTERS)
    assert "現在地を送ってください" in chat.texts()
    picker = chat.button(texts.SEND_LOCATION)
    assert picker.picker == LOCATION and texts.CANCEL in chat.quick_replies()
    chat.send_location(*STATION)
    assert names_and_distances(chat) == [("駅前広場", "850m"), ("川沿い公園", "1.2km"), ("北小学校", "2.2km"),
                                         ("港の高台", "4.4km")]  # 遠い体育館 is over 10 km away
    first = cards(chat)[0]
    assert "対応：地震・大規模な火事" in first.lines
    assert texts.SITE_OPEN_UNKNOWN in first.lines
    assert first.buttons[0].label == texts.OPEN_MAP
    assert first.buttons[0].uri.startswith("https://www.google.com/maps/search/?api=1&query=36.585744%2C136.648000")
    assert texts.LOCATION_NOT_KEPT in chat.texts()
    # The flow is over: the main menu, with 避難場所 on it
    assert texts.SHELTERS in chat.quick_replies()


def test_at_most_five_sites_are_offered(engine):
    lat, lng = STATION
    import_sites(engine, csv_bytes([site_row(f"場所{n}", lat + n * 0.001, lng) for n in range(1, 9)]), file_name="8.csv")
    chat = Chat(engine)
    chat.send_location(lat, lng)
    assert [name for name, _ in names_and_distances(chat)] == ["場所1", "場所2", "場所3", "場所4", "場所5"]


def test_a_location_sent_outside_any_flow_gets_the_same_answer(sites):
    asked, unasked = Chat(sites, "U" + "a" * 32), Chat(sites, "U" + "b" * 32)
    asked.say(texts.SHELTERS)
    asked.send_location(*STATION)
    unasked.send_location(*STATION)
    assert names_and_distances(unasked) == names_and_distances(asked)


def test_a_location_inside_another_flow_is_still_refused_there(sites):
    chat = Chat(sites)
    chat.say(texts.LOGIN)  # registration asks which account to create
    chat.send_location(*STATION)
    assert texts.NO_LOCATION_WANTED in chat.texts()


def test_nothing_about_the_location_is_stored(sites, database_url):
    chat = Chat(sites)
    chat.say(texts.SHELTERS)
    chat.send_location(36.5781234, 136.6481234, address="石川県金沢市木ノ新保町1-1")
    with Session(sites) as session:
        dump = json.dumps([list(map(str, row)) for table in ("resident", "conversation", "webhook_event")
                           for row in session.execute(text(f"SELECT * FROM {table}"))], ensure_ascii=False)
    assert "36.578" not in dump and "136.648" not in dump and "木ノ新保町" not in dump


def test_far_from_every_site_says_so(sites):
    chat = Chat(sites)
    chat.send_location(35.6812, 139.7671)  # Tokyo Station
    assert texts.NO_SITES_NEARBY in chat.texts()


def test_without_any_site_imported_it_says_where_to_look(engine):
    chat = Chat(engine)
    chat.send_location(*STATION)
    assert texts.NO_SITES_DATA in chat.texts()


def test_in_disaster_mode_only_sites_serving_the_hazard_are_offered_open_ones_first(sites):
    start_disaster(sites, hazard="地震", title="地震発生", body="落ち着いて避難してください", staff=None, via="cli")
    with Session(sites) as session:
        harbour = next(s for s in shelters.all_sites(session=session) if s.name == "港の高台")
    open_site(sites, site_id=harbour.id, open_=True, staff=None, via="cli")
    chat = Chat(sites)
    chat.say(texts.SHELTERS)
    chat.send_location(*STATION)
    assert names_and_distances(chat) == [("港の高台", "4.4km"), ("駅前広場", "850m"), ("北小学校", "2.2km")]
    assert texts.SITE_OPEN in cards(chat)[0].lines and texts.SITE_NOT_OPEN in cards(chat)[1].lines
    # When it ends, every site is offered again, nearest first
    end_disaster(sites, staff=None, via="cli")
    chat.send_location(*STATION)
    assert [name for name, _ in names_and_distances(chat)][:2] == ["駅前広場", "川沿い公園"]


def test_in_disaster_mode_no_site_for_the_hazard_nearby_is_said_plainly(sites):
    start_disaster(sites, hazard="高潮", title="高潮警報", body="海岸から離れてください", staff=None, via="cli")
    chat = Chat(sites)
    chat.send_location(*STATION)
    assert texts.NO_SITES_NEARBY_FOR.format(hazard="高潮") in chat.texts()


def test_the_nearby_action_without_a_location_asks_for_one(sites):
    from bot.chat import postback
    from bot.chat.replies import Action

    chat = Chat(sites)
    chat.tap_data(postback.encode(Action("shelters", "nearby")))
    assert "現在地を送ってください" in chat.texts()
    chat.send_location(*STATION)
    assert names_and_distances(chat)[0] == ("駅前広場", "850m")

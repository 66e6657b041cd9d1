"""What flows see of LINE while the resident's transaction is open (bot/line/outside.py)."""
from __future__ import annotations

import pytest

from bot.flows.cardlink import CardLinkServices
from bot.line.outside import MAX_CALLS, AnsweredOutside, CallLineFirst


class Line:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def display_name(self, line_user_id: str) -> str | None:
        self.asked.append(line_user_id)
        return "花子"

    def public_url(self, path: str) -> str:
        return "https://city.example.jp" + path


def test_a_slow_call_is_refused_until_made_outside_then_answered_from_memory():
    line = Line()
    services = AnsweredOutside(line)
    with pytest.raises(CallLineFirst) as needed:
        services.display_name("U1")
    assert line.asked == []
    services.call(needed.value.call)
    assert services.display_name("U1") == services.display_name("U1") == "花子"
    assert line.asked == ["U1"]  # once


def test_quick_local_calls_pass_straight_through_and_missing_ones_stay_missing():
    services = AnsweredOutside(Line())
    assert services.public_url("/icons/x") == "https://city.example.jp/icons/x"
    assert not isinstance(services, CardLinkServices)  # this LINE side cannot link cards


def test_a_flow_that_keeps_asking_is_stopped():
    services = AnsweredOutside(Line())
    for n in range(MAX_CALLS):
        services.call(("display_name", f"U{n}"))
    with pytest.raises(RuntimeError):
        services.call(("display_name", "U-more"))


def test_the_signal_is_not_an_exception_a_flow_would_catch():
    assert not issubclass(CallLineFirst, Exception)

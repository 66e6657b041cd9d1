"""The report store on each backend: receipt numbers under concurrent sending, status rules."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.store import residents
from bot.store.db import session_scope
from bot.store.reports import (NewReport, Report, ReportStatus, StatusChangeError, change_status, create_report,
                               history)

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
ROAD = NewReport(category="道路・歩道", latitude=34.39, longitude=132.45, address="", ward=None, comment="", photo_id=None)


def resident_id(engine, name: str) -> int:
    with session_scope(engine) as session:
        return residents.lock_resident(session=session, line_user_id="U" + name * 32).id


def test_reports_sent_at_the_same_time_get_different_numbers(engine):
    reporters = [resident_id(engine, c) for c in "abcd"]
    problems: list[BaseException] = []

    def send(reporter: int) -> None:
        try:
            for _ in range(5):
                with session_scope(engine) as session:
                    create_report(session=session, city="広島市", resident_id=reporter, new=ROAD, now=NOW)
        except BaseException as error:  # noqa: BLE001 - reported below
            problems.append(error)

    threads = [threading.Thread(target=send, args=(r,)) for r in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    with Session(engine) as session:
        assert sorted(session.scalars(select(Report.number))) == list(range(1, 21))


def test_numbers_are_counted_per_city(engine):
    reporter = resident_id(engine, "e")
    with session_scope(engine) as session:
        numbers = [create_report(session=session, city=city, resident_id=reporter, new=ROAD, now=NOW).receipt
                   for city in ("広島市", "金沢市", "広島市")]
    assert numbers == ["R-000001", "R-000001", "R-000002"]


@pytest.mark.parametrize("path, refused", [
    ((ReportStatus.IN_PROGRESS, ReportStatus.DONE), None),
    ((ReportStatus.DONE,), None),
    ((ReportStatus.DONE, ReportStatus.IN_PROGRESS), "「完了」の通報は「対応中」にできません"),
    ((ReportStatus.RECEIVED,), "「受付」の通報は「受付」にできません"),
    ((ReportStatus.IN_PROGRESS, ReportStatus.IN_PROGRESS), "「対応中」の通報は「対応中」にできません"),
    ((ReportStatus.REJECTED,), "対応不可にするときは、理由を入力してください"),
])
def test_status_changes_follow_the_rules(engine, path, refused):
    reporter = resident_id(engine, "f")
    with session_scope(engine) as session:
        report_id = create_report(session=session, city="広島市", resident_id=reporter, new=ROAD, now=NOW).id
    *allowed, last = path
    with session_scope(engine) as session:
        for status in allowed:
            change_status(session=session, report_id=report_id, status=status, note="", staff_id=None, staff_email="", now=NOW)
    with session_scope(engine) as session:
        if refused:
            with pytest.raises(StatusChangeError, match=refused):
                change_status(session=session, report_id=report_id, status=last, note="", staff_id=None, staff_email="", now=NOW)
        else:
            change_status(session=session, report_id=report_id, status=last, note="", staff_id=None, staff_email="", now=NOW)
    with Session(engine) as session:
        assert len(history(session=session, report_id=report_id)) == len(path) - (1 if refused else 0)


def test_a_note_longer_than_500_characters_is_refused(engine):
    reporter = resident_id(engine, "g")
    with session_scope(engine) as session:
        report_id = create_report(session=session, city="広島市", resident_id=reporter, new=ROAD, now=NOW).id
        with pytest.raises(StatusChangeError, match="500文字以内"):
            change_status(session=session, report_id=report_id, status=ReportStatus.DONE, note="あ" * 501,
                          staff_id=None, staff_email="", now=NOW)

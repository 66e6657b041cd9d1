"""まちの通報 as a resident goes through it, without HTTP: every step, its refusals, the daily
limit, guests and registered residents, 通報の履歴 (on SQLite and PostgreSQL)."""
from __future__ import annotations

from sqlmodel import Session, select

from bot.chat import texts
from bot.chat import postback
from bot.flows.reports import DAILY_LIMIT
from bot.chat.replies import CAMERA, CAMERA_ROLL, LOCATION, Action
from bot.store import residents
from bot.store.reports import Report, ReportPhoto, ReportStatus, change_status
from tests.reports.support import exif_of, phone_photo, reporting_chat


def report_until_place(chat, category: str = "街路灯") -> None:
    chat.say(texts.REPORT)
    chat.tap(category)
    chat.tap(texts.NO_PHOTO)


def full_report(chat, services, *, photo: bool = True) -> str:
    chat.say(texts.REPORT)
    chat.tap("道路・歩道")
    if photo:
        services.content["m1"] = phone_photo()
        chat.send_image("m1")
    else:
        chat.tap(texts.NO_PHOTO)
    chat.send_location(34.3957, 132.4536, "日本、〒730-0011 広島県広島市中区基町６−７８")
    chat.say("歩道に深い穴があります。自転車が転びそうです。")
    chat.tap(texts.SEND_REPORT)
    return chat.texts()


def test_a_report_with_photo_and_place_ends_in_a_receipt_number(engine):
    chat, services = reporting_chat(engine)
    chat.say(texts.REPORT)
    assert texts.ASK_REPORT_CATEGORY in chat.texts()
    assert chat.quick_replies() == ["道路・歩道", "公園", "街路灯", "ごみの不法投棄", "その他", texts.CANCEL]
    chat.tap("道路・歩道")
    assert "写真を送ってください" in chat.texts()
    pickers = {button.label: button.picker for button in chat.last.quick_replies}
    assert pickers == {texts.TAKE_PHOTO: CAMERA, texts.CHOOSE_PHOTO: CAMERA_ROLL, texts.NO_PHOTO: None, texts.CANCEL: None}
    services.content["m1"] = phone_photo()
    chat.send_image("m1")
    assert texts.REPORT_PHOTO_RECEIVED in chat.texts() and "場所を送ってください" in chat.texts()
    assert {button.label: button.picker for button in chat.last.quick_replies}[texts.SEND_PLACE] == LOCATION
    chat.send_location(34.3957, 132.4536, "日本、〒730-0011 広島県広島市中区基町６−７８")
    assert "状況を入力してください" in chat.texts()
    chat.say("歩道に深い穴があります。")
    summary = chat.texts()
    assert "種類: 道路・歩道" in summary and "写真: あり" in summary and "広島県広島市中区基町" in summary
    assert "34.395700, 132.453600" in summary and "状況: 歩道に深い穴があります。" in summary
    assert {texts.SEND_REPORT, texts.START_OVER, texts.CANCEL} <= set(chat.labels())
    chat.tap(texts.SEND_REPORT)
    assert "通報を受け付けました。受付番号：R-000001" in chat.texts()

    with Session(engine) as session:
        report = session.scalars(select(Report)).one()
        assert (report.category, report.status, report.ward) == ("道路・歩道", "received", "中区")
        assert (report.latitude, report.longitude) == (34.3957, 132.4536)
        assert report.comment == "歩道に深い穴があります。"
        photo = session.scalars(select(ReportPhoto)).one()
        assert photo.report_id == report.id and photo.resident_id is None
        assert exif_of(photo.data) == {}  # no GPS, no camera


def test_receipt_numbers_count_up_and_are_never_given_twice(engine):
    first, first_services = reporting_chat(engine, "U" + "a" * 32)
    second, second_services = reporting_chat(engine, "U" + "b" * 32)
    assert "R-000001" in full_report(first, first_services)
    assert "R-000002" in full_report(second, second_services, photo=False)
    with Session(engine) as session:  # even when the newest report is gone
        session.delete(session.scalars(select(Report).where(Report.number == 2)).one())
        session.commit()
    assert "R-000003" in full_report(first, first_services)


def test_a_typed_place_stands_in_for_a_location_and_the_comment_may_be_skipped(engine):
    chat, _ = reporting_chat(engine)
    report_until_place(chat, "公園")
    chat.say("あ" * 201)
    assert "場所は200文字以内で入力してください（201文字でした）" in chat.texts()
    assert "場所を送ってください" in chat.texts()  # asked again
    chat.say("中区 平和記念公園の東側のベンチ")
    chat.tap(texts.SKIP)
    assert "状況: （なし）" in chat.texts() and "写真: なし" in chat.texts()
    chat.tap(texts.SEND_REPORT)
    with Session(engine) as session:
        report = session.scalars(select(Report)).one()
        assert (report.address, report.latitude, report.ward, report.comment) == ("中区 平和記念公園の東側のベンチ", None, "中区", "")


def test_bad_input_at_each_step_gets_a_clear_answer_and_the_same_question(engine):
    chat, services = reporting_chat(engine)
    chat.say(texts.REPORT)
    chat.say("信号機")  # not one of the categories
    assert texts.NOT_UNDERSTOOD_IN_FLOW in chat.texts() and texts.ASK_REPORT_CATEGORY in chat.texts()
    chat.tap("街路灯")
    chat.send_sticker()
    assert "写真を送ってください" in chat.texts()
    chat.say("写真はあとで")
    assert texts.NOT_UNDERSTOOD_IN_FLOW in chat.texts() and "写真を送ってください" in chat.texts()
    # Each case: what LINE's content API returns for the sent image, the reason given
    for content, reason in ((b"\xff\xd8\xff" + b"\x00" * 11 * 1024 * 1024, "写真が大きすぎます（11.0MB）"),
                            (b"%PDF-1.7", texts.REPORT_PHOTO_NOT_AN_IMAGE), (None, texts.REPORT_PHOTO_UNAVAILABLE)):
        if content is not None:
            services.content["bad"] = content
        else:
            services.content.pop("bad", None)
        chat.send_image("bad")
        assert reason in chat.texts() and "写真を送ってください" in chat.texts()
    chat.tap(texts.NO_PHOTO)
    services.content["late"] = phone_photo()
    chat.send_image("late")  # a photo when the place is asked for
    assert texts.NO_IMAGE_WANTED in chat.texts() and "場所を送ってください" in chat.texts()
    chat.tap_data(postback.encode(Action("report", "choose", "公園")))  # a category button of an earlier message
    assert texts.STALE_BUTTON in chat.texts() and "場所を送ってください" in chat.texts()
    chat.send_location(34.39, 132.45)
    chat.say("あ" * 501)
    assert "状況は500文字以内で入力してください（501文字でした）" in chat.texts()
    chat.say("電球が切れています")
    assert chat.texts().startswith(texts.REPORT_SUMMARY_TITLE)
    with Session(engine) as session:
        assert session.scalars(select(Report)).all() == []  # nothing sent until 送信する


def test_start_over_asks_again_from_the_category_and_cancel_keeps_nothing(engine):
    chat, services = reporting_chat(engine)
    chat.say(texts.REPORT)
    chat.tap("公園")
    services.content["m1"] = phone_photo()
    chat.send_image("m1")
    chat.say("中区の公園")
    chat.tap(texts.SKIP)
    chat.tap(texts.START_OVER)
    assert texts.ASK_REPORT_CATEGORY in chat.texts()
    with Session(engine) as session:
        assert session.scalars(select(ReportPhoto)).all() == []  # the photo of the first try is gone
    chat.tap("その他")
    chat.tap(texts.NO_PHOTO)
    chat.say(texts.CANCEL)
    assert texts.CANCELLED in chat.texts()
    with Session(engine) as session:
        assert session.scalars(select(Report)).all() == []


def test_the_sixth_report_of_a_day_is_refused_with_the_reason(engine):
    chat, services = reporting_chat(engine)
    for _ in range(DAILY_LIMIT):
        assert "受付番号" in full_report(chat, services, photo=False)
    chat.say(texts.REPORT)
    assert "通報は1日5件までです" in chat.texts()
    assert texts.ASK_REPORT_CATEGORY not in chat.texts()
    chat.wait(24 * 60)  # the next day
    assert "受付番号：R-000006" in full_report(chat, services, photo=False)


def test_a_guest_is_told_there_are_no_follow_ups_and_a_registered_resident_that_there_are(engine):
    guest, guest_services = reporting_chat(engine, "U" + "c" * 32)
    assert texts.REPORT_FOLLOW_UP_GUEST in full_report(guest, guest_services, photo=False)
    member, member_services = reporting_chat(engine, "U" + "d" * 32)
    with Session(engine) as session:
        resident = residents.find_resident(session=session, line_user_id=member.line_user_id)
        residents.register(session=session, resident=resident, nickname="たろう", age_group=None, ward=None,
                           interests=[], now=member.now)
        session.commit()
    assert texts.REPORT_FOLLOW_UP_REGISTERED in full_report(member, member_services, photo=False)


def test_report_history_lists_the_last_reports_and_their_status(engine):
    chat, services = reporting_chat(engine)
    chat.say(texts.REPORT_HISTORY)
    assert texts.NO_REPORTS in chat.texts()
    full_report(chat, services, photo=False)
    full_report(chat, services, photo=False)
    with Session(engine) as session:
        first = session.scalars(select(Report).where(Report.number == 1)).one()
        change_status(session=session, report_id=first.id, status=ReportStatus.IN_PROGRESS, note="", staff_id=None,
                      staff_email="", now=chat.now)
        session.commit()
    chat.say(texts.REPORT_HISTORY)
    shown = chat.texts()
    assert "通報の履歴（最新2件）" in shown
    assert shown.index("R-000002") < shown.index("R-000001")  # newest first
    assert "R-000001\n12/01 道路・歩道 対応中" in shown and "R-000002\n12/01 道路・歩道 受付" in shown


def test_the_photo_of_a_report_never_sent_is_forgotten_after_a_day(engine):
    from datetime import timedelta

    from bot.store.reports import forget_abandoned_photos

    chat, services = reporting_chat(engine)
    chat.say(texts.REPORT)
    chat.tap("公園")
    services.content["m1"] = phone_photo()
    chat.send_image("m1")  # and then nothing more: the question expires
    full_report(*reporting_chat(engine, "U" + "e" * 32))  # someone else's, sent
    with Session(engine) as session:
        assert forget_abandoned_photos(session=session, before=chat.now - timedelta(days=1)) == 0
        assert forget_abandoned_photos(session=session, before=chat.now + timedelta(days=1)) == 1
        session.commit()
        assert [photo.report_id is not None for photo in session.scalars(select(ReportPhoto))] == [True]


def test_a_picked_landmark_without_an_address_is_named_by_its_title(engine):
    from bot.chat.inputs import LocationInput

    chat, _ = reporting_chat(engine)
    report_until_place(chat)
    chat.send(LocationInput(latitude=34.3915, longitude=132.4536, title="平和記念公園"))
    chat.tap(texts.SKIP)
    assert "平和記念公園\n地図で選んだ場所（34.391500, 132.453600）" in chat.texts()


def test_the_categories_come_from_the_city_file(tmp_path):
    import pytest

    from bot.city import SAMPLE, load_city

    own = tmp_path / "city.yml"
    own.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "report_categories: [道路・歩道, 公園, 街路灯, ごみの不法投棄, その他]", "report_categories: [道路, 河川・水路, カーブミラー]"),
        encoding="utf-8")
    (tmp_path / "procedures.yml").write_text((SAMPLE.parent / "procedures.yml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_city(str(own)).report_categories == ("道路", "河川・水路", "カーブミラー")
    too_long = tmp_path / "long.yml"
    too_long.write_text(own.read_text(encoding="utf-8").replace("カーブミラー", "あ" * 21), encoding="utf-8")
    with pytest.raises(ValueError, match="20 characters"):
        load_city(str(too_long))

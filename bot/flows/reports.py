"""まちの通報 (resident reports) and 通報の履歴.

`まちの通報` → 何についての通報ですか？ (the city's categories) → 写真を送ってください (camera,
camera roll, or `写真なしで続ける`) → 場所を送ってください (a location message, or typed words as a
fallback) → 状況を入力してください (up to 500 characters, or `スキップ`) → the summary with
`送信する` / `やり直す` / `キャンセル` → 通報を受け付けました。受付番号：R-000123.

Registered residents and guests alike may report; only registered ones are told of progress
(bot/reports/followups.py), and a guest is told so on receipt. At most DAILY_LIMIT reports per
resident per day (the city's day). The photo is kept (EXIF removed) as soon as it is sent, as
the resident's pending photo, so the conversation carries only its id.
"""
from __future__ import annotations

from datetime import datetime, time, timezone

from bot import metrics
from bot.chat import texts
from bot.flows.base import IDLE, Flow, answer
from bot.chat.replies import CAMERA, CAMERA_ROLL, LOCATION, Button, Card, ListCard, Row, Text
from bot.reports.photos import PhotoRefused, clean_photo
from bot.reports.places import typed_place_problem, ward_of
from bot.store import reports
from bot.store.reports import ADDRESS_MAX, COMMENT_MAX, NewReport, ReportStatus

DAILY_LIMIT = 5
HISTORY_SHOWN = 5
CATEGORY, PHOTO, PLACE, COMMENT, CONFIRM = "category", "photo", "place", "comment", "confirm"
START, HISTORY = "start", "history"  # the entries: report, and 通報履歴


class Reporting(Flow):
    name = "report"
    states = [CATEGORY, PHOTO, PLACE, COMMENT, CONFIRM]
    transitions = [
        # At most DAILY_LIMIT reports a day: past it, say so instead of asking.
        {"trigger": START, "source": IDLE, "dest": CATEGORY, "conditions": "within_daily_limit",
         "before": "forget_pending_photos"},
        answer(START, "say_limit_reached"),
        answer(HISTORY, "show_history"),
        {"trigger": "choose", "source": CATEGORY, "dest": PHOTO, "conditions": "category_known", "before": "keep_category"},
        {"trigger": "image", "source": PHOTO, "dest": PLACE, "conditions": "photo_fits", "before": "keep_photo"},
        {"trigger": "no_photo", "source": PHOTO, "dest": PLACE, "before": "drop_photo"},
        {"trigger": "location", "source": PLACE, "dest": COMMENT, "before": "keep_sent_place"},
        {"trigger": "text", "source": PLACE, "dest": COMMENT, "conditions": "place_fits", "before": "keep_typed_place"},
        {"trigger": "text", "source": COMMENT, "dest": CONFIRM, "conditions": "comment_fits", "before": "keep_comment"},
        {"trigger": "skip", "source": COMMENT, "dest": CONFIRM, "before": "drop_comment"},
        {"trigger": "send", "source": CONFIRM, "dest": IDLE, "after": "file_report"},
        {"trigger": "start_over", "source": CONFIRM, "dest": CATEGORY, "before": "forget_answers"},
    ]
    keywords = {texts.REPORT: START, texts.REPORT_HISTORY: HISTORY}
    _photo = None  # the photo just downloaded and cleaned, kept by keep_photo

    # --- entries -------------------------------------------------------------------------------
    def within_daily_limit(self) -> bool:
        midnight = datetime.combine(self.visit.local_now.date(), time(), self.visit.local_now.tzinfo)
        count = reports.reports_since(session=self.visit.session, resident_id=self.resident.id,
                                      since=midnight.astimezone(timezone.utc))
        return count < DAILY_LIMIT

    def say_limit_reached(self) -> None:
        self.say(Text(texts.REPORT_LIMIT_REACHED.format(limit=DAILY_LIMIT)))

    def forget_pending_photos(self) -> None:
        reports.forget_pending_photos(session=self.visit.session, resident_id=self.resident.id)

    def show_history(self) -> None:
        """The resident's last reports and where each stands."""
        shown = reports.reports_of(session=self.visit.session, resident_id=self.resident.id, limit=HISTORY_SHOWN)
        if not shown:
            self.say(Text(texts.NO_REPORTS))
            return
        rows = tuple(
            Row(label=f"{report.receipt}\n" + texts.REPORT_HISTORY_ROW.format(
                date=self._local(report.created_at).strftime("%m/%d"), category=self.visit.city.said(report.category)),
                value=ReportStatus(report.status).label)
            for report in shown
        )
        self.say(ListCard(title=texts.REPORT_HISTORY_TITLE.format(count=len(shown)), rows=rows))

    # --- questions -------------------------------------------------------------------------------
    def ask_category(self) -> None:
        self.say(Text(texts.ASK_REPORT_CATEGORY))
        self.offer(*(self.button(self.visit.city.said(category), "choose", category) for category in self.visit.city.report_categories))

    def ask_photo(self) -> None:
        self.say(Text(texts.ASK_REPORT_PHOTO))
        self.offer(Button(texts.TAKE_PHOTO, picker=CAMERA), Button(texts.CHOOSE_PHOTO, picker=CAMERA_ROLL),
                   self.button(texts.NO_PHOTO, "no_photo"))

    def ask_place(self) -> None:
        self.say(Text(texts.ASK_REPORT_PLACE.format(button=texts.SEND_PLACE, max=ADDRESS_MAX)))
        self.offer(Button(texts.SEND_PLACE, picker=LOCATION))

    def ask_comment(self) -> None:
        self.say(Text(texts.ASK_REPORT_COMMENT.format(max=COMMENT_MAX, skip=texts.SKIP)))
        self.offer(self.button(texts.SKIP, "skip"))

    def ask_confirm(self) -> None:
        self.say(Card(
            title=texts.REPORT_SUMMARY_TITLE,
            fields=(
                (texts.FIELD_REPORT_CATEGORY, self.visit.city.said(self.data["category"])),
                (texts.FIELD_REPORT_PHOTO, texts.PHOTO_ATTACHED if self.data.get("photo_id") else texts.PHOTO_NONE),
                (texts.FIELD_REPORT_PLACE, self._place_shown()),
                (texts.FIELD_REPORT_COMMENT, self.data.get("comment") or texts.COMMENT_NONE),
            ),
            lines=(texts.REPORT_SUMMARY_PROMPT,),
            buttons=(self.button(texts.SEND_REPORT, "send", primary=True), self.button(texts.START_OVER, "start_over")),
        ))

    # --- answers ---------------------------------------------------------------------------------
    def category_known(self) -> bool:
        return self.arg in self.visit.city.report_categories  # an old button of a renamed category: asked again

    def keep_category(self) -> None:
        self.data["category"] = self.arg

    def photo_fits(self) -> bool:
        """Download the sent image (self.arg is its message id), check it and remove its EXIF."""
        data = self.visit.services.download_content(self.arg)
        if data is None:
            self.refuse(texts.REPORT_PHOTO_UNAVAILABLE)
            return False
        try:
            self._photo = clean_photo(data)
        except PhotoRefused as refused:
            self.refuse(str(refused))
            return False
        return True

    def keep_photo(self) -> None:
        photo = self._photo
        self.data["photo_id"] = reports.keep_pending_photo(
            session=self.visit.session, resident_id=self.resident.id, data=photo.data,
            content_type=photo.content_type, width=photo.width, height=photo.height, now=self.visit.now,
        )
        self.say(Text(texts.REPORT_PHOTO_RECEIVED))

    def drop_photo(self) -> None:
        self.data.pop("photo_id", None)
        reports.forget_pending_photos(session=self.visit.session, resident_id=self.resident.id)

    def keep_sent_place(self) -> None:
        latitude, longitude = float(self.params["latitude"]), float(self.params["longitude"])
        # LINE's address of the picked point; a picked shop or landmark may come with its name only.
        address = " ".join((self.params.get("address") or self.params.get("title") or "").split())[:ADDRESS_MAX]
        self.data.update(latitude=latitude, longitude=longitude, address=address)

    def place_fits(self) -> bool:
        problem = typed_place_problem(self.arg)
        if problem:
            self.refuse(problem)
        return problem is None

    def keep_typed_place(self) -> None:
        self.data.update(latitude=None, longitude=None, address=" ".join(self.arg.split()))

    def comment_fits(self) -> bool:
        comment = self.arg.strip()
        if len(comment) > COMMENT_MAX:
            self.refuse(texts.REPORT_COMMENT_TOO_LONG.format(max=COMMENT_MAX, length=len(comment)))
            return False
        return True

    def keep_comment(self) -> None:
        self.data["comment"] = self.arg.strip()

    def drop_comment(self) -> None:
        self.data["comment"] = ""

    def forget_answers(self) -> None:
        self.data = {}
        reports.forget_pending_photos(session=self.visit.session, resident_id=self.resident.id)

    def file_report(self) -> None:
        """送信する: the report is the city's now, with a receipt number (the daily limit is
        checked again, at the moment the report is counted)."""
        if self._refused_for_today():
            reports.forget_pending_photos(session=self.visit.session, resident_id=self.resident.id)
            return
        new = NewReport(
            category=self.data["category"], latitude=self.data.get("latitude"), longitude=self.data.get("longitude"),
            address=self.data.get("address", ""), ward=ward_of(self.data.get("address", ""), self.visit.city),
            comment=self.data.get("comment", ""), photo_id=self.data.get("photo_id"),
        )
        report = reports.create_report(session=self.visit.session, city=self.visit.city.city_name,
                                       resident_id=self.resident.id, new=new, now=self.visit.now)
        metrics.REPORTS.labels(report.category).inc()
        follow_up = texts.REPORT_FOLLOW_UP_REGISTERED if self.resident.registered else texts.REPORT_FOLLOW_UP_GUEST
        self.say(Text(texts.REPORT_RECEIVED.format(number=report.receipt) + "\n" + follow_up))

    # --- helpers ---------------------------------------------------------------------------------
    def _refused_for_today(self) -> bool:
        if self.within_daily_limit():
            return False
        self.say_limit_reached()
        return True

    def _place_shown(self) -> str:
        if self.data.get("latitude") is not None:
            sent = texts.PLACE_FROM_MAP.format(latitude=f"{self.data['latitude']:.6f}",
                                               longitude=f"{self.data['longitude']:.6f}")
            return f"{self.data['address']}\n{sent}" if self.data.get("address") else sent
        return self.data.get("address", "")

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.visit.local_now.tzinfo)

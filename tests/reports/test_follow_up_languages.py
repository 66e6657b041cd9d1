"""まちの通報's follow-ups in the reporter's language (issue 13): the push is rendered in the
language they read when it is sent, whatever they spoke when they reported."""
from __future__ import annotations

from sqlalchemy import update

from bot.chat import texts
from bot.chat.language import translate
from bot.staff import accounts
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident
from devtools.standin.state import user_id_for
from tests.portal.support import register
from tests.reports.support import pushes_to, report
from tests.support.languages import pretend_translated

HANAKO = user_id_for("hanako")


def test_a_follow_up_is_pushed_in_the_language_the_reporter_reads(console, staff, db, monkeypatch):
    pretend_translated(monkeypatch, "REPORT_NOTE", "REPORT_THANKS")
    register(console, HANAKO)
    report(console, HANAKO)
    with session_scope(db) as session:  # 言語 / Language → English, after reporting
        session.execute(update(Resident).where(Resident.line_user_id == HANAKO).values(language="en"))
        token = accounts.issue_token(session=session, staff_id=staff["editor"], now=utcnow())[1]
    client = console.app.test_client()
    [listed] = client.get("/api/v1/reports", headers={"Authorization": f"Bearer {token}"}).get_json()["reports"]

    answer = client.patch(f"/api/v1/reports/{listed['id']}", headers={"Authorization": f"Bearer {token}"},
                          json={"status": "done", "note": "補修しました"})
    assert answer.status_code == 200, answer.get_json()
    answer.close()  # the answer is out: the follow-up goes

    def follow_up_in(code: str) -> str:
        return "\n".join((translate(texts.japanese("REPORT_NOW")["done"], code).format(number=listed["number"]),
                          translate(texts.japanese("REPORT_NOTE"), code).format(note="補修しました"),
                          translate(texts.japanese("REPORT_THANKS"), code)))

    assert pushes_to(console, HANAKO) == [follow_up_in("en")]
    assert follow_up_in("en") != follow_up_in("ja")

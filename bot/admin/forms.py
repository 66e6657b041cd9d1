"""The console's forms (Flask-WTF: every form carries a CSRF token)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    DateTimeLocalField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional

from bot.chat.language import TRANSLATED
from bot.notices.models import BODY_MAX, TITLE_MAX
from bot.notices.translations import staff_name
from bot.staff.models import DEPARTMENT_MAX, EMAIL_MAX, Role


ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in (Role.VIEWER, Role.EDITOR, Role.ADMIN)]


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (no JavaScript needed)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LoginForm(FlaskForm):
    email = EmailField("メールアドレス", validators=[DataRequired(), Length(max=EMAIL_MAX)])
    password = PasswordField("パスワード", validators=[DataRequired(), Length(max=256)])


class NoticeForm(FlaskForm):
    kind = RadioField(
        "種類",
        choices=[
            SelectChoice("info", "お知らせ（友だち登録中の住民に、LINEで全文を送る）"),
            SelectChoice("post", "POST（デジタル郵便受けに届け、LINEには件名だけを通知）"),
        ],
        default="info",
    )
    # Lengths and the rest are checked by bot/notices/store.py's validate_draft, as for the API.
    title = StringField("件名", render_kw={"maxlength": TITLE_MAX})
    body = TextAreaField("本文", render_kw={"maxlength": BODY_MAX, "rows": 10})
    department = StringField("発信部署", render_kw={"maxlength": DEPARTMENT_MAX})
    wards = CheckboxesField("お住まいの区", choices=[])
    age_groups = CheckboxesField("年代", choices=[])
    interests = CheckboxesField("興味・関心", choices=[])
    area_ids = SelectMultipleField("ごみ収集地域", choices=[], coerce=int, render_kw={"size": 8})
    timing = RadioField("配信のタイミング", choices=[SelectChoice("now", "今すぐ配信"), SelectChoice("later", "日時を指定して予約")], default="now")
    send_at = DateTimeLocalField("予約日時", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    # and title_en, body_en, … for each other language (below)

    def translation_fields(self) -> list[tuple[str, str, StringField, TextAreaField]]:
        """(language code, the language as staff read it, its title field, its body field)."""
        return [(code, staff_name(code), self[translation_field("title", code)], self[translation_field("body", code)])
                for code in TRANSLATED]


def translation_field(part: str, code: str) -> str:
    """The field of a translation's title or body: title_en, body_ja_easy."""
    return f"{part}_{code.replace('-', '_')}"


for _code in TRANSLATED:
    setattr(NoticeForm, translation_field("title", _code),
            StringField(f"件名（{staff_name(_code)}）", render_kw={"maxlength": TITLE_MAX}))
    setattr(NoticeForm, translation_field("body", _code),
            TextAreaField(f"本文（{staff_name(_code)}）", render_kw={"maxlength": BODY_MAX, "rows": 6}))


class GarbageUploadForm(FlaskForm):
    data_format = RadioField(
        "形式",
        choices=[
            SelectChoice("5374", "5374形式（area_days.csv など）"),
            SelectChoice("calendar", "カレンダー形式（区ごとの収集日・町名一覧）"),
        ],
        default="calendar",
    )
    code = StringField("市区町村コード（置き換える対象）", validators=[DataRequired(), Length(max=32)])
    name = StringField("市区町村名（住民に表示）", validators=[Optional(), Length(max=64)])
    suspension = SelectField(
        "年末年始などの休止（5374形式のみ）",
        choices=[SelectChoice("week_shift", "週ごと繰り下げ（week_shift）"), SelectChoice("skip", "休止日は収集しない（skip）")],
        default="week_shift",
    )
    files = MultipleFileField("CSVファイル（まとめて選択）")


class TokenForm(FlaskForm):
    label = StringField("用途（メモ）", validators=[Optional(), Length(max=64)])


class StaffCreateForm(FlaskForm):
    email = EmailField("メールアドレス", validators=[DataRequired(), Length(max=EMAIL_MAX)])
    role = SelectField("権限", choices=ROLE_CHOICES, default="viewer")
    department = StringField("部署", validators=[Optional(), Length(max=DEPARTMENT_MAX)])
    password = PasswordField("初期パスワード（12文字以上）", validators=[DataRequired(), Length(max=256)])


class StaffUpdateForm(FlaskForm):
    role = SelectField("権限", choices=ROLE_CHOICES)
    state = SelectField("状態", choices=[SelectChoice("active", "有効"), SelectChoice("disabled", "無効")])


class DisasterStartForm(FlaskForm):
    hazard = SelectField("災害種別", choices=[])  # the standard's hazards (bot/disaster/hazards.py)
    title = StringField("緊急のお知らせの件名", render_kw={"maxlength": 100})
    body = TextAreaField("本文", render_kw={"maxlength": 2000, "rows": 6})


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class ShelterUploadForm(FlaskForm):
    file = FileField("指定緊急避難場所一覧（CSV）")

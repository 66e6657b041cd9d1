"""The reminder a resident receives: "【明日のごみ】12月2日(水) 燃やすごみ・資源" (SPEC §2.4).

Every category collected that day in one message, each with the first sentence of its how-to,
and a `ごみの捨て方` button. The message names no area, so residents of every area with the
same collections that day and the same language share one message — and its multicast
requests. Rendered inside `speaking(code)` (bot/delivery/languages.py), it is in that language;
the categories are named as the city's data names them.
"""
from __future__ import annotations

import re
from datetime import date

from bot.chat import texts
from bot.flows.garbage_common import format_date
from bot.garbage import localized
from bot.garbage.schedule import Category
from bot.chat.replies import Button, Card, Reply
from bot.store.reminders import ReminderMode

HOW_TO_LENGTH = 60  # characters of a category's how-to shown in the reminder


def reminder_title(mode: ReminderMode, day: date, categories: list[Category]) -> str:
    heading = texts.REMINDER_TOMORROW if mode is ReminderMode.DAY_BEFORE else texts.REMINDER_TODAY
    when = format_date(day)
    return f"{heading}{when} " + texts.CATEGORY_SEPARATOR.join(localized.label(category) for category in categories)


def reminder_reply(mode: ReminderMode, day: date, categories: list[Category]) -> Reply:
    title = reminder_title(mode, day, categories)
    lines = tuple(
        texts.REMINDER_HOW_TO.format(label=localized.label(category), how_to=short_how_to(localized.how_to(category)))
        for category in categories if localized.how_to(category)
    )
    sorting = _sorting_guide_button()
    return Reply(messages=[Card(title=title, lines=lines, buttons=(sorting,) if sorting else (), alt_text=title)])


def short_how_to(how_to: str) -> str:
    """The first sentence, clipped: the reminder is a nudge; ごみの捨て方 has the rest."""
    end = _SENTENCE_END.search(how_to)
    sentence = how_to[: end.end()].strip() if end else how_to.strip()
    return sentence if len(sentence) <= HOW_TO_LENGTH else sentence[: HOW_TO_LENGTH - 1] + "…"


# Japanese and Chinese end a sentence with 。; English and Korean with a stop and a space
# (so 2.5kg does not end one).
_SENTENCE_END = re.compile(r"。|[.!?](?=\s|$)")


def _sorting_guide_button() -> Button | None:
    """`ごみの捨て方`, leading where the typed label leads (None if no flow offers it); the
    flows' keywords are Japanese, the label is in the language being spoken."""
    from bot.flows.settings import keyword_action

    action = keyword_action(texts.japanese("GARBAGE_SORTING"))
    return Button(texts.GARBAGE_SORTING, action) if action else None

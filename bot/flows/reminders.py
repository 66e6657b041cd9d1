"""ごみ収集通知 (guide §4 ごみ収集通知設定, SPEC §2.4): 前日 / 当日 reminders ON/OFF and their times.

No questions: one panel shows the settings, and each of its buttons changes one thing and shows
the panel again. The times are datetimepickers (`mode: time`) whose choice comes back as
`params.time`. Reminders need an area: without one the area flow starts (hand over).
"""
from __future__ import annotations

from datetime import time

from bot.chat import language, texts
from bot.flows.base import Flow, answer
from bot.flows.garbage_common import CHOOSE_AREA
from bot.garbage.schedule import Area
from bot.chat.replies import Button, Card, Text, TimePick
from bot.store import disasters, garbage
from bot.store.reminders import ReminderMode, Reminders, change_reminder, reminders_of

SHOW = "show"  # the entries: the panel, and each change (its trigger is `<mode>_on`, `<mode>_off`, `<mode>_time`)
DAY_BEFORE_ON, DAY_BEFORE_OFF, DAY_BEFORE_TIME = "day_before_on", "day_before_off", "day_before_time"
SAME_DAY_ON, SAME_DAY_OFF, SAME_DAY_TIME = "same_day_on", "same_day_off", "same_day_time"
MODE_NAMES = {ReminderMode.DAY_BEFORE: texts.FIELD_DAY_BEFORE, ReminderMode.SAME_DAY: texts.FIELD_SAME_DAY}


def reminder_summary(settings: Reminders) -> str:
    """One line for My Page: 前日ON（19:30）・当日OFF（06:30）."""
    return texts.MY_PAGE_REMINDERS.format(day_before=_state(settings, ReminderMode.DAY_BEFORE),
                                          same_day=_state(settings, ReminderMode.SAME_DAY))


def _state(settings: Reminders, mode: ReminderMode) -> str:
    on = texts.REMINDER_ON if settings.is_on(mode) else texts.REMINDER_OFF
    return texts.REMINDER_STATE.format(state=on, time=f"{settings.time_of(mode):%H:%M}")


class GarbageReminders(Flow):
    name = "reminders"
    # Each entry changes one setting, then shows the panel.
    transitions = [
        answer(SHOW, "show_panel"),
        answer(DAY_BEFORE_ON, "switch_day_before_on"), answer(DAY_BEFORE_OFF, "switch_day_before_off"),
        answer(SAME_DAY_ON, "switch_same_day_on"), answer(SAME_DAY_OFF, "switch_same_day_off"),
        answer(DAY_BEFORE_TIME, "set_day_before_time"), answer(SAME_DAY_TIME, "set_same_day_time"),
    ]
    keywords = {
        texts.GARBAGE_REMINDERS: SHOW,
        texts.DAY_BEFORE_ON: DAY_BEFORE_ON, texts.DAY_BEFORE_OFF: DAY_BEFORE_OFF,
        texts.SAME_DAY_ON: SAME_DAY_ON, texts.SAME_DAY_OFF: SAME_DAY_OFF,
        texts.DAY_BEFORE_TIME: DAY_BEFORE_TIME, texts.SAME_DAY_TIME: SAME_DAY_TIME,
    }

    # --- entries: each changes one setting, then shows the panel -----------------------------
    def show_panel(self) -> None:
        """The current settings with a button for each change."""
        if (area := self._area()) is not None:
            self._panel(area)

    def switch_day_before_on(self) -> None:
        self._switch(ReminderMode.DAY_BEFORE, True)

    def switch_day_before_off(self) -> None:
        self._switch(ReminderMode.DAY_BEFORE, False)

    def switch_same_day_on(self) -> None:
        self._switch(ReminderMode.SAME_DAY, True)

    def switch_same_day_off(self) -> None:
        self._switch(ReminderMode.SAME_DAY, False)

    def set_day_before_time(self) -> None:
        self._set_time(ReminderMode.DAY_BEFORE)

    def set_same_day_time(self) -> None:
        self._set_time(ReminderMode.SAME_DAY)

    # --- what they share ------------------------------------------------------------------------
    def _switch(self, mode: ReminderMode, on: bool) -> None:
        if (area := self._area()) is None:
            return
        change_reminder(session=self.visit.session, resident_id=self.resident.id, mode=mode, on=on)
        self.say(Text(texts.REMINDER_SAVED.format(mode=language.translate(MODE_NAMES[mode]),
                                                  state=texts.REMINDER_ON if on else texts.REMINDER_OFF)))
        self._panel(area)

    def _set_time(self, mode: ReminderMode) -> None:
        """The picker's time (`params.time`); typed as a label, there is none: show the panel."""
        if (area := self._area()) is None:
            return
        chosen = self.params.get("time")
        if chosen is not None:
            try:
                at = time.fromisoformat(chosen)
            except ValueError:
                self.say(Text(texts.REMINDER_TIME_REFUSED))
            else:
                change_reminder(session=self.visit.session, resident_id=self.resident.id, mode=mode, at=at)
                self.say(Text(texts.REMINDER_TIME_SAVED.format(mode=language.translate(MODE_NAMES[mode]), time=f"{at:%H:%M}")))
        self._panel(area)

    def _area(self) -> Area | None:
        """The resident's current area; without one, say so and start the area flow."""
        area_id = self.resident.garbage_area_id
        area = garbage.get_area(session=self.visit.session, area_id=area_id) if area_id is not None else None
        if area is None or area.retired:
            self.say(Text(texts.REMINDERS_NEED_AREA))
            self.hand_over(CHOOSE_AREA)
            return None
        return area

    def _panel(self, area: Area) -> None:
        settings = reminders_of(session=self.visit.session, resident_id=self.resident.id)
        buttons = []
        for mode, on_label, off_label, time_label in (
            (ReminderMode.DAY_BEFORE, texts.DAY_BEFORE_ON, texts.DAY_BEFORE_OFF, texts.DAY_BEFORE_TIME),
            (ReminderMode.SAME_DAY, texts.SAME_DAY_ON, texts.SAME_DAY_OFF, texts.SAME_DAY_TIME),
        ):
            on = settings.is_on(mode)
            buttons.append(self.button(off_label if on else on_label, f"{mode}_{'off' if on else 'on'}"))
            buttons.append(Button(time_label, self.action(f"{mode}_time"),
                                  time_pick=TimePick(initial=f"{settings.time_of(mode):%H:%M}")))
        place = f"{area.top_level} {area.name}" if area.top_level else area.name
        if disasters.disaster_on(session=self.visit.session):
            self.say(Text(texts.REMINDERS_PAUSED))
        self.say(Card(
            title=texts.REMINDERS_TITLE,
            lines=(texts.REMINDERS_PROMPT,),
            fields=tuple((language.translate(MODE_NAMES[mode]), _state(settings, mode)) for mode in ReminderMode),
            note=texts.REMINDER_AREA_NOTE.format(area=place),
            buttons=tuple(buttons),
        ))

"""`portalbot reminders run --at ISO8601`: send every garbage reminder due at that minute."""
from __future__ import annotations

from datetime import datetime

import click

from bot.runtime import Runtime


@click.group("reminders")
def reminders_group() -> None:
    """Garbage collection reminders."""


@reminders_group.command("run")
@click.option("--at", "at_text", required=True, metavar="ISO8601",
              help="the slot's minute, e.g. 2025-12-01T19:30+09:00 (no offset: the city's time zone)")
@click.pass_obj
def run(runtime: Runtime, at_text: str) -> None:
    """Send the reminders due at that minute; running it again sends nothing more.
    A slot the clock skipped (found too late) is sent when run here."""
    from zoneinfo import ZoneInfo

    from bot.delivery import deliverer_for
    from bot.reminders.slots import run_slot

    try:
        at = datetime.fromisoformat(at_text)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {at_text}", param_hint="--at") from None
    tz = runtime.settings.timezone
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo(tz))
    report = run_slot(runtime.engine, deliverer_for(runtime.settings, runtime.engine), at=at, tz=tz,
                      again_if_skipped=True)
    local = report.at.astimezone(ZoneInfo(tz))
    if report.status != "done":
        click.echo(f"reminder slot {local:%Y-%m-%d %H:%M} ({tz}): {report.status}, nothing sent")
        return
    sent = report.drained.sent_recipients if report.drained else 0
    click.echo(f"reminder slot {local:%Y-%m-%d %H:%M} ({tz}): {sent} reminders sent now; "
               f"in all {report.counts.get('sent', 0)} sent, {report.counts.get('failed', 0)} failed "
               f"in {len(report.jobs)} messages")

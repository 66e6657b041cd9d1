"""`portalbot notices dispatch [--at ISO8601]`: send the scheduled staff notices that are due."""
from __future__ import annotations

from datetime import datetime

import click


@click.group()
def notices() -> None:
    """Staff notices (お知らせ and POST)."""


@notices.command("dispatch")
@click.option("--at", "at", help="Send what is due at this time (ISO 8601 with offset). Default: now.")
@click.pass_obj
def dispatch_command(runtime, at: str | None) -> None:
    """Send every scheduled notice that is due; running it again sends nothing more."""
    from bot.notices.dispatch import dispatch_due

    now = None
    if at:
        try:
            now = datetime.fromisoformat(at)
        except ValueError:
            raise click.BadParameter("not an ISO 8601 time", param_hint="--at") from None
        if now.tzinfo is None:
            raise click.BadParameter("give a UTC offset, e.g. 2026-12-01T09:00:00+09:00", param_hint="--at")
    sent = dispatch_due(engine=runtime.engine, settings=runtime.settings, now=now)
    click.echo(f"{len(sent)} notice(s) sent" + (f": {', '.join(map(str, sent))}" if sent else ""))

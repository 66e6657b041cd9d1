"""`portalbot garbage import`: load a city's garbage data (SPEC §4). Registered in bot/cli.py."""
from __future__ import annotations

from pathlib import Path

import click

from bot.garbage.import_5374 import read_5374
from bot.garbage.import_calendar import read_calendar
from bot.garbage.problems import GarbageDataError
from bot.garbage.schedule import SuspensionPolicy
from bot.garbage.translations import coverage


@click.group()
def garbage() -> None:
    """Garbage collection data: areas, calendars, the sorting guide."""


@garbage.command("import")
@click.option("--format", "data_format", type=click.Choice(["5374", "calendar"]), required=True,
              help="5374: area_days.csv & co. (Kanazawa); calendar: per-ward date lists (Hiroshima).")
@click.option("--city", "code", help="City code the data replaces. Default: the directory's name.")
@click.option("--name", help="City name shown to residents. Default: the city code.")
@click.option("--suspension", type=click.Choice([p.value for p in SuspensionPolicy]),
              default=SuspensionPolicy.WEEK_SHIFT.value, show_default=True,
              help="5374 only: how center.csv closures move collections (Kanazawa: week_shift).")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
def import_command(runtime, data_format, code, name, suspension, directory: Path) -> None:
    """Replace a city's garbage data with the files in DIRECTORY, all or nothing."""
    from sqlalchemy.exc import DataError

    from bot.store.db import session_scope
    from bot.store.garbage import replace_city

    code = code or directory.resolve().name
    name = name or code
    try:
        if data_format == "5374":
            data = read_5374(directory, code=code, name=name, suspension_policy=SuspensionPolicy(suspension))
        else:
            data = read_calendar(directory, code=code, name=name)
    except GarbageDataError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{len(error.problems)} problem(s) in {directory}; nothing was imported")
    try:
        with session_scope(runtime.engine) as session:
            report = replace_city(session=session, data=data)
    except DataError as error:
        raise click.ClickException(f"the database refused a value ({type(error.orig).__name__}); nothing was imported") from error
    click.echo(
        f"{report.city}: {report.areas} areas ({report.added} new, {report.kept} kept), "
        f"{report.categories} categories, {report.items} sorting items"
    )
    if data.readings is not None:
        for line in data.readings.lines():
            click.echo(line)
    for line in coverage(data):
        click.echo(line)
    for area in report.vanished:
        click.echo(f"vanished area {area.id}: {area.key}")

"""`portalbot shelters import FILE` and `portalbot disaster start|end|status` (issue 15)."""
from __future__ import annotations

from pathlib import Path

import click


@click.group("shelters")
def shelters_group() -> None:
    """Evacuation sites (指定緊急避難場所一覧, the national open-data standard)."""


@shelters_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_command(runtime, file: Path) -> None:
    """Replace every evacuation site with those of FILE (CSV, UTF-8 or CP932), all or nothing."""
    from bot.disaster.sites import import_sites
    from bot.disaster.sites_csv import SiteFileError

    try:
        count = import_sites(runtime.engine, file.read_bytes(), file_name=file.name, via="cli")
    except SiteFileError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{len(error.problems)} problem(s) in {file.name}; nothing was imported")
    click.echo(f"{count} evacuation sites imported from {file.name}")


@click.group("disaster")
def disaster_group() -> None:
    """Disaster mode: emergency notice, disaster menu, paused reminders."""


@disaster_group.command("start")
@click.option("--hazard", required=True, help="災害種別, e.g. 地震, 津波, 洪水")
@click.option("--title", required=True, help="the emergency notice's title (≤100)")
@click.option("--body", required=True, help="the emergency notice's text (≤2000)")
@click.pass_obj
def start_command(runtime, hazard: str, title: str, body: str) -> None:
    """Turn disaster mode on and send the emergency notice and menu to every follower."""
    from bot.disaster.mode import DisasterError, reach_of, run_disaster_work, start_disaster

    try:
        disaster = start_disaster(runtime.engine, hazard=hazard, title=title, body=body, staff=None, via="cli")
    except DisasterError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"disaster mode on ({disaster.hazard}); sending the emergency notice and the disaster menu…")
    run_disaster_work(runtime.engine, runtime.settings)
    _echo_reach(reach_of(runtime.engine, disaster.id))


@disaster_group.command("end")
@click.pass_obj
def end_command(runtime) -> None:
    """Turn disaster mode off and give every resident their usual menu back."""
    from bot.disaster.mode import DisasterError, end_disaster, reach_of, run_disaster_work

    try:
        disaster = end_disaster(runtime.engine, staff=None, via="cli")
    except DisasterError as error:
        raise click.ClickException(error.message) from None
    click.echo("disaster mode off; restoring the usual menus…")
    run_disaster_work(runtime.engine, runtime.settings)
    _echo_reach(reach_of(runtime.engine, disaster.id))


def _echo_reach(reach) -> None:
    click.echo(f"emergency notice: {reach.notice['sent']} sent, {reach.notice['failed']} failed, "
               f"{reach.notice['pending']} pending; disaster menu: {reach.menu_linked} linked; "
               f"usual menu back: {reach.menu_restored}; refused: {reach.menu_failed} ({reach.stage})")

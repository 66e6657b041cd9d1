"""The operators' console script: `portalbot ...` (SPEC §1)."""
from __future__ import annotations

import click

from bot.config import Settings, load_dotenv_for_development
from bot.runtime import Runtime


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Portal bot: operate the web app, the clock and the data."""
    load_dotenv_for_development()
    ctx.obj = Runtime(Settings.from_env())


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(runtime: Runtime) -> None:
    """Apply every Alembic migration not yet applied."""
    from bot.store.migrate import upgrade

    upgrade(runtime.settings.database_url)
    click.echo("database is up to date")

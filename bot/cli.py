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


@main.command()
@click.option("--lock-poll", default=10.0, type=float, hidden=True, help="seconds between looks at the clock lock")
@click.pass_obj
def clock(runtime: Runtime, lock_poll: float) -> None:
    """The scheduler process (exactly one runs; a second one waits)."""
    from bot.app import build_portal
    from bot.clock import run_clock

    _log_to_stderr(runtime.settings)
    portal = build_portal(runtime)
    run_clock(runtime.engine, timezone=runtime.settings.timezone, handle_waiting=portal.handler.handle_waiting,
              settings=runtime.settings, lock_poll_seconds=lock_poll)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_obj
def serve(runtime: Runtime, host: str, port: int) -> None:
    """Development: web + clock in one process; the simulator with PORTALBOT_SIMULATOR=1."""
    import os

    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.app import create_app
    from bot.clock import schedule_jobs
    from bot.web.devserver import DevRequestHandler

    _log_to_stderr(runtime.settings)
    settings = runtime.settings
    standin = None
    if settings.simulator and "LINE_API_URL" not in os.environ:
        from bot.development import start_line_standin

        standin = start_line_standin(settings, f"http://{host}:{port}/callback")
        settings = settings.with_overrides(line_api_url=standin.url, line_data_api_url=standin.url)
    runtime = Runtime(settings)
    app = create_app(runtime=runtime)
    portal = app.extensions["portalbot"]
    if standin is not None:  # a fresh stand-in has no rich menus: deploy them for the simulator
        from bot.line.richmenu import deploy_menus

        deploy_menus(settings, runtime.engine)
    scheduler = BackgroundScheduler(timezone=settings.timezone)
    schedule_jobs(scheduler, engine=runtime.engine, handle_waiting=portal.handler.handle_waiting, settings=settings)
    scheduler.start()
    if settings.simulator:
        click.echo(f"\n  Simulator: http://{host}:{port}/simulator\n  (stand-in of LINE at {settings.line_api_url})\n")
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False, request_handler=DevRequestHandler)
    finally:
        scheduler.shutdown(wait=False)
        if standin is not None:
            standin.stop()


def _log_to_stderr(settings: Settings) -> None:
    from bot.logs import setup_logging

    setup_logging(settings)


def _add_feature_commands() -> None:
    """Each capability keeps its commands beside its code; the console script gathers them."""
    from bot.delivery.cli import delivery_group
    from bot.disaster.cli import disaster_group, shelters_group
    from bot.garbage.cli import garbage
    from bot.line.richmenu import richmenu_group
    from bot.notices.cli import notices
    from bot.reminders.cli import reminders_group
    from bot.staff.cli import staff

    for command in (garbage, reminders_group, notices, delivery_group, richmenu_group, staff, shelters_group,
                    disaster_group):
        main.add_command(command)


_add_feature_commands()

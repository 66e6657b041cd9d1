"""`portalbot delivery work`: a worker process sending batches from the ledger (SPEC §1)."""
from __future__ import annotations

import click

from bot.runtime import Runtime


@click.group("delivery")
def delivery_group() -> None:
    """The delivery ledger (multicast fan-out of reminders and notices)."""


@delivery_group.command("work")
@click.option("--threads", default=4, show_default=True, type=int, help="sender threads")
@click.option("--rate", default=200.0, show_default=True, type=float,
              help="multicast requests per second of this process; LINE allows 200 per channel in all, "
                   "so with N workers give each 200/N")
@click.pass_obj
def work(runtime: Runtime, threads: int, rate: float) -> None:
    """Send pending batches of any job, for as long as it runs (PostgreSQL: run several)."""
    import logging

    from bot.delivery import deliverer_for

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    deliverer = deliverer_for(runtime.settings, runtime.engine, threads=threads, rate=rate)
    try:
        deliverer.drain(more_coming=lambda: True, idle_poll=1.0)
    except KeyboardInterrupt:
        pass

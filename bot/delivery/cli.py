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
              help="upper bound of this process's multicast requests per second; every sender shares "
                   "the channel's budget (LINE_RATE_LIMITS) anyway")
@click.option("--lease", type=float,
              help="seconds this process holds the batches it claimed (default DELIVERY_LEASE, 30); a "
                   "killed sender's are sent by the others after it")
@click.pass_obj
def work(runtime: Runtime, threads: int, rate: float, lease: float | None) -> None:
    """Send pending batches of any job, for as long as it runs (PostgreSQL: run as many as wanted)."""
    import logging
    import signal
    import threading

    from bot.delivery import deliverer_for
    from bot.logs import setup_logging

    setup_logging(runtime.settings)
    deliverer = deliverer_for(runtime.settings, runtime.engine, threads=threads, rate=rate, lease=lease)
    logging.getLogger(__name__).info("sender %s started: %d threads, at most %s requests/s of the shared "
                                     "multicast budget, leases of %s s", deliverer.sender_id, deliverer.threads,
                                     rate, deliverer.lease)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        deliverer.drain(more_coming=lambda: not stop.is_set(), stop=stop, idle_poll=1.0)
    except KeyboardInterrupt:
        pass
    finally:
        deliverer.release()

"""What the delivery engine tests share: residents the stand-in knows, a fast-retrying
deliverer, and what each resident received."""
from __future__ import annotations

from bot.delivery import Backoff, Deliverer, MulticastClient, RateLimiter
from devtools.standin.state import user_id_for

TOKEN = "delivery-test-token"
FAST = Backoff(base=0.01, cap=0.05, max_attempts=4)


def residents(line, count: int, prefix: str = "r") -> list[tuple[int, str]]:
    """(key, LINE user id) of `count` users the stand-in knows (so it delivers to them)."""
    found = []
    for n in range(1, count + 1):
        user_id = user_id_for(f"{prefix}{n}")
        line.standin.add_user(user_id)
        found.append((n, user_id))
    return found


def deliverer(engine, line, *, rate: float | None = None, threads: int = 2, backoff: Backoff = FAST,
              timeout: float = 15.0) -> Deliverer:
    """A fast-retrying deliverer. The default timeout is generous: a loaded CI machine must not
    turn a slow answer into an extra attempt; tests of timeouts pass a short one."""
    client = MulticastClient(line.url, TOKEN, timeout=timeout, connections=threads)
    return Deliverer(engine, client, limiter=RateLimiter(rate), backoff=backoff, threads=threads)


def received(line, user_ids) -> dict[str, int]:
    """How many messages each user received."""
    return {user_id: len(line.standin.timeline(user_id)) for user_id in user_ids}

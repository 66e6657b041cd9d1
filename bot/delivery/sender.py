"""Posting multicast requests: the HTTP client, the rate limiter and the backoff policy.

The body is assembled from the ledger's JSON as it is (recipient ids and the rendered messages),
not through the SDK's pydantic models, which spend about 4 ms of CPU validating 500 ids per
request — more than LINE's 200 requests/s allows one process. Connections are kept alive.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from bot.line.http import Answer, LineHttp
from bot.line.limits import RateLimiter  # noqa: F401 - re-exported: the per-process limiter

MULTICAST_PATH = "/v2/bot/message/multicast"
MULTICAST_RATE = 200.0  # LINE's limit for multicast, requests per second (an upper bound per process)


class MulticastClient:
    """Multicast over the process's kept-alive connection pool to the Messaging API."""

    def __init__(self, api_url: str, access_token: str, *, timeout: float | None = None, connections: int = 8) -> None:
        self._http = LineHttp(api_url, access_token, timeout=timeout, connections=connections)

    def multicast(self, recipients_json: str, messages_json: str, retry_key: str) -> Answer:
        body = f'{{"to":{recipients_json},"messages":{messages_json}}}'.encode()
        return self._http.post(MULTICAST_PATH, body, retry_key=retry_key)

    def close(self) -> None:
        self._http.close()


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: attempt n waits between half and all of base·2ⁿ⁻¹ (≤ cap).
    After `max_attempts` unanswered or 5xx attempts a batch is failed."""

    base: float = 1.0
    cap: float = 60.0
    max_attempts: int = 10

    def delay(self, attempt: int) -> float:
        ceiling = min(self.cap, self.base * 2 ** max(0, attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

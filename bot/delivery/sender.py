"""Posting multicast requests: the HTTP client, the rate limiter and the backoff policy.

The body is assembled from the ledger's JSON as it is (recipient ids and the rendered messages),
not through the SDK's pydantic models, which spend about 4 ms of CPU validating 500 ids per
request — more than LINE's 200 requests/s allows one process. Connections are kept alive.
"""
from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass

import urllib3

MULTICAST_PATH = "/v2/bot/message/multicast"
MULTICAST_RATE = 200.0  # LINE's limit for multicast, requests per second


@dataclass(frozen=True)
class Answer:
    """What LINE said to one request; `status` None when it did not answer (timeout, reset)."""

    status: int | None
    request_id: str | None = None
    message: str = ""
    retry_after: float | None = None

    @property
    def accepted(self) -> bool:
        """2xx, or 409: this retry key was accepted before (the recipients have it)."""
        return self.status is not None and (200 <= self.status < 300 or self.status == 409)

    @property
    def retryable(self) -> bool:
        """No answer or a server error: the same request, same key, later."""
        return self.status is None or self.status >= 500

    @property
    def throttled(self) -> bool:
        return self.status == 429


class MulticastClient:
    """One keep-alive connection pool to the Messaging API, shared by a process's sender threads."""

    def __init__(self, api_url: str, access_token: str, *, timeout: float = 15.0, connections: int = 8) -> None:
        self._pool = urllib3.connection_from_url(
            api_url, maxsize=connections, block=True, retries=False,
            timeout=urllib3.Timeout(connect=min(timeout, 5.0), read=timeout),
        )
        self._headers = {"Authorization": f"Bearer {access_token}", "Content-Type": "application/json"}

    def multicast(self, recipients_json: str, messages_json: str, retry_key: str) -> Answer:
        body = f'{{"to":{recipients_json},"messages":{messages_json}}}'.encode()
        headers = dict(self._headers)
        headers["X-Line-Retry-Key"] = retry_key
        try:
            response = self._pool.urlopen("POST", MULTICAST_PATH, body=body, headers=headers,
                                          preload_content=True, release_conn=True)
        except (urllib3.exceptions.HTTPError, OSError) as error:
            return Answer(None, message=f"no answer: {type(error).__name__}")
        request_id = response.headers.get("x-line-accepted-request-id") or response.headers.get("x-line-request-id")
        return Answer(response.status, request_id, _message(response.data), _retry_after(response.headers))

    def close(self) -> None:
        self._pool.close()


def _message(data: bytes) -> str:
    try:
        parsed = json.loads(data) if data else {}
    except ValueError:
        return data[:200].decode("utf-8", "replace")
    if not isinstance(parsed, dict):
        return ""
    details = parsed.get("details") or []
    text = str(parsed.get("message", ""))
    if details and isinstance(details, list):
        text += " (" + "; ".join(f"{d.get('property', '')}: {d.get('message', '')}" for d in details if isinstance(d, dict)) + ")"
    return text[:250]


def _retry_after(headers) -> float | None:
    value = headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class RateLimiter:
    """At most `rate` requests per second, evenly spaced; `None` = no limit. `pause()` holds
    every thread back (after a 429)."""

    def __init__(self, rate: float | None = MULTICAST_RATE) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next)
            self._next = at + self.interval
        if at > now:
            time.sleep(at - now)

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)


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

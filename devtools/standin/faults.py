"""Fault injection: make the next matching requests fail the way LINE sometimes does.

``standin.faults.add(path="/v2/bot/message/multicast", responses=[500, 429, "timeout", ...])``
queues one entry per future request to that path (optionally only for one ``method``). A
request consumes an entry only after it passed authentication and body validation — an invalid
request still gets its 400 and leaves the queue alone. Entries:

* an int ``500``/``502``/``503``/…: answer that status, ``{"message": ...}``; nothing is accepted
  (the retry key stays free, nothing is delivered).
* ``429``: ``{"message": "Too Many Requests"}``, nothing accepted.
* ``"timeout"``: sleep ``timeout_seconds`` (set it above the client's timeout), then answer 500;
  nothing accepted — the client gave up on a request LINE never processed.
* ``"timeout-accepted"``: process the request (deliver, remember the retry key), *then* sleep and
  answer normally — the client times out although LINE accepted it, so a retry with the same
  ``X-Line-Retry-Key`` gets 409 and one without it delivers twice.
* ``"accepted-500"``: process the request, then answer 500 (LINE's rare "accepted but failed to
  respond"); same consequences as ``"timeout-accepted"`` without the wait.

``latency`` (seconds, or a zero-argument callable returning seconds) is added to every API
request, to give benchmarks a realistic round trip.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Union

FaultSpec = Union[int, str]
ACCEPTING = {"timeout-accepted", "accepted-500"}
_KINDS = {"timeout", *ACCEPTING}


@dataclass(frozen=True)
class Fault:
    kind: FaultSpec

    @property
    def accepts(self) -> bool:
        """True when LINE processes the request before things go wrong."""
        return self.kind in ACCEPTING


class Faults:
    """Thread-safe queues of faults per (method, path)."""

    def __init__(self, timeout_seconds: float = 2.0) -> None:
        self.timeout_seconds = timeout_seconds
        self.latency: float | Callable[[], float] = 0.0
        self._queues: dict[tuple[str | None, str], deque[Fault]] = {}
        self._lock = threading.Lock()

    def add(self, path: str, responses: Iterable[FaultSpec], method: str | None = None) -> None:
        faults = []
        for spec in responses:
            if not (isinstance(spec, int) and 400 <= spec <= 599) and spec not in _KINDS:
                raise ValueError(f"unknown fault {spec!r}: use a 4xx/5xx status or one of {_KINDS}")
            faults.append(Fault(spec))
        with self._lock:
            self._queues.setdefault((method.upper() if method else None, path), deque()).extend(faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The next fault for this request, consuming it."""
        with self._lock:
            if not self._queues:
                return None
            for key in ((method, path), (None, path)):
                queue = self._queues.get(key)
                if queue:
                    fault = queue.popleft()
                    if not queue:
                        del self._queues[key]
                    return fault
        return None

    def pending(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._queues.values())

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()

    def current_latency(self) -> float:
        latency = self.latency
        return float(latency() if callable(latency) else latency)

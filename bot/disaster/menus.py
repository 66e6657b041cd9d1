"""Switching many residents' rich menus with LINE's bulk link API, within its limits.

`POST /v2/bot/richmenu/bulk/link` (and `/bulk/unlink`) take at most 500 user ids a request;
both fall under LINE's "other endpoints" limit of 2,000 requests per second per channel. They
take their turns from the channel's "richmenu_bulk_link" budget (bot/line/limits.py: shared by
every process on PostgreSQL), so a 429 holds every process back. LINE applies a bulk link
asynchronously (202 Accepted).
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from bot import metrics
from bot.delivery.sender import Backoff
from bot.line.http import Answer, LineHttp
from bot.line.limits import LINE_LIMITS, Limiter, RateLimiter

log = logging.getLogger(__name__)

BULK_MAX = 500  # user ids per bulk link / unlink request
BULK_RATE = LINE_LIMITS["richmenu_bulk_link"]  # requests per second: LINE's "other endpoints"
LINK_PATH = "/v2/bot/richmenu/bulk/link"
UNLINK_PATH = "/v2/bot/richmenu/bulk/unlink"


@dataclass(frozen=True)
class BulkResult:
    accepted: bool
    reason: str = ""


class BulkMenus:
    """Links (or unlinks) rich menus for up to 500 users a request, paced and retried."""

    def __init__(self, api_url: str, access_token: str, *, limiter: Limiter | None = None, rate: float | None = BULK_RATE,
                 backoff: Backoff = Backoff(max_attempts=6), timeout: float = 15.0) -> None:
        """`limiter`: the channel's shared budget (`channel_limiter(engine, "richmenu_bulk_link")`);
        without one, this process alone keeps to `rate` (benchmarks, tests)."""
        self._http = LineHttp(api_url, access_token, timeout=timeout, connections=4)
        self.limiter = limiter or RateLimiter(rate)
        self.backoff = backoff

    def link(self, rich_menu_id: str, user_ids: list[str]) -> BulkResult:
        return self._post(LINK_PATH, {"richMenuId": rich_menu_id, "userIds": user_ids})

    def unlink(self, user_ids: list[str]) -> BulkResult:
        return self._post(UNLINK_PATH, {"userIds": user_ids})

    def _post(self, path: str, payload: dict) -> BulkResult:
        if not 1 <= len(payload["userIds"]) <= BULK_MAX:
            raise ValueError(f"a bulk request takes 1 to {BULK_MAX} user ids")
        body = json.dumps(payload, separators=(",", ":")).encode()
        attempt = 0
        while True:
            self.limiter.acquire()
            answer = self._http.post(path, body)
            if answer.status is not None and 200 <= answer.status < 300:
                return BulkResult(True)
            if answer.throttled:  # not an attempt: wait and go on
                pause = answer.retry_after or self.backoff.delay(1)
                self.limiter.pause(pause)
                metrics.retry("richmenu_bulk_link", "throttled")
                continue
            attempt += 1
            if answer.retryable and attempt < self.backoff.max_attempts:
                metrics.retry("richmenu_bulk_link", "no answer" if answer.status is None else "server error")
                time.sleep(self.backoff.delay(attempt))
                continue
            reason = _reason(answer)
            log.error("rich menu bulk request refused: %s", reason)
            return BulkResult(False, reason)

    def close(self) -> None:
        self._http.close()


def _reason(answer: Answer) -> str:
    return answer.message if answer.status is None else f"HTTP {answer.status}: {answer.message}".rstrip(": ")

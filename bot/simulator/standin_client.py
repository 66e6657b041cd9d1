"""A small client for the stand-in's simulation controls (`/_standin/...`), with short timeouts.

The browser only talks to the app's own origin; these calls carry its requests on to the
stand-in of LINE at `settings.line_api_url`.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

QUICK = 5.0  # reads: a timeline, a rich menu, a user list
WEBHOOK = 20.0  # an event waits while the stand-in posts it to the bot's /callback


class StandinUnavailable(Exception):
    """The stand-in did not answer (not running, wrong LINE_API_URL, or too slow)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return {"message": self.body[:200].decode("utf-8", "replace")}


class StandinClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def get(self, path: str, query: dict[str, Any] | None = None, *, timeout: float = QUICK) -> Answer:
        return self._call("GET", path, None, query, timeout)

    def post(self, path: str, body: dict[str, Any], *, timeout: float = QUICK) -> Answer:
        return self._call("POST", path, body, None, timeout)

    def _call(self, method: str, path: str, body: dict | None, query: dict | None, timeout: float) -> Answer:
        url = f"{self.base_url}/_standin{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Answer(response.status, response.read(), response.headers.get_content_type())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.read(), error.headers.get_content_type())
        except (urllib.error.URLError, OSError) as error:
            raise StandinUnavailable(str(getattr(error, "reason", error))) from None

"""Calling the Messaging API over kept-alive connections (bot/line/connections.py): the hot paths (replies, pushes,
multicasts, profiles, a resident's rich menu). Bodies are LINE's JSON as rendered
(bot/line/render.py), sent as they are; the SDK serves the calls that are not hot (content,
rich menu deployment), through `sdk_client`, with the same time limits.

Every call to LINE has a connect and a read timeout (`CONNECT_SECONDS`, `READ_SECONDS`: the one
setting, read when a client is made or a call starts): a hung
LINE must not hold a worker, a resident's row lock or the clock's jobs. What a call raises when
LINE does not answer properly is `LINE_FAILURES`."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import urllib3
from linebot.v3.messaging import ApiClient, ApiException, Configuration

from bot import metrics
from bot.line.connections import BROKEN, Connections

log = logging.getLogger(__name__)

CONNECT_SECONDS = 5.0
READ_SECONDS = 10.0
# No answer (timeout, reset, refused, broken TLS, not HTTP): from our connections or the SDK's
# urllib3 — and, from the SDK, an HTTP error status.
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (urllib3.exceptions.HTTPError, *BROKEN)
LINE_FAILURES: tuple[type[BaseException], ...] = (ApiException, *TRANSPORT_ERRORS)


class _TimedApiClient(ApiClient):
    """line-bot-sdk's client, whose calls wait CONNECT_SECONDS and READ_SECONDS at most (the
    SDK's default is to wait for ever) and are not retried by urllib3 behind our back."""

    def call_api(self, resource_path, method, *args, **kwargs):
        if kwargs.get("_request_timeout") is None:
            kwargs["_request_timeout"] = (CONNECT_SECONDS, READ_SECONDS)
        # `resource_path` is the SDK's template ("/v2/bot/profile/{userId}"): no resident in it.
        try:
            result = super().call_api(resource_path, method, *args, **kwargs)
        except ApiException as error:
            _answered(resource_path, error.status)
            raise
        except TRANSPORT_ERRORS:
            _answered(resource_path, None)
            raise
        _answered(resource_path, getattr(result, "status_code", 200))
        return result


def sdk_client(host: str, access_token: str) -> ApiClient:
    """An SDK client for the Messaging API or its content API at `host`."""
    configuration = Configuration(host=host, access_token=access_token)
    configuration.retries = False
    return _TimedApiClient(configuration)


@dataclass(frozen=True)
class Answer:
    """What LINE said to one request; `status` None when it did not answer (timeout, reset)."""

    status: int | None
    request_id: str | None = None
    message: str = ""
    retry_after: float | None = None
    data: bytes = b""  # the body of a 2xx answer

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

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

    @property
    def failure(self) -> str:
        """What went wrong, for the log: an HTTP status, or the kind of no-answer."""
        return f"HTTP {self.status}" if self.status is not None else self.message

    def json(self) -> dict:
        """The answer's JSON object ({} when it is not one)."""
        try:
            parsed = json.loads(self.data) if self.data else {}
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}


class LineHttp:
    """One connection pool to the Messaging API, shared by a process's threads: the calls made
    per event (replies, profiles, a rich menu link) and per batch (multicasts), without the SDK's
    models, which cost more CPU than the call itself."""

    def __init__(self, api_url: str, access_token: str, *, timeout: float | None = None, connections: int = 8) -> None:
        """`timeout`: the read timeout in seconds; READ_SECONDS by default."""
        read = READ_SECONDS if timeout is None else timeout
        self._pool = Connections(api_url, size=connections, connect_seconds=min(read, CONNECT_SECONDS), read_seconds=read)
        self._auth = {"Authorization": f"Bearer {access_token}"}
        self._headers = {**self._auth, "Content-Type": "application/json"}

    def post(self, path: str, body: bytes, *, retry_key: str | None = None, endpoint: str | None = None) -> Answer:
        """`endpoint`: the path as a metrics label when it holds ids (bot/metrics.py: endpoint_of)."""
        headers = dict(self._headers)
        if retry_key:
            headers["X-Line-Retry-Key"] = retry_key
        return self._call("POST", path, body, headers, endpoint)

    def post_json(self, path: str, payload: dict, *, retry_key: str | None = None) -> Answer:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        return self.post(path, body, retry_key=retry_key)

    def get(self, path: str, *, endpoint: str | None = None) -> Answer:
        return self._call("GET", path, None, self._auth, endpoint)

    def delete(self, path: str, *, endpoint: str | None = None) -> Answer:
        return self._call("DELETE", path, None, self._auth, endpoint)

    def _call(self, method: str, path: str, body: bytes | None, headers: dict, endpoint: str | None) -> Answer:
        try:
            status, answer_headers, data = self._pool.request(method, path, body, headers)
        except TRANSPORT_ERRORS as error:
            _answered(endpoint or path, None)
            return Answer(None, message=f"no answer: {type(error).__name__}")
        request_id = answer_headers.get("x-line-accepted-request-id") or answer_headers.get("x-line-request-id")
        _answered(endpoint or path, status, request_id)
        if 200 <= status < 300:  # the body is the answer, not an error to read
            return Answer(status, request_id, data=data)
        return Answer(status, request_id, _message(data), _retry_after(answer_headers))

    def close(self) -> None:
        self._pool.close()


def _answered(path: str, status: int | None, line_request_id: str | None = None) -> None:
    """Counted by endpoint and status; logged (at DEBUG) under the request id of the work it serves."""
    metrics.line_call(path, status)
    if log.isEnabledFor(logging.DEBUG):  # every reply passes here: no label built for nothing
        log.debug("LINE %s answered %s", metrics.endpoint_of(path), status if status is not None else "nothing",
                  extra={"line_request_id": line_request_id} if line_request_id else None)


def _message(data: bytes) -> str:
    """LINE's error message with its details, short enough for a ledger column."""
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

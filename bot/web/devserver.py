"""Serving the app without gunicorn: `portalbot serve` (simulator mode) and the browser tests.

The work after an answer (webhook events, a notice sent now, a follow-up) runs in the
response's close hook. werkzeug's development server drains the socket after answering and
only then closes the response; a client that resets the connection as soon as it has read the
answer (Chromium may, after a redirect) makes that drain raise, and the hook never runs: the
notice stays 予約済み until the clock's next pass. This handler's reader takes a reset for the
end of the input, so the hook always runs.
"""
from __future__ import annotations

from typing import Any

from werkzeug.serving import WSGIRequestHandler


class _ResetIsEnd:
    """The socket's reader, with a connection reset read as the end of the stream."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def read(self, *args: Any) -> bytes:
        try:
            return self._reader.read(*args)
        except ConnectionError:
            return b""

    def readline(self, *args: Any) -> bytes:
        try:
            return self._reader.readline(*args)
        except ConnectionError:
            return b""


class DevRequestHandler(WSGIRequestHandler):
    """werkzeug's handler, whose close hooks run even when the client resets the connection."""

    def setup(self) -> None:
        super().setup()
        self.rfile = _ResetIsEnd(self.rfile)


class QuietDevRequestHandler(DevRequestHandler):
    """No access log line per request (browser tests poll)."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

"""Kept-alive HTTP/1.1 connections to one host (the Messaging API), on the standard library's
`http.client`, shared by a process's threads.

Why not urllib3, as the SDK uses: every webhook event makes one call or two here, and urllib3's
pool, retry and header layers cost about as much CPU again as `http.client` itself (a reply on
loopback: 324 µs against 169 µs). What urllib3 would add is done here in a few lines: a
connection is reused only while the server keeps it open (one that LINE closed while it was
idle is noticed before the request, not by losing it), and at most `size` are open at once.
"""
from __future__ import annotations

import http.client
import queue
import select
import ssl
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlsplit

# What a connection raises when the server does not answer properly: refused, reset, timed
# out, broken TLS (OSError), or not HTTP / closed mid-answer (HTTPException).
BROKEN: tuple[type[BaseException], ...] = (OSError, http.client.HTTPException)


class Connections:
    def __init__(self, url: str, *, size: int, connect_seconds: float, read_seconds: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self._secure = parts.scheme == "https"
        self._host, self._port = parts.hostname, parts.port
        self._connect_seconds, self._read_seconds = connect_seconds, read_seconds
        self._tls = ssl.create_default_context() if self._secure else None
        self._idle: queue.LifoQueue[http.client.HTTPConnection] = queue.LifoQueue()
        self._slots = queue.Queue(maxsize=size)  # a token per connection out: at most `size`
        for _ in range(size):
            self._slots.put(None)

    def request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]
                ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send one request and read the whole answer: (status, headers, body). Raises one of
        BROKEN when there is no proper answer."""
        with self._connection() as connection:
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except BaseException:
                connection.close()  # half a request or answer: never reused
                raise
            if response.will_close:
                connection.close()
            return response.status, response.headers, data

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return

    @contextmanager
    def _connection(self) -> Iterator[http.client.HTTPConnection]:
        self._slots.get()  # waits while `size` connections are out
        try:
            connection = self._reusable() or self._new()
            try:
                yield connection
            finally:
                if connection.sock is not None:  # still open: the next request may use it
                    self._idle.put(connection)
        finally:
            self._slots.put(None)

    def _reusable(self) -> http.client.HTTPConnection | None:
        while True:
            try:
                connection = self._idle.get_nowait()
            except queue.Empty:
                return None
            if not _closed_by_server(connection):
                return connection
            connection.close()

    def _new(self) -> http.client.HTTPConnection:
        if self._secure:
            connection = http.client.HTTPSConnection(self._host, self._port, timeout=self._connect_seconds,
                                                     context=self._tls)
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self._connect_seconds)
        connection.connect()
        connection.sock.settimeout(self._read_seconds)  # connected: from now on, each read's limit
        return connection


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """An idle kept-alive connection has nothing to read; readable means the server closed it
    (or sent something unasked for): either way it cannot carry a request."""
    if connection.sock is None:
        return True
    poller = select.poll()  # not select(): it fails on descriptors above 1023
    poller.register(connection.sock, select.POLLIN)
    try:
        return bool(poller.poll(0))
    except OSError:
        return True

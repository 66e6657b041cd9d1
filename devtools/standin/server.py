"""Serve a stand-in on a loopback port in a background thread (tests, simulator, benchmarks)."""

from __future__ import annotations

import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import create_standin_app
from .state import Standin


class QuietHandler(WSGIRequestHandler):
    """No access log line per request: benchmarks send thousands."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def serve(app: Any, host: str = "127.0.0.1", port: int = 0) -> BaseWSGIServer:
    """A threaded HTTP/1.1 (keep-alive) werkzeug server for ``app``, not yet started."""
    return make_server(host, port, app, threaded=True, request_handler=QuietHandler)


class BackgroundServer:
    """A WSGI app on a loopback port in a daemon thread; a context manager. Subclasses say in
    `start()` what to serve, through `_serve_in_background`."""

    host: str
    port: int
    _server: BaseWSGIServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> "BackgroundServer":
        raise NotImplementedError

    def _serve_in_background(self, app: Any, name: str) -> BaseWSGIServer:
        self._server = serve(app, self.host, self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name=name, daemon=True)  # 0.05: quick shutdown
        self._thread.start()
        return self._server

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join()
            self._server = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class StandinServer(BackgroundServer):
    """``with StandinServer(access_token="T") as line: ...`` — ``line.url`` is the base URL for
    both api.line.me and api-data.line.me, ``line.standin`` the state to drive and inspect.
    ``options`` go to `Standin` when no ``standin`` is given."""

    def __init__(self, standin: Standin | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 **options: Any) -> None:
        self.app = create_standin_app(standin, **options)
        self.standin: Standin = self.app.standin
        self.host, self.port = host, port

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the stand-in server is not running")
        return f"http://{self.host}:{self._server.server_port}"

    def start(self) -> "StandinServer":
        self._serve_in_background(self.app, "line-standin")
        return self

"""The development server runs the work after an answer even when the client resets the
connection as soon as it has read the answer (as Chromium may after a redirect, and as the
stand-in's webhook sender does): a notice sent from the console must not stay 予約済み."""
from __future__ import annotations

import socket
import struct
import threading

import pytest
from flask import Flask, make_response
from werkzeug.serving import make_server

from bot.web.devserver import QuietDevRequestHandler


@pytest.fixture
def after_answer():
    """An app whose one route answers 302 and sets an event in its close hook, served on loopback."""
    done = threading.Event()
    app = Flask(__name__)

    @app.post("/send")
    def send():
        response = make_response("", 302)
        response.headers["Location"] = "/sent"
        response.call_on_close(done.set)
        return response

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietDevRequestHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_port, done
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def post_then_reset(port: int) -> bytes:
    """POST, read the answer, and close with a reset (SO_LINGER 0) instead of a FIN."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(b"POST /send HTTP/1.1\r\nHost: portal\r\nContent-Length: 0\r\n\r\n")
        answer = client.recv(4096)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return answer


def test_the_close_hook_runs_when_the_client_resets_after_reading_the_answer(after_answer):
    port, done = after_answer
    for _ in range(10):  # werkzeug's own handler runs it 0 times in 10
        done.clear()
        assert post_then_reset(port).startswith(b"HTTP/1.1 302")
        assert done.wait(5), "the work after the answer did not run"

"""Kept-alive connections to LINE: reused while the server keeps them open, and a connection
the server closed while it was idle never costs an answer."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.line.connections import BROKEN, Connections


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.clients: list[int] = []  # the client port of each request: one per connection
        self.close_after_answer = False  # hang up once answered, saying nothing (an idle timeout)
        self.say_close = False  # answer with Connection: close


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        server.clients.append(self.client_address[1])
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Line-Request-Id", "req-1")
        if server.say_close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if server.close_after_answer:
            self.close_connection = True

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def connections(server):
    """At most two connections to the server."""
    connections = Connections(f"http://127.0.0.1:{server.server_address[1]}", size=2, connect_seconds=2, read_seconds=2)
    yield connections
    connections.close()


def post(connections: Connections) -> int:
    status, headers, data = connections.request("POST", "/v2/bot/message/reply", b"{}", {"Content-Type": "application/json"})
    assert data == b'{"ok":true}' and headers.get("x-line-request-id") == "req-1"
    return status


def test_one_connection_carries_request_after_request(server, connections):
    assert [post(connections) for _ in range(3)] == [200, 200, 200]
    assert len(set(server.clients)) == 1


def test_a_connection_the_server_closed_while_idle_is_replaced_before_the_request(server, connections):
    server.close_after_answer = True
    assert post(connections) == 200
    time.sleep(0.1)  # the server's close has arrived
    assert post(connections) == 200
    assert len(set(server.clients)) == 2


def test_an_answer_saying_connection_close_is_the_connections_last(server, connections):
    server.say_close = True
    assert [post(connections) for _ in range(2)] == [200, 200]
    assert len(set(server.clients)) == 2


def test_at_most_size_connections_are_open_at_once(server, connections):
    threads = [threading.Thread(target=post, args=(connections,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.clients) == 8 and len(set(server.clients)) <= 2


def test_nobody_listening_is_no_answer():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    connections = Connections(f"http://127.0.0.1:{port}", size=1, connect_seconds=1, read_seconds=1)
    with pytest.raises(BROKEN):
        connections.request("POST", "/v2/bot/message/reply", b"{}", {})
    with pytest.raises(BROKEN):  # and the slot came back: the next call tries again
        connections.request("POST", "/v2/bot/message/reply", b"{}", {})


def test_only_http_urls():
    with pytest.raises(ValueError):
        Connections("ftp://example.org", size=1, connect_seconds=1, read_seconds=1)

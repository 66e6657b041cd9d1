"""A LINE that does not answer properly, on a loopback port: one that hangs (reads the request,
never answers) and one that resets the connection once it has the request."""
from __future__ import annotations

import socket
import struct
import threading
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def broken_line(behaviour: str) -> Iterator[str]:
    """The base URL of a server that `hangs` or `resets` every request; closed afterwards."""
    assert behaviour in ("hangs", "resets")
    listener = socket.create_server(("127.0.0.1", 0))
    stopping = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        listener.settimeout(0.05)
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(2)
            try:
                connection.recv(65536)  # the request line and headers: LINE got the request
            except OSError:
                pass
            if behaviour == "resets":
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.close()  # RST, no answer
            else:
                held.append(connection)  # never answered, never closed while the test runs

    thread = threading.Thread(target=serve, name=f"line-{behaviour}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        thread.join()
        listener.close()
        for connection in held:
            connection.close()

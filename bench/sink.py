"""A loopback HTTP/1.1 server (keep-alive, asyncio) that answers at once: the benchmarks'
stand-in for LINE's sending endpoints, so the figures are the bot's, not a server's."""
from __future__ import annotations

import asyncio
import uuid
from typing import Callable

REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 409: "Conflict"}
Handler = Callable[[bytes, bytes, dict[bytes, bytes], bytes], bytes]


def answer(status: int, body: bytes = b"{}", extra: str = "") -> bytes:
    """A whole JSON response, with a request id as LINE's carry; `extra`: more header lines."""
    return (f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"X-Line-Request-Id: {uuid.uuid4()}\r\n{extra}\r\n").encode() + body


def serve(port: int, handle: Handler) -> None:
    """Answer every request with `handle(method, path, headers, body)` until killed."""

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.split(b"\r\n")
                method, path, _ = lines[0].split(b" ", 2)
                headers = {}
                for line in lines[1:]:
                    if line:
                        name, _, value = line.partition(b":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get(b"content-length", b"0")))
                writer.write(handle(method, path, headers, body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(connection, "127.0.0.1", port, backlog=256)
        print(f"sink on http://127.0.0.1:{port}", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())

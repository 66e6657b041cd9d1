"""Image dimensions from PNG/JPEG headers, so rich-menu uploads can be checked without Pillow."""

from __future__ import annotations

import struct

from bot.chat.images import PNG_SIGNATURE, sniff


def image_size(data: bytes, content_type: str) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG, or None when the bytes are not that format (read from
    the headers by the bot's own `sniff`)."""
    image = sniff(data)
    if image is None or image.content_type != content_type:
        return None
    return image.width, image.height


def png_bytes(width: int, height: int) -> bytes:
    """A minimal valid PNG header+IHDR of the given size (for tests and demo menus)."""
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    idat = zlib.compress(row * height, 9)
    return PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")

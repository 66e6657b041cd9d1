"""What an image really is, read from its bytes (never from a client-given content type).

Only JPEG and PNG are recognised, with their dimensions from the headers: enough to check a
resident's icon without an imaging library.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Start-of-frame markers carry the dimensions (all SOFn except DHT, JPG and DAC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class ImageInfo:
    content_type: str  # image/jpeg or image/png
    width: int
    height: int


def sniff(data: bytes) -> ImageInfo | None:
    """The image's format and size, or None when the bytes are not a JPEG or PNG."""
    if data.startswith(PNG_SIGNATURE):
        size = _png_size(data)
        return ImageInfo("image/png", *size) if size else None
    if data.startswith(b"\xff\xd8\xff"):
        size = _jpeg_size(data)
        return ImageInfo("image/jpeg", *size) if size else None
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    # The IHDR chunk always comes first: signature, length, b"IHDR", width, height.
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF:
            if pos + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return (width, height) if width and height else None
        pos += 2 + length
    return None

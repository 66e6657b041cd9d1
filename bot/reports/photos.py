"""A report's photo: checked, decoded safely, and re-encoded without EXIF (GPS, camera).

LINE delivers what residents send as JPEG (HEIC from iPhones included) or PNG, up to 10 MB.
The bytes are never trusted: the format is what Pillow reads, the pixel count is checked from
the header before anything is decoded (a small file can claim a huge image), and the photo is
stored re-encoded from its pixels, so no metadata of the original survives. The EXIF
orientation is applied first, so the photo stays upright without it.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.chat import texts
from bot.chat.images import sniff

MAX_BYTES = 10 * 1024 * 1024  # LINE's own limit on a sent image
MAX_PIXELS = 50_000_000  # more than any phone camera takes; a decompression bomb claims more
MAX_SIDE = 4096  # stored photos are scaled down to this: enough to see a pothole
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str
    width: int
    height: int


class PhotoRefused(ValueError):
    """Why the bytes cannot be a report photo (a message for the resident)."""


def clean_photo(data: bytes) -> Photo:
    """The photo as stored: decoded within limits, upright, scaled down, no metadata."""
    if len(data) > MAX_BYTES:
        raise PhotoRefused(texts.REPORT_PHOTO_TOO_LARGE.format(size=f"{len(data) / (1024 * 1024):.1f}MB"))
    claimed = sniff(data)  # the header's own word, read before Pillow is given the bytes
    if claimed and claimed.width * claimed.height > MAX_PIXELS:
        raise PhotoRefused(texts.REPORT_PHOTO_TOO_MANY_PIXELS.format(width=claimed.width, height=claimed.height))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise PhotoRefused(texts.REPORT_PHOTO_NOT_AN_IMAGE)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(texts.REPORT_PHOTO_TOO_MANY_PIXELS.format(width=image.width, height=image.height))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError) as error:
        if isinstance(error, PhotoRefused):
            raise
        raise PhotoRefused(texts.REPORT_PHOTO_NOT_AN_IMAGE) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    return _encode(upright, image.format)


def _encode(image: Image.Image, source_format: str) -> Photo:
    out = io.BytesIO()
    if source_format == "PNG":
        image.save(out, "PNG", optimize=True)  # no pnginfo, no exif: text chunks are dropped
    else:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=85, optimize=True)  # no exif=, no icc_profile=: none kept
    return Photo(out.getvalue(), FORMATS[source_format], image.width, image.height)

"""A report photo is stored without EXIF (no GPS, no camera), upright, and only when it is a
real JPEG or PNG within LINE's 10 MB and a sane pixel count (no decompression bomb)."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from bot.chat import texts
from bot.reports.photos import MAX_BYTES, MAX_SIDE, PhotoRefused, clean_photo
from tests.reports.support import GPS_IFD, exif_of, phone_photo


@pytest.mark.parametrize("fmt, content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_gps_and_camera_data_are_removed(fmt, content_type):
    sent = phone_photo(fmt=fmt)
    assert exif_of(sent)["gps:2"] == (34.0, 23.0, 45.5)  # the phone wrote where it was
    photo = clean_photo(sent)
    assert photo.content_type == content_type
    assert exif_of(photo.data) == {}
    assert b"iPhone" not in photo.data and b"Exif" not in photo.data
    with Image.open(io.BytesIO(photo.data)) as stored:
        assert stored.size == (640, 480) and stored.format == fmt
        assert GPS_IFD not in stored.getexif()


def test_a_photo_taken_sideways_is_stored_upright():
    photo = clean_photo(phone_photo(640, 480, orientation=6))  # 6: rotate 90° clockwise to view
    assert (photo.width, photo.height) == (480, 640)
    assert exif_of(photo.data) == {}


def test_a_very_large_photo_is_scaled_down():
    photo = clean_photo(phone_photo(6000, 1000))
    assert (photo.width, photo.height) == (MAX_SIDE, 683)


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG header claiming a huge image (the pixels would take gigabytes)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xff\xd8\xff" + b"\x00" * (MAX_BYTES - 2), "写真が大きすぎます（10.0MB）"),
        (bomb_png(60_000, 60_000), "写真の画素数が大きすぎます（60000×60000）"),
        (bomb_png(8000, 7000), "写真の画素数が大きすぎます（8000×7000）"),
        (b"GIF89a" + b"\x00" * 100, texts.REPORT_PHOTO_NOT_AN_IMAGE),
        (b"%PDF-1.7 not a photo", texts.REPORT_PHOTO_NOT_AN_IMAGE),
        (phone_photo()[:300], texts.REPORT_PHOTO_NOT_AN_IMAGE),  # cut short in transit
        (b"", texts.REPORT_PHOTO_NOT_AN_IMAGE),
    ],
)
def test_what_cannot_be_a_photo_is_refused_with_the_reason(data, reason):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(data)
    assert reason in str(refused.value)


def test_a_gif_saved_as_jpeg_by_name_is_still_a_gif():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(PhotoRefused):
        clean_photo(out.getvalue())

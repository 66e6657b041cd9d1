"""Photos as phones send them (with EXIF GPS and camera data), and a resident's chat whose
sent images LINE's content API would return."""
from __future__ import annotations

import io

from PIL import Image

from bot.chat import texts
from tests.portal.support import last_words
from tests.support.chat import Chat, FakeProfiles

# Where the photo was taken, as a phone writes it: 34°23'N 132°27'E (Hiroshima, 中区).
GPS = {1: "N", 2: (34.0, 23.0, 45.5), 3: "E", 4: (132.0, 27.0, 10.25)}
GPS_IFD = 0x8825
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112


def phone_photo(width: int = 640, height: int = 480, *, fmt: str = "JPEG", orientation: int = 1) -> bytes:
    """A photo with the EXIF a phone adds: GPS position, camera make and model, orientation."""
    image = Image.new("RGB", (width, height), (200, 60, 40))
    image.paste((30, 30, 200), (0, 0, width // 2, height // 3))  # a corner to see which way is up
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Apple", "iPhone 15", orientation
    exif.get_ifd(GPS_IFD).update(GPS)
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {**dict(exif), **{f"gps:{k}": v for k, v in exif.get_ifd(GPS_IFD).items()}}


class PhotoServices(FakeProfiles):
    """The LINE side for flow tests: sent images by message id (None: LINE no longer has it)."""

    def __init__(self) -> None:
        super().__init__()
        self.content: dict[str, bytes] = {}

    def download_content(self, message_id: str) -> bytes | None:
        return self.content.get(message_id)


def reporting_chat(engine, line_user_id: str = "U" + "2" * 32) -> tuple[Chat, PhotoServices]:
    chat = Chat(engine, line_user_id)
    chat.services = services = PhotoServices()
    chat.follow()
    return chat, services


def report(console, user: str, *, photo: bytes | None = None, category: str = "道路・歩道") -> str:
    """まちの通報 from the main menu to 送信する, as the resident taps and sends."""
    console.tap(user, texts.REPORT)
    console.tap(user, category)
    if photo is not None:
        console.line.image(user, photo, "image/jpeg")
    else:
        console.tap(user, texts.NO_PHOTO)
    console.line.location(user, 34.3957, 132.4536, title="基町", address="日本、〒730-0011 広島県広島市中区基町６−７８")
    console.line.text(user, "歩道の舗装に深い穴があります")
    console.tap(user, texts.SEND_REPORT)
    return last_words(console, user)


def pushes_to(console, user: str) -> list[str]:
    return [entry["message"]["text"] for entry in console.line.timeline(user) if entry["via"] == "push"]

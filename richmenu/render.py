"""Draw the rich menu images from their definitions, for the city the bot serves.

`portalbot richmenu deploy` draws each `<key>.json`'s image here at deploy time (the header
names the imported city: 金沢市の市民ポータル with Kanazawa's data), so no image is committed
per city. To look at them without deploying:

    apt-get install -y fonts-noto-cjk                            # the CJK font (Debian/Ubuntu)
    .venv/bin/python richmenu/render.py [--language en] [key…]   # writes /tmp/richmenu-<key>.png

Every tappable area of a definition is drawn as a tile: a pictogram drawn with Pillow shapes and
the area's label (the words the resident would type). A menu of another language is drawn from
the same (Japanese) definition: the pictograms are chosen by the Japanese labels, every word is
shown through `say` (the bot's catalogues), in the face of Noto Sans CJK that writes the language
as its readers expect (Chinese and Korean forms of shared characters), and a word too long for
its place is made smaller or put on two lines. `richmenuswitch` areas along the top are
drawn as a tab bar, the tab pointing at the menu itself shown as the current one. A definition
whose top band has no area gets a header with the portal's name (from the city configuration).
Images are drawn at twice the size and scaled down (each pixel the mean of four: smooth edges, and
ten times quicker than a Lanczos filter — a deploy draws a menu per language); each must stay
under 1 MB.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:  # pragma: no cover - a message for operators
    sys.exit("Pillow is needed: .venv/bin/pip install -e '.[richmenu]'")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bot.city import load_city  # noqa: E402
from bot.chat.language import LANGUAGES, translate  # noqa: E402

FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk"), Path("/usr/local/share/fonts")]
SCALE = 2  # drawn at twice the size, then scaled down
MAX_BYTES = 1024 * 1024

# Colours: a calm civic palette.
BACKGROUND = "#EEF2F6"
TILE = "#FFFFFF"
INK = "#1F2A37"
MUTED = "#6B7785"
BLUE = "#1F6FB2"
GREEN = "#2E9A68"
ORANGE = "#E07B2F"
PURPLE = "#6A55B5"
TEAL = "#138A8A"
GREY = "#7A8794"
RED = "#D0533F"

# label → (pictogram, colour). Labels are the SPEC's; a new label needs an entry here.
STYLE = {
    "ログイン/新規登録": ("person_plus", ORANGE),
    "マイページ": ("person", BLUE),
    "デジタル郵便受け": ("envelope", PURPLE),
    "オンライン申請": ("form", TEAL),
    "設定": ("gear", GREY),
    "ヘルプ": ("question", GREY),
    "ごみ収集日": ("calendar", GREEN),
    "今日のごみ": ("calendar_today", GREEN),
    "明日のごみ": ("calendar_tomorrow", GREEN),
    "ごみの捨て方": ("bin", GREEN),
    "ごみ収集地域": ("pin", RED),
    "ごみ収集通知": ("bell", ORANGE),
    "まちの通報": ("pin", BLUE),
    "避難場所": ("house", RED),
    "災害情報": ("bell", RED),
}
SUBTITLES = {"ログイン/新規登録": "マイページを作成して、もっと便利に"}
HEADER = "{city}の市民ポータル"
TODAY, TOMORROW = "今日", "明日"  # on the calendar pictograms

# The faces of the Noto Sans CJK collections (.ttc): each covers Japanese, Chinese, Korean and
# Latin; they differ in the forms of the characters the languages share.
FACES = {"JP": 0, "KR": 1, "SC": 2, "TC": 3}
FACE_OF_LANGUAGE = {"zh": "SC", "ko": "KR"}  # the others: JP


class FontMissing(RuntimeError):
    """The CJK font is not installed."""


def font(size: int, bold: bool = True, face: str = "JP") -> ImageFont.FreeTypeFont:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return ImageFont.truetype(str(directory / name), size * SCALE, index=FACES[face])
    raise FontMissing(
        f"The CJK font {name} was not found in {', '.join(map(str, FONT_DIRS))}. "
        "Install it from Debian/Ubuntu: apt-get install -y fonts-noto-cjk (scripts/ensure-services does)"
    )


@dataclass(frozen=True)
class Lettering:
    """The words of one language: `say` turns a Japanese text into it, `face` writes it."""

    say: Callable[[str], str] = str
    face: str = "JP"

    @classmethod
    def of(cls, language: str) -> "Lettering":
        return cls(lambda text: translate(text, language), FACE_OF_LANGUAGE.get(language, "JP"))

    def font(self, size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
        return font(size, bold, self.face)

    def fit(self, draw: ImageDraw.ImageDraw, text: str, width: float, size: int, smallest: int,
            bold: bool = True) -> tuple[ImageFont.FreeTypeFont, list[str]]:
        """The largest font (from `size` down to `smallest`) that fits `text` within `width`: on one
        line at up to a quarter smaller, then on two, then on one at any size down to `smallest`."""
        sizes = range(size, smallest - 1, -4)
        one_line = [(n, [text]) for n in sizes]
        two_lines = [(n, lines) for n in sizes for lines in _two_lines(text)]
        for n, lines in [*(c for c in one_line if c[0] >= size * 0.75), *two_lines, *one_line]:
            chosen = self.font(n, bold)
            if all(draw.textlength(line, font=chosen) <= s(width) for line in lines):
                return chosen, lines
        return self.font(smallest, bold), (two_lines[-1][1] if two_lines else [text])


def _two_lines(text: str) -> list[list[str]]:
    """Ways to break `text` in two, most even first: at a space, or between any two characters
    of a text with no space and no Latin letter (Chinese, Japanese)."""
    words = text.split(" ")
    if len(words) > 1:
        splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    elif not any("a" <= c.lower() <= "z" for c in text) and len(text) > 1:
        splits = [[text[:i], text[i:]] for i in range(1, len(text))]
    else:
        return []
    return sorted(splits, key=lambda lines: abs(len(lines[0]) - len(lines[1])))


def draw_lines(draw: ImageDraw.ImageDraw, x: float, y: float, lines: list[str], text_font, fill: str,
               horizontal: str = "m") -> float:
    """`lines` one under the other, the block's middle at y (`horizontal`: l, m or r of x);
    returns the block's height."""
    height = text_font.size / SCALE * 1.18
    top = y - height * len(lines) / 2
    for index, line in enumerate(lines):
        draw.text((s(x), s(top + height * (index + 0.5))), line, font=text_font, fill=fill, anchor=horizontal + "m")
    return height * len(lines)


def png_bytes(definition: dict, key: str, portal_name: str, city_name: str, lettering: Lettering = Lettering()) -> bytes:
    """The menu's image as PNG, under LINE's 1 MB (fewer colours if need be)."""
    image = render(definition, key, portal_name, city_name, lettering)
    out = io.BytesIO()
    image.save(out, format="PNG")  # optimize=True: twice the time for 1 % fewer bytes
    if out.tell() >= MAX_BYTES:
        out = io.BytesIO()
        image.convert("P", palette=Image.ADAPTIVE, colors=128).save(out, format="PNG", optimize=True)
    if out.tell() >= MAX_BYTES:
        raise ValueError(f"{key}: {out.tell()} bytes; LINE accepts rich menu images under 1 MB")
    return out.getvalue()


def render(definition: dict, key: str, portal_name: str, city_name: str, lettering: Lettering = Lettering()) -> Image.Image:
    width, height = definition["size"]["width"], definition["size"]["height"]
    image = Image.new("RGB", (width * SCALE, height * SCALE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    areas = definition["areas"]
    tabs = [a for a in areas if a["action"]["type"] == "richmenuswitch"]
    tiles = [a for a in areas if a["action"]["type"] != "richmenuswitch"]
    top = min(a["bounds"]["y"] for a in tiles)
    if tabs:
        draw_tabs(draw, tabs, key, width, top, lettering)
    elif top > 0:
        draw_header(draw, width, top, portal_name, city_name, lettering)
    for area in tiles:
        draw_tile(draw, area, lettering)
    return image.reduce(SCALE)


def s(value: float) -> int:
    return int(round(value * SCALE))


def draw_header(draw: ImageDraw.ImageDraw, width: int, height: int, portal_name: str, city_name: str,
                lettering: Lettering) -> None:
    draw.rectangle((0, 0, s(width), s(height)), fill=BLUE)
    # A small emblem: a house in a circle.
    cx, cy, r = 150, height / 2, 80
    draw.ellipse((s(cx - r), s(cy - r), s(cx + r), s(cy + r)), fill="#FFFFFF")
    house(draw, cx, cy + 6, 46, BLUE)
    name_font = lettering.font(100)
    draw.text((s(270), s(height / 2)), portal_name, font=name_font, fill="#FFFFFF", anchor="lm")
    sub = lettering.say(HEADER).format(city=city_name)
    room = width - 60 - (270 + draw.textlength(portal_name, font=name_font) / SCALE + 60)
    sub_font, lines = lettering.fit(draw, sub, room, 58, 36, bold=False)
    draw_lines(draw, width - 60, height / 2, lines, sub_font, "#D6E6F5", horizontal="r")


def draw_tabs(draw: ImageDraw.ImageDraw, tabs: list[dict], key: str, width: int, height: int,
              lettering: Lettering) -> None:
    draw.rectangle((0, 0, s(width), s(height)), fill="#DCE3EA")
    for tab in tabs:
        b = tab["bounds"]
        current = tab["action"]["richMenuAliasId"] == f"portalbot-{key}"
        box = (s(b["x"]), s(b["y"]), s(b["x"] + b["width"]), s(b["y"] + b["height"]))
        if current:
            draw.rectangle(box, fill=TILE)
            draw.rectangle((box[0], box[3] - s(18), box[2], box[3]), fill=BLUE)
        colour = BLUE if current else MUTED
        label = lettering.say(tab["action"]["label"])
        icon = "house" if "garbage" not in tab["action"]["richMenuAliasId"] else "bin_small"
        cx, cy = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2 - 4
        text_font, _ = lettering.fit(draw, label, b["width"] - 260, 88, 56)
        text_width = draw.textlength(label, font=text_font) / SCALE
        icon_x = cx - text_width / 2 - 70
        if icon == "house":
            house(draw, icon_x, cy, 50, colour)
        else:
            bin_shape(draw, icon_x, cy, 48, colour)
        draw.text((s(icon_x + 70), s(cy)), label, font=text_font, fill=colour if current else "#55616D", anchor="lm")
    # separators between tabs
    for tab in tabs[1:]:
        x = tab["bounds"]["x"]
        draw.line((s(x), s(40), s(x), s(height - 40)), fill="#C3CCD5", width=s(4))


def draw_tile(draw: ImageDraw.ImageDraw, area: dict, lettering: Lettering) -> None:
    b = area["bounds"]
    pictogram, colour = STYLE[area["action"]["label"]]
    label = lettering.say(area["action"]["label"])
    gap = 14
    x0, y0, x1, y1 = b["x"] + gap, b["y"] + gap, b["x"] + b["width"] - gap, b["y"] + b["height"] - gap
    draw.rounded_rectangle((s(x0), s(y0), s(x1), s(y1)), radius=s(36), fill=TILE)
    wide = b["width"] > 1200
    if wide:
        # Icon on the left, large label and a line of explanation on the right.
        cx, cy, r = x0 + 250, (y0 + y1) / 2, 170
        draw.ellipse((s(cx - r), s(cy - r), s(cx + r), s(cy + r)), fill=colour)
        PICTOGRAMS[pictogram](draw, cx, cy, r * 0.58, "#FFFFFF", lettering)
        tx, room = cx + r + 80, x1 - 50 - (cx + r + 80)
        label_font, label_lines = lettering.fit(draw, label, room, 110, 64)
        subtitle = SUBTITLES.get(area["action"]["label"])
        if not subtitle:
            draw_lines(draw, tx, cy, label_lines, label_font, INK, horizontal="l")
            return
        sub_font, sub_lines = lettering.fit(draw, lettering.say(subtitle), room, 62, 40, bold=False)
        label_height = label_font.size / SCALE * 1.18 * len(label_lines)
        sub_height = sub_font.size / SCALE * 1.18 * len(sub_lines)
        top = cy - (label_height + 20 + sub_height) / 2
        draw_lines(draw, tx, top + label_height / 2, label_lines, label_font, INK, horizontal="l")
        draw_lines(draw, tx, top + label_height + 20 + sub_height / 2, sub_lines, sub_font, MUTED, horizontal="l")
        return
    # The circle and the label, as one block centred in the tile.
    r, gap = 165, 70
    size = 88 if len(label) <= 7 else 80
    text_font, lines = lettering.fit(draw, label, x1 - x0 - 60, size, 52)
    text_height = text_font.size / SCALE * 1.18 * len(lines)
    top = (y0 + y1) / 2 - (2 * r + gap + text_height) / 2
    cx, cy = (x0 + x1) / 2, top + r
    draw.ellipse((s(cx - r), s(cy - r), s(cx + r), s(cy + r)), fill=colour)
    PICTOGRAMS[pictogram](draw, cx, cy, r * 0.58, "#FFFFFF", lettering)
    draw_lines(draw, cx, cy + r + gap + text_height / 2, lines, text_font, INK)


# --- pictograms: drawn around (cx, cy) within radius r --------------------------------------------


def person(draw, cx, cy, r, colour, lettering=None):
    head = r * 0.42
    draw.ellipse((s(cx - head), s(cy - r), s(cx + head), s(cy - r + 2 * head)), fill=colour)
    body_top = cy - r + 2 * head + r * 0.12
    draw.rounded_rectangle((s(cx - r * 0.78), s(body_top), s(cx + r * 0.78), s(cy + r * 1.05)), radius=s(r * 0.55), fill=colour)


def person_plus(draw, cx, cy, r, colour, lettering=None):
    person(draw, cx - r * 0.18, cy, r * 0.92, colour)
    px, py, pr = cx + r * 0.72, cy + r * 0.5, r * 0.42
    draw.ellipse((s(px - pr), s(py - pr), s(px + pr), s(py + pr)), fill=colour)
    bar = pr * 0.22
    plus = ORANGE
    draw.rectangle((s(px - pr * 0.6), s(py - bar), s(px + pr * 0.6), s(py + bar)), fill=plus)
    draw.rectangle((s(px - bar), s(py - pr * 0.6), s(px + bar), s(py + pr * 0.6)), fill=plus)


def envelope(draw, cx, cy, r, colour, lettering=None):
    w, h = r * 1.05, r * 0.72
    box = (s(cx - w), s(cy - h), s(cx + w), s(cy + h))
    draw.rounded_rectangle(box, radius=s(r * 0.12), fill=colour)
    line = s(r * 0.11)
    draw.line((s(cx - w + r * 0.1), s(cy - h + r * 0.12), s(cx), s(cy + r * 0.12), s(cx + w - r * 0.1), s(cy - h + r * 0.12)),
              fill=PURPLE, width=line, joint="curve")


def form(draw, cx, cy, r, colour, lettering=None):
    w, h = r * 0.78, r * 1.02
    draw.rounded_rectangle((s(cx - w), s(cy - h), s(cx + w), s(cy + h)), radius=s(r * 0.12), fill=colour)
    for i, length in enumerate((1.0, 1.0, 0.6)):
        y = cy - h * 0.55 + i * r * 0.42
        draw.rounded_rectangle((s(cx - w * 0.68), s(y - r * 0.06), s(cx - w * 0.68 + 2 * w * 0.68 * length), s(y + r * 0.06)),
                               radius=s(r * 0.06), fill=TEAL)
    # a check mark at the bottom right
    draw.line((s(cx + w * 0.05), s(cy + h * 0.62), s(cx + w * 0.3), s(cy + h * 0.82), s(cx + w * 0.72), s(cy + h * 0.3)),
              fill=TEAL, width=s(r * 0.13), joint="curve")


def gear(draw, cx, cy, r, colour, lettering=None):
    teeth = 8
    for i in range(teeth):
        angle = 2 * math.pi * i / teeth
        points = []
        for da, radius in ((-0.26, 0.62), (-0.19, 1.0), (0.19, 1.0), (0.26, 0.62)):
            points.append((s(cx + radius * r * math.cos(angle + da)), s(cy + radius * r * math.sin(angle + da))))
        draw.polygon(points, fill=colour)
    ring = r * 0.8
    draw.ellipse((s(cx - ring), s(cy - ring), s(cx + ring), s(cy + ring)), fill=colour)
    hole = r * 0.34
    draw.ellipse((s(cx - hole), s(cy - hole), s(cx + hole), s(cy + hole)), fill=GREY)


def question(draw, cx, cy, r, colour, lettering=None):
    draw.text((s(cx), s(cy + r * 0.05)), "?", font=font(int(r * 2.1)), fill=colour, anchor="mm")


def calendar(draw, cx, cy, r, colour, lettering=None, text=None):
    w, h = r * 1.0, r * 0.9
    top = cy - h + r * 0.12
    draw.rounded_rectangle((s(cx - w), s(top), s(cx + w), s(cy + h + r * 0.12)), radius=s(r * 0.14), fill=colour)
    draw.rectangle((s(cx - w), s(top + r * 0.34), s(cx + w), s(top + r * 0.42)), fill=GREEN)
    for dx in (-0.5, 0.5):
        draw.rounded_rectangle((s(cx + dx * w - r * 0.08), s(top - r * 0.2), s(cx + dx * w + r * 0.08), s(top + r * 0.18)),
                               radius=s(r * 0.08), fill=colour)
    if text:
        lettering = lettering or Lettering()
        shown = lettering.say(text)
        text_font, _ = lettering.fit(draw, shown, w * 1.8, int(r * 0.72), int(r * 0.3))
        draw.text((s(cx), s(cy + r * 0.3)), shown, font=text_font, fill=GREEN, anchor="mm")
        return
    for row in range(2):
        for col in range(3):
            x = cx - w * 0.55 + col * w * 0.55
            y = cy + r * 0.08 + row * r * 0.42
            d = r * 0.12
            draw.rounded_rectangle((s(x - d), s(y - d), s(x + d), s(y + d)), radius=s(d * 0.3), fill=GREEN)


def calendar_today(draw, cx, cy, r, colour, lettering=None):
    calendar(draw, cx, cy, r, colour, lettering, text=TODAY)


def calendar_tomorrow(draw, cx, cy, r, colour, lettering=None):
    calendar(draw, cx, cy, r, colour, lettering, text=TOMORROW)


def bin_shape(draw, cx, cy, r, colour, background=None):
    top = cy - r * 0.62
    draw.polygon([(s(cx - r * 0.72), s(top)), (s(cx + r * 0.72), s(top)), (s(cx + r * 0.56), s(cy + r)), (s(cx - r * 0.56), s(cy + r))], fill=colour)
    draw.rounded_rectangle((s(cx - r * 0.92), s(top - r * 0.3), s(cx + r * 0.92), s(top - r * 0.08)), radius=s(r * 0.08), fill=colour)
    draw.rounded_rectangle((s(cx - r * 0.26), s(top - r * 0.48), s(cx + r * 0.26), s(top - r * 0.22)), radius=s(r * 0.08), fill=colour)
    if background:
        for dx in (-0.3, 0, 0.3):
            draw.line((s(cx + dx * r), s(top + r * 0.22), s(cx + dx * r * 0.85), s(cy + r * 0.75)), fill=background, width=s(r * 0.1))


def bin_tile(draw, cx, cy, r, colour, lettering=None):
    bin_shape(draw, cx, cy, r, colour, background=GREEN)


def pin(draw, cx, cy, r, colour, lettering=None):
    head = r * 0.68
    hy = cy - r * 0.3
    draw.ellipse((s(cx - head), s(hy - head), s(cx + head), s(hy + head)), fill=colour)
    draw.polygon([(s(cx - head * 0.8), s(hy + head * 0.55)), (s(cx + head * 0.8), s(hy + head * 0.55)), (s(cx), s(cy + r * 1.05))], fill=colour)
    hole = head * 0.42
    draw.ellipse((s(cx - hole), s(hy - hole), s(cx + hole), s(hy + hole)), fill=RED)


def bell(draw, cx, cy, r, colour, lettering=None):
    dome = r * 0.72
    top = cy - r * 0.8
    draw.ellipse((s(cx - dome), s(top), s(cx + dome), s(top + 2 * dome)), fill=colour)
    draw.polygon([(s(cx - dome), s(top + dome)), (s(cx + dome), s(top + dome)), (s(cx + r), s(cy + r * 0.55)), (s(cx - r), s(cy + r * 0.55))], fill=colour)
    draw.rounded_rectangle((s(cx - r * 1.02), s(cy + r * 0.42), s(cx + r * 1.02), s(cy + r * 0.62)), radius=s(r * 0.1), fill=colour)
    clapper = r * 0.2
    draw.ellipse((s(cx - clapper), s(cy + r * 0.68), s(cx + clapper), s(cy + r * 0.68 + 2 * clapper)), fill=colour)
    knob = r * 0.13
    draw.ellipse((s(cx - knob), s(top - knob * 1.2), s(cx + knob), s(top + knob * 0.8)), fill=colour)


def house(draw, cx, cy, r, colour, lettering=None):
    draw.polygon([(s(cx), s(cy - r)), (s(cx + r), s(cy - r * 0.05)), (s(cx - r), s(cy - r * 0.05))], fill=colour)
    draw.rectangle((s(cx - r * 0.7), s(cy - r * 0.1), s(cx + r * 0.7), s(cy + r * 0.85)), fill=colour)


PICTOGRAMS = {
    "person": person,
    "person_plus": person_plus,
    "envelope": envelope,
    "form": form,
    "gear": gear,
    "question": question,
    "calendar": calendar,
    "calendar_today": calendar_today,
    "calendar_tomorrow": calendar_tomorrow,
    "bin": bin_tile,
    "pin": pin,
    "bell": bell,
    "house": house,
}


def main() -> None:
    """Draw every definition, or only those named (`render.py disaster`), into /tmp to look at."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--language", choices=list(LANGUAGES), default="ja")
    parser.add_argument("keys", nargs="*")
    arguments = parser.parse_args()
    city = load_city()
    for path in sorted(HERE.glob("*.json")):
        if arguments.keys and path.stem not in arguments.keys:
            continue
        definition = json.loads(path.read_text(encoding="utf-8"))
        try:
            data = png_bytes(definition, path.stem, city.portal_name, city.city_name, Lettering.of(arguments.language))
        except FontMissing as error:
            sys.exit(str(error))
        suffix = "" if arguments.language == "ja" else f"@{arguments.language}"
        out = Path("/tmp") / f"richmenu-{path.stem}{suffix}.png"
        out.write_bytes(data)
        print(f"{out}: {len(data) // 1024} KB")


if __name__ == "__main__":
    main()

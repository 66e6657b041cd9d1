"""What the bot says, as plain objects. Flows build these; bot/line/render.py turns them into
LINE messages. Nothing here knows about the LINE SDK."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Action:
    """What a tap means: a flow, one of its actions, and an optional argument."""

    flow: str
    name: str
    arg: str = ""


@dataclass(frozen=True)
class TimePick:
    """A datetimepicker in time mode; the chosen time comes back as `params.time`."""

    initial: str  # "HH:MM"


# Quick replies that open LINE's own pickers; what the resident picks arrives as a message.
CAMERA, CAMERA_ROLL, LOCATION = "camera", "cameraRoll", "location"


@dataclass(frozen=True)
class Button:
    """A button or quick reply: a postback `action`, a link `uri`, a `time_pick`, or a `picker`
    (CAMERA, CAMERA_ROLL or LOCATION: quick replies only)."""

    label: str
    action: Action | None = None
    uri: str | None = None
    time_pick: TimePick | None = None
    primary: bool = False
    picker: str | None = None


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Card:
    """A titled panel with lines and buttons (a Flex bubble in LINE)."""

    title: str
    lines: tuple[str, ...] = ()
    buttons: tuple[Button, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()  # label/value rows, e.g. on My Page
    image_url: str | None = None
    note: str | None = None
    alt_text: str | None = None

    @property
    def summary(self) -> str:
        return self.alt_text or self.title


@dataclass(frozen=True)
class Carousel:
    cards: tuple[Card, ...]
    alt_text: str


@dataclass(frozen=True)
class Confirm:
    """A yes/no question (a confirm template in LINE)."""

    text: str
    yes: Button
    no: Button


@dataclass(frozen=True)
class Chip:
    """A small coloured tag, e.g. a garbage category on a calendar day."""

    text: str
    colour: str = ""  # "#rrggbb"; empty: a neutral grey


@dataclass(frozen=True)
class Row:
    """One row of a ListCard: a label with chips or a value beside it, or a tappable choice."""

    label: str
    chips: tuple[Chip, ...] = ()
    value: str = ""
    choice: Button | None = None  # the whole row is this button (its label is what is shown)
    highlight: bool = False


@dataclass(frozen=True)
class ListCard:
    """A titled list of rows (a Flex bubble in LINE): a week of collection days, or areas to
    choose from. Long choices wrap, unlike a button's one line."""

    title: str
    rows: tuple[Row, ...] = ()
    lines: tuple[str, ...] = ()
    note: str | None = None
    buttons: tuple[Button, ...] = ()
    alt_text: str | None = None

    @property
    def summary(self) -> str:
        return self.alt_text or self.title

    def choices(self) -> list[Button]:
        return [row.choice for row in self.rows if row.choice is not None] + list(self.buttons)


Message = Text | Card | Carousel | Confirm | ListCard

GUEST_MENU = "guest"  # the default rich menu: a resident unlinked from any menu sees it
REGISTERED_MENU = "registered"  # linked to each resident who registers
DISASTER_MENU = "disaster"  # linked to every follower while disaster mode is on


@dataclass
class Reply:
    """Everything the bot answers to one event: messages, then quick replies on the last one."""

    messages: list[Message] = field(default_factory=list)
    quick_replies: list[Button] = field(default_factory=list)
    # The rich menu the resident sees from now on, switched after the answer is saved: a menu
    # key of richmenu/ (linked to the resident), or GUEST_MENU (unlinked, so the default shows).
    rich_menu: str | None = None

    def buttons(self) -> list[Button]:
        """Every button offered, for matching typed labels."""
        found: list[Button] = list(self.quick_replies)
        for message in self.messages:
            if isinstance(message, Card):
                found.extend(message.buttons)
            elif isinstance(message, Carousel):
                for card in message.cards:
                    found.extend(card.buttons)
            elif isinstance(message, Confirm):
                found.extend((message.yes, message.no))
            elif isinstance(message, ListCard):
                found.extend(message.choices())
        return found

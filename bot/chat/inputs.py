"""What a resident can send, already parsed from the webhook event."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextInput:
    text: str


@dataclass(frozen=True)
class PostbackInput:
    data: str
    params: dict[str, str] = field(default_factory=dict)  # datetimepicker: {"time": "19:30"}


@dataclass(frozen=True)
class ImageInput:
    message_id: str


@dataclass(frozen=True)
class LocationInput:
    """A place the resident sent with LINE's location picker. Flows use it and forget it."""

    latitude: float
    longitude: float
    address: str = ""
    title: str = ""


@dataclass(frozen=True)
class FollowInput:
    unblocked: bool = False


@dataclass(frozen=True)
class UnfollowInput:
    pass


@dataclass(frozen=True)
class OtherInput:
    """A sticker, video, file…: answered kindly, never acted on."""

    kind: str


Input = (TextInput | PostbackInput | ImageInput | LocationInput | FollowInput | UnfollowInput
         | OtherInput)

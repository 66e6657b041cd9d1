"""The stand-in's world: simulated LINE users, what they received, rich menus, tokens.

`Standin` holds all state behind one lock and offers the *simulation controls* (what a LINE
client or the LINE platform would do: add a user, send a webhook event, switch a rich menu,
issue an ID token). The Messaging API itself is served by `devtools.standin.api` on top of it.
In-memory state is fine: this stands in for an external platform.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from . import events, idtoken
from .faults import Faults

Transport = Callable[[bytes, dict[str, str]], int]
DEFAULT_BOT_USER_ID = "U" + "0" * 31 + "b"
REPLY_TOKEN_TTL = 60.0  # LINE: a reply token must be used within one minute
RETRY_KEY_TTL = 24 * 3600.0  # LINE remembers an accepted retry key for 24 hours


def user_id_for(name: str) -> str:
    """A valid, stable LINE user id (``U`` + 32 hex digits) for a test or simulator name."""
    return "U" + hashlib.md5(name.encode()).hexdigest()


def is_user_id(value: str) -> bool:
    return len(value) == 33 and value[0] == "U" and all(c in "0123456789abcdef" for c in value[1:])


@dataclass
class SimUser:
    user_id: str
    display_name: str
    picture_url: str | None = None
    language: str = "ja"
    blocked: bool = False

    def profile(self) -> dict[str, Any]:
        body: dict[str, Any] = {"userId": self.user_id, "displayName": self.display_name,
                                "language": self.language}
        if self.picture_url:
            body["pictureUrl"] = self.picture_url
        return body


@dataclass
class RecordedRequest:
    """One API request the stand-in answered (``json`` is None for non-JSON bodies)."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    status: int
    at: float

    @property
    def retry_key(self) -> str | None:
        return self.headers.get("x-line-retry-key")


@dataclass
class RichMenu:
    rich_menu_id: str
    definition: dict[str, Any]
    image: bytes | None = None
    content_type: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"richMenuId": self.rich_menu_id, **self.definition}


@dataclass(frozen=True)
class WebhookResult:
    """What a simulated user action produced: the webhook's HTTP status and the event sent."""

    status: int
    event: dict[str, Any] | None


@dataclass
class _ReplyToken:
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class AcceptedRetry:
    request_id: str
    body: dict[str, Any]
    at: float


def http_transport(url: str, timeout: float = 10.0) -> Transport:
    """POST the webhook body to a URL (the normal LINE → bot path)."""
    import urllib.error
    import urllib.request

    def post(body: bytes, headers: dict[str, str]) -> int:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                # Read the body: closing unread resets the socket, and the bot's server then
                # skips the after-response hook in which it handles the event.
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            error.close()
            return error.code

    return post


def wsgi_transport(wsgi_app: Any, path: str = "/callback") -> Transport:
    """Call a WSGI app in-process (tests, or the simulator inside the bot's own process,
    where posting to ourselves over HTTP could deadlock a single worker)."""
    from werkzeug.test import Client

    client = Client(wsgi_app)

    def post(body: bytes, headers: dict[str, str]) -> int:
        response = client.post(path, data=body, headers=headers)
        status = response.status_code
        response.close()
        return status

    return post


class Standin:
    """State of the simulated LINE platform for one bot channel."""

    def __init__(
        self,
        channel_secret: str = "standin-channel-secret",
        access_token: str = "standin-access-token",
        webhook_url: str | None = None,
        *,
        validate: bool = True,
        destination: str = DEFAULT_BOT_USER_ID,
        login_channel_secret: str = "standin-login-channel-secret",
        reply_token_ttl: float = REPLY_TOKEN_TTL,
        fault_timeout: float = 2.0,
        webhook_timeout: float = 10.0,
        webhook_transport: Transport | None = None,
        keep_log: bool = True,
        clock: Callable[[], float] = time.time,
        rate_limits: dict[str, float] | None = None,
    ) -> None:
        self.channel_secret = channel_secret
        self.access_token = access_token
        self.validate = validate
        self.destination = destination
        self.login_channel_secret = login_channel_secret
        self.reply_token_ttl = reply_token_ttl
        self.keep_log = keep_log
        self.clock = clock
        # LINE's per-channel limits, requests per second by path (429 above): {"/v2/bot/message/multicast": 200}
        self.rate_limits = dict(rate_limits or {})
        self.faults = Faults(timeout_seconds=fault_timeout)
        self.lock = threading.RLock()
        self.webhook_timeout = webhook_timeout
        self.webhook_transport = webhook_transport
        self.webhook_url = webhook_url
        self._ids = itertools.count(600_000_000_000_000_001)
        self._seq = itertools.count(1)
        self._reset()

    def _reset(self) -> None:
        self.users: dict[str, SimUser] = {}
        self.requests: list[RecordedRequest] = []  # accepted (2xx) API requests
        self.all_requests: list[RecordedRequest] = []  # every API request, with its status
        self.contents: dict[str, tuple[bytes, str]] = {}
        self.richmenus: dict[str, RichMenu] = {}
        self.aliases: dict[str, str] = {}
        self.default_richmenu: str | None = None
        self.user_richmenu: dict[str, str] = {}
        self.client_richmenu: dict[str, str] = {}  # menus the LINE client switched to
        self.loading_until: dict[str, float] = {}
        self.retry_keys: dict[str, AcceptedRetry] = {}
        self.arrivals: dict[str, list[float]] = {}  # path → arrival times of every rate-limited request
        self.narrowcasts: dict[str, int] = {}  # request id → recipients
        self.events_sent: dict[str, dict] = {}  # webhookEventId → event, for redelivery
        self._timelines: dict[str, list[dict]] = {}
        self._reply_tokens: dict[str, _ReplyToken] = {}
        self.faults.clear()

    def clear(self) -> None:
        """Forget everything: users, timelines, logs, menus, tokens, faults."""
        with self.lock:
            self._reset()

    @property
    def webhook_url(self) -> str | None:
        return self._webhook_url

    @webhook_url.setter
    def webhook_url(self, url: str | None) -> None:
        self._webhook_url = url
        if url is not None:
            self.webhook_transport = http_transport(url, self.webhook_timeout)

    # --- ids ------------------------------------------------------------------------------

    def next_message_id(self) -> str:
        return str(next(self._ids))

    @staticmethod
    def quote_token() -> str:
        return secrets.token_urlsafe(48)

    # --- users ----------------------------------------------------------------------------

    def add_user(self, user_id: str | None = None, display_name: str = "LINE user",
                 picture_url: str | None = None, language: str = "ja") -> SimUser:
        """Register a LINE user who can talk to the bot (not yet following: send follow())."""
        user_id = user_id or user_id_for(secrets.token_hex(8))
        if not is_user_id(user_id):
            raise ValueError(f"{user_id!r} is not a LINE user id (U + 32 hex); see user_id_for()")
        with self.lock:
            user = SimUser(user_id, display_name, picture_url, language)
            self.users[user_id] = user
            return user

    def user(self, user_id: str) -> SimUser:
        with self.lock:
            try:
                return self.users[user_id]
            except KeyError:
                raise KeyError(f"no simulated user {user_id}; add_user() first") from None

    def block(self, user_id: str) -> None:
        """The user blocks the bot: pushes are accepted but not delivered."""
        with self.lock:
            self.user(user_id).blocked = True

    def unblock(self, user_id: str) -> None:
        with self.lock:
            self.user(user_id).blocked = False

    def is_blocked(self, user_id: str) -> bool:
        with self.lock:
            user = self.users.get(user_id)
            return user is None or user.blocked

    # --- reply tokens ---------------------------------------------------------------------

    def mint_reply_token(self, user_id: str) -> str:
        token = secrets.token_hex(16)
        with self.lock:
            now = self.clock()
            if len(self._reply_tokens) > 10_000:  # keep long benchmarks bounded
                self._reply_tokens = {t: r for t, r in self._reply_tokens.items()
                                      if not r.used and now - r.issued_at < self.reply_token_ttl}
            self._reply_tokens[token] = _ReplyToken(user_id, now)
        return token

    def use_reply_token(self, token: str) -> str | None:
        """The token's user if it is known, unused and younger than a minute; marks it used."""
        with self.lock:
            record = self._reply_tokens.get(token)
            if record is None or record.used or self.clock() - record.issued_at > self.reply_token_ttl:
                return None
            record.used = True
            return record.user_id

    # --- delivery -------------------------------------------------------------------------

    def deliver(self, user_id: str, messages: list[dict], via: str) -> list[dict]:
        """Append messages to a user's timeline (unless blocked or unknown); returns LINE's
        ``sentMessages`` entries either way, as LINE answers the same."""
        sent = []
        with self.lock:
            now = self.clock()
            deliverable = not self.is_blocked(user_id)
            timeline = self._timelines.setdefault(user_id, []) if deliverable else None
            for message in messages:
                message_id = self.next_message_id()
                entry = {"id": message_id}
                if message.get("type") in ("text", "textV2", "sticker", "image", "video"):
                    entry["quoteToken"] = self.quote_token()
                sent.append(entry)
                if timeline is not None:
                    timeline.append({"seq": next(self._seq), "at": now, "via": via,
                                     "id": message_id, "message": message})
            if deliverable:
                self.loading_until.pop(user_id, None)  # a message ends the loading animation
        return sent

    def deliver_to_many(self, user_ids: list[str], messages: list[dict], via: str) -> None:
        """A multicast: one lock, and no per-recipient sentMessages (LINE answers ``{}``)."""
        with self.lock:
            now = self.clock()
            for user_id in dict.fromkeys(user_ids):
                if self.is_blocked(user_id):
                    continue
                timeline = self._timelines.setdefault(user_id, [])
                for message in messages:
                    timeline.append({"seq": next(self._seq), "at": now, "via": via,
                                     "id": self.next_message_id(), "message": message})
                self.loading_until.pop(user_id, None)

    def timeline(self, user_id: str, after_seq: int = 0) -> list[dict]:
        """Messages the user received, oldest first, with ``seq`` greater than ``after_seq``."""
        with self.lock:
            return [e for e in self._timelines.get(user_id, []) if e["seq"] > after_seq]

    def messages_for(self, user_id: str) -> list[dict]:
        """Just the message objects the user received (for short assertions)."""
        return [entry["message"] for entry in self.timeline(user_id)]

    def delivered_count(self) -> int:
        """Messages delivered to all timelines (the quota-consumption figure)."""
        with self.lock:
            return sum(len(timeline) for timeline in self._timelines.values())

    def is_loading(self, user_id: str) -> bool:
        with self.lock:
            return self.loading_until.get(user_id, 0) > self.clock()

    def over_rate_limit(self, path: str) -> bool:
        """Note a request's arrival; True when the path's limit was already reached in the
        second before it (LINE then answers 429; the refused request counts as well)."""
        limit = self.rate_limits.get(path)
        if limit is None:
            return False
        now = time.monotonic()
        with self.lock:
            seen = self.arrivals.setdefault(path, [])
            recent = len(seen) - bisect.bisect_right(seen, now - 1.0)
            seen.append(now)
            return recent >= limit

    def busiest_second(self, path: str) -> int:
        """The most requests to `path` that arrived within any one second."""
        with self.lock:
            seen = list(self.arrivals.get(path, []))
        return max((bisect.bisect_right(seen, at + 1.0) - n for n, at in enumerate(seen)), default=0)

    def record(self, request: RecordedRequest) -> None:
        if not self.keep_log:
            return
        with self.lock:
            self.all_requests.append(request)
            if 200 <= request.status < 300:
                self.requests.append(request)

    # --- message content ------------------------------------------------------------------

    def store_content(self, data: bytes, content_type: str, message_id: str | None = None) -> str:
        message_id = message_id or self.next_message_id()
        with self.lock:
            self.contents[message_id] = (data, content_type)
        return message_id

    # --- webhook events -------------------------------------------------------------------

    def send_event(self, event: dict) -> int:
        """Sign ``{"destination", "events": [event]}`` and post it to the bot's webhook."""
        if self.webhook_transport is None:
            raise RuntimeError("no webhook configured: set webhook_url or webhook_transport")
        body = json.dumps(events.callback_body(self.destination, [event]),
                          ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "LineBotWebhook/2.0",
            "X-Line-Signature": events.signature(self.channel_secret, body),
        }
        with self.lock:
            self.events_sent[event["webhookEventId"]] = event
        return self.webhook_transport(body, headers)

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    def _emit(self, event: dict) -> WebhookResult:
        return WebhookResult(self.send_event(event), event)

    def follow(self, user_id: str) -> WebhookResult:
        """The user adds the bot as a friend (again, if they had blocked it)."""
        with self.lock:
            user = self.user(user_id)
            was_blocked, user.blocked = user.blocked, False
        token = self.mint_reply_token(user_id)
        return self._emit(events.follow(user_id, token, timestamp_ms=self._now_ms(),
                                        is_unblocked=was_blocked))

    def unfollow(self, user_id: str) -> WebhookResult:
        """The user blocks the bot."""
        self.block(user_id)
        return self._emit(events.unfollow(user_id, timestamp_ms=self._now_ms()))

    def text(self, user_id: str, text: str) -> WebhookResult:
        self.user(user_id)
        return self._emit(events.text(user_id, self.mint_reply_token(user_id),
                                      self.next_message_id(), text,
                                      timestamp_ms=self._now_ms(), quote_token=self.quote_token()))

    def postback(self, user_id: str, data: str, params: dict | None = None) -> WebhookResult:
        self.user(user_id)
        return self._emit(events.postback(user_id, self.mint_reply_token(user_id), data, params,
                                          timestamp_ms=self._now_ms()))

    def image(self, user_id: str, content: bytes, content_type: str = "image/jpeg") -> WebhookResult:
        """The user sends a photo; its bytes are served by the content endpoint."""
        self.user(user_id)
        message_id = self.store_content(content, content_type)
        return self._emit(events.image(user_id, self.mint_reply_token(user_id), message_id,
                                       timestamp_ms=self._now_ms(), quote_token=self.quote_token()))

    def sticker(self, user_id: str, package_id: str = "446", sticker_id: str = "1988") -> WebhookResult:
        self.user(user_id)
        return self._emit(events.sticker(user_id, self.mint_reply_token(user_id),
                                         self.next_message_id(), package_id, sticker_id,
                                         timestamp_ms=self._now_ms(), quote_token=self.quote_token()))

    def location(self, user_id: str, latitude: float, longitude: float, *, title: str = "",
                 address: str = "") -> WebhookResult:
        """The user shares a place with LINE's location picker."""
        self.user(user_id)
        return self._emit(events.location(user_id, self.mint_reply_token(user_id),
                                          self.next_message_id(), latitude, longitude,
                                          title=title, address=address, timestamp_ms=self._now_ms()))

    def redeliver(self, event_or_id: dict | str) -> WebhookResult:
        """Send an already-sent event again as LINE's redelivery does (same webhookEventId,
        same reply token, ``isRedelivery: true``)."""
        with self.lock:
            event = (self.events_sent[event_or_id] if isinstance(event_or_id, str) else event_or_id)
        return self._emit(events.as_redelivery(event))

    # --- rich menus as the LINE client sees them -------------------------------------------

    def richmenu_for(self, user_id: str) -> RichMenu | None:
        """The menu the user's LINE client shows: one it switched to (richmenuswitch), else
        the menu linked to the user, else the default."""
        with self.lock:
            for rich_menu_id in (self.client_richmenu.get(user_id),
                                 self.user_richmenu.get(user_id), self.default_richmenu):
                if rich_menu_id and rich_menu_id in self.richmenus:
                    return self.richmenus[rich_menu_id]
        return None

    def switch_richmenu(self, user_id: str, alias_id: str, data: str | None = None) -> WebhookResult:
        """Perform a ``richmenuswitch`` action as the LINE client does: show the aliased menu
        on this user's client and, when the action has data, post a postback event with
        ``params: {"newRichMenuAliasId", "status"}``. Like LINE, this does not change the
        API-visible link (``GET /v2/bot/user/{userId}/richmenu``)."""
        with self.lock:
            self.user(user_id)
            rich_menu_id = self.aliases.get(alias_id)
            if rich_menu_id is None:
                status = "RICHMENU_ALIAS_ID_NOTFOUND"
            elif rich_menu_id not in self.richmenus:
                status = "RICHMENU_NOTFOUND"
            else:
                status = "SUCCESS"
                self.client_richmenu[user_id] = rich_menu_id
        if data is None:
            return WebhookResult(0, None)
        return self.postback(user_id, data, {"newRichMenuAliasId": alias_id, "status": status})

    # --- LINE Login ------------------------------------------------------------------------

    def issue_id_token(self, user_id: str, channel_id: str, ttl_seconds: float = 600, *,
                       nonce: str | None = None, name: str | None = None,
                       picture: str | None = None) -> str:
        """An ID token as LIFF/LINE Login would hand the user's browser for `channel_id`."""
        now = int(self.clock())
        claims: dict[str, Any] = {"iss": idtoken.ISSUER, "sub": user_id, "aud": channel_id,
                                  "exp": now + int(ttl_seconds), "iat": now, "amr": ["linesso"]}
        user = self.users.get(user_id)
        name = name if name is not None else (user.display_name if user else None)
        picture = picture if picture is not None else (user.picture_url if user else None)
        for key, value in (("nonce", nonce), ("name", name), ("picture", picture)):
            if value is not None:
                claims[key] = value
        return idtoken.encode(claims, self.login_channel_secret)


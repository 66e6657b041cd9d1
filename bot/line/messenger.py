"""Talks to LINE for the bot: what each event needs (replies, pushes, profiles, the resident's
rich menu) as raw JSON over kept-alive connections (bot/line/http.py), the rest through
line-bot-sdk v3. One of each client
per process, made on first use (after gunicorn forks).

Replies go with the event's reply token; when LINE refuses the token (spent, or expired after
a late event), the same messages go by push with a retry key derived from the event, so a
retried push is never delivered twice. Pushes take their turn from the channel's "push"
budget (bot/line/limits.py), shared with every other process that pushes; a 429 holds them
all back."""
from __future__ import annotations

import logging
import uuid
from urllib.parse import quote

from linebot.v3.messaging import MessagingApi, MessagingApiBlob, ShowLoadingAnimationRequest
from sqlalchemy.engine import Engine

from bot import metrics
from bot.config import Settings
from bot.line.http import LINE_FAILURES, LineHttp, sdk_client
from bot.line.profiles import Profile, RecentProfiles
from bot.line.limits import Limiter, RateLimiter, channel_limiter
from bot.line.render import render
from bot.chat.replies import Reply

log = logging.getLogger(__name__)


PUSH_PAUSE = 1.0  # seconds every pusher waits after a 429 that names no Retry-After


class LineMessenger:
    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        """`engine`: where the channel's shared push budget lives; without one (tests of the
        messenger alone) this process keeps to the push rate by itself."""
        self._settings = settings
        self._engine = engine
        self._push_limiter: Limiter | None = None
        self._api: MessagingApi | None = None
        self._http: LineHttp | None = None
        self._blob_api: MessagingApiBlob | None = None
        self._profiles = RecentProfiles()
        self._warned_public_url = False

    @property
    def api(self) -> MessagingApi:
        # Made on first use, so each forked gunicorn worker gets its own connection pool.
        if self._api is None:
            self._api = MessagingApi(sdk_client(self._settings.line_api_url, self._settings.access_token))
        return self._api

    @property
    def http(self) -> LineHttp:
        if self._http is None:
            self._http = LineHttp(self._settings.line_api_url, self._settings.access_token)
        return self._http

    @property
    def push_limiter(self) -> Limiter:
        if self._push_limiter is None:
            rates = self._settings.line_rate_limits
            self._push_limiter = (channel_limiter(self._engine, "push", rates=rates) if self._engine is not None
                                  else RateLimiter(rates["push"]))
        return self._push_limiter

    @property
    def blob_api(self) -> MessagingApiBlob:
        """The content API ({LINE_DATA_API_URL}): what residents sent, rich menu images."""
        if self._blob_api is None:
            self._blob_api = MessagingApiBlob(sdk_client(self._settings.line_data_api_url, self._settings.access_token))
        return self._blob_api

    def send(self, line_user_id: str, reply_token: str | None, reply: Reply, *, push_key: str) -> None:
        """Answer one event. `push_key` identifies the event, for an idempotent push fallback."""
        if not reply.messages:
            return
        messages = render(reply)
        if reply_token:
            answer = self.http.post_json("/v2/bot/message/reply", {"replyToken": reply_token, "messages": messages})
            if answer.accepted:
                metrics.ANSWERS.labels("reply").inc()
                return
            if answer.status is None:
                # LINE may have taken it: a push could show the answer twice. Say nothing more.
                log.warning("reply got no answer (%s)", answer.message)
                return
            if answer.status != 400:  # 400: the token is spent or expired, as after a late event
                log.warning("reply failed with HTTP %s: %s", answer.status, answer.message)
        if self.push(line_user_id, messages, retry_key=str(uuid.uuid5(uuid.NAMESPACE_URL, f"portalbot:event:{push_key}"))):
            metrics.ANSWERS.labels("push").inc()

    def push(self, line_user_id: str, messages: list[dict], *, retry_key: str) -> bool:
        """Push rendered messages to one resident; True when LINE has them (409: it had them)."""
        self.push_limiter.acquire()
        answer = self.http.post_json("/v2/bot/message/push", {"to": line_user_id, "messages": messages}, retry_key=retry_key)
        if answer.throttled:  # every pusher of the channel waits, not only this one
            self.push_limiter.pause(answer.retry_after or PUSH_PAUSE)
        if not answer.accepted:
            log.error("push failed with HTTP %s: %s", answer.status, answer.message)
        return answer.accepted

    def profile(self, line_user_id: str) -> Profile | None:
        """The resident's LINE profile (one call to LINE serves the next asks for a while:
        bot/line/profiles.py); None when LINE does not give it."""
        known = self._profiles.get(line_user_id)
        if known is not None:
            return known
        answer = self.http.get(f"/v2/bot/profile/{quote(line_user_id, safe='')}", endpoint="/v2/bot/profile/{userId}")
        if not answer.ok:
            log.info("profile unavailable (%s)", answer.failure)
            return None
        profile = Profile.from_line(answer.json())
        self._profiles.keep(line_user_id, profile)
        return profile

    def profile_if_known(self, line_user_id: str) -> Profile | None:
        """The profile if this process has it at hand: no call to LINE."""
        return self._profiles.get(line_user_id)

    def forget(self, line_user_id: str) -> None:
        """The resident left: keep nothing of them, not even in memory."""
        self._profiles.forget(line_user_id)

    def display_name(self, line_user_id: str) -> str | None:
        profile = self.profile(line_user_id)
        return profile.display_name if profile else None

    def profile_language(self, line_user_id: str) -> str | None:
        profile = self.profile(line_user_id)
        return profile.language if profile else None

    def picture_url(self, line_user_id: str) -> str | None:
        """The resident's LINE profile picture, if they have one."""
        profile = self.profile(line_user_id)
        return profile.picture_url if profile else None

    def show_loading(self, line_user_id: str, seconds: int = 10) -> None:
        try:
            self.api.show_loading_animation(ShowLoadingAnimationRequest(chat_id=line_user_id, loading_seconds=seconds))
        except LINE_FAILURES as error:
            log.info("loading animation refused (%s)", _failure(error))

    def download_content(self, message_id: str) -> bytes | None:
        """The bytes of an image a resident sent (LINE keeps them for a limited time)."""
        try:
            return bytes(self.blob_api.get_message_content(message_id))
        except LINE_FAILURES as error:
            log.info("message content unavailable (%s)", _failure(error))
            return None

    def public_url(self, path: str) -> str | None:
        """An absolute URL of ours that LINE can show in a message, or None when it cannot:
        LINE fetches Flex images over https only (the simulator shows http ones too)."""
        base = self._settings.public_url
        if base.startswith("https://") or self._settings.simulator:
            return base + path
        if not self._warned_public_url:
            log.warning("PUBLIC_URL is not https: images such as icons are left out of messages")
            self._warned_public_url = True
        return None

    def show_rich_menu(self, line_user_id: str, rich_menu_id: str | None) -> None:
        """Link this rich menu to the resident, or unlink theirs (None) so the default shows."""
        user = quote(line_user_id, safe="")
        if rich_menu_id is None:
            answer = self.http.delete(f"/v2/bot/user/{user}/richmenu", endpoint="/v2/bot/user/{userId}/richmenu")
        else:
            answer = self.http.post(f"/v2/bot/user/{user}/richmenu/{quote(rich_menu_id, safe='')}", b"",
                                    endpoint="/v2/bot/user/{userId}/richmenu/{richMenuId}")
        if not answer.ok:
            log.error("rich menu %s for a resident failed (%s)", "unlink" if rich_menu_id is None else "link", answer.failure)


def _failure(error: BaseException) -> str:
    """What went wrong with a LINE call, for the log: an HTTP status, or the kind of no-answer."""
    status = getattr(error, "status", None)
    return f"HTTP {status}" if status else f"no answer: {type(error).__name__}"

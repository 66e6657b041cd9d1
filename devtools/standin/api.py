"""The Messaging API as LINE answers it, on top of a `Standin`'s state.

`handle()` is the whole request pipeline, independent of any web framework:
latency → route (404 for paths/methods LINE does not have) → Bearer auth (401) → JSON body
and schema validation (400, LINE-style details) → fault injection → retry key (409) → the
operation → fault aftermath → request log. Operations the stand-in does not implement but LINE
documents answer 501, so a missing piece is never mistaken for a LINE error.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import parse_qs

from . import idtoken, schema
from .faults import Fault
from .images import image_size
from .state import RETRY_KEY_TTL, AcceptedRetry, RecordedRequest, RichMenu, Standin, is_user_id

MAX_RICHMENU_IMAGE = 1024 * 1024
MAX_RICHMENUS = 1000
VERIFY_PATH = "/oauth2/v2.1/verify"
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

NOT_FOUND = {"message": "Not found"}
AUTH_FAILED = {"message": "Authentication failed. Confirm that the access token in the "
                          "authorization header is valid."}


@dataclass
class Response:
    status: int
    body: Any = None  # dict/list → JSON, bytes → raw with content_type
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


class ApiError(Exception):
    def __init__(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, body)
        self.response = Response(status, body, headers or {})


def _bad_request(message: str, prop: str | None = None) -> ApiError:
    if prop is None:
        return ApiError(400, {"message": message})
    return ApiError(400, schema.error_body([{"message": message, "property": prop}]))


@dataclass
class Call:
    """One validated request, as the operation handlers see it."""

    standin: Standin
    path: str
    operation: schema.Operation
    params: dict[str, str]
    headers: dict[str, str]
    query: Mapping[str, str]
    raw: bytes
    json: Any
    request_id: str


def handle(standin: Standin, method: str, path: str, headers: Mapping[str, str],
           body: bytes = b"", query: Mapping[str, str] | None = None) -> Response:
    """Answer one HTTP request to the stand-in's Messaging API (and LINE Login verify)."""
    method = method.upper()
    headers = {k.lower(): v for k, v in headers.items()}
    query = query or {}
    latency = standin.faults.current_latency()
    if latency:
        time.sleep(latency)
    request_id = str(uuid.uuid4())
    parsed: Any = None
    try:
        if path == VERIFY_PATH and method == "POST":
            response = _verify_id_token(standin, body)
        elif standin.over_rate_limit(path):
            response = Response(429, {"message": "The API rate limit has been exceeded. Try again later."})
        else:
            call = _prepare(standin, method, path, headers, body, query, request_id)
            parsed = call.json
            response = _run(call)
    except ApiError as error:
        response = error.response
    response.headers.setdefault("X-Line-Request-Id", request_id)
    standin.record(RecordedRequest(method, path, headers, parsed, response.status, standin.clock()))
    return response


def _prepare(standin: Standin, method: str, path: str, headers: dict[str, str], body: bytes,
             query: Mapping[str, str], request_id: str) -> Call:
    found = schema.match(method, path)
    if not found:
        raise ApiError(404, NOT_FOUND)
    operation, params = found
    if operation.bearer and headers.get("authorization") != f"Bearer {standin.access_token}":
        raise ApiError(401, AUTH_FAILED)
    parsed = None
    if "application/json" in operation.body_media:
        if not headers.get("content-type", "").startswith("application/json"):
            raise ApiError(415, {"message": "Unsupported Media Type: use application/json"})
        try:
            parsed = json.loads(body)
        except ValueError:
            raise _bad_request("The request body could not be parsed as JSON") from None
        if standin.validate:
            details = schema.body_errors(operation, parsed) or schema.utf16_errors(parsed)
            if details:
                raise ApiError(400, schema.error_body(details))
    return Call(standin, path, operation, params, headers, query, body, parsed, request_id)


def _run(call: Call) -> Response:
    standin, operation = call.standin, call.operation
    retry_key = call.headers.get("x-line-retry-key")
    if retry_key is not None and operation.operation_id in RETRYABLE:
        if not _UUID.match(retry_key):
            raise _bad_request("The retry key must be a UUID", "X-Line-Retry-Key")
    else:
        retry_key = None
    fault = standin.faults.take(operation.method, call.path)
    if fault is not None and not fault.accepts:
        return _fault_response(standin, fault)
    handler = HANDLERS.get(operation.operation_id)
    if handler is None:
        raise ApiError(501, {"message": f"Not implemented by the stand-in: {operation.method} "
                                        f"{operation.template} ({operation.operation_id})"})
    if retry_key is None:
        response = handler(call)
    else:
        with standin.lock:  # check, send and remember the key atomically
            response = _once(call, retry_key, handler)
    if fault is not None:  # accepted, then the trouble
        if fault.kind == "timeout-accepted":
            time.sleep(standin.faults.timeout_seconds)
        else:
            return Response(500, {"message": "Internal Server Error"})
    return response


def _once(call: Call, retry_key: str, handler: Callable[[Call], Response]) -> Response:
    """Run a retry-keyed request unless LINE already accepted that key (then 409)."""
    standin = call.standin
    accepted = standin.retry_keys.get(retry_key)
    if accepted is not None and standin.clock() - accepted.at <= RETRY_KEY_TTL:
        body = {"message": "The retry key is already accepted"}
        if "sentMessages" in accepted.body:
            body["sentMessages"] = accepted.body["sentMessages"]
        raise ApiError(409, body, {"x-line-accepted-request-id": accepted.request_id})
    response = handler(call)
    if 200 <= response.status < 300:
        body = response.body if isinstance(response.body, dict) else {}
        standin.retry_keys[retry_key] = AcceptedRetry(call.request_id, body, standin.clock())
    return response


def _fault_response(standin: Standin, fault: Fault) -> Response:
    if fault.kind == "timeout":
        time.sleep(standin.faults.timeout_seconds)
        return Response(500, {"message": "Internal Server Error"})
    if fault.kind == 429:
        return Response(429, {"message": "Too Many Requests"})
    return Response(int(fault.kind), {"message": "Injected failure"})


# --- LINE Login ------------------------------------------------------------------------------


def _verify_id_token(standin: Standin, body: bytes) -> Response:
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    try:
        claims = idtoken.verify(form.get("id_token"), form.get("client_id"),
                                standin.login_channel_secret, standin.clock(),
                                nonce=form.get("nonce"), user_id=form.get("user_id"))
    except idtoken.VerifyError as error:
        return Response(400, error.body())
    return Response(200, claims)


# --- messages --------------------------------------------------------------------------------

RETRYABLE = {"pushMessage", "multicast", "broadcast", "narrowcast", "pushMessagesByPhone"}


def _reply(call: Call) -> Response:
    user_id = call.standin.use_reply_token(call.json["replyToken"])
    if user_id is None:
        raise ApiError(400, {"message": "Invalid reply token"})
    return Response(200, {"sentMessages": call.standin.deliver(user_id, call.json["messages"], "reply")})


def _push(call: Call) -> Response:
    to = call.json["to"]
    return Response(200, {"sentMessages": call.standin.deliver(to, call.json["messages"], "push")})


def _multicast(call: Call) -> Response:
    call.standin.deliver_to_many(call.json["to"], call.json["messages"], "multicast")
    return Response(200, {})


def _followers(standin: Standin) -> list[str]:
    with standin.lock:
        return [u.user_id for u in standin.users.values() if not u.blocked]


def _broadcast(call: Call) -> Response:
    for user_id in _followers(call.standin):
        call.standin.deliver(user_id, call.json["messages"], "broadcast")
    return Response(200, {})


def _narrowcast(call: Call) -> Response:
    """Simplified: audiences and demographic filters are not modelled, every follower gets it."""
    followers = _followers(call.standin)
    for user_id in followers:
        call.standin.deliver(user_id, call.json["messages"], "narrowcast")
    with call.standin.lock:
        call.standin.narrowcasts[call.request_id] = len(followers)
    return Response(202, {})


def _narrowcast_progress(call: Call) -> Response:
    count = call.standin.narrowcasts.get(call.query.get("requestId", ""))
    if count is None:
        raise ApiError(404, NOT_FOUND)
    return Response(200, {"phase": "succeeded", "successCount": count, "failureCount": 0,
                          "targetCount": count})


def _validated(call: Call) -> Response:
    return Response(200, {})


def _loading(call: Call) -> Response:
    chat_id = call.json["chatId"]
    with call.standin.lock:
        if not call.standin.is_blocked(chat_id):
            seconds = call.json.get("loadingSeconds", 20)
            call.standin.loading_until[chat_id] = call.standin.clock() + seconds
    return Response(202, {})


def _profile(call: Call) -> Response:
    with call.standin.lock:
        user = call.standin.users.get(call.params["userId"])
        if user is None or user.blocked:
            raise ApiError(404, NOT_FOUND)
        return Response(200, user.profile())


def _content(call: Call) -> Response:
    with call.standin.lock:
        stored = call.standin.contents.get(call.params["messageId"])
    if stored is None:
        raise ApiError(404, NOT_FOUND)
    data, content_type = stored
    return Response(200, data, content_type=content_type)


def _transcoding(call: Call) -> Response:
    if call.params["messageId"] not in call.standin.contents:
        raise ApiError(404, NOT_FOUND)
    return Response(200, {"status": "succeeded"})


def _followers_ids(call: Call) -> Response:
    limit = min(int(call.query.get("limit", 300) or 300), 1000)
    start = int(call.query.get("start", 0) or 0)
    ids = _followers(call.standin)
    body: dict[str, Any] = {"userIds": ids[start:start + limit]}
    if start + limit < len(ids):
        body["next"] = str(start + limit)
    return Response(200, body)


def _bot_info(call: Call) -> Response:
    return Response(200, {"userId": call.standin.destination, "basicId": "@standin",
                          "displayName": "Stand-in bot", "chatMode": "bot",
                          "markAsReadMode": "auto"})


def _quota(call: Call) -> Response:
    return Response(200, {"type": "none"})


def _quota_consumption(call: Call) -> Response:
    return Response(200, {"totalUsage": call.standin.delivered_count()})


def _webhook_endpoint(call: Call) -> Response:
    return Response(200, {"endpoint": call.standin.webhook_url or "", "active": True})


def _set_webhook_endpoint(call: Call) -> Response:
    call.standin.webhook_url = call.json["endpoint"]
    return Response(200, {})


# --- rich menus ------------------------------------------------------------------------------


def _check_richmenu(definition: dict) -> None:
    """What LINE checks beyond the schema: aspect ratio and areas inside the menu."""
    width, height = definition["size"]["width"], definition["size"]["height"]
    if width / height < 1.45:
        raise _bad_request("The aspect ratio (width / height) must be 1.45 or more", "size")
    for index, area in enumerate(definition["areas"]):
        b = area["bounds"]
        if b["x"] < 0 or b["y"] < 0 or b["x"] + b["width"] > width or b["y"] + b["height"] > height:
            raise _bad_request("The area must be within the rich menu", f"areas[{index}].bounds")


def _richmenu(call: Call, key: str = "richMenuId") -> RichMenu:
    menu = call.standin.richmenus.get(call.params.get(key) or (call.json or {}).get(key, ""))
    if menu is None:
        raise ApiError(404, {"message": "richmenu not found"})
    return menu


def _with_image(call: Call, key: str = "richMenuId") -> RichMenu:
    menu = _richmenu(call, key)
    if menu.image is None:
        raise _bad_request("must upload richmenu image before applying it to user")
    return menu


def _create_richmenu(call: Call) -> Response:
    _check_richmenu(call.json)
    with call.standin.lock:
        if len(call.standin.richmenus) >= MAX_RICHMENUS:
            raise _bad_request("The maximum number of rich menus (1000) has been reached")
        rich_menu_id = "richmenu-" + secrets.token_hex(16)
        call.standin.richmenus[rich_menu_id] = RichMenu(rich_menu_id, dict(call.json))
    return Response(200, {"richMenuId": rich_menu_id})


def _validate_richmenu(call: Call) -> Response:
    _check_richmenu(call.json)
    return Response(200, {})


def _list_richmenus(call: Call) -> Response:
    with call.standin.lock:
        return Response(200, {"richmenus": [m.as_json() for m in call.standin.richmenus.values()]})


def _get_richmenu(call: Call) -> Response:
    with call.standin.lock:
        return Response(200, _richmenu(call).as_json())


def _delete_richmenu(call: Call) -> Response:
    standin = call.standin
    with standin.lock:
        menu = _richmenu(call)
        del standin.richmenus[menu.rich_menu_id]
        if standin.default_richmenu == menu.rich_menu_id:
            standin.default_richmenu = None
        for links in (standin.user_richmenu, standin.client_richmenu):
            for user_id in [u for u, m in links.items() if m == menu.rich_menu_id]:
                del links[user_id]
    return Response(200, {})


def _upload_richmenu_image(call: Call) -> Response:
    content_type = call.headers.get("content-type", "").split(";")[0].strip().lower()
    with call.standin.lock:
        menu = _richmenu(call)
        if content_type not in ("image/jpeg", "image/png"):
            raise ApiError(415, {"message": "Unsupported Media Type: use image/jpeg or image/png"})
        if len(call.raw) > MAX_RICHMENU_IMAGE:
            raise ApiError(413, {"message": "The image file size must be 1 MB or less"})
        size = image_size(call.raw, content_type)
        if size is None:
            raise _bad_request(f"The image is not a valid {content_type} file")
        expected = (menu.definition["size"]["width"], menu.definition["size"]["height"])
        if size != expected:
            raise _bad_request(f"The image size {size[0]}x{size[1]} does not match the rich menu "
                               f"size {expected[0]}x{expected[1]}")
        if menu.image is not None:
            raise _bad_request("An image has already been uploaded to the richmenu")
        menu.image, menu.content_type = call.raw, content_type
    return Response(200, {})


def _download_richmenu_image(call: Call) -> Response:
    with call.standin.lock:
        menu = _richmenu(call)
        if menu.image is None:
            raise ApiError(404, NOT_FOUND)
        return Response(200, menu.image, content_type=menu.content_type or "image/png")


def _set_default(call: Call) -> Response:
    with call.standin.lock:
        call.standin.default_richmenu = _with_image(call).rich_menu_id
        call.standin.client_richmenu.clear()
    return Response(200, {})


def _get_default(call: Call) -> Response:
    with call.standin.lock:
        if call.standin.default_richmenu is None:
            raise ApiError(404, {"message": "no default richmenu"})
        return Response(200, {"richMenuId": call.standin.default_richmenu})


def _cancel_default(call: Call) -> Response:
    with call.standin.lock:
        call.standin.default_richmenu = None
        call.standin.client_richmenu.clear()
    return Response(200, {})


def _check_user_id(user_id: str, prop: str = "userId") -> None:
    if not is_user_id(user_id):
        raise _bad_request(f"The property, '{prop}', in the request is invalid")


def _link(standin: Standin, user_ids: list[str], rich_menu_id: str | None) -> None:
    for user_id in user_ids:
        if rich_menu_id is None:
            standin.user_richmenu.pop(user_id, None)
        else:
            standin.user_richmenu[user_id] = rich_menu_id
        standin.client_richmenu.pop(user_id, None)


def _link_user(call: Call) -> Response:
    _check_user_id(call.params["userId"])
    with call.standin.lock:
        _link(call.standin, [call.params["userId"]], _with_image(call).rich_menu_id)
    return Response(200, {})


def _unlink_user(call: Call) -> Response:
    _check_user_id(call.params["userId"])
    with call.standin.lock:
        _link(call.standin, [call.params["userId"]], None)
    return Response(200, {})


def _get_user_richmenu(call: Call) -> Response:
    with call.standin.lock:
        rich_menu_id = call.standin.user_richmenu.get(call.params["userId"])
    if rich_menu_id is None:
        raise ApiError(404, {"message": "the user has no richmenu"})
    return Response(200, {"richMenuId": rich_menu_id})


def _bulk_link(call: Call) -> Response:
    with call.standin.lock:
        _link(call.standin, call.json["userIds"], _with_image(call).rich_menu_id)
    return Response(202, {})


def _bulk_unlink(call: Call) -> Response:
    with call.standin.lock:
        _link(call.standin, call.json["userIds"], None)
    return Response(202, {})


def _alias_json(alias_id: str, rich_menu_id: str) -> dict:
    return {"richMenuAliasId": alias_id, "richMenuId": rich_menu_id}


def _create_alias(call: Call) -> Response:
    alias_id = call.json["richMenuAliasId"]
    with call.standin.lock:
        if alias_id in call.standin.aliases:
            raise _bad_request("conflict richmenu alias id")
        rich_menu_id = call.json["richMenuId"]
        if rich_menu_id not in call.standin.richmenus:
            raise _bad_request("richmenu not found")
        _with_image(call)
        call.standin.aliases[alias_id] = rich_menu_id
    return Response(200, {})


def _alias(call: Call) -> str:
    alias_id = call.params["richMenuAliasId"]
    if alias_id not in call.standin.aliases:
        raise ApiError(404, {"message": "richmenu alias not found"})
    return alias_id


def _update_alias(call: Call) -> Response:
    with call.standin.lock:
        alias_id = _alias(call)
        if call.json["richMenuId"] not in call.standin.richmenus:
            raise _bad_request("richmenu not found")
        _with_image(call)
        call.standin.aliases[alias_id] = call.json["richMenuId"]
    return Response(200, {})


def _delete_alias(call: Call) -> Response:
    with call.standin.lock:
        del call.standin.aliases[_alias(call)]
    return Response(200, {})


def _get_alias(call: Call) -> Response:
    with call.standin.lock:
        alias_id = _alias(call)
        return Response(200, _alias_json(alias_id, call.standin.aliases[alias_id]))


def _list_aliases(call: Call) -> Response:
    with call.standin.lock:
        aliases = [_alias_json(a, m) for a, m in call.standin.aliases.items()]
    return Response(200, {"aliases": aliases})


HANDLERS: dict[str, Callable[[Call], Response]] = {
    "replyMessage": _reply,
    "pushMessage": _push,
    "multicast": _multicast,
    "broadcast": _broadcast,
    "narrowcast": _narrowcast,
    "getNarrowcastProgress": _narrowcast_progress,
    "validateReply": _validated,
    "validatePush": _validated,
    "validateMulticast": _validated,
    "validateBroadcast": _validated,
    "validateNarrowcast": _validated,
    "showLoadingAnimation": _loading,
    "getProfile": _profile,
    "getMessageContent": _content,
    "getMessageContentTranscodingByMessageId": _transcoding,
    "getFollowers": _followers_ids,
    "getBotInfo": _bot_info,
    "getMessageQuota": _quota,
    "getMessageQuotaConsumption": _quota_consumption,
    "getWebhookEndpoint": _webhook_endpoint,
    "setWebhookEndpoint": _set_webhook_endpoint,
    "createRichMenu": _create_richmenu,
    "validateRichMenuObject": _validate_richmenu,
    "getRichMenuList": _list_richmenus,
    "getRichMenu": _get_richmenu,
    "deleteRichMenu": _delete_richmenu,
    "setRichMenuImage": _upload_richmenu_image,
    "getRichMenuImage": _download_richmenu_image,
    "setDefaultRichMenu": _set_default,
    "getDefaultRichMenuId": _get_default,
    "cancelDefaultRichMenu": _cancel_default,
    "linkRichMenuIdToUser": _link_user,
    "unlinkRichMenuIdFromUser": _unlink_user,
    "getRichMenuIdOfUser": _get_user_richmenu,
    "linkRichMenuIdToUsers": _bulk_link,
    "unlinkRichMenuIdFromUsers": _bulk_unlink,
    "createRichMenuAlias": _create_alias,
    "updateRichMenuAlias": _update_alias,
    "deleteRichMenuAlias": _delete_alias,
    "getRichMenuAlias": _get_alias,
    "getRichMenuAliasList": _list_aliases,
}

"""line-bot-sdk v3's real clients against the stand-in: the SDK and the stand-in agree."""

from __future__ import annotations

import uuid

import pytest
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    FlexContainer,
    FlexMessage,
    MessagingApi,
    MessagingApiBlob,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
    ShowLoadingAnimationRequest,
    TextMessage,
)

from devtools.standin.images import png_bytes
from standin_support import ALICE, TOKEN, bubble


@pytest.fixture
def sdk(line_server):
    configuration = Configuration(host=line_server.url, access_token=TOKEN)
    with ApiClient(configuration) as api_client:
        yield MessagingApi(api_client), MessagingApiBlob(api_client)


def test_sdk_reply_with_quick_reply_and_flex(sdk, line_server):
    messaging, _ = sdk
    token = line_server.standin.mint_reply_token(ALICE)
    quick = QuickReply(items=[QuickReplyItem(action=PostbackAction(label="はい", data="v1|x|yes"))])
    response = messaging.reply_message(ReplyMessageRequest(reply_token=token, messages=[
        TextMessage(text="登録しますか？", quick_reply=quick),
        FlexMessage(alt_text="ごみ収集日", contents=FlexContainer.from_dict(bubble())),
    ]))
    assert len(response.sent_messages) == 2
    received = line_server.standin.messages_for(ALICE)
    assert received[0]["quickReply"]["items"][0]["action"]["data"] == "v1|x|yes"
    assert received[1]["contents"]["body"]["layout"] == "vertical"


def test_sdk_push_with_retry_key_is_sent_once(sdk, line_server):
    messaging, _ = sdk
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=ALICE, messages=[TextMessage(text="ごみの日です")])
    first = messaging.push_message_with_http_info(request, x_line_retry_key=key)
    assert first.status_code == 200
    with pytest.raises(ApiException) as retry:
        messaging.push_message(request, x_line_retry_key=key)
    assert retry.value.status == 409
    assert retry.value.headers["x-line-accepted-request-id"] == first.headers["X-Line-Request-Id"]
    assert len(line_server.standin.timeline(ALICE)) == 1


def test_sdk_sees_lines_400_for_a_bad_reply_token(sdk):
    messaging, _ = sdk
    with pytest.raises(ApiException) as error:
        messaging.reply_message(ReplyMessageRequest(reply_token="f" * 32,
                                                    messages=[TextMessage(text="x")]))
    assert error.value.status == 400


def test_sdk_rich_menu_upload_and_loading_animation(sdk, line_server):
    messaging, blob = sdk
    created = messaging.create_rich_menu(RichMenuRequest(
        size=RichMenuSize(width=2500, height=843), selected=False, name="guest", chat_bar_text="メニュー",
        areas=[RichMenuArea(bounds=RichMenuBounds(x=0, y=0, width=2500, height=843),
                            action=PostbackAction(data="v1|garbage|days"))]))
    blob.set_rich_menu_image(created.rich_menu_id, png_bytes(2500, 843),
                             _headers={"Content-Type": "image/png"})
    messaging.set_default_rich_menu(created.rich_menu_id)
    assert line_server.standin.richmenu_for(ALICE).rich_menu_id == created.rich_menu_id
    assert bytes(blob.get_rich_menu_image(created.rich_menu_id)) == png_bytes(2500, 843)
    messaging.show_loading_animation(ShowLoadingAnimationRequest(chat_id=ALICE, loading_seconds=5))
    assert line_server.standin.is_loading(ALICE)


def test_sdk_fetches_message_content(sdk, line_server):
    _, blob = sdk
    message_id = line_server.standin.image(ALICE, b"\xff\xd8\xffphoto").event["message"]["id"]
    assert bytes(blob.get_message_content(message_id)) == b"\xff\xd8\xffphoto"

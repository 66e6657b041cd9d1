"""The baseline for bench/webhook.py: a bare signature-check-and-reply LINE bot.

It does what any LINE bot must do per webhook and nothing else: verify X-Line-Signature
(line-bot-sdk v3 SignatureValidator), parse the JSON, and answer every event that carries a
reply token with one TextMessage through line-bot-sdk v3 ``MessagingApi.reply_message``, using
ONE ApiClient per process (made lazily, so each forked gunicorn worker owns its own pool).
No database, no flows. It replies inline, before answering 200, as the simplest bots do.

Every event with a reply token gets a reply (not only message events), so the baseline makes
exactly as many Messaging API calls as the portal bot does for the same event mix.

    LINE_CHANNEL_SECRET=S LINE_CHANNEL_ACCESS_TOKEN=T LINE_API_URL=http://127.0.0.1:8001 \
        gunicorn --workers 2 --pythonpath bench 'bare_bot:create_app()'
"""
from __future__ import annotations

import json
import os

from flask import Flask, Response, abort, request
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhook import SignatureValidator


def create_app() -> Flask:
    secret = os.environ["LINE_CHANNEL_SECRET"]
    token = os.environ["LINE_CHANNEL_ACCESS_TOKEN"]
    api_url = os.environ.get("LINE_API_URL", "https://api.line.me").rstrip("/")
    validator = SignatureValidator(secret)
    app = Flask("bare_bot")
    api: list[MessagingApi] = []  # one client per process, made after the fork

    def messaging() -> MessagingApi:
        if not api:
            api.append(MessagingApi(ApiClient(Configuration(host=api_url, access_token=token))))
        return api[0]

    @app.post("/callback")
    def callback() -> Response:
        body = request.get_data(cache=False)
        signature = request.headers.get("X-Line-Signature", "")
        if not signature or not validator.validate(body.decode("utf-8", "replace"), signature):
            abort(400)
        try:
            events = json.loads(body)["events"]
        except (ValueError, KeyError, TypeError):
            abort(400)
        for event in events:
            reply_token = event.get("replyToken") if isinstance(event, dict) else None
            if not reply_token:
                continue
            message = (event.get("message") or {}).get("text") or event.get("type", "event")
            try:
                messaging().reply_message(ReplyMessageRequest(
                    reply_token=reply_token, messages=[TextMessage(text=f"受け付けました: {message}"[:5000])]))
            except ApiException:
                pass  # counted on the stand-in's side
        return Response("{}", status=200, mimetype="application/json")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response('{"status":"ok"}', status=200, mimetype="application/json")

    return app

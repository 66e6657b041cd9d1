"""GET /icons/<token>: residents' uploaded icons, for My Page (SPEC §2.7).

The token is random and replaced with every change, so the URL is unguessable and an old URL
stops working; after 退会 the row is gone and so is the image. Any web worker can serve it.
"""
from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app

from bot.store.db import session_scope
from bot.store.icons import icon_by_token

blueprint = Blueprint("icons", __name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@blueprint.get("/icons/<token>")
def icon(token: str) -> Response:
    if not TOKEN.match(token):
        abort(404)
    with session_scope(current_app.extensions["portalbot"].db) as session:
        found = icon_by_token(session=session, token=token)
        if found is None or found.data is None:
            abort(404)
        data, content_type = found.data, found.content_type
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

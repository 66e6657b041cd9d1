"""The LIFF page for card linking and the OpenID Connect redirect URI (SPEC §1, §2.2).

    GET  /liff, /liff/card-link        the LIFF page: loads the LIFF SDK, sends liff.getIDToken()
    POST /liff/card-link/start         {"idToken"} → {"redirect": xID's authorization URL} or {"screen"}
    GET  /card-link/callback           xID's redirect: code + state → link, push, result screen
    GET  /liff/card-link/result        a result screen (done, cancelled, expired, already, ...)

The LINE user comes only from LINE's verification of the ID token — never from profile data
the page could send. The state, nonce and PKCE verifier live in the database (any worker can
take the callback), single-use, ten minutes.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from bot import texts
from bot.flows.cardlink import SET_UP_POSTBOX_BUTTON, CardLinking
from bot.liff.xid import LinkFailed, XidClient, XidSettings, verify_line_id_token
from bot.replies import Card, Reply
from bot.store import cardlink, residents
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident

log = logging.getLogger(__name__)

blueprint = Blueprint("liff", __name__, template_folder="templates")

LIFF_SDK = "https://static.line-scdn.net/liff/edge/2/sdk.js"
CALLBACK_PATH = "/card-link/callback"


def xid_settings() -> XidSettings | None:
    """xID's settings; in simulator mode without XID_ISSUER, the built-in development xID."""
    settings = current_app.extensions["portalbot"].settings
    redirect_uri = settings.public_url + CALLBACK_PATH
    if settings.xid_issuer and settings.xid_client_id and settings.xid_client_secret:
        return XidSettings(settings.xid_issuer.rstrip("/"), settings.xid_client_id, settings.xid_client_secret, redirect_uri)
    if settings.simulator and "devxid" in current_app.extensions:
        from bot.devxid import SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET

        return XidSettings(current_app.extensions["devxid"].issuer, SIMULATOR_CLIENT_ID, SIMULATOR_CLIENT_SECRET, redirect_uri)
    return None


def xid_client() -> XidClient:
    config = xid_settings()
    if config is None:
        raise LinkFailed("unavailable", "xID is not configured")
    client = current_app.extensions.get("cardlink.xid")
    if client is None or client.config != config:
        client = current_app.extensions["cardlink.xid"] = XidClient(config)
    return client


@blueprint.after_request
def never_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the callback URL carries a code
    return response


# --- the LIFF page ---------------------------------------------------------------------------


@blueprint.get("/liff")
@blueprint.get("/liff/card-link")
def page():
    settings = current_app.extensions["portalbot"].settings
    simulator = settings.simulator
    sdk_url = url_for("liff_simulator.static", filename="liff-simulator.js") if simulator else LIFF_SDK
    return _render(liff_id=settings.liff_id or "", sdk_url=sdk_url, start_url=url_for("liff.start"), shown=None)


@blueprint.get("/liff/card-link/result")
def result():
    screen = request.args.get("screen", "")
    if screen not in texts.LIFF_SCREENS:
        abort(404)
    return _render(liff_id="", sdk_url=None, start_url=None, shown=screen)


def _render(**values) -> str:
    return render_template(
        "liff/card_link.html",
        title=texts.LIFF_TITLE,
        working=texts.LIFF_WORKING,
        back_label=texts.LIFF_BACK_TO_LINE,
        screens=texts.LIFF_SCREENS,
        simulator=current_app.extensions["portalbot"].settings.simulator,
        **values,
    )


@blueprint.post("/liff/card-link/start")
def start():
    """Verify the ID token with LINE, bind a fresh attempt to that resident, answer xID's URL."""
    portal = current_app.extensions["portalbot"]
    body = request.get_json(silent=True)
    id_token = body.get("idToken") if isinstance(body, dict) else None
    try:
        client = xid_client()
        line_user_id = verify_line_id_token(portal.settings, id_token)
        with session_scope(portal.db) as session:
            resident = residents.find_resident(session=session, line_user_id=line_user_id)
            if resident is None or not resident.registered:
                raise LinkFailed("register", "not registered")
            if cardlink.is_linked(session=session, resident_id=resident.id):
                raise LinkFailed("already", "already linked")
            attempt = cardlink.begin_link(session=session, resident_id=resident.id, now=utcnow())
            url = client.authorization_url(attempt)  # a failure here rolls the attempt back
    except LinkFailed as failure:
        log.info("card link not started: %s", failure)
        return jsonify(screen=failure.screen), 400 if failure.screen != "unavailable" else 503
    return jsonify(redirect=url)


# --- xID's redirect -----------------------------------------------------------------------------


@blueprint.get(CALLBACK_PATH)
def callback():
    portal = current_app.extensions["portalbot"]
    state = request.args.get("state", "")
    with session_scope(portal.db) as session:
        # Used up whatever happens next: a state works once.
        started = cardlink.take_link_request(session=session, state=state, now=utcnow())
    if started is None:
        return _show("expired", "unknown, used or expired state")
    if request.args.get("error"):
        cancelled = request.args.get("error") in ("access_denied", "consent_required", "login_required")
        return _show("cancelled" if cancelled else "retry", f"xID answered {request.args.get('error')[:40]}")
    code = request.args.get("code", "")
    if not code or len(code) > 1024:
        return _show("retry", "no code")
    try:
        subject = xid_client().subject_for(code, started)
    except LinkFailed as failure:
        return _show(failure.screen, str(failure))

    try:
        with session_scope(portal.db) as session:
            outcome = cardlink.link_card(session=session, resident_id=started.resident_id, xid_subject=subject, now=utcnow())
            if outcome is not cardlink.LinkOutcome.LINKED:
                raise _NotLinked(outcome)
            cardlink.leave_flow(session=session, resident_id=started.resident_id, flow=CardLinking.name)
            resident = session.get(Resident, started.resident_id)
            line_user_id = resident.line_user_id
    except _NotLinked as refused:
        screen = "taken" if refused.outcome is cardlink.LinkOutcome.TAKEN else "already"
        return _show(screen, refused.outcome.value)
    except IntegrityError:  # the same identity linked by another resident at this very moment
        return _show("taken", "identity linked concurrently")

    portal.messenger.send(line_user_id, None, linked_reply(), push_key=f"cardlink:{started.state_hash}")
    return redirect(url_for("liff.result", screen="done"), code=303)


def linked_reply() -> Reply:
    """The push after linking: done, and the next step (the guide's デジタル郵便受けを設定する)."""
    card = Card(
        title=texts.LINK_COMPLETED,
        lines=(texts.LINK_COMPLETED_NEXT,),
        buttons=(SET_UP_POSTBOX_BUTTON,),
        alt_text=texts.LINK_COMPLETED,
    )
    return Reply(messages=[card])


class _NotLinked(Exception):
    def __init__(self, outcome: cardlink.LinkOutcome) -> None:
        super().__init__(outcome.value)
        self.outcome = outcome


def _show(screen: str, reason: str):
    log.info("card link callback ended with %s (%s)", screen, reason)
    return redirect(url_for("liff.result", screen=screen), code=303)

"""The LIFF page for card linking and the OpenID Connect redirect URI (SPEC §1, §2.2).

    GET  /liff, /liff/card-link        the LIFF page: loads the LIFF SDK, sends liff.getIDToken()
    POST /liff/card-link/start         {"idToken"} → {"redirect": xID's authorization URL} or {"screen"},
                                       and the browser's key in a cookie
    GET  /card-link/callback           xID's redirect: code + state, in the same browser → xID's
                                       answer parked, on to the confirmation page
    GET  /liff/card-link/confirm       the LIFF confirmation page: sends a fresh liff.getIDToken()
    POST /liff/card-link/confirm       {"idToken"} → link, push, {"screen": "done"} or another screen
    GET  /liff/card-link/result        a result screen (done, cancelled, expired, already, ...)

The LINE user comes only from LINE's verification of the ID token — never from profile data
the page could send. The state, nonce and PKCE verifier live in the database (any worker can
take the callback), single-use, ten minutes. Against a link made in someone else's name (login
CSRF, RFC 6749 §10.12), the attempt is bound to the browser that started it (a `__Host-` cookie
whose hash is on the attempt), and the link is made only when a fresh ID token from that
browser says the attempt's resident is there (docs/card-link.md says what each step stops).
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from bot import metrics
from bot.chat import language, texts
from bot.flows.base import localised
from bot.flows.cardlink import SET_UP_POSTBOX_BUTTON, CardLinking
from bot.liff.xid import LinkFailed, XidClient, XidSettings, verify_line_id_token
from bot.web.pages import forbid_framing
from bot.chat.replies import Card, Reply
from bot.store import cardlink, conversations, residents
from bot.store.db import session_scope, utcnow
from bot.store.models import Resident

log = logging.getLogger(__name__)

blueprint = Blueprint("liff", __name__, template_folder="templates")

LIFF_SDK = "https://static.line-scdn.net/liff/edge/2/sdk.js"
CALLBACK_PATH = "/card-link/callback"
# The browser's key to its attempt. `__Host-`: Secure, Path=/ and no Domain, so no other
# (sub)domain can plant one; HttpOnly: no script reads it; Lax: sent on xID's redirect back.
BROWSER_COOKIE = "__Host-portalbot-card-link"


def xid_settings() -> XidSettings | None:
    """xID's settings; in simulator mode without XID_ISSUER, the built-in development xID."""
    settings = current_app.extensions["portalbot"].settings
    redirect_uri = settings.public_url + CALLBACK_PATH
    if settings.xid_issuer and settings.xid_client_id and settings.xid_client_secret:
        return XidSettings(settings.xid_issuer.rstrip("/"), settings.xid_client_id, settings.xid_client_secret, redirect_uri)
    development = current_app.extensions.get("development_xid") if settings.simulator else None
    if development is not None:  # mounted by bot/development.py: issuer, client id and secret
        return XidSettings(*development, redirect_uri)
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
    return forbid_framing(response)


# --- the LIFF page ---------------------------------------------------------------------------


@blueprint.get("/liff")
@blueprint.get("/liff/card-link")
def page():
    return _liff_page(url_for("liff.start"), texts.LIFF_WORKING)


@blueprint.get("/liff/card-link/confirm")
def confirm_page():
    return _liff_page(url_for("liff.confirm"), texts.LIFF_CONFIRMING)


def _liff_page(post_url: str, working: str) -> str:
    """A page that loads the LIFF SDK and posts liff.getIDToken() to `post_url`."""
    settings = current_app.extensions["portalbot"].settings
    simulator = settings.simulator
    sdk_url = url_for("liff_simulator.static", filename="liff-simulator.js") if simulator else LIFF_SDK
    return _render(liff_id=settings.liff_id or "", sdk_url=sdk_url, post_url=post_url, working=working, shown=None)


@blueprint.get("/liff/card-link/result")
def result():
    screen = request.args.get("screen", "")
    if screen not in texts.LIFF_SCREENS:
        abort(404)
    return _render(liff_id="", sdk_url=None, post_url=None, working=texts.LIFF_WORKING, shown=screen)


def _render(**values) -> str:
    return render_template(
        "liff/card_link.html",
        title=texts.LIFF_TITLE,
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
    response = jsonify(redirect=url)
    response.set_cookie(
        BROWSER_COOKIE,
        attempt.browser_key,
        max_age=int(cardlink.LINK_REQUEST_TTL.total_seconds()),
        path="/",
        secure=True,
        httponly=True,
        samesite="Lax",
    )
    return response


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
    if not cardlink.same_browser(started.browser_hash, request.cookies.get(BROWSER_COOKIE)):
        # Not the browser that started it: a link sent to someone else, or xID opening another
        # browser. Whoever approved there, nothing of it is kept.
        return _show("reopen", "came back to another browser")
    if request.args.get("error"):
        error = request.args.get("error", "")
        cancelled = error in ("access_denied", "consent_required", "login_required")
        return _show("cancelled" if cancelled else "retry", f"xID answered {_printable(error)}")
    code = request.args.get("code", "")
    if not code or len(code) > 1024:
        return _show("retry", "no code")
    try:
        subject = xid_client().subject_for(code, started)
    except LinkFailed as failure:
        return _show(failure.screen, str(failure))
    with session_scope(portal.db) as session:
        cardlink.park_approval(session=session, started=started, xid_subject=subject, now=utcnow())
        line_user_id = session.get(Resident, started.resident_id).line_user_id
    confirm_url = url_for("liff.confirm_page")
    if portal.settings.simulator:  # the LIFF shim learns from the page who the resident is
        confirm_url += "?" + urlencode({"user": line_user_id})
    return redirect(confirm_url, code=303)


@blueprint.post("/liff/card-link/confirm")
def confirm():
    """Link only when LINE confirms, with a fresh ID token from this browser, that the resident
    who started the attempt is the one here."""
    portal = current_app.extensions["portalbot"]
    body = request.get_json(silent=True)
    id_token = body.get("idToken") if isinstance(body, dict) else None
    browser_key = request.cookies.get(BROWSER_COOKIE)
    try:
        line_user_id = verify_line_id_token(portal.settings, id_token)
    except LinkFailed as failure:  # the approval stays for a retry with a token LINE confirms
        log.info("card link not confirmed: %s", failure)
        return jsonify(screen=failure.screen), 400 if failure.screen != "unavailable" else 503
    try:
        if not browser_key:
            raise LinkFailed("reopen", "no browser key")
        with session_scope(portal.db) as session:
            approval = cardlink.take_approval(session=session, browser_key=browser_key, now=utcnow())
            resident = session.get(Resident, approval.resident_id) if approval is not None else None
            owner = resident.line_user_id if resident is not None else None
            reads = resident.language if resident is not None else None
        if approval is None:
            raise LinkFailed("expired", "no approval waiting for this browser")
        if owner != line_user_id:
            raise LinkFailed("reopen", "another LINE account confirms")
    except LinkFailed as failure:
        log.info("card link not confirmed: %s", failure)
        return _forget_browser(jsonify(screen=failure.screen)), 400 if failure.screen != "unavailable" else 503

    try:
        with session_scope(portal.db) as session:
            outcome = cardlink.link_card(session=session, resident_id=approval.resident_id, xid_subject=approval.xid_subject, now=utcnow())
            if outcome is not cardlink.LinkOutcome.LINKED:
                raise _NotLinked(outcome)
            conversations.end_flow(session=session, resident_id=approval.resident_id, flow=CardLinking.name)
    except _NotLinked as refused:
        metrics.CARD_LINKS.labels(refused.outcome.value).inc()
        screen = "taken" if refused.outcome is cardlink.LinkOutcome.TAKEN else "already"
        log.info("card link not made: %s", refused.outcome.value)
        return _forget_browser(jsonify(screen=screen)), 409
    except IntegrityError:  # the same identity linked by another resident at this very moment
        metrics.CARD_LINKS.labels(cardlink.LinkOutcome.TAKEN.value).inc()
        log.info("card link not made: identity linked concurrently")
        return _forget_browser(jsonify(screen="taken")), 409

    metrics.CARD_LINKS.labels(cardlink.LinkOutcome.LINKED.value).inc()
    try:
        with language.speaking(reads):  # pushed outside any turn: in the resident's language
            reply = linked_reply()
        portal.messenger.send(line_user_id, None, reply, push_key=f"cardlink:{approval.browser_hash}")
    except Exception:  # noqa: BLE001 - linked and committed; the page still says so
        log.exception("the card link push could not be sent")
    return _forget_browser(jsonify(screen="done"))


def _forget_browser(response: Response) -> Response:
    response.delete_cookie(BROWSER_COOKIE, path="/", secure=True, httponly=True, samesite="Lax")
    return response


def linked_reply() -> Reply:
    """The push after linking: done, and the next step (the guide's デジタル郵便受けを設定する)."""
    card = Card(
        title=texts.LINK_COMPLETED,
        lines=(texts.LINK_COMPLETED_NEXT,),
        buttons=(localised(SET_UP_POSTBOX_BUTTON),),
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


def _printable(value: str) -> str:
    """Text from a query string, safe for one log line: short, no control characters."""
    kept = "".join(c if c.isprintable() and c.isascii() else "?" for c in value[:40])
    return repr(kept)

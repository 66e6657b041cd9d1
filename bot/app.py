"""The application factory: nothing reads the environment or connects at import time."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, jsonify
from sqlalchemy import text
from sqlalchemy.engine import Engine
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.city import City, load_city
from bot.city_source import CitySource
from bot.config import Settings
from bot.flows import FLOWS
from bot.flows.engine import FlowEngine
from bot.handling.handler import EventHandler
from bot.line.messenger import LineMessenger
from bot.liff.links import PortalMessenger
from bot.line import webhook
from bot.runtime import Runtime



@dataclass
class Portal:
    """What the web app works with, made once per process."""

    settings: Settings
    db: Engine
    city_source: CitySource
    messenger: LineMessenger
    handler: EventHandler

    @property
    def city(self) -> City:
        """The city now: the city file with the imported data's name and wards."""
        return self.city_source.current()

    def close(self) -> None:
        """Close the database connections (the handler has its own engine)."""
        self.db.dispose()
        self.handler.db.dispose()


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> Flask:
    runtime = runtime or Runtime(settings or Settings.from_env())
    settings = runtime.settings
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=webhook.MAX_BYTES)
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    app.extensions["portalbot"] = build_portal(runtime)
    from bot import logs, metrics

    logs.init_app(app)
    metrics.init_app(app, token=settings.metrics_token, engine=runtime.engine)

    from bot.liff import blueprint as liff

    from bot.web.icons import blueprint as icons

    app.register_blueprint(icons)
    app.register_blueprint(liff)
    development = []
    if settings.simulator:
        from bot import development as tools

        development = tools.mount(app, settings)
    from bot.admin import init_staff_console
    from bot.api import blueprint as api

    app.register_blueprint(api)
    # CSRF on every form; exempt: JSON endpoints, the bearer-token API (the signature-checked
    # webhook is answered before Flask: bot/line/webhook.py).
    exempt = [liff, api, *development]
    init_staff_console(app, csrf_exempt=exempt)

    @app.get("/healthz")
    def healthz():
        try:
            with runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return jsonify(status="database unavailable"), 503
        return jsonify(status="ok")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return jsonify(message=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        logging.getLogger(__name__).exception("unhandled error")
        return jsonify(message="internal error"), 500

    app.wsgi_app = webhook.Webhook(app.wsgi_app, app.extensions["portalbot"])  # type: ignore[method-assign]
    return app


def build_portal(runtime: Runtime) -> Portal:
    settings = runtime.settings
    city = CitySource(load_city(settings.city_config), engine=runtime.engine, config_path=settings.city_config)
    city.check()  # a CITY_CONFIG that contradicts the imported data does not start
    messenger = PortalMessenger(settings, engine=runtime.engine)
    handler = EventHandler(
        db=runtime.handling_engine, flows=FlowEngine(FLOWS), messenger=messenger, city=city, timezone=settings.timezone
    )
    return Portal(settings=settings, db=runtime.engine, city_source=city, messenger=messenger, handler=handler)

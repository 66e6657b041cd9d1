"""Settings read from the environment (SPEC §1). Nothing here runs at import time."""
from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

INSTANCE_DIR = Path(os.environ.get("PORTALBOT_INSTANCE", "instance"))


@dataclass(frozen=True)
class Settings:
    channel_secret: str | None = None
    channel_access_token: str | None = None
    line_api_url: str = "https://api.line.me"
    line_data_api_url: str = "https://api-data.line.me"
    line_login_channel_id: str | None = None
    liff_id: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    xid_issuer: str | None = None
    xid_client_id: str | None = None
    xid_client_secret: str | None = None
    database_url: str = f"sqlite:///{INSTANCE_DIR}/portalbot.db"
    secret_key: str = ""
    timezone: str = "Asia/Tokyo"
    city_config: str | None = None
    # Proxies in front of gunicorn whose X-Forwarded-For/-Proto to believe (0: none): the staff
    # console's per-address sign-in limit and audit log need the staff member's own address,
    # not the proxy's.
    trusted_proxies: int = 0
    # Requests per second per endpoint class, shared by every sender (bot/line/limits.py).
    line_rate_limits: dict[str, float] = field(default_factory=lambda: _default_rates())
    # Bearer token of GET /metrics (unset: no /metrics at all).
    metrics_token: str | None = field(default=None, repr=False)
    # Seconds a sender holds the delivery batches it claimed (a killed sender's return after it).
    delivery_lease: float = 30.0
    log_format: str = "text"  # "json": one JSON object per line (production)
    # Simulator mode (PORTALBOT_SIMULATOR=1, development only): the app talks to a stand-in of
    # LINE and serves /simulator. Never implied by missing credentials.
    simulator: bool = False
    # Simulator mode only: the secret and token the in-app stand-in of LINE uses, made afresh
    # by each process, so no published value signs webhooks anywhere.
    simulator_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    simulator_token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @property
    def webhook_secret(self) -> str:
        return self.channel_secret if not self.simulator else self.simulator_secret

    @property
    def access_token(self) -> str:
        return self.channel_access_token if not self.simulator else self.simulator_token

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        get = lambda name: env.get(name) or None  # noqa: E731 - empty counts as unset
        settings = cls(
            channel_secret=get("LINE_CHANNEL_SECRET"),
            channel_access_token=get("LINE_CHANNEL_ACCESS_TOKEN"),
            line_api_url=(get("LINE_API_URL") or cls.line_api_url).rstrip("/"),
            line_data_api_url=(get("LINE_DATA_API_URL") or cls.line_data_api_url).rstrip("/"),
            line_login_channel_id=get("LINE_LOGIN_CHANNEL_ID"),
            liff_id=get("LIFF_ID"),
            public_url=(get("PUBLIC_URL") or cls.public_url).rstrip("/"),
            xid_issuer=get("XID_ISSUER"),
            xid_client_id=get("XID_CLIENT_ID"),
            xid_client_secret=get("XID_CLIENT_SECRET"),
            database_url=get("DATABASE_URL") or cls.database_url,
            secret_key=get("SECRET_KEY") or "",
            timezone=get("BOT_TIMEZONE") or cls.timezone,
            city_config=get("CITY_CONFIG"),
            trusted_proxies=_count(get("TRUSTED_PROXIES"), "TRUSTED_PROXIES"),
            line_rate_limits=_rates(get("LINE_RATE_LIMITS")),
            metrics_token=get("METRICS_TOKEN"),
            log_format=_log_format(get("LOG_FORMAT")),
            delivery_lease=_seconds(get("DELIVERY_LEASE"), "DELIVERY_LEASE", cls.delivery_lease),
            simulator=_flag(get("PORTALBOT_SIMULATOR"), "PORTALBOT_SIMULATOR"),
        )
        refusal = start_up_refusal(settings)
        if refusal:
            raise RuntimeError(refusal)
        if not settings.secret_key:
            settings = replace(settings, secret_key=_dev_secret_key())
        return settings


def start_up_refusal(settings: Settings) -> str | None:
    """Why these settings must not start a process, as the operator reads it; None when fine.

    Simulator mode trusts a stand-in of LINE, serves /simulator and a development xID: it must
    never be what a production deployment falls into by a missing or misspelt variable."""
    secret, token = bool(settings.channel_secret), bool(settings.channel_access_token)
    if secret != token:
        present, missing = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN")[:: 1 if secret else -1]
        return f"{present} is set but {missing} is not: set both LINE credentials (one alone is a mistake, not simulator mode)"
    if not settings.simulator:
        if not secret:
            return (
                "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are not set: set them, "
                "or PORTALBOT_SIMULATOR=1 for the simulator (development only)"
            )
        if not settings.secret_key:
            return "SECRET_KEY must be set when LINE credentials are configured"
        return None
    if secret:
        return "PORTALBOT_SIMULATOR=1 talks to a stand-in of LINE: unset LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or unset PORTALBOT_SIMULATOR"
    host = urlsplit(settings.public_url).hostname or ""
    if not _is_loopback(host):
        return f"PORTALBOT_SIMULATOR=1 serves the simulator on loopback only, not on PUBLIC_URL {settings.public_url}"
    if settings.database_url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres"):
        return "PORTALBOT_SIMULATOR=1 runs on SQLite only (development): DATABASE_URL is PostgreSQL"
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _flag(value: str | None, name: str) -> bool:
    if value is None or value == "0":
        return False
    if value != "1":
        raise RuntimeError(f"{name} must be 1 (on) or unset, not {value!r}")
    return True


def _count(value: str | None, name: str) -> int:
    if value is None:
        return 0
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number (how many proxies), not {value!r}")
    return int(value)


def _default_rates() -> dict[str, float]:
    from bot.line.limits import default_rates

    return default_rates()


def _rates(value: str | None) -> dict[str, float]:
    from bot.line.limits import parse_rates

    return parse_rates(value)


def _seconds(value: str | None, name: str, default: float) -> float:
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise RuntimeError(f"{name} must be a number of seconds, not {value!r}") from None
    if seconds <= 0:
        raise RuntimeError(f"{name} must be above 0")
    return seconds


def _log_format(value: str | None) -> str:
    if value not in (None, "text", "json"):
        raise RuntimeError(f"LOG_FORMAT must be text or json, not {value!r}")
    return value or "text"


def load_dotenv_for_development() -> None:
    """Read .env when present (development); real deployments set the environment."""
    from dotenv import load_dotenv

    load_dotenv(override=False)


def _dev_secret_key() -> str:
    """A key generated once per development install and kept under instance/."""
    path = INSTANCE_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key

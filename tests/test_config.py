"""Settings from the environment (SPEC §1): simulator mode only when asked for
(PORTALBOT_SIMULATOR=1), clear refusals for settings a deployment got wrong."""
from __future__ import annotations

import pytest

from bot.config import Settings

LINE = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}
SIMULATOR = {"PORTALBOT_SIMULATOR": "1"}


def test_simulator_mode_is_asked_for_and_gets_a_development_key(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.config.INSTANCE_DIR", tmp_path)
    settings = Settings.from_env({**SIMULATOR, "PUBLIC_URL": "http://127.0.0.1:8000/"})
    assert settings.simulator and settings.public_url == "http://127.0.0.1:8000"
    assert settings.secret_key == (tmp_path / "secret_key").read_text()  # made once for development


def test_the_simulators_secret_is_made_per_process_not_published():
    first, second = Settings(simulator=True), Settings(simulator=True)
    assert first.webhook_secret != second.webhook_secret and len(first.webhook_secret) >= 40
    assert "simulator-channel-secret" not in (first.webhook_secret, first.access_token)


def test_a_deployment_must_set_its_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        Settings.from_env(LINE)
    assert not Settings.from_env({**LINE, "SECRET_KEY": "k"}).simulator


# Each refusal, with what the operator reads when the process will not start.
@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are not set: set them, or PORTALBOT_SIMULATOR=1"),
        ({"SECRET_KEY": "k", "LINE_CHANNEL_SECRET": "s"}, "LINE_CHANNEL_SECRET is set but LINE_CHANNEL_ACCESS_TOKEN is not"),
        ({"SECRET_KEY": "k", "LINE_CHANNEL_ACCESS_TOKEN": "t"}, "LINE_CHANNEL_ACCESS_TOKEN is set but LINE_CHANNEL_SECRET is not"),
        # a misspelt variable is a missing one: never simulator mode
        ({"SECRET_KEY": "k", "LINE_CHANNEL_SECRET": "s", "LINE_CHANEL_ACCESS_TOKEN": "t"}, "LINE_CHANNEL_ACCESS_TOKEN is not"),
        ({**SIMULATOR, "LINE_CHANNEL_SECRET": "s"}, "LINE_CHANNEL_SECRET is set but LINE_CHANNEL_ACCESS_TOKEN is not"),
        ({**SIMULATOR, **LINE}, "PORTALBOT_SIMULATOR=1 talks to a stand-in of LINE: unset LINE_CHANNEL_SECRET"),
        ({**SIMULATOR, "PUBLIC_URL": "https://portal.example.jp"}, "loopback only, not on PUBLIC_URL https://portal.example.jp"),
        ({**SIMULATOR, "PUBLIC_URL": "http://192.168.1.20:8000"}, "loopback only"),
        ({**SIMULATOR, "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1/portalbot"}, "SQLite only"),
        ({"PORTALBOT_SIMULATOR": "yes"}, "PORTALBOT_SIMULATOR must be 1"),
    ],
    ids=["no-credentials", "secret-only", "token-only", "misspelt", "simulator-secret-only", "simulator-credentials",
         "simulator-public", "simulator-lan", "simulator-postgresql", "simulator-yes"],
)
def test_settings_that_must_not_start_are_refused_with_a_clear_message(environ, message, tmp_path, monkeypatch):
    monkeypatch.setattr("bot.config.INSTANCE_DIR", tmp_path)
    with pytest.raises(RuntimeError) as refused:
        Settings.from_env(environ)
    assert message in str(refused.value)


@pytest.mark.parametrize("public_url", ["http://127.0.0.1:8000", "http://localhost:5000", "http://[::1]:8000"])
def test_the_simulator_runs_on_loopback(public_url, tmp_path, monkeypatch):
    monkeypatch.setattr("bot.config.INSTANCE_DIR", tmp_path)
    assert Settings.from_env({**SIMULATOR, "PUBLIC_URL": public_url}).simulator


def test_the_web_app_refuses_to_start_without_credentials(monkeypatch):
    from bot.app import create_app

    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "PORTALBOT_SIMULATOR"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match="PORTALBOT_SIMULATOR=1"):
        create_app()


def test_trusted_proxies_is_a_count_and_none_by_default():
    assert Settings.from_env({**LINE, "SECRET_KEY": "k"}).trusted_proxies == 0
    assert Settings.from_env({**LINE, "SECRET_KEY": "k", "TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        Settings.from_env({**LINE, "SECRET_KEY": "k", "TRUSTED_PROXIES": "yes"})

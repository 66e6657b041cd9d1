"""Settings from the environment (SPEC §1): simulator mode without LINE credentials, clear
refusals for settings a deployment got wrong."""
from __future__ import annotations

import pytest

from bot.config import Settings

LINE = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}


def test_without_line_credentials_the_bot_runs_in_simulator_mode(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.config.INSTANCE_DIR", tmp_path)
    settings = Settings.from_env({"PUBLIC_URL": "http://127.0.0.1:8000/"})
    assert settings.simulator and settings.public_url == "http://127.0.0.1:8000"
    assert settings.secret_key == (tmp_path / "secret_key").read_text()  # made once for development


def test_a_deployment_must_set_its_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        Settings.from_env(LINE)
    assert not Settings.from_env({**LINE, "SECRET_KEY": "k"}).simulator


def test_trusted_proxies_is_a_count_and_none_by_default():
    assert Settings.from_env({**LINE, "SECRET_KEY": "k"}).trusted_proxies == 0
    assert Settings.from_env({**LINE, "SECRET_KEY": "k", "TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        Settings.from_env({**LINE, "SECRET_KEY": "k", "TRUSTED_PROXIES": "yes"})

"""What a fresh process sees: the web app and the CLI work without the tests' imports."""
from __future__ import annotations

import os
import subprocess
import sys


def test_a_fresh_web_process_knows_every_table(sqlite_url, tmp_path):
    """gunicorn imports only bot.app: the mappers must still resolve every foreign key."""
    script = (
        "from sqlalchemy.orm import configure_mappers\n"
        "from bot.app import create_app\n"
        "create_app()\n"
        "configure_mappers()\n"
        "print('ok')\n"
    )
    env = {**os.environ, "DATABASE_URL": sqlite_url, "PORTALBOT_INSTANCE": str(tmp_path), "PORTALBOT_SIMULATOR": "1"}
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_the_runtime_alone_knows_every_table(sqlite_url):
    """The CLI and the clock start from a Runtime: it must register every table by itself."""
    script = (
        "import sys\n"
        "from sqlmodel import Session\n"
        "from bot.runtime import Runtime\n"
        "from bot.config import Settings\n"
        "from bot.store.residents import lock_resident\n"
        "runtime = Runtime(Settings(database_url=sys.argv[1], secret_key='x'))\n"
        "with Session(runtime.engine) as session:\n"
        "    resident = lock_resident(session=session, line_user_id='U' + '0' * 32)\n"
        "    resident.nickname = 'たろう'\n"
        "    session.flush()\n"
        "    session.rollback()\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script, sqlite_url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_gunicorn_workers_metrics_add_up_in_multiprocess_mode(sqlite_url, tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR, /metrics counts every worker's requests, whichever answers
    the scrape; a run's leftover files are wiped when gunicorn starts (bot/gunicorn_conf.py)."""
    import socket
    import time

    import requests

    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"left from an earlier run")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": sqlite_url, "PORTALBOT_INSTANCE": str(tmp_path), "PORTALBOT_SIMULATOR": "1",
           "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "METRICS_TOKEN": "scrape-me"}
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"):
        env.pop(name, None)
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "python:bot.gunicorn_conf", "--workers", "2",
                            "--bind", f"127.0.0.1:{port}", "bot.app:create_app()"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or a worker still importing
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not start")
        for _ in range(20):  # refused webhooks: each one answered, and timed, by some worker
            assert requests.post(base + "/callback", data=b"{}", headers={"X-Line-Signature": "bad"}, timeout=30).status_code == 400
        for _ in range(4):
            page = requests.get(base + "/metrics", headers={"Authorization": "Bearer scrape-me"}, timeout=30).text
            assert "portalbot_webhook_response_seconds_count 20.0" in page, page
    finally:
        web.terminate()
        web.wait(10)

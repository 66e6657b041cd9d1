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

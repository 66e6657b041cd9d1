"""gunicorn's hooks for the web process (`gunicorn --config python:bot.gunicorn_conf`).

With PROMETHEUS_MULTIPROC_DIR set, each worker writes its metrics to files in that directory
and /metrics adds every worker's up (bot/metrics.py). The files of an earlier run would be added
in too, so the master empties the directory before it forks the first worker. The variable must
be in the environment gunicorn starts with (not set from Python), so that every worker sees it
before it imports prometheus-client."""
from __future__ import annotations

import os
import shutil


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)

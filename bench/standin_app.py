"""The LINE stand-in's own Flask app (devtools/standin/app.py), for serving with gunicorn's gthread
worker: one process (the stand-in's state is in memory), many threads, HTTP/1.1 keep-alive
and TCP_NODELAY.

Why not ``python -m devtools.standin``: it serves with werkzeug's development server, which answers
every request with ``Connection: close`` (so each Messaging API call of the bot pays a new TCP
connection and a new server thread) and leaves Nagle's algorithm on (its headers and body go in
two send() calls, so a response can wait for the client's delayed ACK). The real Messaging API
keeps connections alive, so both would bias the benchmark. The app, its state and its checks
are the same; ``bench/webhook.py --standin-server werkzeug`` runs the plain module instead.

BENCH_STANDIN_REPLY_TTL (seconds, default LINE's 60) lets reply tokens minted before a timed
wave outlive a slow wave on a busy machine; tokens are still checked (known, unused).

    BENCH_STANDIN_SECRET=S BENCH_STANDIN_TOKEN=T [BENCH_STANDIN_VALIDATE=1] \
        gunicorn -w 1 -k gthread --threads 32 --pythonpath bench 'standin_app:create_app()'
"""
from __future__ import annotations

import os

from devtools.standin.app import create_standin_app


def create_app():
    return create_standin_app(channel_secret=os.environ["BENCH_STANDIN_SECRET"],
                              access_token=os.environ["BENCH_STANDIN_TOKEN"],
                              validate=os.environ.get("BENCH_STANDIN_VALIDATE") == "1",
                              keep_log=os.environ.get("BENCH_STANDIN_LOG", "1") == "1",
                              reply_token_ttl=float(os.environ.get("BENCH_STANDIN_REPLY_TTL", "60")))

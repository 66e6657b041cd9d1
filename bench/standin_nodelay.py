"""``python bench/standin_nodelay.py ARGS``: ``python -m bot.standin ARGS`` with TCP_NODELAY set
on the stand-in's connections, and nothing else changed.

Why: bot/standin/server.py serves with werkzeug's threaded server, whose request handler keeps
Nagle's algorithm on; werkzeug writes the status line and headers, then the body, in two
send() calls, so each response can wait for the client's delayed ACK. Measured here: a
reply_message round trip 3.8 ms p50 with Nagle on, 1.6 ms with TCP_NODELAY; minting a reply
token 4.3 ms → 1.0 ms per call. The real LINE API has no such stall, so the benchmark uses this
launcher (``bench/webhook.py --standin-nagle`` uses the plain module instead, for comparison).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.standin import server  # noqa: E402
from bot.standin.__main__ import main  # noqa: E402

server.QuietHandler.disable_nagle_algorithm = True

if __name__ == "__main__":
    main()

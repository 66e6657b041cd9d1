#!/usr/bin/env python
"""Where the portal bot's CPU goes per webhook event: cProfile over the same event mix as
bench/webhook.py, in one process (no gunicorn), against the stand-in in its own process.

    .venv/bin/python bench/profile_bot.py --backend sqlite --residents 200 [--sort tottime]

The events go through the WSGI app with werkzeug's test client (its own cost shows up under
werkzeug/test.py and is not the bot's), and each response is closed so that the flows run as
under gunicorn (call_on_close). Prints the time per event of the main stages and the top
functions.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# The bot (and its stand-in) from BENCH_BOT_SOURCE, an exported revision, when given: A/B runs.
sys.path[:0] = [str(BENCH), os.environ.get("BENCH_BOT_SOURCE") or str(BENCH.parent)]

from scenario import lane_order, make_residents  # noqa: E402
from webhook import (Bench, Json, Processes, _event, free_port, standin_command, wait_http)  # noqa: E402

from devtools.standin import events as line_events  # noqa: E402
from devtools.standin.state import DEFAULT_BOT_USER_ID  # noqa: E402

STAGES = [  # (label, "file:function") as pstats names them
    ("POST /callback (accept path)", "bot/line/webhook.py", "callback"),
    ("  inbox.accept", "bot/store/inbox.py", "accept"),
    ("handle (after the response)", "bot/handling/handler.py", "handle"),
    ("  residents.lock_with_conversation", "bot/store/residents.py", "lock_with_conversation"),
    ("  inbox.take_waiting_of", "bot/store/inbox.py", "take_waiting_of"),
    ("  FlowEngine.handle", "bot/flows/engine.py", "handle"),
    ("  conversations.save", "bot/store/conversations.py", "save"),
    ("  handler._rich_menu_switch", "bot/handling/handler.py", "_rich_menu_switch"),
    ("  session commit", "sqlalchemy/orm/session.py", "commit"),
    ("  LineMessenger.send", "bot/line/messenger.py", "send"),
    ("    render", "bot/line/render.py", "render"),
    ("    LineHttp.post", "bot/line/http.py", "post"),
    ("  LineMessenger.display_name (get_profile)", "bot/line/messenger.py", "display_name"),
    ("  LineMessenger.show_rich_menu", "bot/line/messenger.py", "show_rich_menu"),
]


STAGE_TARGETS = [  # (label, module, attribute path) wrapped with a CPU timer
    ("POST /callback (accept path)", "bot.line.webhook", "Webhook.callback"),
    ("  inbox.accept", "bot.store.inbox", "accept"),
    ("EventHandler.handle (after the response)", "bot.handling.handler", "EventHandler.handle"),
    ("  residents.lock_with_conversation", "bot.store.residents", "lock_with_conversation"),
    ("  inbox.take_waiting_of", "bot.store.inbox", "take_waiting_of"),
    ("  FlowEngine.handle", "bot.flows.engine", "FlowEngine.handle"),
    ("  conversations.save", "bot.store.conversations", "save"),
    ("  Session.commit (all)", "sqlmodel", "Session.commit"),
    ("  LineMessenger.send", "bot.line.messenger", "LineMessenger.send"),
    ("    render (bot replies -> LINE JSON)", "bot.line.messenger", "render"),
    ("    LineHttp.post (reply over HTTP)", "bot.line.http", "LineHttp.post"),
    ("  LineMessenger.display_name (get_profile)", "bot.line.messenger", "LineMessenger.display_name"),
    ("  LineMessenger.show_rich_menu", "bot.line.messenger", "LineMessenger.show_rich_menu"),
]


def install_stage_timers() -> dict[str, list]:
    """Wrap the stages with thread-CPU timers (inclusive; re-entrant calls counted once)."""
    import functools
    import importlib

    timers: dict[str, list] = {}
    for label, module_name, path in STAGE_TARGETS:
        owner = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            continue
        slot = timers.setdefault(label, [0, 0.0])
        depth = [0]

        def wrapped(*a, __original=original, __slot=slot, __depth=depth, **kw):
            if __depth[0]:
                return __original(*a, **kw)
            __depth[0] += 1
            t0 = time.thread_time()
            try:
                return __original(*a, **kw)
            finally:
                __slot[0] += 1
                __slot[1] += time.thread_time() - t0
                __depth[0] -= 1

        functools.update_wrapper(wrapped, original)
        setattr(owner, name, wrapped)
    return timers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--standin-server", choices=["gthread", "werkzeug"], default="gthread")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                        help="profile CPU time (default) or wall time (includes waiting for the stand-in/DB)")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--cprofile", action="store_true", help="also run cProfile over a second batch")
    parser.add_argument("--dump", metavar="FILE", help="with --cprofile: also write the raw profile "
                        "(pstats.Stats(FILE) reads it: print_callers, print_callees)")
    parser.add_argument("--callees", metavar="REGEX", help="with --cprofile: also print what functions "
                        "matching REGEX call (pstats print_callees), e.g. 'handler.py.*\\(handle\\)'")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    procs = Processes()
    secret, token = "profile-secret", "profile-token"
    database = None
    try:
        port = free_port()
        log = work / "standin.log"
        argv, extra = standin_command(args.standin_server, port, secret, token, validate=False, keep_log=False)
        standin = procs.start("standin", argv, {**os.environ, **extra}, log)
        wait_http(port, "/_standin/users", standin, log)
        warm = make_residents(20, "pw", 3)
        measured = make_residents(args.residents, "pr", 3)
        client = Json(port)
        for r in warm + measured:
            client.call("POST", "/_standin/users", {"userId": r.user_id, "displayName": r.display_name})

        fake = argparse.Namespace(validate=False)
        bench = Bench.__new__(Bench)
        bench.args, bench.work = fake, work
        database, url = Bench.create_database(bench, args.backend)
        api = f"http://127.0.0.1:{port}"
        os.environ.update(LINE_CHANNEL_SECRET=secret, LINE_CHANNEL_ACCESS_TOKEN=token, LINE_API_URL=api,
                          LINE_DATA_API_URL=api, SECRET_KEY=secrets.token_hex(16), DATABASE_URL=url,
                          PORTALBOT_INSTANCE=str(work / "instance"))
        from bot.store.migrate import upgrade

        upgrade(url)
        from werkzeug.test import Client

        from bot.app import create_app

        flask_app = create_app()
        app = Client(flask_app)

        def bodies(residents):
            out = []
            for position, step in lane_order(residents, 4):
                r = residents[position]
                s = r.steps[step]
                _, answer = client.call("POST", "/_standin/reply-tokens", {"userId": r.user_id})
                event = _event(s.kind, r.user_id, answer["replyToken"], s.value, str(10**17 + len(out)))
                body = json.dumps(line_events.callback_body(DEFAULT_BOT_USER_ID, [event]), ensure_ascii=False,
                                  separators=(",", ":")).encode()
                out.append((body, line_events.signature(secret, body)))
            return out

        def send(prepared):
            for body, signature in prepared:
                response = app.post("/callback", data=body, headers={
                    "Content-Type": "application/json; charset=utf-8", "X-Line-Signature": signature})
                assert response.status_code == 200, response.get_data()
                response.close()  # runs call_on_close: the flows, as gunicorn does

        timers = install_stage_timers()
        send(bodies(warm))
        prepared = bodies(measured)
        for t in timers.values():
            t[:] = [0, 0.0]
        started = time.process_time()
        send(prepared)
        cpu = time.process_time() - started
        n = len(prepared)
        print(f"{args.backend}: {n} events, {1000 * cpu / n:.2f} ms CPU per event in this process "
              f"(werkzeug test client included; stage timers cost ~µs)\n")
        print(f"{'stage (inclusive CPU time, thread clock)':<52}{'calls':>7}{'ms/event':>10}{'ms/call':>10}")
        for label, (calls, spent) in timers.items():
            if calls:
                print(f"{label:<52}{calls:>7}{1000 * spent / n:>10.3f}{1000 * spent / calls:>10.3f}")
        if not args.cprofile:
            return
        prepared = bodies(make_residents(args.residents, "pq", 4))
        profiler = cProfile.Profile(time.process_time) if args.clock == "cpu" else cProfile.Profile()
        started = time.process_time()
        profiler.enable()
        send(prepared)
        profiler.disable()
        cpu = time.process_time() - started
        n = len(prepared)
        print(f"{args.backend}: {n} events, {1000 * cpu / n:.2f} ms CPU per event in this process "
              f"(profiler overhead included)\n")
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        print(f"{'stage':<48}{'calls':>7}{'cum ms/event':>14}   ({args.clock} time)")
        for label, file, function in STAGES:
            hits = [(v[1], v[3]) for (f, _, fn), v in stats.stats.items()
                    if f.endswith(file) and fn == function]
            if hits:
                calls = sum(c for c, _ in hits)
                cum = sum(t for _, t in hits)
                print(f"{label:<48}{calls:>7}{1000 * cum / n:>14.3f}")
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(args.sort).print_stats(args.top)
        if args.callees:
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_callees(args.callees)
        print(text.getvalue())
    finally:
        procs.stop_all()
        if database:
            Bench.drop_database(database)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

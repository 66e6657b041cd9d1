"""Disaster-mode benchmark (issue 15): 1,000,000 residents on PostgreSQL, disaster mode started.

    .venv/bin/python bench/disaster.py [--residents 1000000] [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

What it does, bounded in time and on loopback only:
  1. creates a fresh PostgreSQL database (dropped at the end), migrates it and bulk-loads the
     residents with COPY — all following, one in three registered — and records deployed rich
     menus (disaster, registered, guest) as `portalbot richmenu deploy` would;
  2. starts a loopback sink of the Messaging API as a separate process: it answers multicast
     (checking the retry key: 409 for one accepted before) and the rich menu bulk link / unlink
     endpoints at once, checks ≤500 recipients/user ids a request, notes anyone reached twice
     and the wall-clock time of the last request of each kind;
  3. in a separate process, starts disaster mode (`start_disaster`) and runs its work as the
     web process does after the answer (`DisasterWork.run`): the emergency notice (delivery
     ledger, EMERGENCY priority) and the disaster menu by bulk link, side by side; then ends
     it and restores the usual menus — with LINE's limits (multicast 200/s, bulk link 2,000/s)
     and without;
  4. prints the time from the start to the last emergency multicast and to the last menu link,
     beside the floors: ⌈N/500⌉ multicasts at 200/s, ⌈N/500⌉ bulk links at 2,000/s.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fanout import free_port, fresh_database, server_process  # noqa: E402
from sink import answer, serve as serve_sink  # noqa: E402

TOKEN = "bench-disaster-token"
RUN_TIMEOUT = 600  # seconds a run may take before the benchmark gives up
MULTICAST_RATE, BULK_RATE = 200.0, 2000.0
MENUS = {"disaster": "richmenu-" + "d" * 32, "registered": "richmenu-" + "r" * 32, "guest": "richmenu-" + "g" * 32}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--admin-url", default=os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--threads", type=int, default=4, help="multicast sender threads")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--sink-port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_disaster(json.loads(args.child))
        return
    if args.sink_port:
        run_sink(args.sink_port)
        return
    started = time.monotonic()
    results = []
    with fresh_database(args.admin_url) as url:
        print(f"database: fresh, {args.residents:,} residents to load …", flush=True)
        print(f"loaded in {load_residents(url, args.residents):.1f} s", flush=True)
        for label, rates in (("LINE's limits (200/s, 2,000/s)", (MULTICAST_RATE, BULK_RATE)), ("no limiter", (None, None))):
            reset(url)
            port = free_port()
            with server_process([sys.executable, __file__, "--sink-port", str(port)], port) as line_url:
                spec = {"url": url, "line_url": line_url, "multicast_rate": rates[0], "bulk_rate": rates[1],
                        "threads": args.threads}
                result = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], cwd=ROOT,
                                        capture_output=True, text=True, timeout=RUN_TIMEOUT)
                if result.returncode != 0:
                    raise SystemExit(f"the disaster process failed:\n{result.stderr}")
                results.append((label, json.loads(result.stdout.strip().splitlines()[-1])))
            print(f"  {label}: done", flush=True)
    print_table(args.residents, results)
    print(f"\nbenchmark wall time: {time.monotonic() - started:.0f} s")


def load_residents(url: str, count: int) -> float:
    from bot.store.db import make_engine

    started = time.monotonic()
    engine = make_engine(url)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy("COPY resident (line_user_id, following, created_at, registered_at, interests) FROM STDIN") as copy:
            chunk = io.StringIO()
            for n in range(count):
                registered = "2026-11-02 00:00:00" if n % 3 == 0 else "\\N"
                chunk.write(f"U{n:032x}\tt\t2026-11-01 00:00:00\t{registered}\t[]\n")
                if n % 50_000 == 49_999:
                    copy.write(chunk.getvalue())
                    chunk = io.StringIO()
            copy.write(chunk.getvalue())
        for key, rich_menu_id in MENUS.items():
            cursor.execute("INSERT INTO rich_menu (key, rich_menu_id, digest, deployed_at) VALUES (%s, %s, 'bench', now())",
                           (key, rich_menu_id))
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    return time.monotonic() - started


def reset(url: str) -> None:
    from sqlalchemy import text

    from bot.store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE delivery_batch, delivery_job, disaster, staff_audit"))
    engine.dispose()


# --- the disaster process ---------------------------------------------------------------------------
def run_disaster(spec: dict) -> None:
    import urllib3

    from bot.delivery import Backoff, Deliverer, MulticastClient, RateLimiter
    from bot.disaster.menus import BulkMenus
    from bot.disaster.mode import DisasterWork, end_disaster, start_disaster
    from bot.store.db import make_engine

    engine = make_engine(spec["url"], pool_size=spec["threads"] + 4)
    client = MulticastClient(spec["line_url"], TOKEN, connections=spec["threads"])
    deliverer = Deliverer(engine, client, limiter=RateLimiter(spec["multicast_rate"]), backoff=Backoff(),
                          threads=spec["threads"])
    work = DisasterWork(engine, deliverer=deliverer, menus=BulkMenus(spec["line_url"], TOKEN, rate=spec["bulk_rate"]))
    started = time.time()
    start_disaster(engine, hazard="地震", title="震度6強の地震が発生しました", body="身の安全を確保してください。",
                   staff=None, via="bench")
    work.run()
    switched = time.time()
    stats = json.loads(urllib3.request("GET", spec["line_url"] + "/_sink/stats").data)
    ending = time.time()
    end_disaster(engine, staff=None, via="bench")
    work.run()
    ended = time.time()
    after = json.loads(urllib3.request("GET", spec["line_url"] + "/_sink/stats").data)
    print(json.dumps({
        "to_last_multicast": stats["last_multicast_at"] - started,
        "to_last_link": stats["last_link_at"] - started,
        "switch_done": switched - started,
        "multicasts": stats["multicasts"], "recipients": stats["recipients"], "twice": stats["recipients_twice"],
        "links": stats["links"], "linked": stats["linked"], "linked_twice": stats["linked_twice"],
        "restore_seconds": ended - ending, "restore_requests": after["links"] + after["unlinks"] - stats["links"],
        "restored": after["linked"] - stats["linked"] + after["unlinked"],
        "refused": after["refused"], "conflicts": after["conflicts"],
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


# --- the sink ------------------------------------------------------------------------------------------
def run_sink(port: int) -> None:
    """Multicast and rich-menu bulk endpoints answering at once (asyncio, HTTP/1.1 keep-alive)."""

    accepted: set[bytes] = set()
    reached: set[str] = set()
    linked: set[str] = set()
    stats = {"multicasts": 0, "recipients": 0, "recipients_twice": 0, "links": 0, "linked": 0, "linked_twice": 0,
             "unlinks": 0, "unlinked": 0, "refused": 0, "conflicts": 0, "last_multicast_at": 0.0, "last_link_at": 0.0}
    auth = f"Bearer {TOKEN}".encode()

    def handle(method: bytes, path: bytes, headers: dict[bytes, bytes], body: bytes) -> bytes:
        if method == b"GET" and path == b"/_sink/stats":
            return answer(200, json.dumps(stats).encode())
        if headers.get(b"authorization") != auth:
            stats["refused"] += 1
            return answer(401)
        payload = json.loads(body) if body else {}
        if path == b"/v2/bot/message/multicast":
            key = headers.get(b"x-line-retry-key", b"")
            if key in accepted:
                stats["conflicts"] += 1
                return answer(409)
            to = payload.get("to", [])
            if not key or not 1 <= len(to) <= 500:
                stats["refused"] += 1
                return answer(400)
            accepted.add(key)
            stats["multicasts"] += 1
            stats["recipients"] += len(to)
            before = len(reached)
            reached.update(to)
            stats["recipients_twice"] += len(to) - (len(reached) - before)
            stats["last_multicast_at"] = time.time()
            return answer(200)
        if path in (b"/v2/bot/richmenu/bulk/link", b"/v2/bot/richmenu/bulk/unlink"):
            users = payload.get("userIds", [])
            if not 1 <= len(users) <= 500 or (path.endswith(b"/link") and not payload.get("richMenuId")):
                stats["refused"] += 1
                return answer(400)
            if path.endswith(b"/unlink"):
                stats["unlinks"] += 1
                stats["unlinked"] += len(users)
            else:
                stats["links"] += 1
                stats["linked"] += len(users)
                if payload["richMenuId"] == MENUS["disaster"]:
                    before = len(linked)
                    linked.update(users)
                    stats["linked_twice"] += len(users) - (len(linked) - before)
                    stats["last_link_at"] = time.time()
            return answer(202)
        return answer(404)

    serve_sink(port, handle)


def print_table(residents: int, results: list[tuple[str, dict]]) -> None:
    requests = -(-residents // 500)
    multicast_floor, link_floor = requests / MULTICAST_RATE, requests / BULK_RATE
    print(f"\nDisaster mode for {residents:,} following residents, PostgreSQL, loopback sink answering at once")
    print(f"floors: {requests:,} multicasts at 200/s = {multicast_floor:.1f} s; "
          f"{requests:,} bulk links at 2,000/s = {link_floor:.1f} s (run side by side)\n")
    header = (f"{'run':<32} {'last multicast':>15} {'vs floor':>9} {'last menu link':>15} {'vs floor':>9} "
              f"{'multicasts':>11} {'recipients':>11} {'links':>7} {'linked':>9} {'restore':>9} {'peak RSS':>9}")
    print(header)
    print("-" * len(header))
    for label, r in results:
        print(f"{label:<32} {r['to_last_multicast']:>13.2f} s {r['to_last_multicast'] / multicast_floor:>8.2f}× "
              f"{r['to_last_link']:>13.2f} s {r['to_last_link'] / link_floor:>8.2f}× {r['multicasts']:>11,} "
              f"{r['recipients']:>11,} {r['links']:>7,} {r['linked']:>9,} {r['restore_seconds']:>7.2f} s "
              f"{r['peak_rss_mb']:>6.0f} MB")
    for label, r in results:
        print(f"check ({label}): {r['twice']} residents got the notice twice, {r['linked_twice']} linked twice, "
              f"{r['refused']} requests refused, {r['conflicts']} retry-key conflicts; "
              f"restore: {r['restore_requests']:,} requests for {r['restored']:,} residents")


if __name__ == "__main__":
    main()

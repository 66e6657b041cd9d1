"""Fan-out benchmark (SPEC §6): 1,000,000 residents on PostgreSQL, all due in one reminder slot.

    .venv/bin/python bench/fanout.py [--residents 1000000] [--senders 3] [--admin-url postgresql+psycopg://…/postgres]

What it does, bounded in time and on loopback only:
  1. creates a fresh PostgreSQL database (dropped at the end), migrates it, imports Kanazawa's
     garbage data, and bulk-loads the residents with COPY — all following, all with 前日 on at
     19:30, spread over the areas that have a collection on the target day;
  2. starts a loopback Messaging API as a separate process: the project's LINE stand-in
     (`python -m devtools.standin --no-validate --no-log`), and a minimal *sink* (below);
  3. runs the slot in a separate sending process (`portalbot reminders run`'s code: plan and
     send), with the channel's shared multicast budget (bot/line/limits.py: LINE's 200/s less
     its 5 % margin, one row in PostgreSQL) and without, on a fresh ledger and a fresh server
     each time; with `--senders N` (N > 1) once more with N−1 further processes draining the same
     ledger beside it, as `portalbot delivery work` does, all drawing from the one budget;
  4. prints, per run: time from slot start to the last request (of any sender), requests issued,
     recipients, recipients/s, and the sending processes' own peak memory (VmHWM) — beside the
     limiter's floor: ⌈residents/500⌉ requests at the budget's rate (2,000 at 190/s = 10.5 s).

Why a sink beside the stand-in: the stand-in spends about 8 ms of CPU on each 500-recipient
multicast (a message id and a 48-byte quote token per recipient, for an answer that is `{}`),
so on a 2-core machine it cannot answer 200 requests/s, let alone 400 — it, not the sender,
sets the pace. The sink answers as LINE's edge would, at once: it checks the bearer token and
the retry key (409 + x-line-accepted-request-id for a key accepted before), counts recipients
and notes any recipient seen twice.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sink import answer, serve as serve_sink  # noqa: E402

SECRET, TOKEN = "bench-fanout-secret", "bench-fanout-token"
TZ = "Asia/Tokyo"
REMINDER_TIME = "19:30"
TARGET_DAY = date(2026, 12, 3)  # a Thursday: 燃やすごみ in half of Kanazawa's areas, 資源 etc. in others
RUN_TIMEOUT = 300  # seconds a sending run may take before the benchmark gives up
MULTICAST_RATE = 200.0  # each process's own ceiling (`--rate`); the shared budget is below it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--admin-url", default=os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--threads", type=int, default=4, help="sender threads")
    parser.add_argument("--servers", default="sink,standin", help="which loopback APIs to run against: sink,standin")
    parser.add_argument("--senders", type=int, default=1,
                        help="also run the slot with this many sending processes sharing the budget (limiter on)")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: the sending process
    parser.add_argument("--sink-port", type=int, help=argparse.SUPPRESS)  # internal: the sink process
    args = parser.parse_args()
    if args.child:
        send(json.loads(args.child))
        return
    if args.sink_port:
        run_sink(args.sink_port)
        return

    started = time.monotonic()
    with fresh_database(args.admin_url) as url:
        print(f"database: fresh, {args.residents:,} residents to load …", flush=True)
        load = load_residents(url, args.residents)
        print(f"loaded in {load['seconds']:.1f} s ({load['areas']} areas collecting on {TARGET_DAY}, "
              f"{load['groups']} distinct messages)", flush=True)
        results = []
        runs = [(1, MULTICAST_RATE)] + ([(args.senders, MULTICAST_RATE)] if args.senders > 1 else []) + [(1, None)]
        for server in args.servers.split(","):
            for senders, rate in runs:
                label = f"{server}, {senders} sender{'s' if senders > 1 else ''}, " + ("limiter on" if rate else "limiter off")
                reset_ledger(url)
                with SERVERS[server]() as line_url:
                    result = run_senders(url, line_url, rate, args.threads, senders)
                    if server == "sink":
                        result["sink"] = sink_stats(line_url)
                results.append((label, result))
                print(f"  {label}: done", flush=True)
    print_table(args.residents, results)
    print(f"\nbenchmark wall time: {time.monotonic() - started:.0f} s")


# --- the database ------------------------------------------------------------------------------


@contextmanager
def fresh_database(admin_url: str):
    from sqlalchemy import text

    from bot.store.db import make_engine
    from bot.store.migrate import upgrade

    name = f"portalbot_bench_fanout_{uuid.uuid4().hex[:8]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def load_residents(url: str, count: int) -> dict:
    """Kanazawa's data, then `count` residents spread over the areas collecting on TARGET_DAY."""
    from sqlmodel import Session

    from bot.garbage.import_5374 import read_5374
    from bot.store.db import make_engine
    from bot.store.garbage import areas_collecting_on, replace_city

    started = time.monotonic()
    engine = make_engine(url)
    with Session(engine) as session:
        replace_city(session=session, data=read_5374(ROOT / "bot" / "sample_data" / "kanazawa", code="kanazawa", name="金沢市"))
        session.commit()
        collecting = areas_collecting_on(session=session, date=TARGET_DAY)
    areas = sorted(collecting)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy("COPY resident (line_user_id, following, created_at, interests, garbage_area_id) FROM STDIN") as copy:
            chunk = io.StringIO()
            for n in range(count):
                chunk.write(f"U{n:032x}\tt\t2026-11-01 00:00:00\t[]\t{areas[n % len(areas)]}\n")
                if n % 50_000 == 49_999:
                    copy.write(chunk.getvalue())
                    chunk = io.StringIO()
            copy.write(chunk.getvalue())
        cursor.execute(
            "INSERT INTO reminder_setting (resident_id, day_before_on, day_before_time, same_day_on, same_day_time, updated_at) "
            "SELECT id, true, %s, false, '06:30', now() FROM resident", (REMINDER_TIME,))
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    groups = len({tuple(c) for c in collecting.values()})
    return {"seconds": time.monotonic() - started, "areas": len(areas), "groups": groups}


def reset_ledger(url: str) -> None:
    from sqlalchemy import text

    from bot.store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE delivery_batch, delivery_job, reminder_slot"))
    engine.dispose()


# --- the LINE stand-in ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server_process(command: list[str], port: int):
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        process.stdout.readline()  # "... on http://…": listening
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def standin():
    port = free_port()
    return server_process([sys.executable, "-m", "devtools.standin", "--port", str(port), "--secret", SECRET,
                           "--token", TOKEN, "--no-validate", "--no-log"], port)


def sink():
    port = free_port()
    return server_process([sys.executable, __file__, "--sink-port", str(port)], port)


SERVERS = {"sink": sink, "standin": standin}


def run_sink(port: int) -> None:
    """A loopback multicast endpoint answering at once (HTTP/1.1 keep-alive, asyncio)."""
    import re

    uuid_pattern = re.compile(rb"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
    accepted: dict[bytes, str] = {}
    seen: set[str] = set()
    stats = {"requests": 0, "recipients": 0, "duplicates": 0, "conflicts": 0, "refused": 0}
    auth = f"Bearer {TOKEN}".encode()

    def handle(method: bytes, path: bytes, headers: dict[bytes, bytes], body: bytes) -> bytes:
        if method == b"GET" and path == b"/_sink/stats":
            return answer(200, json.dumps(stats).encode())
        if method != b"POST" or path != b"/v2/bot/message/multicast":
            return answer(404, b'{"message":"Not found"}')
        if headers.get(b"authorization") != auth:
            stats["refused"] += 1
            return answer(401, b'{"message":"Authentication failed"}')
        key = headers.get(b"x-line-retry-key", b"")
        if not uuid_pattern.match(key):
            stats["refused"] += 1
            return answer(400, b'{"message":"The retry key must be a UUID"}')
        if key in accepted:
            stats["conflicts"] += 1
            return answer(409, b'{"message":"The retry key is already accepted"}',
                          f"x-line-accepted-request-id: {accepted[key]}\r\n")
        to = json.loads(body)["to"]
        if not 1 <= len(to) <= 500:
            stats["refused"] += 1
            return answer(400, b'{"message":"Size of to must be between 1 and 500"}')
        accepted[key] = str(uuid.uuid4())
        stats["requests"] += 1
        stats["recipients"] += len(to)
        before = len(seen)
        seen.update(to)
        stats["duplicates"] += len(to) - (len(seen) - before)
        return answer(200, b"{}")

    serve_sink(port, handle)


def sink_stats(line_url: str) -> dict:
    import urllib3

    return json.loads(urllib3.request("GET", line_url + "/_sink/stats").data)


# --- the sending process -------------------------------------------------------------------------


def run_senders(url: str, line_url: str, rate: float | None, threads: int, senders: int) -> dict:
    """The slot's own process (plan and send) and `senders - 1` helpers draining beside it;
    their figures added up (times from the slot's start to the last request of any of them)."""
    spec = {"url": url, "line_url": line_url, "rate": rate, "threads": threads}
    helpers = [subprocess.Popen([sys.executable, __file__, "--child", json.dumps({**spec, "helper": True})], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(senders - 1)]
    try:
        for helper in helpers:
            helper.stdout.readline()  # "ready": its engine, limiter and pool are made
        main = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], cwd=ROOT, capture_output=True,
                              text=True, timeout=RUN_TIMEOUT)
        if main.returncode != 0:
            raise SystemExit(f"the sending process failed:\n{main.stderr}")
        outputs = [json.loads(main.stdout.strip().splitlines()[-1])]
        for helper in helpers:
            out, err = helper.communicate(timeout=RUN_TIMEOUT)
            if helper.returncode != 0:
                raise SystemExit(f"a helping sender failed:\n{err}")
            outputs.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for helper in helpers:
            if helper.poll() is None:
                helper.kill()
    first = outputs[0]
    active = [o for o in outputs if o["requests"]]
    return {
        "seconds_to_last_request": max(o["last_request_at"] for o in active) - first["started_at"],
        "seconds_to_first_request": min(o["first_request_at"] for o in active) - first["started_at"],
        "requests": sum(o["requests"] for o in outputs),
        "recipients": sum(o["recipients"] for o in outputs),
        "failed": sum(o["failed"] for o in outputs),
        "retries": sum(o["retries"] for o in outputs),
        "peak_rss_mb": max(o["peak_rss_mb"] for o in outputs),
        "cpu_seconds": sum(o["cpu_seconds"] for o in outputs),
        "per_sender": [o["requests"] for o in outputs],
    }


def send(spec: dict) -> None:
    """In the sending process: run the slot as the clock would, report what happened."""
    from bot.config import Settings
    from bot.delivery import deliverer_for
    from bot.reminders.slots import run_slot
    from bot.store.db import make_engine

    usage = resource.getrusage(resource.RUSAGE_SELF)
    spec["cpu_at_start"] = usage.ru_utime + usage.ru_stime  # after the imports
    settings = Settings(channel_secret=SECRET, channel_access_token=TOKEN, line_api_url=spec["line_url"],
                        database_url=spec["url"], secret_key="bench")
    engine = make_engine(spec["url"], pool_size=spec["threads"] + 4)
    deliverer = deliverer_for(settings, engine, rate=spec["rate"], threads=spec["threads"])
    at = datetime.combine(TARGET_DAY - timedelta(days=1), datetime.strptime(REMINDER_TIME, "%H:%M").time(),
                          tzinfo=ZoneInfo(TZ))
    if spec.get("helper"):
        drained, jobs = help_send(engine, deliverer, at), 0
        started = finished = time.monotonic()
    else:
        started = time.monotonic()
        report = run_slot(engine, deliverer, at=at, tz=TZ)
        drained, jobs = report.drained, len(report.jobs)
        finished = time.monotonic()
    print(json.dumps({
        "started_at": started,  # time.monotonic(): one clock for every process of the machine
        "first_request_at": drained.first_request_at,
        "last_request_at": drained.last_request_at,
        "seconds_to_done": finished - started,
        "requests": drained.requests,
        "recipients": drained.sent_recipients,
        "failed": drained.failed_recipients,
        "retries": drained.retried + drained.throttled,
        "jobs": jobs,
        "peak_rss_mb": peak_rss_mb(),
        "cpu_seconds": (lambda u: u.ru_utime + u.ru_stime)(resource.getrusage(resource.RUSAGE_SELF)) - spec["cpu_at_start"],
    }))


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM). Not ru_maxrss: Linux keeps that across
    exec, so a sender started by this benchmark would report the benchmark's own peak (~220 MB
    once Kanazawa's garbage data is loaded) whenever it is above the sender's."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def help_send(engine, deliverer, at: datetime):
    """A `portalbot delivery work` beside the slot's process: drain until the slot is done."""
    from sqlalchemy import select

    from bot.store.reminders import SLOT_DONE, ReminderSlot
    from bot.reminders.slots import slot_minute

    def slot_running() -> bool:
        with engine.connect() as connection:
            status = connection.execute(select(ReminderSlot.status).where(ReminderSlot.at == slot_minute(at))).scalar()
        return status != SLOT_DONE

    print("ready", flush=True)
    return deliverer.drain(more_coming=slot_running)


# --- the table ----------------------------------------------------------------------------------------


def print_table(residents: int, results: list[tuple[str, dict]]) -> None:
    from bot.line.limits import default_rates

    rate = default_rates()["multicast"]
    floor_requests = -(-residents // 500)
    floor = floor_requests / rate
    print(f"\nFan-out of one reminder slot: {residents:,} residents due, PostgreSQL, stand-in answering at once")
    print(f"limiter floor: {floor_requests:,} requests at the shared budget's {rate:.0f}/s (LINE's 200/s less 5 %) = {floor:.1f} s\n")
    header = f"{'run':<38} {'to last request':>16} {'vs floor':>9} {'requests':>9} {'recipients':>11} {'recipients/s':>13} {'first request':>14} {'sender CPU':>11} {'peak RSS':>9}"
    print(header)
    print("-" * len(header))
    for label, r in results:
        seconds = r["seconds_to_last_request"]
        print(f"{label:<38} {seconds:>14.2f} s {seconds / floor:>8.2f}× {r['requests']:>9,} {r['recipients']:>11,} "
              f"{r['recipients'] / seconds:>13,.0f} {r['seconds_to_first_request']:>12.2f} s {r['cpu_seconds']:>9.2f} s "
              f"{r['peak_rss_mb']:>6.0f} MB")
    print("\ntargets: limiter on ≤ 1.2× the floor; limiter off ≥ 200,000 recipients/s; sender peak memory < 200 MB")
    for label, r in results:
        if len(r["per_sender"]) > 1:
            print(f"requests per sender ({label}): {', '.join(f'{n:,}' for n in r['per_sender'])}")
        if r["failed"] or r["retries"]:
            print(f"note ({label}): {r['failed']} recipients failed, {r['retries']} retried or throttled requests")
        if "sink" in r:
            sunk = r["sink"]
            print(f"sink ({label}): {sunk['requests']:,} requests accepted, {sunk['recipients']:,} recipients, "
                  f"{sunk['duplicates']} received twice, {sunk['conflicts']} retry-key conflicts, {sunk['refused']} refused")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Webhook benchmark (SPEC §6): signed events through /callback under gunicorn, against the
LINE stand-in, 1,000 distinct residents, beside a bare signature-check-and-reply bot measured
in the same run.

    .venv/bin/python bench/webhook.py                       # both backends, 1,000 residents
    .venv/bin/python bench/webhook.py --backend sqlite --quick   # smoke run, ~20 s

What runs (all on loopback, each in its own process):
  * the stand-in of the Messaging API: ``python -m devtools.standin --no-validate`` (a fresh one per
    measured server, the same for every server);
  * the server under test: ``gunicorn --workers N --worker-class sync`` serving either the portal
    bot (``bot.app:create_app()``, on a fresh migrated SQLite file or a fresh PostgreSQL database)
    or the bare bot (``bench/bare_bot.py``);
  * the load generator: ``--concurrency`` lanes, one process each (no GIL shared with the
    server), each a sequential ``http.client`` client, so at most ``--concurrency`` requests are
    in flight.

Every resident sends its events strictly in order, from one lane; a lane interleaves a few
residents round-robin. Reply tokens are minted by the stand-in (one control call per token) before
each timed wave, and event bodies are built and signed before it too: the timed part is only
POST /callback. Waves are kept short enough that no token outlives the stand-in's one-minute TTL.

Figures: events/s = timed events / timed wall time (sum over waves of first send → the later of
the last response and the last reply the stand-in received: work the bot has not done yet does
not count); p50/p99 = client-side time of POST /callback. The portal bot answers 200 once the
event is in its inbox and runs the conversation afterwards (call_on_close), so its latency is the
accept path; "done" latency is the time until the stand-in received the reply to that event
(comparable between both bots; the bare bot replies before answering). A sync worker stays busy
until the conversation has run, so throughput is the honest figure.
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import multiprocessing as mp
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# The bot's code under test: a snapshot of a commit (--rev, exported by main()) or the tree.
SOURCE = Path(os.environ.get("BENCH_BOT_SOURCE") or ROOT)
sys.path[:0] = [str(BENCH), str(SOURCE)]

from scenario import Resident, lane_order, make_residents, split_lanes  # noqa: E402

from bot.chat import texts  # noqa: E402
from devtools.standin import events as line_events  # noqa: E402
from devtools.standin.state import DEFAULT_BOT_USER_ID  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGETS = {"sqlite": 0.5, "postgres": 0.4}  # minimum events/s relative to the bare bot (issue 17)
P99_TARGET_MS = 150.0
REPLY_PATH = "/v2/bot/message/reply"
PUSH_PATH = "/v2/bot/message/push"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- processes ---------------------------------------------------------------------------------

class Processes:
    """Child processes in their own sessions; all of them are stopped on the way out."""

    def __init__(self) -> None:
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        with open(log, "ab") as out:
            proc = subprocess.Popen(argv, env=env, cwd=SOURCE, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        self.running.append((name, proc))
        return proc

    def stop(self, proc: subprocess.Popen, grace: float = 10.0) -> None:
        if proc.poll() is None:
            _signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        _signal_group(proc, signal.SIGKILL)  # anything the leader left behind
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.running = [(n, p) for n, p in self.running if p is not proc]

    def stop_all(self) -> None:
        for _, proc in reversed(list(self.running)):
            self.stop(proc, grace=5.0)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # the child leads its own session: only its group
    except (ProcessLookupError, PermissionError):
        pass


def standin_command(server: str, port: int, secret: str, token: str, *, validate: bool,
                    keep_log: bool = True) -> tuple[list[str], dict[str, str]]:
    """argv and environment for the stand-in: its app under gunicorn gthread (keep-alive,
    TCP_NODELAY; see bench/standin_app.py) or `python -m devtools.standin` (werkzeug)."""
    if server == "werkzeug":
        argv = [sys.executable, "-m", "devtools.standin", "--port", str(port), "--secret", secret, "--token", token]
        return argv + ([] if validate else ["--no-validate"]) + ([] if keep_log else ["--no-log"]), {}
    argv = [str(VENV_BIN / "gunicorn"), "--workers", "1", "--worker-class", "gthread", "--threads", "32",
            "--keep-alive", "75", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
            "--graceful-timeout", "5", "--pythonpath", str(BENCH), "standin_app:create_app()"]
    return argv, {"BENCH_STANDIN_SECRET": secret, "BENCH_STANDIN_TOKEN": token, "BENCH_STANDIN_REPLY_TTL": "600",
                  "BENCH_STANDIN_VALIDATE": "1" if validate else "0", "BENCH_STANDIN_LOG": "1" if keep_log else "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, proc: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited ({proc.returncode}); see {log}:\n{_tail(log)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"127.0.0.1:{port}{path} did not answer within {timeout:.0f} s; see {log}")


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all processes, all CPUs) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / CLK_TCK


def wait_for_quiet(limit: float, ours: list[int]) -> float:
    """Wait (at most `limit` s) until other processes use under 20% of the machine over one
    second; returns the share they used in the last second (this machine is shared)."""
    deadline = time.monotonic() + limit
    while True:
        machine, mine = machine_busy_seconds(), sum(cpu_seconds(p) for p in ours)
        time.sleep(1.0)
        others = (machine_busy_seconds() - machine - (sum(cpu_seconds(p) for p in ours) - mine)) \
            / (os.cpu_count() or 1)
        if others < 0.2 or time.monotonic() > deadline:
            return max(0.0, others)


def postgres_backends(database: str) -> list[int]:
    """Server processes serving connections to `database` (local server only)."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        return [pid for (pid,) in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s",
                                               (database,))]


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Json:
    """A keep-alive JSON client for the stand-in's control endpoints."""

    def __init__(self, port: int, timeout: float = 60.0) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        payload = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        for attempt in range(2):
            try:
                self.conn.request(method, path, payload, headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, (json.loads(data) if data else None)
            except (http.client.RemoteDisconnected, ConnectionError, BrokenPipeError):
                self.conn.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


# --- the load generator (one process per lane) ---------------------------------------------------

Wire = tuple[str, str, str, tuple[str, int]]  # user id, step kind, step value, (resident key, step)


def _event(kind: str, user_id: str, token: str, value: str, message_id: str) -> dict:
    now_ms = int(time.time() * 1000)
    if kind == "follow":
        return line_events.follow(user_id, token, timestamp_ms=now_ms)
    if kind == "postback":
        return line_events.postback(user_id, token, value, timestamp_ms=now_ms)
    if kind == "sticker":
        return line_events.sticker(user_id, token, message_id, "446", "1988", timestamp_ms=now_ms,
                                   quote_token=secrets.token_urlsafe(24))
    return line_events.text(user_id, token, message_id, value, timestamp_ms=now_ms,
                            quote_token=secrets.token_urlsafe(24))


def _post(conn: http.client.HTTPConnection, body: bytes, headers: dict[str, str]) -> tuple[int, int]:
    """POST /callback; returns (status, retries). A connection the server closed is reopened
    once (gunicorn's sync workers close every connection; redelivery is de-duplicated)."""
    for attempt in range(3):
        try:
            conn.request("POST", "/callback", body, headers)
            response = conn.getresponse()
            response.read()
            if response.will_close:
                conn.close()
            return response.status, attempt
        except (http.client.RemoteDisconnected, ConnectionError, BrokenPipeError,
                http.client.BadStatusLine):
            conn.close()
        except TimeoutError:
            conn.close()
            return -2, attempt
    return -1, 2


def lane_main(lane: int, waves: list[list[Wire]], cfg: dict, barrier: Any, out: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        standin = Json(cfg["standin_port"])
        target = http.client.HTTPConnection("127.0.0.1", cfg["target_port"], timeout=cfg["request_timeout"])
        secret, sequence = cfg["secret"], 0
        results = []
        for wave_index, wave in enumerate(waves):
            prepared = []
            for user_id, kind, value, tag in wave:  # untimed: tokens, bodies, signatures
                status, answer = standin.call("POST", "/_standin/reply-tokens", {"userId": user_id})
                if status != 201:
                    raise RuntimeError(f"minting a reply token: HTTP {status} {answer}")
                token = answer["replyToken"]
                sequence += 1
                event = _event(kind, user_id, token, value, f"{7 * 10**17 + lane * 10**9 + sequence}")
                body = json.dumps(line_events.callback_body(DEFAULT_BOT_USER_ID, [event]),
                                  ensure_ascii=False, separators=(",", ":")).encode()
                headers = {"Content-Type": "application/json; charset=utf-8",
                           "User-Agent": "LineBotWebhook/2.0",
                           "X-Line-Signature": line_events.signature(secret, body)}
                prepared.append((tag, token, body, headers))
            barrier.wait(cfg["barrier_timeout"])  # every lane ready: the wave starts
            records = []
            started = time.time()
            for tag, token, body, headers in prepared:
                wall = time.time()
                t0 = time.perf_counter()
                status, retries = _post(target, body, headers)
                records.append((tag, token, wall, time.perf_counter() - t0, status, retries))
            finished = time.time()
            results.append((wave_index, started, finished, records))
            barrier.wait(cfg["barrier_timeout"])  # every lane has its answers...
            barrier.wait(cfg["barrier_timeout"])  # ...and the bot has replied to all: mint again
        target.close()
        standin.close()
        out.put((lane, "ok", results))
    except BaseException:  # noqa: BLE001 - report, and let the others stop too
        try:
            barrier.abort()
        finally:
            out.put((lane, "error", traceback.format_exc()))


# --- one measured server -------------------------------------------------------------------------

@dataclass
class Plan:
    residents: dict[str, Resident]  # key → resident; keys "w<i>" (warm-up) and "r<i>" (measured)
    lanes: list[list[list[Wire]]]  # lane → wave → wires in send order; wave 0 is the warm-up
    timed_events: int
    warm_events: int


def make_plan(args: argparse.Namespace) -> Plan:
    warm = make_residents(args.warmup, "w", args.seed)
    measured = make_residents(args.residents, "r", args.seed)
    residents = {f"w{r.index}": r for r in warm} | {f"r{r.index}": r for r in measured}
    waves: list[list[tuple[str, Resident]]] = [[(f"w{r.index}", r) for r in warm]]
    current: list[tuple[str, Resident]] = []
    events = 0
    for r in measured:
        if current and events + len(r.steps) > args.wave_events:
            waves.append(current)
            current, events = [], 0
        current.append((f"r{r.index}", r))
        events += len(r.steps)
    if current:
        waves.append(current)
    lanes: list[list[list[Wire]]] = [[] for _ in range(args.concurrency)]
    for wave in waves:
        keys = {id(r): key for key, r in wave}
        for lane, bucket in enumerate(split_lanes([r for _, r in wave], args.concurrency)):
            wires = []
            for position, step_index in lane_order(bucket, args.active):
                r = bucket[position]
                step = r.steps[step_index]
                wires.append((r.user_id, step.kind, step.value, (keys[id(r)], step_index)))
            lanes[lane].append(wires)
    return Plan(residents, lanes, sum(len(r.steps) for r in measured), sum(len(r.steps) for r in warm))


@dataclass
class Result:
    name: str
    backend: str | None
    events_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    done_p50_ms: float | None = None
    done_p99_ms: float | None = None
    timed_events: int = 0
    window_s: float = 0.0
    cpu_ms_per_event: dict[str, float] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


class Bench:
    def __init__(self, args: argparse.Namespace, plan: Plan, work: Path) -> None:
        self.args, self.plan, self.work = args, plan, work
        self.procs = Processes()
        self.secret = "bench-secret-" + secrets.token_hex(8)
        self.token = "bench-token-" + secrets.token_hex(8)

    # --- pieces -----------------------------------------------------------------------------
    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("LINE_", "DATABASE_URL", "SECRET_KEY", "CITY_CONFIG", "PUBLIC_URL",
                                    "LIFF_ID", "XID_", "BOT_TIMEZONE", "PORTALBOT_", "WEB_CONCURRENCY"))}
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONPATH"] = os.pathsep.join([str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])])
        env["PORTALBOT_INSTANCE"] = str(self.work / "instance")
        env.update(extra)
        return env

    def start_standin(self, name: str) -> tuple[subprocess.Popen, int]:
        port = free_port()
        argv, extra = standin_command(self.args.standin_server, port, self.secret, self.token,
                                      validate=self.args.validate)
        log = self.work / f"{name}-standin.log"
        proc = self.procs.start("standin", argv, self.env(**extra), log)
        wait_http(port, "/_standin/users", proc, log)
        client = Json(port)
        for resident in self.plan.residents.values():
            status, _ = client.call("POST", "/_standin/users",
                                    {"userId": resident.user_id, "displayName": resident.display_name})
            if status != 201:
                raise RuntimeError(f"stand-in refused a user: HTTP {status}")
        client.close()
        return proc, port

    def start_server(self, name: str, app: str, env: dict[str, str], pythonpath: str | None = None
                     ) -> tuple[subprocess.Popen, int]:
        port = free_port()
        argv = [str(VENV_BIN / "gunicorn"), "--workers", str(self.args.workers), "--worker-class", "sync",
                "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60",
                "--graceful-timeout", "5"]
        if pythonpath:
            argv += ["--pythonpath", pythonpath]
        argv.append(app)
        log = self.work / f"{name}-gunicorn.log"
        proc = self.procs.start("gunicorn", argv, env, log)
        wait_http(port, "/healthz", proc, log)
        return proc, port

    def migrate(self, name: str, env: dict[str, str]) -> bool:
        """`portalbot db upgrade`, then `portalbot richmenu deploy` to the stand-in (as a real
        deployment has its rich menus: a resident who registers gets one linked). Returns
        whether the rich menus could be deployed (the run goes on without them)."""
        log = self.work / f"{name}-migrate.log"
        with open(log, "ab") as out:
            done = subprocess.run([str(VENV_BIN / "portalbot"), "db", "upgrade"], env=env, cwd=SOURCE,
                                  stdout=out, stderr=subprocess.STDOUT, timeout=120)
            if done.returncode:
                raise RuntimeError(f"migration failed; see {log}:\n{_tail(log)}")
            deployed = subprocess.run([str(VENV_BIN / "portalbot"), "richmenu", "deploy"], env=env, cwd=SOURCE,
                                      stdout=out, stderr=subprocess.STDOUT, timeout=120)
        if deployed.returncode:
            print(f"   note: `portalbot richmenu deploy` failed (see {log}); running without rich menus",
                  flush=True)
        return deployed.returncode == 0

    def load(self, server: subprocess.Popen, server_port: int, standin: subprocess.Popen,
             standin_port: int, database: str | None = None) -> tuple[list, dict[str, float], dict[int, float]]:
        """Run every wave; returns the lanes' records, CPU seconds used in the timed waves and
        when each wave was settled (every event replied to)."""
        ctx = mp.get_context("fork")
        lanes = self.args.concurrency
        barrier = ctx.Barrier(lanes + 1)  # the lanes and us: we read CPU counters at each edge
        out = ctx.Queue()
        cfg = {"standin_port": standin_port, "target_port": server_port, "secret": self.secret,
               "request_timeout": 30.0, "barrier_timeout": 120.0}
        workers = [ctx.Process(target=lane_main, args=(i, self.plan.lanes[i], cfg, barrier, out),
                               daemon=True, name=f"lane-{i}") for i in range(lanes)]
        for w in workers:
            w.start()
        worker_pids = children(server.pid)
        groups = {"server": [server.pid, *worker_pids], "standin": [standin.pid, *children(standin.pid)],
                  "loadgen": [w.pid for w in workers]}
        groups["postgres"] = []
        groups["machine"] = []
        cpu = dict.fromkeys(groups, 0.0)

        def counters() -> dict[str, float]:
            now = {g: sum(cpu_seconds(p) for p in pids) for g, pids in groups.items()}
            now["machine"] = machine_busy_seconds()
            return now

        results: dict[int, Any] = {}
        problems: list[str] = []
        settled: dict[int, float] = {}

        def collect() -> None:
            deadline = time.monotonic() + self.args.timeout
            while len(results) + len(problems) < lanes:
                try:
                    lane, status, payload = out.get(timeout=1.0)
                except Exception:  # noqa: BLE001 - queue.Empty
                    if time.monotonic() > deadline:
                        problems.append("a lane did not report in time")
                        return
                    if not any(w.is_alive() for w in workers):
                        try:  # a last look: a lane may have reported just before exiting
                            lane, status, payload = out.get(timeout=2.0)
                        except Exception:  # noqa: BLE001
                            problems.append(f"{lanes - len(results) - len(problems)} lane(s) died silently")
                            return
                    else:
                        continue
                if status == "ok":
                    results[lane] = payload
                else:
                    problems.append(f"lane {lane} failed:\n{payload}")

        collector = threading.Thread(target=collect, daemon=True)
        collector.start()
        replies_expected = 0
        standin_counts = Json(standin_port)
        try:
            for wave in range(len(self.plan.lanes[0])):
                barrier.wait(600)
                if database:
                    groups["postgres"] = postgres_backends(database)
                before = counters()
                barrier.wait(600)
                # A wave ends when the bot has replied to every event in it, not when the last
                # 200 came back: the portal bot replies after answering, and work it has not
                # done yet must not count as done (nor spill into the next wave's figures).
                replies_expected += sum(len(lane[wave]) for lane in self.plan.lanes)
                if not self.settle(standin_counts, replies_expected):
                    problems.append(f"wave {wave}: the bot did not reply to every event within 60 s")
                settled[wave] = time.time()
                if wave > 0:  # wave 0 is the warm-up
                    after = counters()
                    for g in groups:
                        cpu[g] += after[g] - before[g]
                barrier.wait(600)
        except threading.BrokenBarrierError:
            pass
        standin_counts.close()
        collector.join(60)
        for w in workers:
            w.join(10)
            if w.is_alive():
                w.terminate()
        if problems:
            raise RuntimeError("\n".join(problems))
        return [results[i] for i in range(lanes)], cpu, settled

    @staticmethod
    def settle(standin: Json, replies: int, timeout: float = 60.0) -> bool:
        """Wait until the stand-in has seen `replies` reply requests in all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = standin.call("GET", f"/_standin/requests/count?path={REPLY_PATH}")
            if status == 200 and body["count"] >= replies:
                return True
            time.sleep(0.002)
        return False

    def standin_log(self, port: int) -> list[dict]:
        client = Json(port, timeout=300)
        status, body = client.call("GET", "/_standin/requests?all=1")
        client.close()
        if status != 200:
            raise RuntimeError(f"stand-in request log: HTTP {status}")
        return body["requests"]

    # --- one server, measured -------------------------------------------------------------
    def run(self, name: str, backend: str | None) -> Result:
        result = Result(name, backend)
        print(f"\n== {name}: {self.args.workers} sync workers, {self.args.concurrency} lanes ==", flush=True)
        database = url = None
        try:
            standin, standin_port = self.start_standin(name)
            api = f"http://127.0.0.1:{standin_port}"
            env = self.env(LINE_CHANNEL_SECRET=self.secret, LINE_CHANNEL_ACCESS_TOKEN=self.token,
                           LINE_API_URL=api, LINE_DATA_API_URL=api, SECRET_KEY=secrets.token_hex(16))
            if backend is None:
                server, port = self.start_server(name, "bare_bot:create_app()", env, pythonpath=str(BENCH))
            else:
                database, url = self.create_database(backend)
                env["DATABASE_URL"] = url
                result.checks["rich_menus_deployed"] = self.migrate(name, env)
                server, port = self.start_server(name, "bot.app:create_app()", env)
            print(f"   stand-in :{standin_port}, server :{port}; sending {self.plan.warm_events} warm-up "
                  f"and {self.plan.timed_events} timed events", flush=True)
            if self.args.quiet_wait > 0:
                others = wait_for_quiet(self.args.quiet_wait, [standin.pid, server.pid, *children(server.pid)])
                if others >= 0.2:
                    print(f"   note: other processes keep {100 * others:.0f}% of the CPUs busy", flush=True)
            lanes, cpu, settled = self.load(server, port, standin, standin_port,
                                            database if backend == "postgres" else None)
            self.measure(result, lanes, cpu, settled)
            if backend is not None:
                self.drain(result, url)
            else:
                time.sleep(0.5)
            self.verify(result, lanes, self.standin_log(standin_port), url)
            self.procs.stop(server)
            self.procs.stop(standin)
        finally:
            self.procs.stop_all()
            if database:
                self.drop_database(database)
        return result

    def create_database(self, backend: str) -> tuple[str | None, str]:
        if backend == "sqlite":
            path = self.work / "bench.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return None, f"sqlite:///{path}"
        import psycopg

        name = f"bench_webhook_{secrets.token_hex(4)}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        return name, f"{base}/{name}"

    @staticmethod
    def drop_database(name: str) -> None:
        import psycopg

        try:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as error:  # noqa: BLE001 - report, do not mask the run's outcome
            print(f"   could not drop database {name}: {error}", file=sys.stderr)

    # --- figures ---------------------------------------------------------------------------
    def measure(self, result: Result, lanes: list, cpu: dict[str, float], settled: dict[int, float]) -> None:
        windows: dict[int, tuple[float, float]] = {}
        latencies = []
        timed = 0
        for lane in lanes:
            for wave, started, finished, records in lane:
                if wave == 0 or not records:
                    continue
                lo, hi = windows.get(wave, (started, finished))
                windows[wave] = (min(lo, started), max(hi, finished))
                latencies += [r[3] for r in records]
                timed += len(records)
        windows = {wave: (lo, max(hi, settled.get(wave, hi))) for wave, (lo, hi) in windows.items()}
        result.window_s = sum(hi - lo for lo, hi in windows.values())
        result.timed_events = timed
        result.events_per_s = timed / result.window_s if result.window_s else 0.0
        result.p50_ms = percentile(latencies, 50) * 1000
        result.p99_ms = percentile(latencies, 99) * 1000
        machine = cpu.pop("machine", 0.0)
        result.cpu_ms_per_event = {g: 1000 * s / timed for g, s in cpu.items()} if timed else {}
        capacity = result.window_s * (os.cpu_count() or 1)
        if capacity:
            result.checks["cpu_busy_ours"] = sum(cpu.values()) / capacity
            result.checks["cpu_busy_others"] = max(0.0, machine - sum(cpu.values())) / capacity
        print(f"   {timed} timed events in {result.window_s:.2f} s over {len(windows)} waves: "
              f"{result.events_per_s:.0f} events/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms",
              flush=True)

    def drain(self, result: Result, url: str) -> None:
        """Wait until the bot has handled every event it accepted (flows run after the 200)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        deadline = time.monotonic() + 60
        try:
            while True:
                with engine.connect() as conn:
                    total, handled = conn.execute(
                        text("SELECT count(*), count(handled_at) FROM webhook_event")).one()
                if total == handled or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        finally:
            engine.dispose()
        time.sleep(0.3)  # the reply goes out just after the commit
        result.checks["inbox"] = {"rows": total, "handled": handled}

    def verify(self, result: Result, lanes: list, log: list[dict], url: str | None) -> None:
        checks, problems = result.checks, result.problems
        sent = [(r, wave) for lane in lanes for wave, _, _, records in lane for r in records]
        statuses: dict[int, int] = {}
        for record, _ in sent:
            statuses[record[4]] = statuses.get(record[4], 0) + 1
        checks["sent"] = len(sent)
        checks["http_status"] = statuses
        checks["client_retries"] = sum(r[5] for r, _ in sent)
        if statuses.get(200, 0) != len(sent):
            problems.append(f"/callback statuses {statuses}")

        replies_ok: dict[str, dict] = {}
        duplicate = failed = pushes = 0
        for row in log:
            if row["path"] == REPLY_PATH:
                if 200 <= row["status"] < 300:
                    token = row["json"]["replyToken"]
                    duplicate += token in replies_ok
                    replies_ok[token] = row
                else:
                    failed += 1
            elif row["path"] == PUSH_PATH:
                pushes += 1
        kinds: dict[str, int] = {}
        for row in log:
            kind = "profile" if row["path"].startswith("/v2/bot/profile/") else \
                "richmenu link" if "/richmenu/" in row["path"] and row["path"].startswith("/v2/bot/user/") else \
                row["path"].rsplit("/", 1)[-1] if row["path"].startswith("/v2/bot/message/") else row["path"]
            kinds[kind] = kinds.get(kind, 0) + 1
        checks["api_calls"] = kinds
        tokens = {r[1] for r, _ in sent}
        unanswered = len(tokens - replies_ok.keys())
        checks["replies"] = {"accepted": len(replies_ok), "refused": failed, "duplicate": duplicate,
                             "events_without_reply": unanswered, "pushes": pushes,
                             "api_requests": len(log)}
        if unanswered or failed or duplicate or pushes:
            problems.append(f"replies: {checks['replies']}")

        done = [row["at"] - record[2] for record, wave in sent
                if wave > 0 and (row := replies_ok.get(record[1]))]
        result.done_p50_ms = percentile(done, 50) * 1000 if done else None
        result.done_p99_ms = percentile(done, 99) * 1000 if done else None

        if url is None:
            return
        # The conversation went as scripted: the completion card went to the last step, and the
        # database holds exactly the profiles the residents typed or tapped.
        last_token = {}
        for record, _ in sent:
            key, step = record[0]
            if self.plan.residents[key].completes:
                last_token.setdefault(key, {})[step] = record[1]
        completion_seen = 0
        for key, steps in last_token.items():
            resident = self.plan.residents[key]
            done_step = max(i for i, s in enumerate(resident.steps)
                            if s.value in (texts.DONE, "1|register|done|"))
            row = replies_ok.get(steps.get(done_step))
            completion_seen += bool(row and texts.ACCOUNT_CREATED in json.dumps(row["json"], ensure_ascii=False))
        expected = {r.user_id: r.expected for r in self.plan.residents.values() if r.completes}
        stored = self.registered(url)
        mismatched = sum(1 for uid, exp in expected.items() if stored.get(uid) != exp)
        unexpected = len(stored.keys() - expected.keys())
        checks["registration"] = {"expected": len(expected), "registered_in_db": len(stored),
                                  "profile_mismatches": mismatched, "unexpected": unexpected,
                                  "completion_card_replies": completion_seen}
        if mismatched or unexpected or len(stored) != len(expected) or completion_seen != len(expected):
            problems.append(f"registration: {checks['registration']}")
        inbox = checks.get("inbox", {})
        if inbox.get("rows") != len(sent) or inbox.get("handled") != inbox.get("rows"):
            problems.append(f"inbox: {inbox} for {len(sent)} events sent")

    @staticmethod
    def registered(url: str) -> dict[str, tuple]:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT line_user_id, nickname, age_group, ward, interests "
                                         "FROM resident WHERE registered_at IS NOT NULL")).all()
        finally:
            engine.dispose()
        return {uid: (nick, age, ward, tuple(json.loads(tags) if isinstance(tags, str) else tags))
                for uid, nick, age, ward, tags in rows}


# --- report --------------------------------------------------------------------------------------

def report(results: list[Result], bare: Result, args: argparse.Namespace) -> bool:
    ok = True
    head = (f"{'server':<14}{'events/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'done p50':>10}{'done p99':>10}"
            f"{'× bare':>8}  {'target':<22}{'result':<6}")
    print("\n" + head)
    print("-" * len(head))
    fmt = lambda v: f"{v:.1f}" if v is not None else "-"  # noqa: E731
    for r in [bare, *results]:
        if r is bare:
            ratio, target, verdict = "1.00", "baseline", "FAIL" if r.problems else "-"
        else:
            need = TARGETS[r.backend]
            x = r.events_per_s / bare.events_per_s if bare.events_per_s else 0.0
            passed = x >= need and r.p99_ms < P99_TARGET_MS and not r.problems
            ok &= passed
            ratio, target, verdict = f"{x:.2f}", f"≥{need:.2f}×, p99<{P99_TARGET_MS:.0f}ms", \
                "PASS" if passed else "FAIL"
        print(f"{r.name:<14}{r.events_per_s:>9.0f}{r.p50_ms:>8.1f}{r.p99_ms:>8.1f}{fmt(r.done_p50_ms):>10}"
              f"{fmt(r.done_p99_ms):>10}{ratio:>8}  {target:<22}{verdict:<6}")
    print(f"\n{args.residents} residents ({bare.timed_events} timed events, {args.warmup} warm-up "
          f"residents), {args.concurrency} concurrent requests, gunicorn --workers {args.workers} sync, "
          f"stand-in ({args.standin_server}) {'with' if args.validate else 'without'} schema validation, "
          f"{os.cpu_count()} CPUs.")
    print("p50/p99: POST /callback round trip at the client; done: until the stand-in got the reply.")
    print("\nCPU per timed event (ms)    server  postgres  stand-in  load-gen   CPU busy: ours  others (not this bench)")
    for r in [bare, *results]:
        c = r.cpu_ms_per_event
        print(f"  {r.name:<24}{c.get('server', 0):>8.2f}{c.get('postgres', 0):>10.2f}{c.get('standin', 0):>10.2f}"
              f"{c.get('loadgen', 0):>10.2f}"
              f"{100 * r.checks.get('cpu_busy_ours', 0):>15.0f}%{100 * r.checks.get('cpu_busy_others', 0):>7.0f}%")
    print("\nChecks")
    for r in [bare, *results]:
        c = r.checks
        line = (f"  {r.name:<14} sent {c.get('sent')}, HTTP {c.get('http_status')}, "
                f"client reconnects {c.get('client_retries')}; replies {c.get('replies')}")
        print(line)
        if "registration" in c:
            print(f"  {'':<14} inbox {c.get('inbox')}; registration {c['registration']}")
            print(f"  {'':<14} rich menus deployed: {c.get('rich_menus_deployed')}; API calls {c.get('api_calls')}")
        for p in r.problems:
            print(f"  {'':<14} PROBLEM: {p}")
            ok = False
    return ok


def export_and_reexec(rev: str) -> None:
    """Run again on a snapshot of commit `rev` (git archive into a temp dir): colleagues'
    half-done edits in the working tree do not end up in the figures."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                         check=True, capture_output=True, text=True).stdout.strip()
    snapshot = Path(tempfile.mkdtemp(prefix="bench-webhook-src-"))
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", sha], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(snapshot)], stdin=archive.stdout, check=True)
    if archive.wait():
        raise SystemExit(f"git archive {sha} failed")
    env = {**os.environ, "BENCH_BOT_SOURCE": str(snapshot), "BENCH_BOT_REV": sha, "BENCH_BOT_SOURCE_TEMP": "1"}
    os.execve(sys.executable, [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]], env)


def describe_source() -> str:
    if os.environ.get("BENCH_BOT_REV"):
        return f"commit {os.environ['BENCH_BOT_REV'][:12]} (snapshot)"
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "bot"], capture_output=True,
                           text=True).stdout.count("\n")
    return f"working tree at {sha}" + (f" with {dirty} uncommitted change(s) under bot/" if dirty else "")


def summary(rounds: list[tuple[Result, list[Result]]]) -> bool:
    """Medians over rounds; each ratio is taken against the bare bot of its own round."""
    median = lambda v: sorted(v)[len(v) // 2] if len(v) % 2 else sum(sorted(v)[len(v) // 2 - 1:len(v) // 2 + 1]) / 2  # noqa: E731
    print(f"\n######## medians over {len(rounds)} rounds")
    print(f"{'server':<14}{'events/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'× bare':>8}  {'target':<22}result")
    bares = [b for b, _ in rounds]
    print(f"{'bare bot':<14}{median([b.events_per_s for b in bares]):>9.0f}{median([b.p50_ms for b in bares]):>8.1f}"
          f"{median([b.p99_ms for b in bares]):>8.1f}{'1.00':>8}  baseline")
    ok = True
    for i, first in enumerate(rounds[0][1]):
        runs = [(b, rs[i]) for b, rs in rounds]
        ratio = median([r.events_per_s / b.events_per_s for b, r in runs])
        p99 = median([r.p99_ms for _, r in runs])
        need = TARGETS[first.backend]
        passed = ratio >= need and p99 < P99_TARGET_MS
        ok &= passed
        print(f"{first.name:<14}{median([r.events_per_s for _, r in runs]):>9.0f}"
              f"{median([r.p50_ms for _, r in runs]):>8.1f}{p99:>8.1f}{ratio:>8.2f}  "
              f"{f'≥{need:.2f}×, p99<{P99_TARGET_MS:.0f}ms':<22}{'PASS' if passed else 'FAIL'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (one lane each)")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers")
    parser.add_argument("--warmup", type=int, default=None, help="warm-up residents (untimed)")
    parser.add_argument("--active", type=int, default=4, help="residents interleaved per lane")
    parser.add_argument("--wave-events", type=int, default=2000,
                        help="events per timed wave: tokens are minted just before their wave")
    parser.add_argument("--validate", action="store_true",
                        help="let the stand-in validate every API body against the OpenAPI schemas")
    parser.add_argument("--standin-server", choices=["gthread", "werkzeug"], default="gthread",
                        help="serve the stand-in's app with gunicorn gthread (keep-alive, default) or run "
                             "`python -m devtools.standin` (werkzeug: a new connection per API call)")
    parser.add_argument("--quiet-wait", type=float, default=30.0,
                        help="before each server, wait up to this long for other processes to go quiet")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat bare bot + backends this many times, interleaved; report medians")
    parser.add_argument("--rev", default="HEAD",
                        help="bot code to measure: a git revision (exported to a temp dir; default HEAD) "
                             "or 'worktree' for the files as they are")
    parser.add_argument("--quick", action="store_true", help="smoke run: 120 residents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900, help="give up after this many seconds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args(argv)
    if args.rev != "worktree" and not os.environ.get("BENCH_BOT_SOURCE"):
        export_and_reexec(args.rev)
    if args.quick:
        args.residents = min(args.residents, 120)
    if args.warmup is None:
        args.warmup = max(args.concurrency * 2, args.residents // 20)

    def stop(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    def out_of_time(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"--timeout {args.timeout:.0f} s reached")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(args.timeout))

    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    plan = make_plan(args)
    work = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    print(f"bot code: {describe_source()}")
    print(f"webhook benchmark: {args.residents} residents, {plan.timed_events} timed events "
          f"(+{plan.warm_events} warm-up), {len(plan.lanes[0]) - 1} waves; logs in {work}")
    bench = Bench(args, plan, work)
    keep = args.keep
    try:
        rounds = []
        for index in range(args.rounds):
            if args.rounds > 1:
                print(f"\n######## round {index + 1} of {args.rounds}", flush=True)
            bare = bench.run("bare bot", None)
            rounds.append((bare, [bench.run(f"bot {b}", b) for b in backends]))
        ok = True
        for index, (bare, results) in enumerate(rounds):
            if args.rounds > 1:
                print(f"\n######## round {index + 1}")
            ok = report(results, bare, args) and ok
        if args.rounds > 1:
            ok = summary(rounds) and not any(r.problems for b, rs in rounds for r in [b, *rs])
        if args.json:
            args.json.write_text(json.dumps([[r.__dict__ for r in [bare, *results]] for bare, results in rounds],
                                            indent=2, default=str))
        if not ok:
            keep = True
            print(f"\nlogs kept in {work}")
        return 0 if ok else 1
    except BaseException:
        keep = True
        traceback.print_exc()
        print(f"logs kept in {work}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        bench.procs.stop_all()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
        if os.environ.get("BENCH_BOT_SOURCE_TEMP") == "1":
            shutil.rmtree(os.environ["BENCH_BOT_SOURCE"], ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

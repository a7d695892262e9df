"""`make load`: Upward under load in its scale-out shape, on this machine (issue 16).

    .venv/bin/python benchmarks/load/run.py [--steps 50,150,300] [--seconds 60] [--reuse]

1. (Re)creates a scratch PostgreSQL database (LOAD_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/upward_load), migrates it and seeds the load organisation
   (`upward seed_load`: 20,000 people, 2,000 pairs). `--reuse` keeps an already seeded one.
2. Starts the deployment shape of docs/deployment.md on loopback: two app servers (gunicorn, on
   LOAD_PORT and LOAD_PORT + 1), two task workers (`upward db_worker`) and the scheduler, all
   against the one database, static files collected and served by WhiteNoise.
3. Runs locust headless (benchmarks/load/locustfile.py: the roles' page mix) once per step, each
   bounded in time: users spawn, statistics are reset once all are running, then `--seconds` of
   steady state are measured. Locust spreads the people over both app servers, round-robin.
4. Prints p50/p95/p99 and throughput per page and overall beside the targets, writes them to
   var/load/ (CSV per step and a Markdown summary), and stops every process it started.

Traffic goes to 127.0.0.1 only. Nothing here is part of `make test`: it takes minutes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "load"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/upward_load"
TARGET_USERS = 150
TARGET_P95_MS = 300
TARGET_RPS = 120


@dataclass
class Row:
    name: str
    count: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float


def log(message: str) -> None:
    print(f"[load {dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to recreate database {name!r}: give a scratch database")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def upward(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "upward"), *args], env=env, check=True, cwd=ROOT)


def wait_healthy(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer /healthz within {seconds:.0f} s")


def start(cmd: list[str], env: dict[str, str], logfile: Path) -> subprocess.Popen[bytes]:
    # Each process in its own group, so stopping it stops its children (gunicorn's workers).
    out = logfile.open("wb")
    return subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for proc in processes:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in processes:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _cpu_ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _db_backends(db_url: str) -> list[int]:
    import psycopg

    name = urlsplit(db_url).path.lstrip("/")
    with psycopg.connect(db_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [int(r[0]) for r in rows]


class CpuMeter:
    """CPU time used by our own processes during a step: the app servers ("app"), the task
    workers and the scheduler ("background"), and the PostgreSQL backends serving this database
    (of every process, "db"). On a machine shared with
    other work, wall-clock latency measures the neighbours too; CPU per request does not."""

    def __init__(self, web: list[int], background: list[int], db_url: str) -> None:
        self.web, self.background, self.db_url = web, background, db_url
        self.hz = os.sysconf("SC_CLK_TCK")

    def snapshot(self) -> dict[str, dict[int, int]]:
        app = {p: _cpu_ticks(p) for root in self.web for p in _tree(root)}
        bg = {p: _cpu_ticks(p) for root in self.background for p in _tree(root)}
        db = {p: _cpu_ticks(p) for p in _db_backends(self.db_url)}
        return {"app": app, "background": bg, "db": db}

    def seconds(self, before: dict[str, dict[int, int]]) -> dict[str, float]:
        after = self.snapshot()
        used = {}
        for kind in ("app", "background", "db"):
            # A process that ended during the step is missed (backends are kept open).
            ticks = sum(t - before[kind].get(p, 0) for p, t in after[kind].items())
            used[kind] = ticks / self.hz
        return used


def _number(text: str | None) -> float:
    """Locust writes N/A where a page had no request in the step."""
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


def read_stats(prefix: Path) -> list[Row]:
    rows = []
    with Path(f"{prefix}_stats.csv").open() as f:
        for rec in csv.DictReader(f):
            name = rec["Name"] if rec["Type"] else "all requests"
            if rec["Type"] and rec["Type"] != "GET":
                name = f"{rec['Type']} {name}"
            rows.append(
                Row(
                    name=name,
                    count=int(rec["Request Count"]),
                    failures=int(rec["Failure Count"]),
                    p50=_number(rec["50%"]),
                    p95=_number(rec["95%"]),
                    p99=_number(rec["99%"]),
                    rps=_number(rec["Requests/s"]),
                )
            )
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| page | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    body = sorted((r for r in rows if r.name != "all requests"), key=lambda r: -r.count)
    total = [r for r in rows if r.name == "all requests"]
    for r in [*body, *total]:
        name = f"**{r.name}**" if r.name == "all requests" else f"`{r.name}`"
        lines.append(
            f"| {name} | {r.count:,} | {r.failures} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} "
            f"| {r.rps:.1f} |"
        )
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return (
        f"{os.cpu_count()} CPUs ({model}), {mem_kb / 1024 / 1024:.0f} GiB RAM, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default=os.environ.get("LOAD_STEPS", "50,150,300"))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "60")))
    parser.add_argument("--spawn-rate", type=float, default=10.0)
    parser.add_argument("--reuse", action="store_true", default=os.environ.get("LOAD_REUSE") == "1")
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=2_000)
    parser.add_argument(
        "--web-workers",
        type=int,
        default=int(os.environ.get("LOAD_WEB_WORKERS", "2")),
        help="gunicorn worker processes per app server",
    )
    parser.add_argument(
        "--web-threads",
        type=int,
        default=int(os.environ.get("LOAD_WEB_THREADS", "4")),
        help="threads per gunicorn worker",
    )
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",") if s.strip()]
    port = int(os.environ.get("LOAD_PORT", "8330"))
    hosts = [f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"]
    db_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB)
    OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "UPWARD_VAR_DIR": str(OUT / "var"),
        # Development mode over plain http on loopback (production would redirect to https and
        # mark cookies secure), with DEBUG off as in production: no query log, no debug pages.
        "UPWARD_ENV": "development",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": hosts[0],
        "LOG_LEVEL": "WARNING",
        # Every simulated person signs in from 127.0.0.1; in production they come from many
        # addresses. The per-email limit stays as it is.
        "LOGIN_ADDRESS_RATE_LIMIT": "1000000",
        "PYTHONUNBUFFERED": "1",
    }
    started = time.monotonic()
    if args.reuse:
        log(f"reusing {db_url}")
        upward(env, "migrate", "--no-input", "-v", "0")
    else:
        log(f"recreating {db_url}")
        recreate_database(db_url)
        upward(env, "migrate", "--no-input", "-v", "0")
    upward(env, "createcachetable")
    seed_started = time.monotonic()
    upward(env, "seed_load", "--people", str(args.people), "--pairs", str(args.pairs))
    log(f"seeded in {time.monotonic() - seed_started:.0f} s")
    upward(env, "collectstatic", "--no-input", "-v", "0")

    processes: list[subprocess.Popen[bytes]] = []
    results: list[tuple[int, list[Row], str, str]] = []
    try:
        for i, host in enumerate(hosts):
            bind = urlsplit(host).netloc
            processes.append(
                start(
                    [
                        str(BIN / "gunicorn"),
                        "upward.wsgi",
                        "--bind",
                        bind,
                        "--workers",
                        str(args.web_workers),
                        "--threads",
                        str(args.web_threads),
                        "--worker-class",
                        "gthread" if args.web_threads > 1 else "sync",
                        "--max-requests",
                        "0",
                        # Longer than a simulated person's pause (0.5-2 s): with gunicorn's 2 s
                        # a connection closed as the next POST went out failed it.
                        "--keep-alive",
                        "10",
                        "--access-logfile",
                        "-" if os.environ.get("LOAD_ACCESS_LOG") else "/dev/null",
                    ],
                    env,
                    OUT / f"web-{i + 1}.log",
                )
            )
        for i in range(2):
            processes.append(
                start(
                    [str(BIN / "upward"), "db_worker", "--queue-name", "*", "--no-reload"],
                    env,
                    OUT / f"worker-{i + 1}.log",
                )
            )
        processes.append(start([str(BIN / "upward"), "scheduler"], env, OUT / "scheduler.log"))
        for host in hosts:
            wait_healthy(host)
        log(
            f"2 app servers ({args.web_workers} workers x {args.web_threads} threads each) on "
            f"{', '.join(hosts)}, 2 task workers, 1 scheduler; PostgreSQL {db_url}"
        )
        for users in steps:
            ramp = users / args.spawn_rate
            run_time = int(ramp + args.seconds + 1)
            prefix = OUT / f"step-{users}"
            log(f"step: {users} users, spawn {ramp:.0f} s, then {args.seconds} s measured")
            before = load_average()
            meter = CpuMeter([p.pid for p in processes[:2]], [p.pid for p in processes[2:]], db_url)
            with (OUT / f"locust-{users}.log").open("wb") as locust_log:
                locust = subprocess.Popen(
                    [
                        str(BIN / "locust"),
                        "-f",
                        str(Path(__file__).with_name("locustfile.py")),
                        "--headless",
                        "--users",
                        str(users),
                        "--spawn-rate",
                        str(args.spawn_rate),
                        "--run-time",
                        f"{run_time}s",
                        "--reset-stats",
                        "--only-summary",
                        "--host",
                        hosts[0],
                        "--csv",
                        str(prefix),
                        "--stop-timeout",
                        "5",
                        "--loglevel",
                        "WARNING",
                    ],
                    env={
                        **env,
                        "LOAD_HOSTS": ",".join(hosts),
                        "LOAD_PAIRS": str(args.pairs),
                        "LOAD_PEOPLE": str(args.people),
                    },
                    cwd=ROOT,
                    stdout=locust_log,
                    stderr=subprocess.STDOUT,
                )
                # Statistics are reset once every user runs: measure CPU from then on too.
                time.sleep(ramp + 1)
                cpu_before = meter.snapshot()
                locust_before = sum(_cpu_ticks(p) for p in _tree(locust.pid))
                locust_ticks = locust_before
                deadline = time.monotonic() + args.seconds + 120
                while locust.poll() is None:
                    locust_ticks = sum(_cpu_ticks(p) for p in _tree(locust.pid)) or locust_ticks
                    if time.monotonic() > deadline:  # bounded, whatever locust does
                        locust.kill()
                    time.sleep(1)
            cpu = meter.seconds(cpu_before)
            cpu["locust"] = (locust_ticks - locust_before) / meter.hz
            rows = read_stats(prefix)
            total = next(r for r in rows if r.name == "all requests")
            per = {k: 1000 * v / max(1, total.count) for k, v in cpu.items()}
            server_ms = per["app"] + per["db"]
            cpu_line = (
                f"{per['app']:.1f} + {per['db']:.1f} = {server_ms:.1f} ms "
                f"(workers and scheduler {per['background']:.1f} ms, locust "
                f"{per['locust']:.1f} ms); {os.cpu_count()} cores / "
                f"(app + db) = {1000 * (os.cpu_count() or 1) / max(server_ms, 0.1):.0f} req/s"
            )
            results.append((users, rows, f"{before} -> {load_average()}", cpu_line))
            log(f"CPU per request, app + db: {cpu_line}")
            log(
                f"{users} users: {total.rps:.1f} req/s, p50 {total.p50:.0f} ms, "
                f"p95 {total.p95:.0f} ms, p99 {total.p99:.0f} ms, {total.failures} failures"
            )
    finally:
        stop(processes)
        log("stopped the app servers, workers and scheduler")

    report = summary(results, args, db_url)
    (OUT / "summary.md").write_text(report)
    print()
    print(report)
    log(f"done in {time.monotonic() - started:.0f} s; summary in {OUT / 'summary.md'}")
    return 0


def summary(
    results: list[tuple[int, list[Row], str, str]], args: argparse.Namespace, db_url: str
) -> str:
    now = dt.datetime.now(dt.UTC)
    out = [
        f"# make load, {now:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}. Load average (1/5/15 min) at the end: {load_average()}.",
        f"Shape: 2 app servers (gunicorn, {args.web_workers} workers x {args.web_threads} "
        "threads each), 2 task workers, 1 scheduler, PostgreSQL on the same machine, locust "
        "beside them (loopback).",
        f"Organisation: {args.people:,} people, {args.pairs:,} pairs. Think time 0.5-2 s.",
        "",
        "| users | req/s | p50 ms | p95 ms | p99 ms | failures | load average during | "
        "CPU per request: app + db (capacity) |",
        "|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for users, rows, load, cpu_line in results:
        t = next(r for r in rows if r.name == "all requests")
        out.append(
            f"| {users} | {t.rps:.1f} | {t.p50:.0f} | {t.p95:.0f} | {t.p99:.0f} | "
            f"{t.failures} | {load} | {cpu_line} |"
        )
    out.append("")
    target = next((rows for users, rows, _, _ in results if users == TARGET_USERS), None)
    if target:
        t = next(r for r in target if r.name == "all requests")
        met = t.p95 < TARGET_P95_MS and t.failures == 0
        out.append(
            f"Target: {TARGET_USERS} users with p95 under {TARGET_P95_MS} ms and no errors: "
            f"p95 {t.p95:.0f} ms, {t.failures} failures: {'MET' if met else 'NOT MET'}."
        )
    if results:
        best = max(
            next(r for r in rows if r.name == "all requests").rps for _, rows, _, _ in results
        )
        out.append(
            f"Saturation throughput (the highest step): {best:.1f} req/s; goal above "
            f"{TARGET_RPS} req/s: {'MET' if best > TARGET_RPS else 'NOT MET'}."
        )
    for users, rows, _, _ in results:
        out += ["", f"## {users} users", "", table(rows)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())

"""Per-request cost of the busiest pages: queries and median time, one role at a time (issue 16).

Run: `make bench` (all benchmarks) or `.venv/bin/python benchmarks/bench_pages.py
[--people N] [--pairs N] [--runs N]`. Seeds the demo and a scaled-down `make load` organisation
(`upward seed_load`: one active program of `--pairs` pairs with six months of activity) into a
throwaway SQLite database under a temporary directory (or DATABASE_URL if set: point it at a
scratch database), signs in each role with the Django test client (DEBUG off) and prints, per
page, the number of SQL queries and the median wall-clock and CPU time over `--runs` requests.
CPU time is the steadier figure on a shared machine (SQLite runs in-process, so it includes the
database's work).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=3_000)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="only pages whose name has this")
    parser.add_argument("--show", default="", help="print the SQL of pages whose name has this")
    args, _ = parser.parse_known_args()
    if "UPWARD_VAR_DIR" not in os.environ:
        os.environ["UPWARD_VAR_DIR"] = tempfile.mkdtemp(prefix="upward-bench-pages-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upward.demo.load import (
        LOAD_SLUG,
        SPONSOR_EMAIL,
        coordinator_email,
        is_seeded,
        leader_email,
        mentor_email,
        seed_load,
    )
    from upward.mentoring.models import Pair
    from upward.people.models import User
    from upward.programs.models import Program

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    if is_seeded():  # UPWARD_VAR_DIR pointed at a database this script filled before
        program = Program.objects.get(slug=LOAD_SLUG)
    else:
        program = seed_load(people=args.people, pairs=args.pairs, log=lambda _line: None)
    built = time.perf_counter() - started

    slug = program.slug
    pair = Pair.objects.get(leader__person__user__email=leader_email(0))
    pages = [
        ("leader /", leader_email(0), "/"),
        ("leader pair room", leader_email(0), f"/pairs/{pair.pk}/"),
        ("mentor /", mentor_email(0), "/"),
        ("coordinator /", coordinator_email(0), "/"),
        ("coordinator health board", coordinator_email(0), f"/insights/programs/{slug}/health/"),
        ("sponsor /", SPONSOR_EMAIL, "/"),
        ("health API", coordinator_email(0), f"/api/v1/programs/{program.pk}/health"),
    ]
    rows = []
    for label, email, url in pages:
        if args.only not in label:
            continue
        client = Client()
        client.force_login(User.objects.get(email=email))
        response = client.get(url)  # warm up (templates, first connection)
        assert response.status_code == 200, (url, response.status_code)
        walls, cpus, counts = [], [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                walls.append((time.perf_counter() - t0) * 1000)
                cpus.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(captured))
        if args.show and args.show in label:
            print(f"\n--- {label}: {url}")
            for query in captured.captured_queries:
                sql = query["sql"]
                where = sql.find(" FROM ")
                print(" ", sql[:60], "...", sql[where : where + 400])
        rows.append((label, max(counts), statistics.median(walls), statistics.median(cpus)))

    print(
        f"\nPages benchmark ({connection.vendor}; {args.people:,} people, {args.pairs:,} pairs, "
        f"median of {args.runs} requests; data built in {built:.1f} s)"
    )
    print(f"{'page':<28}{'queries':>9}{'wall':>11}{'CPU':>11}")
    for label, queries, wall, cpu in rows:
        print(f"{label:<28}{queries:>9}{wall:>8.1f} ms{cpu:>8.1f} ms")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

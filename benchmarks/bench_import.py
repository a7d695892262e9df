"""Directory import at scale: a generated 100,000-person CSV, time and peak memory.

Run: `make bench` (all benchmarks) or `.venv/bin/python benchmarks/bench_import.py [--rows N]`.
Uses a throwaway SQLite database (or DATABASE_URL), never your data. Also times the directory
pages at that size, to show they stay quick (no N+1 queries).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate_csv(rows: int, seed: int = 1) -> str:
    from upward.people.import_validation import COLUMNS

    rng = random.Random(seed)
    depts = ["Finance", "Marketing", "Engineering", "Sales", "Operations", "People", "Legal"]
    zones = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore"]
    groups = ["Pride Network", "Women in Leadership", "Early Careers", "Veterans", ""]
    lines = [",".join(COLUMNS)]
    for i in range(rows):
        # A wide tree: person i reports to someone earlier, so the file is a valid hierarchy.
        manager = "" if i == 0 else f"P{rng.randrange(max(1, i // 8), i) if i > 8 else 0:06d}"
        level = max(1, 12 - len(str(i)) * 2 + rng.randrange(0, 2))
        lines.append(
            ",".join(
                [
                    f"P{i:06d}",
                    f"Person {i}",
                    f"person{i}@example.com",
                    "Analyst",
                    str(level),
                    rng.choice(depts),
                    manager,
                    "Somewhere",
                    rng.choice(zones),
                    "en;fr" if i % 3 else "en",
                    rng.choice(groups),
                    "2020-01-15",
                    "",
                ]
            )
        )
    return "\n".join(lines) + "\n"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="upward-bench-import-")
    os.environ.setdefault("UPWARD_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upward.people.importing import people_import_csv
    from upward.people.models import Person, User

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    Person.objects.all().delete()
    data = generate_csv(args.rows)
    rss_before = peak_rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    result = people_import_csv(data=data, source="bench")
    first, first_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    again = people_import_csv(data=data, source="bench")
    second, second_cpu = time.perf_counter() - started, time.process_time() - cpu
    rss_after = peak_rss_mib()

    admin, _ = User.objects.get_or_create(email="bench-admin@example.com", is_org_admin=True)
    client = Client()
    client.force_login(admin)
    page_times = []
    for url in ["/people/", "/people/?q=Person+99", "/people/?page=500", "/people/P050000/"]:
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        page_times.append((url, elapsed, len(queries)))

    print(f"\nDirectory import benchmark ({connection.vendor}, {args.rows:,} rows)")
    print(f"{'step':<38}{'result':>32}")
    print(f"{'first import (all new)':<38}{first:>30.2f} s  (CPU {first_cpu:.2f} s)")
    print(f"{'  ' + result.summary():<70}")
    print(f"{'re-import of the same file':<38}{second:>30.2f} s  (CPU {second_cpu:.2f} s)")
    print(f"{'  ' + again.summary():<70}")
    print(f"{'peak RSS (process)':<38}{rss_after:>28.0f} MiB  (before import {rss_before:.0f})")
    for url, ms, n in page_times:
        print(f"{'GET ' + url:<38}{ms:>27.1f} ms, {n} queries")
    print(f"load average during the run: {os.getloadavg()[0]:.2f}")
    print("target: import under 30 s on the 2-core machine")


if __name__ == "__main__":
    main()

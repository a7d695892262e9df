"""CPU per request of the leaders' and mentors' page mix, in one process (issue 16).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/upward_load   # after `make load`
    .venv/bin/python benchmarks/load/mix_cpu.py [--rounds 3] [--people 4]

The steadier companion of `make load` for trying a change: the same pages in the same
proportions as benchmarks/load/locustfile.py gives a leader or a mentor (home 10, pair room 8,
meetings 4, ...), for `--people` leaders and as many mentors of the seeded organisation, through
the Django test client (middleware, views, templates). Prints the app's CPU per request, the
PostgreSQL backend's CPU per request (read from /proc for this connection's server process), the
queries per request, and each page's CPU and share of the whole. Ninety percent of `make load`'s
simulated people are leaders and mentors; the rest (coordinators, the sponsor, org admins) are
in benchmarks/load/profile_pages.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

# (page, weight) as in locustfile.PairMember's tasks (the note write and sign-in aside).
MIX = [
    ("/", 10),
    ("room", 8),
    ("meetings", 4),
    ("meeting", 3),
    ("notes", 3),
    ("actions", 3),
    ("growth", 1),
    ("/notifications/", 3),
    ("/learn/", 2),
    ("/learn/prompts/", 1),
    ("/community/load/", 2),
    ("/surveys/", 1),
    ("/api/v1/notifications", 2),
    ("/api/v1/me", 1),
    ("/api/v1/pairs/{pair}/actions", 1),
]


def backend_cpu_seconds(connection: Any) -> float:
    """CPU used so far by this connection's PostgreSQL server process (0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a database on another machine
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--people", type=int, default=4, help="leaders (and as many mentors)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from upward.demo.load import leader_email, mentor_email
    from upward.mentoring.models import Meeting, Pair
    from upward.people.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pairs = Pair.objects.count()
    picks = [(k * 7919) % max(1, pairs) for k in range(args.people)]  # spread over the pairs
    emails = [leader_email(k) for k in picks] + [mentor_email(k) for k in picks]
    sessions: list[tuple[Client, list[tuple[str, str]]]] = []
    for email in emails:
        client = Client()
        client.force_login(User.objects.get(email=email))
        items = client.get("/api/v1/pairs").json()
        items = items.get("items", items) if isinstance(items, dict) else items
        pair = items[0]["id"]
        meeting = (
            Meeting.objects.filter(pair_id=pair).order_by("starts_at").values_list("pk", flat=True)
        ).first()
        room = f"/pairs/{pair}/"
        named = {
            "room": room,
            "meetings": f"{room}meetings/",
            "meeting": f"{room}meetings/{meeting}/",
            "notes": f"{room}notes/",
            "actions": f"{room}actions/",
            "growth": f"{room}growth/",
        }
        urls = [
            (name, named.get(name, name.format(pair=pair))) for name, w in MIX for _ in range(w)
        ]
        for _, url in urls[::4]:  # warm the process: templates compiled, statements prepared
            client.get(url)
        sessions.append((client, urls))

    queries = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[0] += 1
        return execute(sql, params, many, context)

    per_page: dict[str, list[float]] = {}
    requests = 0
    with connection.execute_wrapper(count):
        cpu0, db0, wall0 = time.process_time(), backend_cpu_seconds(connection), time.perf_counter()
        for _ in range(args.rounds):
            for client, urls in sessions:
                for name, url in urls:
                    started = time.process_time()
                    accept = "application/json" if url.startswith("/api/") else "text/html"
                    response = client.get(url, HTTP_ACCEPT=accept)
                    assert response.status_code == 200, (url, response.status_code)
                    per_page.setdefault(name, []).append(time.process_time() - started)
                    requests += 1
        cpu = time.process_time() - cpu0
        wall = time.perf_counter() - wall0
        db = backend_cpu_seconds(connection) - db0
    print(
        f"{requests} requests ({len(emails)} people x {args.rounds} rounds) on "
        f"{connection.vendor}: app CPU {cpu * 1000 / requests:.1f} ms/request, database "
        f"{db * 1000 / requests:.1f} ms/request, {queries[0] / requests:.1f} queries/request, "
        f"wall {wall * 1000 / requests:.1f} ms/request"
    )
    for name, spent in sorted(per_page.items(), key=lambda kv: -sum(kv[1])):
        print(
            f"  {name:32} {sum(spent) * 1000 / len(spent):6.1f} ms  "
            f"share {sum(spent) / cpu * 100:4.1f}%"
        )


if __name__ == "__main__":
    main()

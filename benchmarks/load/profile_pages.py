"""Where each page's time goes, on the `make load` organisation (issue 16).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/upward_load
    .venv/bin/python benchmarks/load/profile_pages.py [--runs 5] [--only NAME]

Signs in as each role of the seeded organisation (`upward seed_load`) through the Django test
client (middleware, views, templates: the whole request in one process), and for every page of
the locustfile's mix prints the median of several runs: wall-clock and CPU time, the number of
queries and the time spent in them, the time spent rendering templates, and the rest (Python in
views, middleware, serialisation).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))


def pages(pair_id: int, meeting_id: int, program_id: int) -> dict[str, list[tuple[str, str]]]:
    room = f"/pairs/{pair_id}"
    return {
        "load-leader-0@example.com": [
            ("/", "/"),
            ("/pairs/[id]/", f"{room}/"),
            ("/pairs/[id]/meetings/", f"{room}/meetings/"),
            ("/pairs/[id]/meetings/[id]/", f"{room}/meetings/{meeting_id}/"),
            ("/pairs/[id]/notes/", f"{room}/notes/"),
            ("/pairs/[id]/actions/", f"{room}/actions/"),
            ("/pairs/[id]/growth/", f"{room}/growth/"),
            ("/notifications/", "/notifications/"),
            ("/learn/", "/learn/"),
            ("/learn/prompts/", "/learn/prompts/"),
            ("/community/[slug]/", "/community/load/"),
            ("/surveys/", "/surveys/"),
            ("/api/v1/pairs", "/api/v1/pairs"),
            ("/api/v1/notifications", "/api/v1/notifications"),
            ("/api/v1/me", "/api/v1/me"),
            ("/api/v1/pairs/[id]/meetings", f"/api/v1/pairs/{pair_id}/meetings"),
            ("/api/v1/pairs/[id]/actions", f"/api/v1/pairs/{pair_id}/actions"),
        ],
        "load-coordinator-0@example.com": [
            ("/ (coordinator)", "/"),
            ("/programs/[slug]/", "/programs/load/"),
            ("/insights/programs/[slug]/health/", "/insights/programs/load/health/"),
            ("/insights/programs/[slug]/", "/insights/programs/load/"),
            ("/programs/[slug]/participants/", "/programs/load/participants/"),
            ("/surveys/programs/[slug]/", "/surveys/programs/load/"),
            ("/notifications/nudges/", "/notifications/nudges/"),
            ("/api/v1/programs", "/api/v1/programs"),
            ("/api/v1/programs/[id]/metrics", f"/api/v1/programs/{program_id}/metrics"),
            ("/api/v1/programs/[id]/health", f"/api/v1/programs/{program_id}/health"),
        ],
        "load-sponsor@example.com": [
            ("/ (sponsor)", "/"),
            ("/insights/", "/insights/"),
            ("/insights/programs/[slug]/ (sponsor)", "/insights/programs/load/"),
        ],
        "load-admin-0@example.com": [
            ("/ (admin)", "/"),
            ("/people/", "/people/"),
            ("/people/?q=", "/people/?q=Costa+1234"),
            ("/people/[id]/", "/people/L010000/"),
            ("/accounts/", "/accounts/"),
        ],
    }


@contextmanager
def template_timer() -> Iterator[list[float]]:
    """Time spent in the outermost Template.render calls (nested includes counted once)."""
    from django.template import base

    spent: list[float] = []
    original = base.Template.render
    depth = [0]

    def render(self: Any, context: Any) -> Any:
        depth[0] += 1
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                spent.append(time.perf_counter() - started)

    base.Template.render = render  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        base.Template.render = original  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upward.demo.load import LOAD_SLUG, leader_email
    from upward.mentoring.models import Meeting, Pair
    from upward.people.models import User
    from upward.programs.models import Program

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pair = Pair.objects.get(leader__user__email=leader_email(0))
    meeting = Meeting.objects.filter(pair=pair).order_by("starts_at").first()
    program = Program.objects.get(slug=LOAD_SLUG)
    print(f"{'page':42} {'wall':>7} {'cpu':>7} {'sql':>7} {'tmpl':>7} {'other':>7} {'q':>4}")
    for email, items in pages(pair.pk, meeting.pk if meeting else 0, program.pk).items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        for name, url in items:
            if args.only and args.only not in name:
                continue
            client.get(url)  # warm-up
            walls, cpus, sqls, tmpls, counts = [], [], [], [], []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries, template_timer() as tmpl:
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    walls.append(time.perf_counter() - wall)
                    cpus.append(time.process_time() - cpu)
                assert response.status_code == 200, (url, response.status_code)
                sqls.append(sum(float(q["time"]) for q in queries.captured_queries))
                tmpls.append(sum(tmpl))
                counts.append(len(queries))
            wall_ms = statistics.median(walls) * 1000
            sql_ms = statistics.median(sqls) * 1000
            tmpl_ms = statistics.median(tmpls) * 1000
            print(
                f"{name:42} {wall_ms:7.1f} {statistics.median(cpus) * 1000:7.1f} "
                f"{sql_ms:7.1f} {tmpl_ms:7.1f} {max(0.0, wall_ms - sql_ms - tmpl_ms):7.1f} "
                f"{max(counts):4d}"
            )


if __name__ == "__main__":
    main()

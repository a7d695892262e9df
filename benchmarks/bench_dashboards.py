"""Impact dashboard and health board at scale: 20,000 people, one program with 2,000 pairs.

Run: `make bench` (all benchmarks) or `.venv/bin/python benchmarks/bench_dashboards.py
[--people N] [--pairs N] [--runs N]`. Uses a throwaway SQLite database under a temporary
directory, or DATABASE_URL if set (point it at a scratch database: tables are filled). Times each
page through the Django test client (the whole request: middleware, queries, templates) and
prints the median of several runs with its query count. Target: under 300 ms per page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300


def build(people: int, pairs: int) -> int:
    """Generate the directory, a program, pairs and their activity with bulk inserts."""
    from django.db import connection

    from upward.feedback.models import Answer, Question, Response, SurveyAssignment
    from upward.feedback.services.schedule import survey_assignments_sync
    from upward.insights.models import BehaviourChange
    from upward.mentoring.models import Action, Charter, Meeting, Pair
    from upward.people.models import Department, Person, User
    from upward.programs.models import Participant, Program

    rng = random.Random(7)
    today = dt.date.today()
    dept = Department.objects.create(name="Bench")
    Person.objects.bulk_create(
        Person(
            employee_id=f"B{i:06d}",
            name=f"Person {i}",
            email=f"bench{i}@example.com",
            level=(i % 12) + 1,
            department=dept,
            hire_date=dt.date(2020, 1, 1),
            left_on=today - dt.timedelta(days=rng.randrange(1, 300)) if i % 17 == 0 else None,
            is_active=i % 17 != 0,
        )
        for i in range(people)
    )
    seniors = list(Person.objects.filter(level__gte=8).values_list("pk", flat=True)[:pairs])
    juniors = list(Person.objects.filter(level__lte=4).values_list("pk", flat=True)[:pairs])
    coordinator = User.objects.create_user(email="bench-coordinator@example.com", password=None)
    coordinator.is_coordinator = True
    coordinator.save()
    starts = today - dt.timedelta(days=200)
    program = Program.objects.create(
        name="Bench program",
        slug="bench",
        purpose="Benchmark",
        phase=Program.Phase.ACTIVE,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=270),
    )
    program.coordinators.add(coordinator)
    consented = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Participant.objects.bulk_create(
        [
            Participant(
                program=program, person_id=pk, role=role, status="opted_in", consented_at=consented
            )
            for role, pks in (("leader", seniors), ("mentor", juniors))
            for pk in pks
        ]
    )
    by_person = dict(Participant.objects.filter(program=program).values_list("person_id", "pk"))
    n = min(pairs, len(seniors), len(juniors))
    Pair.objects.bulk_create(
        Pair(
            program=program,
            leader_id=by_person[seniors[i]],
            mentor_id=by_person[juniors[i]],
            started_on=starts + dt.timedelta(days=30 * (i % 3)),
        )
        for i in range(n)
    )
    pair_rows = list(Pair.objects.filter(program=program).values_list("pk", "started_on"))
    now = dt.datetime.now(dt.UTC)
    meetings, actions, charters = [], [], []
    for i, (pk, started) in enumerate(pair_rows):
        base = dt.datetime.combine(started, dt.time(10), tzinfo=dt.UTC)
        for m in range(6):
            status = "held" if m < 4 or i % 5 else "cancelled"
            meetings.append(
                Meeting(
                    pair_id=pk,
                    starts_at=base + dt.timedelta(days=30 * (m + 1)),
                    status=status,
                    cancelled_by_role="leader" if status == "cancelled" else "",
                )
            )
        for a in range(3):
            actions.append(
                Action(
                    pair_id=pk,
                    title=f"Action {a}",
                    due_on=today + dt.timedelta(days=rng.randrange(-40, 40)),
                    status=rng.choice(["planned", "in_progress", "done", "done"]),
                    published=a == 0,
                )
            )
        if i % 7:
            charters.append(Charter(pair_id=pk, leader_signed_at=now, mentor_signed_at=now))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Action.objects.bulk_create(actions, batch_size=2000)
    Charter.objects.bulk_create(charters, batch_size=2000)
    survey_assignments_sync(program=program)
    # Answer most 3-month and some 6-month check-ins directly (the service is timed by the tests).
    responses: list[Response] = []
    answers: list[Answer] = []
    pending = SurveyAssignment.objects.filter(
        survey__program=program, survey__kind__in=["checkin_3", "checkin_6"]
    ).select_related("survey", "participant")
    questions: dict[int, list[Question]] = {}
    done_ids = []
    for assignment in pending:
        if rng.random() < 0.3:
            continue
        qs = questions.setdefault(assignment.survey_id, list(assignment.survey.questions.all()))
        response = Response(
            survey_id=assignment.survey_id,
            respondent_role=assignment.participant.role,
            cohort_month=starts.replace(day=1),
        )
        responses.append(response)
        done_ids.append(assignment.pk)
        for q in qs:
            if q.kind == "likert":
                answers.append(Answer(response=response, question=q, value=rng.randint(2, 5)))
            elif q.kind == "nps":
                answers.append(Answer(response=response, question=q, value=rng.randint(4, 10)))
            elif q.kind == "text" and rng.random() < 0.3:
                answers.append(
                    Answer(response=response, question=q, text="More time for planning tools")
                )
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=2000)
    SurveyAssignment.objects.filter(pk__in=done_ids).update(status="completed")
    BehaviourChange.objects.create(program=program, kind="tool_adopted", title="Shared boards")
    # Fresh bulk loads have no planner statistics yet; a running database has them (autovacuum
    # on PostgreSQL, `ANALYZE` from the operations guide on SQLite), so measure with them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return program.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    args, _ = parser.parse_known_args()
    tmp = tempfile.mkdtemp(prefix="upward-bench-dashboards-")
    os.environ.setdefault("UPWARD_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upward.people.models import User
    from upward.programs.models import Program

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    program_id = build(args.people, args.pairs)
    built = time.perf_counter() - started

    slug = Program.objects.get(pk=program_id).slug
    client = Client()
    client.force_login(User.objects.get(email="bench-coordinator@example.com"))
    pages = [
        ("impact dashboard", f"/insights/programs/{slug}/"),
        ("health board", f"/insights/programs/{slug}/health/"),
        ("metrics API", f"/api/v1/programs/{program_id}/metrics"),
        ("CSV export", f"/insights/programs/{slug}/export.csv"),
        ("survey results (3-month, leaders)", None),
    ]
    from upward.feedback.models import Survey

    survey = Survey.objects.get(program_id=program_id, kind="checkin_3", audience="leader")
    pages[-1] = (pages[-1][0], f"/surveys/{survey.pk}/results/")
    rows = []
    loads = []
    for label, url in pages:
        assert url is not None
        client.get(url)  # warm up (template loading, first connection)
        times, cpu, db_cpu = [], [], []
        queries = 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                d0 = db_backend_cpu_ms(connection)
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                # CPU time of this process: SQLite runs in-process, so this is the request's own
                # work, unaffected by other programs competing for the cores.
                cpu.append((time.process_time() - c0) * 1000)
                d1 = db_backend_cpu_ms(connection)
                if d0 is not None and d1 is not None:
                    db_cpu.append(d1 - d0)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        loads.append(os.getloadavg()[0])
        # The server's CPU is counted in ticks of 10 ms: the mean over the runs is steadier.
        db_ms = statistics.mean(db_cpu) if db_cpu else None
        rows.append((label, statistics.median(times), statistics.median(cpu), db_ms, queries))

    print(
        f"\nDashboards benchmark ({connection.vendor}; {args.people:,} people, "
        f"{args.pairs:,} pairs; data built in {built:.1f} s)"
    )
    print(
        f"{'page':<36}{'wall':>10}{'CPU app':>10}{'CPU db':>10}{'queries':>9}"
        f"  under {TARGET_MS} ms (wall)"
    )
    for label, median, cpu_ms, db_ms, queries in rows:
        ok = "yes" if median < TARGET_MS else "NO"
        db = f"{db_ms:>7.0f} ms" if db_ms is not None else f"{'-':>10}"
        print(f"{label:<36}{median:>8.0f} ms{cpu_ms:>7.0f} ms{db}{queries:>9}  {ok}")
    print(f"load average (1 min) during the run: {min(loads):.2f} to {max(loads):.2f}")


def db_backend_cpu_ms(connection: Any) -> float | None:
    """CPU time used so far by this connection's PostgreSQL server process, if it is local.

    Wall-clock time on a shared machine mostly measures the neighbours; the app's CPU time plus
    the database server's CPU time is the request's own work. None for SQLite (in-process, so
    already in the app's CPU) or a remote server.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime are fields 14 and 15 of /proc/PID/stat (11 and 12 after the name).
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()

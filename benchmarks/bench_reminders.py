"""Reminder sweep at scale: 20,000 people, 2,000 active pairs, 2,000 open invitations.

Run: `make bench` (all benchmarks) or `.venv/bin/python benchmarks/bench_reminders.py
[--people N] [--pairs N]`. Uses a throwaway SQLite database in a temporary directory, or
DATABASE_URL if set (point it at a scratch database: tables are filled). Times one scheduler
tick (survey sync + every rule + recording deliveries) when many reminders fall due at once, the
steady-state tick a minute later (nothing new: the common case), and sending 1,000 recorded
messages through the claim/send/mark path (in-memory mail backend). Target: a tick under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 10.0


def build(people: int, pairs: int, now: dt.datetime) -> dict[str, int]:
    """The directory, an active program with pairs and their activity, a recruiting program."""
    from upward.mentoring.models import Action, AgendaItem, Charter, Meeting, Pair
    from upward.notifications.models import DeliveryPreference
    from upward.people.models import Department, Person, User
    from upward.programs.models import Participant, Program

    rng = random.Random(11)
    today = now.date()
    zones = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Singapore"]
    dept = Department.objects.create(name="Bench")
    Person.objects.bulk_create(
        (
            Person(
                employee_id=f"R{i:06d}",
                name=f"Person {i}",
                email=f"rem{i}@example.com",
                level=(i % 12) + 1,
                department=dept,
                timezone=zones[i % len(zones)],
            )
            for i in range(people)
        ),
        batch_size=2000,
    )
    seniors = list(Person.objects.filter(level__gte=8).values_list("pk", flat=True)[: 2 * pairs])
    juniors = list(Person.objects.filter(level__lte=4).values_list("pk", flat=True)[: 2 * pairs])
    n = min(pairs, len(seniors) // 2, len(juniors) // 2)
    invitees = seniors[n : 2 * n]
    involved = seniors[:n] + juniors[:n] + invitees
    emails = dict(Person.objects.filter(pk__in=involved).values_list("pk", "email"))
    User.objects.bulk_create(
        (User(email=emails[pk], name=f"User {pk}", person_id=pk) for pk in involved),
        batch_size=2000,
    )
    user_of = dict(User.objects.filter(person_id__in=involved).values_list("person_id", "pk"))
    coordinators = [
        User.objects.create_user(email=f"coord{i}@example.com", password=None, is_coordinator=True)
        for i in range(5)
    ]
    active = Program.objects.create(
        name="Bench active",
        slug="bench-active",
        purpose="Benchmark",
        phase="active",
        starts_on=today - dt.timedelta(days=120),
    )
    recruiting = Program.objects.create(
        name="Bench recruiting", slug="bench-recruiting", purpose="Benchmark", phase="recruiting"
    )
    for program in (active, recruiting):
        program.coordinators.add(*coordinators)
    Participant.objects.bulk_create(
        [
            Participant(
                program=active, person_id=pk, user_id=user_of[pk], role=role, status="opted_in"
            )
            for role, pks in (("leader", seniors[:n]), ("mentor", juniors[:n]))
            for pk in pks
        ]
        + [
            Participant(
                program=recruiting,
                person_id=pk,
                user_id=user_of[pk],
                role="leader",
                status="invited",
                invited_at=now - dt.timedelta(days=rng.randrange(1, 20)),
            )
            for pk in invitees
        ],
        batch_size=2000,
    )
    part = dict(Participant.objects.filter(program=active).values_list("person_id", "pk"))
    Pair.objects.bulk_create(
        (
            Pair(
                program=active,
                leader_id=part[seniors[i]],
                mentor_id=part[juniors[i]],
                started_on=today - dt.timedelta(days=rng.choice([10, 40, 90, 120])),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    meetings, actions, charters = [], [], []
    for i, (pk, started) in enumerate(Pair.objects.values_list("pk", "started_on")):
        base = dt.datetime.combine(started, dt.time(9), tzinfo=dt.UTC)
        for m in range(4):
            held = base + dt.timedelta(days=30 * m + 2)
            if held < now:
                meetings.append(Meeting(pair_id=pk, starts_at=held, status="held"))
        # Roughly one pair in thirty meets in the next 24 hours, as with a monthly cadence.
        meetings.append(
            Meeting(pair_id=pk, starts_at=now + dt.timedelta(hours=rng.uniform(1, 720)))
        )
        for a in range(3):
            actions.append(
                Action(
                    pair_id=pk,
                    title=f"Action {a}",
                    due_on=today + dt.timedelta(days=rng.randrange(-30, 30)),
                    status=rng.choice(["planned", "in_progress", "done"]),
                )
            )
        if i % 10:
            charters.append(Charter(pair_id=pk, leader_signed_at=now, mentor_signed_at=now))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Action.objects.bulk_create(actions, batch_size=2000)
    Charter.objects.bulk_create(charters, batch_size=2000)
    soon = Meeting.objects.filter(starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=1))
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, author_id=coordinators[0].pk, text="What surprised you this month?")
        for m in soon
    )
    DeliveryPreference.objects.bulk_create(
        DeliveryPreference(user_id=uid, quiet_start=dt.time(22), quiet_end=dt.time(7))
        for uid in list(user_of.values())[::5]
    )
    return {"pairs": n, "users": len(user_of), "meetings": len(meetings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=2_000)
    args, _ = parser.parse_known_args()
    tmp = tempfile.mkdtemp(prefix="upward-bench-reminders-")
    os.environ.setdefault("UPWARD_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upward.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from upward.notifications.models import Delivery
    from upward.notifications.scheduling import scheduler_tick
    from upward.notifications.sending import deliveries_send_due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    started = time.perf_counter()
    sizes = build(args.people, args.pairs, now)
    built = time.perf_counter() - started

    rows = []
    by_kind: dict[str, int] = {}
    for label, moment in (
        ("first tick (everything due at once)", now),
        ("next tick, a minute later (steady state)", now + dt.timedelta(minutes=1)),
    ):
        t0, c0 = time.perf_counter(), time.process_time()
        tick = scheduler_tick(now=moment)
        by_kind = by_kind or dict(sorted(tick.sweep.by_kind.items()))
        rows.append(
            (
                label,
                time.perf_counter() - t0,
                time.process_time() - c0,
                tick.sweep.candidates,
                tick.sweep.created,
            )
        )
    first = Delivery.objects.count()

    t0, c0 = time.perf_counter(), time.process_time()
    sent = deliveries_send_due(limit=1000)
    send_wall, send_cpu = time.perf_counter() - t0, time.process_time() - c0

    print(
        f"\nReminders benchmark ({connection.vendor}; {args.people:,} people, "
        f"{sizes['pairs']:,} active pairs, {sizes['users']:,} accounts; built in {built:.1f} s)"
    )
    print(f"{'step':<44}{'wall':>9}{'CPU':>9}{'due':>8}{'new':>8}  under {TARGET_S:.0f} s")
    for label, wall, cpu, due, new in rows:
        ok = "yes" if wall < TARGET_S else "NO"
        print(f"{label:<44}{wall:>7.2f} s{cpu:>7.2f} s{due:>8,}{new:>8,}  {ok}")
    print(f"deliveries recorded by the first tick: {first:,}  {by_kind or ''}")
    per = send_wall / max(1, sent.sent) * 1000
    print(
        f"send {sent.sent:,} of them (claim, render, send, mark): {send_wall:.2f} s wall, "
        f"{send_cpu:.2f} s CPU, {per:.1f} ms per message"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

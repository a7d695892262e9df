"""`upward seed_load`: the organisation `make load` measures (issue 16).

The demo organisation (named logins, content, community, a few programs), then, written with bulk
inserts so that it takes a minute rather than an hour: a directory of `people` in all, and one
active program of `pairs` pairs with the activity of a program six months in (meetings, actions,
notes, charters, scheduled and answered check-ins, notifications). Every pair member has an
account with the one password `LOAD_PASSWORD` (hashed once, the hash reused), so the load
generator can sign in as any of them:

- `load-leader-{k}@example.com` and `load-mentor-{k}@example.com`, k = 0 .. pairs - 1: the two
  members of pair k;
- `load-coordinator-{k}@example.com` (k < 5): coordinators of the load program;
- `load-sponsor@example.com`: its executive sponsor; `load-admin-{k}@example.com` (k < 2):
  org admins.

Never run it against a database with real people in it: the command refuses unless the database
is empty or was seeded by it before (`--reset` flushes first).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from upward.demo.seed import seed_demo
from upward.feedback.models import Answer, Question, Response, SurveyAssignment
from upward.feedback.services.schedule import survey_assignments_sync
from upward.insights.models import BehaviourChange
from upward.mentoring.models import Action, Charter, Meeting, Note, Pair
from upward.notifications.models import Notification
from upward.people.models import Department, Person, User
from upward.programs.models import Participant, Program

LOAD_PASSWORD = "upward-load"  # noqa: S105 - a published load-test password, by design
LOAD_SLUG = "load"
COORDINATORS = 5
ADMINS = 2
DEPARTMENTS = ("Engineering", "Sales", "Finance", "Operations", "People", "Legal", "Marketing")


def leader_email(k: int) -> str:
    return f"load-leader-{k}@example.com"


def mentor_email(k: int) -> str:
    return f"load-mentor-{k}@example.com"


def coordinator_email(k: int) -> str:
    return f"load-coordinator-{k}@example.com"


def admin_email(k: int) -> str:
    return f"load-admin-{k}@example.com"


SPONSOR_EMAIL = "load-sponsor@example.com"


def is_seeded() -> bool:
    return Program.objects.filter(slug=LOAD_SLUG).exists()


def seed_load(
    *,
    people: int = 20_000,
    pairs: int = 2_000,
    demo: bool = True,
    log: Callable[[str], Any] = print,
) -> Program:
    """Seed the demo (unless `demo=False`) and the load program; returns the load program."""
    rng = random.Random(16)
    if demo:
        log("demo organisation ...")
        seed_demo(log=lambda _line: None)
    with transaction.atomic():
        program = _seed_program(people=people, pairs=pairs, rng=rng, log=log)
    # A bulk load leaves the planner without statistics; a running database has them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return program


def _seed_program(
    *, people: int, pairs: int, rng: random.Random, log: Callable[[str], Any]
) -> Program:
    today = timezone.localdate()
    now = timezone.now()
    password = make_password(LOAD_PASSWORD)  # one hash for every load account (argon2 is slow)
    departments = [Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS]

    existing = Person.objects.count()
    extra = max(people - existing, 2 * pairs + COORDINATORS + ADMINS + 1)
    log(f"{extra:,} people (the demo has {existing:,}) ...")

    def email_of(i: int) -> str:
        if i < pairs:
            return leader_email(i)
        if i < 2 * pairs:
            return mentor_email(i - pairs)
        return f"load-person-{i}@example.com"

    Person.objects.bulk_create(
        (
            Person(
                employee_id=f"L{i:06d}",
                name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}",
                email=email_of(i),
                # Pair leaders are senior (8-12), mentors junior (1-4), the rest anything.
                level=rng.randint(8, 12)
                if i < pairs
                else rng.randint(1, 4)
                if i < 2 * pairs
                else rng.randint(1, 12),
                department=departments[i % len(departments)],
                title="Employee",
                timezone=rng.choice(["UTC", "Europe/London", "America/New_York", "Asia/Tokyo"]),
                languages=["en"],
                hire_date=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3600)),
            )
            for i in range(extra)
        ),
        batch_size=2000,
    )
    by_email = dict(Person.objects.filter(employee_id__startswith="L").values_list("email", "pk"))

    log("accounts ...")
    staff = [(coordinator_email(k), {"is_coordinator": True}) for k in range(COORDINATORS)] + [
        (admin_email(k), {"is_org_admin": True}) for k in range(ADMINS)
    ]
    staff.append((SPONSOR_EMAIL, {"is_sponsor": True}))
    staff_people = list(
        Person.objects.filter(employee_id__startswith="L")
        .exclude(email__startswith="load-leader-")
        .exclude(email__startswith="load-mentor-")
        .order_by("employee_id")
        .values_list("pk", "name")[: len(staff)]
    )
    users = [
        User(email=email, name=name, person_id=pk, password=password, **flags)
        for (email, flags), (pk, name) in zip(staff, staff_people, strict=True)
    ]
    member_names = dict(
        Person.objects.filter(pk__in=[by_email[email_of(i)] for i in range(2 * pairs)]).values_list(
            "pk", "name"
        )
    )
    for i in range(2 * pairs):
        pk = by_email[email_of(i)]
        users.append(
            User(email=email_of(i), name=member_names[pk], person_id=pk, password=password)
        )
    User.objects.bulk_create(users, batch_size=2000)
    user_by_email = dict(User.objects.filter(email__startswith="load-").values_list("email", "pk"))

    log(f"program with {pairs:,} pairs ...")
    starts = today - dt.timedelta(days=120)
    program = Program.objects.create(
        name="Company-wide reverse mentoring",
        slug=LOAD_SLUG,
        purpose="Senior leaders learn how the company's newest colleagues work and what they need.",
        phase=Program.Phase.ACTIVE,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=270),
        sponsor_id=user_by_email[SPONSOR_EMAIL],
    )
    program.coordinators.add(*[user_by_email[coordinator_email(k)] for k in range(COORDINATORS)])
    consented = now - dt.timedelta(days=150)
    Participant.objects.bulk_create(
        [
            Participant(
                program=program,
                person_id=by_email[email],
                user_id=user_by_email[email],
                role=role,
                status=Participant.Status.OPTED_IN,
                consented_at=consented,
            )
            for k in range(pairs)
            for role, email in (("leader", leader_email(k)), ("mentor", mentor_email(k)))
        ],
        batch_size=2000,
    )
    part_by_person = dict(
        Participant.objects.filter(program=program).values_list("person_id", "pk")
    )
    Pair.objects.bulk_create(
        [
            Pair(
                program=program,
                leader_id=part_by_person[by_email[leader_email(k)]],
                mentor_id=part_by_person[by_email[mentor_email(k)]],
                started_on=starts + dt.timedelta(days=10 * (k % 3)),
                score=round(rng.uniform(0.5, 0.95), 3),
            )
            for k in range(pairs)
        ],
        batch_size=2000,
    )
    pair_rows = list(
        Pair.objects.filter(program=program).values_list(
            "pk", "started_on", "leader__user_id", "mentor__user_id"
        )
    )

    log("meetings, actions, notes, charters ...")
    meetings: list[Meeting] = []
    actions: list[Action] = []
    notes: list[Note] = []
    charters: list[Charter] = []
    for i, (pk, started, leader_user, mentor_user) in enumerate(pair_rows):
        base = dt.datetime.combine(started, dt.time(10), tzinfo=dt.UTC)
        for m in range(6):
            at = base + dt.timedelta(days=30 * (m + 1))
            status = "scheduled" if at > now else "held" if m < 3 or i % 5 else "cancelled"
            meetings.append(
                Meeting(
                    pair_id=pk,
                    starts_at=at,
                    status=status,
                    cancelled_by_role="leader" if status == "cancelled" else "",
                )
            )
        for a in range(3):
            actions.append(
                Action(
                    pair_id=pk,
                    title=f"Try the new planning tool ({a + 1})",
                    due_on=today + dt.timedelta(days=rng.randrange(-40, 40)),
                    status=rng.choice(["planned", "in_progress", "done", "done"]),
                    published=a == 0,
                )
            )
        for n in range(4):
            notes.append(
                Note(
                    pair_id=pk,
                    author_id=leader_user if n % 2 else mentor_user,
                    visibility="shared" if n < 2 else "private",
                    body=f"What I learned in meeting {n + 1}: ask before assuming.",
                    created_at=now - dt.timedelta(days=10 * n + 1),
                )
            )
        if i % 7:
            charters.append(Charter(pair_id=pk, leader_signed_at=now, mentor_signed_at=now))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Action.objects.bulk_create(actions, batch_size=2000)
    Note.objects.bulk_create(notes, batch_size=2000)
    Charter.objects.bulk_create(charters, batch_size=2000)

    log("check-ins and answers ...")
    survey_assignments_sync(program=program)
    responses: list[Response] = []
    answers: list[Answer] = []
    questions: dict[int, list[Question]] = {}
    done_ids = []
    pending = SurveyAssignment.objects.filter(
        survey__program=program, survey__kind="checkin_3"
    ).select_related("survey", "participant")
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
                answers.append(Answer(response=response, question=q, text="More time to plan"))
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(answers, batch_size=2000)
    SurveyAssignment.objects.filter(pk__in=done_ids).update(status="completed")
    BehaviourChange.objects.create(program=program, kind="tool_adopted", title="Shared boards")

    log("notifications ...")
    Notification.objects.bulk_create(
        (
            Notification(
                user_id=user_pk,
                kind="reminder",
                title=f"Your meeting is coming up ({n + 1})",
                body="Add an item to the agenda so you both come prepared.",
                url=f"/pairs/{pair_pk}/meetings/",
                created_at=now - dt.timedelta(days=n * 7),
                read_at=None if n == 0 else now - dt.timedelta(days=n * 7 - 1),
            )
            for pair_pk, _started, leader_user, mentor_user in pair_rows
            for user_pk in (leader_user, mentor_user)
            for n in range(5)
        ),
        batch_size=5000,
    )
    log(
        f"done: {Person.objects.count():,} people, {Pair.objects.count():,} pairs, "
        f"{User.objects.count():,} accounts"
    )
    return program


_FIRST = (
    "Ada", "Bo", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kemi", "Lars",
    "Mira", "Nico", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vera", "Wei", "Yusuf",
)  # fmt: skip
_LAST = (
    "Adams", "Berg", "Costa", "Diaz", "Eze", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Khan", "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka",
)  # fmt: skip

"""The demo earns trust (issue 15): everything a visitor can cross-check holds together. Unique
names, nobody reporting to someone junior, each program's dates fitting its phase, pairs that
met, a follow-through board without repeats, and `upward demo` still idempotent with the logins
the README lists.

The demo is seeded once for the module (inside a transaction rolled back at the end), so these
tests read the very organisation `make run` shows."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from upward.demo.context import DEMO_ACCOUNTS
from upward.mentoring.models import Action, Charter, Meeting, Note, Pair
from upward.mentoring.timezones import person_zone
from upward.people.models import Person
from upward.programs.models import Program

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[3] / "README.md"
Phase = Program.Phase


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "programs": Program.objects.count(),
        "pairs": Pair.objects.count(),
        "meetings": Meeting.objects.count(),
        "actions": Action.objects.count(),
        "notes": Note.objects.count(),
    }


def test_every_person_in_the_directory_has_a_name_of_their_own() -> None:
    twice = [
        name for name, n in Counter(Person.objects.values_list("name", flat=True)).items() if n > 1
    ]
    assert twice == []


def test_everyone_reports_to_someone_more_senior() -> None:
    upside_down = [
        f"{p.name} ({p.title}, level {p.level}) reports to {p.manager.name} "
        f"({p.manager.title}, level {p.manager.level})"
        for p in Person.objects.select_related("manager").filter(manager__isnull=False)
        if p.level is not None and p.manager.level is not None and p.manager.level <= p.level
    ]
    assert upside_down == []


def test_program_names_are_unique() -> None:
    names = [n.lower() for n in Program.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names))


def test_each_programs_dates_fit_its_phase() -> None:
    today = timezone.localdate()
    wrong = []
    for program in Program.objects.all():
        starts, ends = program.starts_on, program.ends_on
        if program.phase in (Phase.DRAFT, Phase.RECRUITING, Phase.MATCHING):
            if starts is not None and starts < today:
                wrong.append(f"{program.name}: {program.phase} but started on {starts}")
            if program.pairs.exists():
                wrong.append(f"{program.name}: {program.phase} with pairs")
            continue
        if starts is None or ends is None:
            wrong.append(f"{program.name}: {program.phase} without dates")
            continue
        if program.phase == Phase.ACTIVE and not starts <= today < ends:
            wrong.append(f"{program.name}: active but runs {starts} to {ends}")
        if program.phase == Phase.CLOSING and not today - dt.timedelta(days=45) <= ends <= today:
            wrong.append(f"{program.name}: closing but ends on {ends}")
        if program.phase == Phase.CLOSED and not ends < today:
            wrong.append(f"{program.name}: closed but ends on {ends}")
        for pair in program.pairs.all():
            if pair.started_on < starts:
                wrong.append(f"{program.name}: a pair started {pair.started_on}, before {starts}")
            # Pairs close in the closing phase, after the last meeting; a closed program's
            # pairs had all closed by its end.
            last = ends if program.phase == Phase.CLOSED else today
            if pair.ended_on is not None and pair.ended_on > last:
                wrong.append(f"{program.name}: a pair ended {pair.ended_on}, after {last}")
    assert wrong == []


def test_no_meeting_falls_outside_its_pair_and_program() -> None:
    outside = []
    for meeting in Meeting.objects.exclude(status=Meeting.Status.CANCELLED).select_related(
        "pair__program", "pair__leader__person"
    ):
        pair, program = meeting.pair, meeting.pair.program
        day = meeting.starts_at.astimezone(person_zone(pair.leader.person)).date()
        last = pair.ended_on or program.ends_on
        if day < pair.started_on or (last is not None and day > last):
            outside.append(f"{program.name}: meeting on {day}, pair {pair.started_on} to {last}")
    assert outside == []


def test_a_closing_or_closed_program_has_no_meeting_ahead() -> None:
    ahead = Meeting.objects.filter(
        pair__program__phase__in=[Phase.CLOSING, Phase.CLOSED],
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
    )
    assert list(ahead.values_list("pair__program__name", "starts_at")) == []


def test_every_pair_that_ran_has_met() -> None:
    never = [
        f"{pair.program.name}: {pair.leader.person.name} and {pair.mentor.person.name}"
        for pair in Pair.objects.select_related("program", "leader__person", "mentor__person")
        if pair.meetings.filter(status=Meeting.Status.HELD).count() < 2
    ]
    assert Pair.objects.filter(program__phase=Phase.CLOSED).exists()  # the pilot has pairs
    assert never == []


def test_active_pairs_have_a_lived_in_history() -> None:
    thin = []
    for pair in Pair.objects.filter(status=Pair.Status.ACTIVE, program__phase=Phase.ACTIVE):
        held = pair.meetings.filter(status=Meeting.Status.HELD).count()
        if held < 2 or not pair.notes.exists() or not pair.actions.exists():
            thin.append(f"pair {pair.pk}: {held} held, notes and actions missing")
        if not Charter.objects.filter(pair=pair).exists():
            thin.append(f"pair {pair.pk}: no charter")
    assert Pair.objects.filter(program__phase=Phase.ACTIVE).count() >= 8
    assert thin == []


def test_the_follow_through_board_never_repeats_an_action() -> None:
    published = Counter(
        (program_id, title.lower())
        for program_id, title in Action.objects.filter(published=True).values_list(
            "pair__program_id", "title"
        )
    )
    assert published, "the board has actions"
    assert [title for (_, title), n in published.items() if n > 1] == []


def test_a_pairs_own_actions_are_not_repeated_either() -> None:
    repeated = [
        (pair_id, title)
        for (pair_id, title), n in Counter(Action.objects.values_list("pair_id", "title")).items()
        if n > 1
    ]
    assert repeated == []


def test_the_demo_prints_the_logins_the_readme_lists(demo: str) -> None:
    readme_logins = set(re.findall(r"^\| `([a-z]+@example\.com)` \|", README.read_text(), re.M))
    printed = set(re.findall(r"[a-z]+@example\.com", demo))
    assert readme_logins == {email for email, *_ in DEMO_ACCOUNTS} == printed & readme_logins


def test_seeding_again_changes_nothing() -> None:
    before = _counts()
    call_command("demo", "--quiet", stdout=io.StringIO())
    assert _counts() == before

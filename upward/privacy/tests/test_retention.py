"""Retention (issue 11 item 5): the private journal of a closed program is deleted by the
scheduler a configurable time after it closed (UPWARD_RETENTION_MONTHS, default 12)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from pytest_django import Settings

from upward.audit.models import AuditEntry
from upward.mentoring.models import GrowthEntry, Meeting, Note, Pair, Reflection
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.notifications.scheduling import scheduler_tick
from upward.privacy.selectors import retention_due
from upward.privacy.services import retention_purge
from upward.programs.models import Program, ProgramPhaseChange
from upward.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

CLOSED_AT = dt.datetime(2025, 6, 30, 17, 0, tzinfo=dt.UTC)


def _journal(pair: Pair) -> None:
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    meeting = Meeting.objects.create(
        pair=pair, starts_at=CLOSED_AT - dt.timedelta(days=30), status="held"
    )
    for author, text, visibility in (
        (leader, "private note", "private"),
        (mentor, "mentor private note", "private"),
        (leader, "shared note", "shared"),
    ):
        Note.objects.create(pair=pair, author=author, body=text, visibility=visibility)
    for visibility in ("private", "pair", "program"):
        GrowthEntry.objects.create(
            pair=pair, author=leader, text=f"growth {visibility}", visibility=visibility
        )
    Reflection.objects.create(meeting=meeting, author=leader, role="leader", surprised="x")
    Reflection.objects.create(
        meeting=meeting, author=mentor, role="mentor", landed="y", shared_with_partner=True
    )


def _closed_program(slug: str, *, closed_at: dt.datetime = CLOSED_AT) -> Pair:
    program = ProgramFactory(slug=slug, phase=Program.Phase.CLOSED)
    ProgramPhaseChange.objects.create(
        program=program, from_phase="closing", to_phase="closed", changed_at=closed_at
    )
    pair = PairFactory(program=program, status=Pair.Status.CLOSED)
    _journal(pair)
    return pair


def _left(pair: Pair) -> dict[str, int]:
    return {
        "notes": Note.objects.filter(pair=pair).count(),
        "private_notes": Note.objects.filter(pair=pair, visibility="private").count(),
        "growth": GrowthEntry.objects.filter(pair=pair).count(),
        "reflections": Reflection.objects.filter(meeting__pair=pair).count(),
    }


def test_nothing_is_deleted_before_the_retention_period_ends() -> None:
    pair = _closed_program("closed")
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=364), tick=False):
        assert not retention_due(now=timezone.now())
        scheduler_tick()
    assert _left(pair) == {"notes": 3, "private_notes": 2, "growth": 3, "reflections": 2}
    assert not AuditEntry.objects.filter(action="retention.purged").exists()


def test_the_scheduler_deletes_the_private_journal_twelve_months_after_closing() -> None:
    pair = _closed_program("closed")
    running = PairFactory(program=ProgramFactory(slug="running", phase=Program.Phase.ACTIVE))
    _journal(running)
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=366), tick=False):
        assert retention_due(now=timezone.now())
        scheduler_tick()
    # Private notes, unpublished growth entries and reflections go; what was shared with the
    # partner as a note, or published to the program, stays.
    assert _left(pair) == {"notes": 1, "private_notes": 0, "growth": 1, "reflections": 0}
    assert GrowthEntry.objects.get(pair=pair).visibility == "program"
    # A program that has not closed keeps everything.
    assert _left(running) == {"notes": 3, "private_notes": 2, "growth": 3, "reflections": 2}
    entry = AuditEntry.objects.get(action="retention.purged")
    assert entry.actor is None and entry.program_id == pair.program_id
    assert entry.details["notes"] == 2 and entry.details["reflections"] == 2
    # Run again (every tick does): nothing more to do, no second entry.
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=367), tick=False):
        assert not retention_due(now=timezone.now())
        scheduler_tick()
    assert AuditEntry.objects.filter(action="retention.purged").count() == 1


def test_the_period_is_configurable(settings: Settings) -> None:
    settings.UPWARD_RETENTION_MONTHS = 3
    pair = _closed_program("closed")
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=80), tick=False):
        assert retention_purge().total == 0
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=95), tick=False):
        assert retention_purge().total == 6
    assert _left(pair)["private_notes"] == 0


def test_a_program_closed_without_a_phase_record_counts_from_its_end_date() -> None:
    program = ProgramFactory(slug="old", phase=Program.Phase.CLOSED, ends_on=dt.date(2025, 1, 31))
    pair = PairFactory(program=program, status=Pair.Status.CLOSED)
    _journal(pair)
    with time_machine.travel(dt.datetime(2026, 1, 31, 12, tzinfo=dt.UTC), tick=False):
        assert retention_purge().total == 0
    with time_machine.travel(dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC), tick=False):
        assert retention_purge().total == 6


def test_a_program_reopened_and_closed_again_counts_from_the_last_closing() -> None:
    pair = _closed_program("closed")
    ProgramPhaseChange.objects.create(
        program=pair.program,
        from_phase="closing",
        to_phase="closed",
        changed_at=CLOSED_AT + dt.timedelta(days=200),
    )
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=400), tick=False):
        assert retention_purge().total == 0
    with time_machine.travel(CLOSED_AT + dt.timedelta(days=570), tick=False):
        assert retention_purge().total == 6

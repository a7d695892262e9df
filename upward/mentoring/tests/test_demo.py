from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from upward.demo import community as community_demo
from upward.demo import content as content_demo
from upward.demo import mentoring as mentoring_demo
from upward.demo.context import DemoContext
from upward.mentoring import selectors
from upward.mentoring.models import Action, Meeting, Note, Pair
from upward.mentoring.tests.factories import PairFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _run(ctx: DemoContext) -> None:
    for module in (mentoring_demo, content_demo, community_demo):
        module.seed(ctx)


def test_demo_skips_without_the_program() -> None:
    lines: list[str] = []
    mentoring_demo.seed(DemoContext(log=lines.append))
    assert "skipped" in lines[0]


def test_demo_fills_rooms_idempotently() -> None:
    program = ProgramFactory(
        slug="digital-fluency",
        duration_months=9,
        starts_on=timezone.localdate() - dt.timedelta(days=200),
    )
    pairs = [
        PairFactory(program=program, started_on=timezone.localdate() - dt.timedelta(days=190))
        for _ in range(5)
    ]
    ctx = DemoContext(log=lambda _: None)
    _run(ctx)
    counts = (Meeting.objects.count(), Note.objects.count(), Action.objects.count())
    _run(ctx)
    assert (Meeting.objects.count(), Note.objects.count(), Action.objects.count()) == counts
    healths = [
        selectors.pair_health(pair=p) for p in Pair.objects.filter(pk__in=[p.pk for p in pairs])
    ]
    assert sum(1 for h in healths if not h.charter_signed) == 1
    assert any(any(f.startswith("No meeting in") for f in h.flags) for h in healths)
    assert any(h.leader_cancellations for h in healths)
    assert any(h.actions_overdue for h in healths)
    assert Action.objects.filter(published=True).exists()
    assert Meeting.objects.filter(status="scheduled", starts_at__gt=timezone.now()).exists()


def test_demo_invites_the_closing_programs_pairs_idempotently() -> None:
    from upward.mentoring.models import ClosureChoice

    ProgramFactory(slug="digital-fluency")
    closing = ProgramFactory(slug="customer-voices", phase="closing")
    pairs = [PairFactory(program=closing) for _ in range(4)]
    ctx = DemoContext(log=lambda _: None)
    _run(ctx)
    answers = ClosureChoice.objects.count()
    _run(ctx)
    assert ClosureChoice.objects.count() == answers == 4
    statuses = [Pair.objects.get(pk=p.pk).status for p in pairs]
    assert statuses == ["closed", "active", "active", "active"]
    assert all(Pair.objects.get(pk=p.pk).closing_invited_at for p in pairs)

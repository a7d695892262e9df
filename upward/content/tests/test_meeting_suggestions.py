"""A meeting's stage and its suggested prompts and templates, now read composed once per
connection (issue 16): the same answers as the ordinary querysets, for every stage, with the
program's topics and without, a cancelled meeting not counting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from upward.content.models import AgendaTemplate, Prompt
from upward.content.selectors import agenda_templates_for, prompts_for
from upward.mentoring.models import Meeting, Pair
from upward.mentoring.selectors import agenda_suggestions, meeting_stage
from upward.mentoring.selectors.meetings import PROMPTS_SHOWN
from upward.mentoring.tests.factories import PairFactory, ProgramFactory, user_of
from upward.programs.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair() -> Pair:
    return PairFactory(program=ProgramFactory())


def _meeting(pair: Pair, days: int, status: str = "scheduled") -> Meeting:
    return Meeting.objects.create(
        pair=pair, starts_at=timezone.now() + dt.timedelta(days=days), status=status
    )


def test_the_first_middle_and_closing_meetings_and_a_cancelled_one_that_does_not_count(
    pair: Pair,
) -> None:
    _meeting(pair, -30, status="cancelled")
    first, middle, last = _meeting(pair, -20), _meeting(pair, -5, status="held"), _meeting(pair, 9)
    _meeting(pair, 20, status="cancelled")

    assert [meeting_stage(meeting=m) for m in (first, middle, last)] == [
        "first",
        "middle",
        "closing",
    ]


def test_a_pairs_only_meeting_is_its_first() -> None:
    only = _meeting(PairFactory(program=ProgramFactory()), 3)
    assert meeting_stage(meeting=only) == "first"


@pytest.mark.parametrize("stage", ["first", "middle", "closing"])
@pytest.mark.parametrize("with_topics", [True, False])
def test_the_suggestions_are_the_librarys_own_for_the_stage(
    pair: Pair, stage: str, with_topics: bool
) -> None:
    ours = Topic.objects.create(slug="ai-tools", name="AI tools")
    other = Topic.objects.create(slug="budgets", name="Budgets")
    Prompt.objects.create(slug=f"on-ours-{stage}", text="On our topic", topic=ours, stage=stage)
    Prompt.objects.create(slug=f"on-other-{stage}", text="Elsewhere", topic=other, stage=stage)
    if with_topics:
        pair.program.topics.add(ours)
    meeting = _meeting(pair, 4)
    topic_ids = [ours.pk] if with_topics else []

    suggested = agenda_suggestions(meeting=meeting, stage=stage)

    assert suggested.prompts == list(prompts_for(stage=stage, topic_ids=topic_ids)[:PROMPTS_SHOWN])
    assert suggested.templates == list(agenda_templates_for(stage=stage))
    assert all(p.stage == stage for p in suggested.prompts)
    if with_topics:  # a program without topics is offered every prompt of the stage
        assert all(p.topic_id in (None, ours.pk) for p in suggested.prompts)
    assert all(t.stage == stage for t in suggested.templates)
    assert AgendaTemplate.objects.filter(stage=stage).count() == len(suggested.templates)


def test_the_meeting_page_offers_the_stages_prompts(pair: Pair) -> None:
    meeting = _meeting(pair, 2)  # the pair's only meeting: the first conversation
    opening = Prompt.objects.filter(stage="first").order_by("topic_id", "pk").first()
    assert opening is not None

    page = client_for(user_of(pair.leader)).get(
        reverse("mentoring:meeting", args=[pair.pk, meeting.pk])
    )

    assert page.status_code == 200
    assert opening.shown_text in page.content.decode()

"""The home page's survey panel says which surveys are named, never 'anonymous' for all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import client_for
from upward.feedback.models import Survey, SurveyAssignment
from upward.notifications.tests.factories import PairSetup, make_pair

pytestmark = pytest.mark.django_db


def _assign(s: PairSetup, *, anonymous: bool, title: str) -> None:
    due = timezone.localdate() + dt.timedelta(days=3)
    survey = Survey.objects.create(
        program=s.program,
        kind="custom",
        audience="all",
        title=title,
        due_on=due,
        anonymous=anonymous,
    )
    SurveyAssignment.objects.create(
        survey=survey, participant=s.pair.mentor, pair=s.pair, due_on=due
    )


def test_a_named_survey_is_marked_on_the_home_panel() -> None:
    s = make_pair()
    _assign(s, anonymous=True, title="Pulse")
    html = client_for(s.mentor).get("/").content.decode()
    assert "All anonymous: nobody sees which answers are yours." in html
    assert ">named<" not in html

    _assign(s, anonymous=False, title="How you like to meet")
    html = client_for(s.mentor).get("/").content.decode()
    assert html.count(">named<") == 1
    assert "Anonymous unless marked named" in html and "All anonymous" not in html

"""Crossing each boundary of surveys, pages and API alike: what you may not see answers 404.

One program with a pair and a scheduled check-in; a second program with its own coordinator
and pair. Everybody outside a boundary gets 404 (401 for anonymous API calls; pages send
anonymous visitors to sign in), so nobody learns that a program, survey or assignment exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.http import Http404
from django.test import Client
from django.urls import reverse

from conftest import client_for
from upward.feedback.models import Survey, SurveyAssignment
from upward.feedback.services.answers import survey_answer
from upward.feedback.services.authoring import (
    QuestionInput,
    SurveySettings,
    custom_survey_close,
    custom_survey_create,
    question_add,
)
from upward.feedback.services.schedule import program_surveys_schedule
from upward.feedback.tests.factories import make_pair, make_program
from upward.people.tests.factories import PersonFactory, UserFactory

START = dt.date(2026, 1, 5)
TODAY = START + dt.timedelta(days=90)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def world(db: None, coordinator_user, sponsor_user) -> dict[str, Any]:
    program_sponsor = UserFactory(email="paul@example.com", person=PersonFactory(level=11))
    program = make_program(coordinator=coordinator_user, sponsor=program_sponsor)
    pair = make_pair(program, started_on=START)
    other_pair = make_pair(program, started_on=START)
    elsewhere_coordinator = UserFactory(
        email="olga@example.com", is_coordinator=True, person=PersonFactory()
    )
    elsewhere = make_program(slug="elsewhere", coordinator=elsewhere_coordinator)
    elsewhere_pair = make_pair(elsewhere, started_on=START)
    program_surveys_schedule(actor=coordinator_user, program=program)
    program_surveys_schedule(actor=elsewhere_coordinator, program=elsewhere)
    assignment = SurveyAssignment.objects.get(
        participant=pair.leader, survey__kind=Survey.Kind.CHECKIN_3
    )
    draft = custom_survey_create(
        program=program,
        actor=coordinator_user,
        settings=SurveySettings(title="Pulse", due_on=TODAY + dt.timedelta(days=7)),
    )
    return {
        "program": program,
        "assignment": assignment,
        "draft": draft,
        "users": {
            "coordinator": coordinator_user,
            "sponsor": sponsor_user,  # the organisation-wide sponsor flag: aggregates only
            "program_sponsor": program_sponsor,
            "other_coordinator": elsewhere_coordinator,
            "other_participant": elsewhere_pair.leader.user,
            "other_pair_member": other_pair.mentor.user,
            "partner": pair.mentor.user,
        },
    }


def page(client: Client, action: str, world: dict[str, Any]) -> int:
    program, assignment, draft = world["program"], world["assignment"], world["draft"]
    if action == "surveys":
        return client.get(reverse("feedback:program", args=[program.slug])).status_code
    if action == "results":
        url = reverse("feedback:results", args=[assignment.survey_id])
        return client.get(url).status_code
    if action == "draft_results":
        return client.get(reverse("feedback:results", args=[draft.pk])).status_code
    if action == "schedule":
        return client.post(reverse("feedback:schedule", args=[program.slug])).status_code
    if action == "new_survey":
        return client.get(reverse("feedback:custom_new", args=[program.slug])).status_code
    if action == "edit_survey":
        return client.get(reverse("feedback:custom_edit", args=[draft.pk])).status_code
    if action == "answer":
        return client.get(reverse("feedback:answer", args=[assignment.pk])).status_code
    raise AssertionError(action)


def api(client: Client, action: str, world: dict[str, Any]) -> int:
    program, assignment, draft = world["program"], world["assignment"], world["draft"]
    base = f"/api/v1/programs/{program.pk}/surveys"
    if action == "surveys":
        return client.get(base).status_code
    if action == "survey":
        return client.get(f"{base}/{assignment.survey_id}").status_code
    if action == "draft":
        return client.get(f"{base}/{draft.pk}").status_code
    if action == "create":
        body = {"title": "Mine", "due_on": (TODAY + dt.timedelta(days=7)).isoformat()}
        return client.post(base, body, content_type="application/json").status_code
    if action == "edit":
        body = {"title": "Renamed"}
        return client.patch(f"{base}/{draft.pk}", body, content_type="application/json").status_code
    if action == "answer":
        body = {"assignment_id": assignment.pk, "answers": []}
        return client.post(
            f"{base}/{assignment.survey_id}/responses", body, content_type="application/json"
        ).status_code
    raise AssertionError(action)


# Who may do what; everyone else listed in `world["users"]` must get 404.
PAGE_ALLOWED = {
    "surveys": {"coordinator", "sponsor", "program_sponsor"},
    "results": {"coordinator", "sponsor", "program_sponsor"},
    "draft_results": {"coordinator"},
    "schedule": {"coordinator"},
    "new_survey": {"coordinator"},
    "edit_survey": {"coordinator"},
    "answer": set(),  # only the leader it was sent to
}
API_ALLOWED = {
    "surveys": {"coordinator", "sponsor", "program_sponsor", "partner", "other_pair_member"},
    "survey": {"coordinator", "sponsor", "program_sponsor"},
    "draft": {"coordinator"},
    "create": {"coordinator"},
    "edit": {"coordinator"},
    "answer": set(),
}


@pytest.mark.parametrize("action", sorted(PAGE_ALLOWED))
def test_pages_answer_404_across_every_boundary(world, action: str) -> None:
    for role, user in world["users"].items():
        status = page(client_for(user), action, world)
        if role in PAGE_ALLOWED[action]:
            assert status in (200, 302), (action, role, status)
        else:
            assert status == 404, (action, role, status)
    anonymous = page(Client(), action, world)
    assert anonymous == 302, (action, anonymous)  # to the sign-in page


@pytest.mark.parametrize("action", sorted(API_ALLOWED))
def test_api_answers_404_across_every_boundary(world, action: str) -> None:
    for role, user in world["users"].items():
        status = api(client_for(user), action, world)
        if role in API_ALLOWED[action]:
            assert status in (200, 201), (action, role, status)
        else:
            assert status == 404, (action, role, status)
    assert api(Client(), action, world) == 401


def test_services_refuse_other_people_as_not_found(world) -> None:
    users = world["users"]
    program, assignment, draft = world["program"], world["assignment"], world["draft"]
    for role in ("sponsor", "program_sponsor", "other_coordinator", "partner"):
        with pytest.raises(Http404):
            program_surveys_schedule(actor=users[role], program=program)
        with pytest.raises(Http404):
            question_add(
                survey=draft, actor=users[role], question=QuestionInput(text="?", kind="text")
            )
        with pytest.raises(Http404):
            custom_survey_close(survey=draft, actor=users[role])
    for role in ("partner", "other_pair_member", "coordinator"):
        with pytest.raises(Http404):
            survey_answer(assignment=assignment, actor=users[role], answers={})

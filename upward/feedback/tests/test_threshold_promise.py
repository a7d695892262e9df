"""The promise is fixed once people answer: floor 5, raised any time, never lowered after answers.

Attacker: a coordinator who would like to see a small group's answers by lowering the threshold
after people answered under a promise of 5 (issue 11, "By changing the rule").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import client_for
from upward.audit.selectors import entries
from upward.errors import ServiceError
from upward.feedback.selectors.results import survey_results
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_program
from upward.feedback.tests.test_surveys import answer, scheduled
from upward.programs.forms import program_initial
from upward.programs.models import Program
from upward.programs.services.interest import interest_answer
from upward.programs.services.programs import program_update

START = dt.date(2026, 3, 2)


@pytest.fixture
def program(db: None, coordinator_user) -> Program:
    return make_program(coordinator=coordinator_user, threshold=5)


def _answered(program: Program, n: int) -> None:
    for _ in range(n):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    for a in scheduled(program)[:n]:
        answer(a)


def _form_data(program: Program, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in program_initial(program).items():
        if value is None or value is False:
            continue
        data[key] = "on" if value is True else value
    data.update(changes)
    return data


def test_the_floor_is_five_even_before_anyone_answers(program, coordinator_user) -> None:
    with pytest.raises(ServiceError) as exc:
        program_update(actor=coordinator_user, program=program, anonymity_threshold=4)
    assert exc.value.field == "anonymity_threshold"
    assert "at least 5" in str(exc.value)


def test_before_any_answer_the_threshold_may_go_down_to_the_floor(
    program, coordinator_user
) -> None:
    program_update(actor=coordinator_user, program=program, anonymity_threshold=8)
    program_update(actor=coordinator_user, program=program, anonymity_threshold=5)
    program.refresh_from_db()
    assert program.anonymity_threshold == 5


def test_after_answers_raising_works_and_lowering_is_refused(program, coordinator_user) -> None:
    _answered(program, 1)
    program_update(actor=coordinator_user, program=program, anonymity_threshold=7)
    with pytest.raises(ServiceError) as exc:
        program_update(actor=coordinator_user, program=program, anonymity_threshold=6)
    assert exc.value.field == "anonymity_threshold"
    assert exc.value.status == 409
    assert "never lowered" in str(exc.value)
    program.refresh_from_db()
    assert program.anonymity_threshold == 7
    # The change is in the audit log; the refused one is not.
    logged = entries(action="program.anonymity_threshold_changed", program_id=program.pk)
    assert [e.details for e in logged] == [{"from": 5, "to": 7}]


def test_an_interest_survey_answer_fixes_the_threshold_too(
    program, coordinator_user, plain_user
) -> None:
    program_update(actor=coordinator_user, program=program, anonymity_threshold=6)
    Program.objects.filter(pk=program.pk).update(interest_survey_open=True)
    program.refresh_from_db()
    interest_answer(actor=plain_user, program=program, interest="leader")
    with pytest.raises(ServiceError):
        program_update(actor=coordinator_user, program=program, anonymity_threshold=5)


def test_lowering_is_refused_on_the_page_with_the_error_beside_the_field(
    program, coordinator_user
) -> None:
    program_update(actor=coordinator_user, program=program, anonymity_threshold=6)
    _answered(program, 5)
    client = client_for(coordinator_user)
    url = reverse("programs:edit", args=[program.slug])
    page = client.post(url, _form_data(program, anonymity_threshold="5"))
    assert page.status_code == 400
    assert "never lowered" in " ".join(page.context["form"].errors["anonymity_threshold"])
    program.refresh_from_db()
    assert program.anonymity_threshold == 6
    # Five answered under a promise of six: still nothing to see.
    survey = scheduled(program)[0].survey
    assert survey_results(survey=survey).suppressed
    raised = client.post(url, _form_data(program, anonymity_threshold="9"))
    assert raised.status_code == 302
    program.refresh_from_db()
    assert program.anonymity_threshold == 9


def test_lowering_is_refused_by_the_api_naming_the_field(program, coordinator_user) -> None:
    _answered(program, 1)
    client = client_for(coordinator_user)
    url = f"/api/v1/programs/{program.pk}"
    up = client.patch(url, {"anonymity_threshold": 6}, content_type="application/json")
    assert up.status_code == 200, up.content
    down = client.patch(url, {"anonymity_threshold": 5}, content_type="application/json")
    assert 400 <= down.status_code < 500
    assert down.json()["errors"][0]["field"] == "anonymity_threshold"
    below_floor = client.patch(url, {"anonymity_threshold": 3}, content_type="application/json")
    assert below_floor.json()["errors"][0]["field"] == "anonymity_threshold"
    program.refresh_from_db()
    assert program.anonymity_threshold == 6


def test_the_survey_states_the_threshold_in_force(program, coordinator_user) -> None:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    assignment = scheduled(program)[0]
    due = dt.datetime.combine(assignment.due_on, dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(due, tick=False):
        program_update(actor=coordinator_user, program=program, anonymity_threshold=7)
        page = client_for(assignment.participant.user).get(
            reverse("feedback:answer", args=[assignment.pk])
        )
        html = page.content.decode()
        assert "groups of at least 7 people" in html
        assert "never lowered" in html
        api = client_for(assignment.participant.user).get(
            f"/api/v1/programs/{program.pk}/surveys/{assignment.survey_id}"
        )
        assert api.json()["anonymity_threshold"] == 7
        assert "at least 7 people" in api.json()["privacy_note"]

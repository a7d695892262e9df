from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import client_for
from upward.feedback.models import HeldResponse, Question, Response, SurveyAssignment
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_program
from upward.feedback.tests.test_surveys import answer, scheduled
from upward.sealing import unseal

START = dt.date(2026, 3, 2)
DUE = START + dt.timedelta(days=90)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime.combine(DUE, dt.time(12), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user):
    return make_program(coordinator=coordinator_user)


@pytest.fixture
def assignment(program) -> SurveyAssignment:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    return scheduled(program)[0]


def form_data(a: SurveyAssignment) -> dict[str, object]:
    data: dict[str, object] = {}
    for q in a.survey.questions.all():
        name = f"q{q.pk}"
        if q.kind == "likert":
            data[name] = "4"
        elif q.kind == "nps":
            data[name] = "8"
        elif q.kind in ("single", "multiple"):
            data[name] = q.choices[0]
        else:
            data[name] = "Shared planning boards changed our stand-ups"
            data[f"{name}_quote"] = "on"
    return data


def test_participant_sees_open_survey_and_answers_it(assignment) -> None:
    client = client_for(assignment.participant.user)
    listing = client.get(reverse("feedback:mine")).content.decode()
    assert assignment.survey.title in listing
    home = client.get("/").content.decode()
    assert "Surveys to answer" in home
    url = reverse("feedback:answer", args=[assignment.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "anonymous" in form.content.decode()
    done = client.post(url, form_data(assignment))
    assert done.status_code == 302
    held = HeldResponse.objects.get()
    assert unseal(held.sealed)["answers"][-1]["may_quote"] is True
    again = client.get(url)
    assert "already answered" in again.content.decode()
    client.post(url, form_data(assignment))
    assert HeldResponse.objects.count() == 1


def test_answer_form_shows_field_errors(assignment) -> None:
    client = client_for(assignment.participant.user)
    data = form_data(assignment)
    nps = assignment.survey.questions.get(kind=Question.Kind.NPS)
    data[f"q{nps.pk}"] = "11"
    likert = assignment.survey.questions.filter(kind=Question.Kind.LIKERT).first()
    del data[f"q{likert.pk}"]
    page = client.post(reverse("feedback:answer", args=[assignment.pk]), data)
    assert page.status_code == 422
    html = page.content.decode()
    assert "Select a valid choice" in html
    assert "This field is required" in html
    assert not Response.objects.exists()


def test_nobody_else_can_open_your_survey(assignment, coordinator_user) -> None:
    page = client_for(coordinator_user).get(reverse("feedback:answer", args=[assignment.pk]))
    assert page.status_code == 404


def test_results_page_with_and_without_enough_responses(program, coordinator_user) -> None:
    for _ in range(5):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    rows = scheduled(program)
    for a in rows[:4]:
        answer(a, text="More time for shared planning tools")
    client = client_for(coordinator_user)
    url = reverse("feedback:results", args=[rows[0].survey.pk])
    assert (
        "Not enough responses to show without identifying people"
        in client.get(url).content.decode()
    )
    answer(rows[4], text="More time for shared planning tools")
    html = client.get(url).content.decode()
    assert "Not enough responses" not in html
    assert "Average <strong>4.0</strong>" in html
    assert "planning tools" in html
    survey_list = client.get(reverse("feedback:program", args=[program.slug])).content.decode()
    assert "See results" in survey_list


def test_coordinator_schedules_check_ins_and_others_cannot(
    program, coordinator_user, sponsor_user
) -> None:
    make_pair(program, started_on=START)
    url = reverse("feedback:schedule", args=[program.slug])
    assert client_for(sponsor_user).post(url).status_code == 404
    assert client_for(coordinator_user).post(url).status_code == 302
    assert SurveyAssignment.objects.filter(survey__program=program).count() == 6


def api_body(a: SurveyAssignment) -> dict[str, object]:
    answers = []
    for q in a.survey.questions.all():
        if q.kind == "likert":
            answers.append({"question_id": q.pk, "value": 5})
        elif q.kind == "nps":
            answers.append({"question_id": q.pk, "value": 10})
        elif q.kind in ("single", "multiple"):
            answers.append({"question_id": q.pk, "choices": [q.choices[-1]]})
    return {"answers": answers}


def test_api_answers_once(assignment) -> None:
    client = client_for(assignment.participant.user)
    url = (
        f"/api/v1/programs/{assignment.survey.program_id}/surveys/{assignment.survey_id}/responses"
    )
    created = client.post(url, api_body(assignment), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "completed"
    again = client.post(url, api_body(assignment), content_type="application/json")
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "assignment_id"


def test_api_names_the_bad_answer(assignment) -> None:
    client = client_for(assignment.participant.user)
    url = (
        f"/api/v1/programs/{assignment.survey.program_id}/surveys/{assignment.survey_id}/responses"
    )
    body = api_body(assignment)
    likert = assignment.survey.questions.filter(kind="likert").first()
    body["answers"][0] = {"question_id": likert.pk, "value": 9}  # type: ignore[index]
    bad = client.post(url, body, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": f"answers.q{likert.pk}", "message": "Choose a whole number from 1 to 5."}
    ]
    wrong_type = client.post(
        url, {"answers": [{"question_id": "x"}]}, content_type="application/json"
    )
    assert wrong_type.status_code == 422
    assert "question_id" in wrong_type.json()["errors"][0]["field"]
    assert not Response.objects.exists()


def test_api_refuses_answers_from_people_not_asked(assignment, coordinator_user) -> None:
    url = (
        f"/api/v1/programs/{assignment.survey.program_id}/surveys/{assignment.survey_id}/responses"
    )
    denied = client_for(coordinator_user).post(
        url, api_body(assignment), content_type="application/json"
    )
    assert denied.status_code == 404


def test_api_survey_results_respect_the_threshold(program, coordinator_user) -> None:
    for _ in range(5):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    rows = scheduled(program)
    for a in rows[:4]:
        answer(a)
    client = client_for(coordinator_user)
    body = client.get(f"/api/v1/programs/{program.pk}/surveys").json()
    checkin = next(s for s in body if s["kind"] == "checkin_3" and s["audience"] == "leader")
    assert checkin["response_count"] == 4
    assert checkin["results"]["suppressed"] is True
    assert checkin["results"]["questions"] == []
    answer(rows[4])
    body = client.get(f"/api/v1/programs/{program.pk}/surveys").json()
    checkin = next(s for s in body if s["kind"] == "checkin_3" and s["audience"] == "leader")
    assert checkin["results"]["suppressed"] is False
    assert checkin["results"]["questions"][0]["mean"] == 4.0

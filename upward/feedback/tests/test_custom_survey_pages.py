"""Custom surveys through the pages (forms, htmx) and the API: role x action, field errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import client_for
from upward.feedback.models import HeldResponse, Question, Survey, SurveyAssignment
from upward.feedback.services.authoring import QuestionInput, question_add
from upward.feedback.services.schedule import survey_defaults_ensure
from upward.feedback.tests.factories import make_participant, make_program
from upward.people.tests.factories import PersonFactory, UserFactory

TODAY = dt.date(2026, 5, 4)
DUE = TODAY + dt.timedelta(days=14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def world(db: None, coordinator_user, sponsor_user, admin_user) -> dict[str, Any]:
    program = make_program(coordinator=coordinator_user)
    leaders = [make_participant(program, "leader") for _ in range(2)]
    mentors = [make_participant(program, "mentor") for _ in range(2)]
    other = UserFactory(email="olga@example.com", is_coordinator=True, person=PersonFactory())
    make_program(slug="other", coordinator=other)
    program_sponsor = UserFactory(email="paul@example.com", person=PersonFactory(level=11))
    program.sponsor = program_sponsor
    program.save(update_fields=["sponsor"])
    return {
        "program": program,
        "leaders": leaders,
        "mentors": mentors,
        "users": {
            "coordinator": coordinator_user,
            "org_admin": admin_user,
            "sponsor": sponsor_user,
            "program_sponsor": program_sponsor,
            "other_coordinator": other,
            "leader": leaders[0].user,
            "mentor": mentors[0].user,
        },
    }


def new_draft(world: dict[str, Any], **extra: Any) -> Survey:
    survey = Survey.objects.create(
        program=world["program"],
        kind=Survey.Kind.CUSTOM,
        status=Survey.Status.DRAFT,
        title="Midpoint pulse",
        audience=extra.get("audience", "all"),
        anonymous=extra.get("anonymous", True),
        due_on=DUE,
    )
    question_add(
        survey=survey,
        actor=world["users"]["coordinator"],
        question=QuestionInput(text="Worth my time.", kind="likert", construct="perceived_value"),
    )
    return survey


SETTINGS = {"title": "Pulse", "intro": "Two minutes.", "audience": "all", "anonymous": "on"}
QUESTION = {"text": "How do you prefer to meet?", "kind": "single", "choices": "In person\nVideo"}

ACTIONS = [
    "new_page",
    "create",
    "edit_page",
    "add_question",
    "publish",
    "api_create",
    "api_patch",
    "api_add_question",
]
WRITERS = {"coordinator", "org_admin"}


def attempt(action: str, client: Client, world: dict[str, Any], survey: Survey) -> int:
    pid = world["program"].pk
    api = f"/api/v1/programs/{pid}/surveys"
    if action == "new_page":
        return client.get(reverse("feedback:custom_new", args=[world["program"].slug])).status_code
    if action == "create":
        data = {**SETTINGS, "due_on": DUE.isoformat()}
        return client.post(
            reverse("feedback:custom_new", args=[world["program"].slug]), data
        ).status_code
    if action == "edit_page":
        return client.get(reverse("feedback:custom_edit", args=[survey.pk])).status_code
    if action == "add_question":
        return client.post(reverse("feedback:question_new", args=[survey.pk]), QUESTION).status_code
    if action == "publish":
        return client.post(reverse("feedback:custom_publish", args=[survey.pk])).status_code
    if action == "api_create":
        body = {"title": "Pulse", "due_on": DUE.isoformat()}
        return client.post(api, body, content_type="application/json").status_code
    if action == "api_patch":
        return client.patch(
            f"{api}/{survey.pk}", {"title": "New"}, content_type="application/json"
        ).status_code
    body = {"text": "Say more", "kind": "text"}
    return client.post(
        f"{api}/{survey.pk}/questions", body, content_type="application/json"
    ).status_code


@pytest.mark.parametrize(
    "role",
    [
        "coordinator",
        "org_admin",
        "sponsor",
        "program_sponsor",
        "other_coordinator",
        "leader",
        "mentor",
    ],
)
def test_who_may_write_custom_surveys(world, role: str) -> None:
    client = client_for(world["users"][role])
    for action in ACTIONS:
        survey = new_draft(world)
        status = attempt(action, client, world, survey)
        if role in WRITERS:
            assert status in (200, 201, 302), (role, action, status)
        else:
            # What they may not write does not exist for them (403 would confirm it does).
            assert status == 404, (role, action, status)
    if role not in WRITERS:
        assert not Survey.objects.filter(title="Pulse").exists()
        assert not SurveyAssignment.objects.exists()


def test_coordinator_writes_and_publishes_a_survey_in_the_browser(world) -> None:
    client = client_for(world["users"]["coordinator"])
    slug = world["program"].slug
    page = client.get(reverse("feedback:program", args=[slug])).content.decode()
    assert reverse("feedback:custom_new", args=[slug]) in page
    created = client.post(
        reverse("feedback:custom_new", args=[slug]),
        {**SETTINGS, "due_on": DUE.isoformat()},
    )
    survey = Survey.objects.get(title="Pulse")
    assert created.url == reverse("feedback:custom_edit", args=[survey.pk])
    assert survey.anonymous and survey.status == "draft"
    added = client.post(
        reverse("feedback:question_new", args=[survey.pk]), QUESTION, HTTP_HX_REQUEST="true"
    )
    assert added.status_code == 200
    assert 'id="builder"' in added.content.decode()
    assert "<html" not in added.content.decode()
    assert survey.questions.get().choices == ["In person", "Video"]
    preview = client.get(reverse("feedback:custom_preview", args=[survey.pk])).content.decode()
    assert "How do you prefer to meet?" in preview and "Video" in preview
    confirm = client.get(reverse("feedback:custom_publish", args=[survey.pk])).content.decode()
    assert "4 people" in confirm
    published = client.post(reverse("feedback:custom_publish", args=[survey.pk]))
    assert published.status_code == 302
    assert SurveyAssignment.objects.filter(survey=survey).count() == 4
    listing = client_for(world["users"]["mentor"]).get(reverse("feedback:mine")).content.decode()
    assert "Pulse" in listing


def test_choice_question_with_one_option_gets_a_field_error(world) -> None:
    survey = new_draft(world)
    client = client_for(world["users"]["coordinator"])
    url = reverse("feedback:question_new", args=[survey.pk])
    bad = {**QUESTION, "choices": "Only this"}
    page = client.post(url, bad)
    assert page.status_code == 422
    assert "Give at least 2 options, one per line." in page.content.decode()
    partial = client.post(url, bad, HTTP_HX_REQUEST="true")
    assert partial.status_code == 422
    assert 'id="id_choices_error"' in partial.content.decode()
    scale = client.post(url, {"text": "Scale", "kind": "likert"})
    assert "Say what this scale question measures." in scale.content.decode()
    assert survey.questions.count() == 1


def test_settings_form_shows_field_errors(world) -> None:
    client = client_for(world["users"]["coordinator"])
    url = reverse("feedback:custom_new", args=[world["program"].slug])
    page = client.post(url, {**SETTINGS, "title": "", "due_on": "2020-01-01"})
    assert page.status_code == 422
    body = page.content.decode()
    assert "This field is required." in body
    page = client.post(url, {**SETTINGS, "due_on": "2020-01-01"})
    assert "The due date cannot be in the past." in page.content.decode()
    assert not Survey.objects.exists()


def test_editing_an_open_survey_asks_for_confirmation(world) -> None:
    survey = new_draft(world)
    client = client_for(world["users"]["coordinator"])
    client.post(reverse("feedback:custom_publish", args=[survey.pk]))
    question = survey.questions.get()
    url = reverse("feedback:question_edit", args=[survey.pk, question.pk])
    form = client.get(url).content.decode()
    assert 'name="confirm"' in form
    data = {"text": "Reworded", "kind": "likert", "measures": "perceived_value", "required": "on"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "Confirm to change its questions." in refused.content.decode()
    saved = client.post(url, {**data, "confirm": "on"})
    assert saved.status_code == 302
    question.refresh_from_db()
    assert question.text == "Reworded"


def test_answered_survey_is_locked_in_the_editor(world) -> None:
    survey = new_draft(world, audience="leader")
    coordinator = client_for(world["users"]["coordinator"])
    coordinator.post(reverse("feedback:custom_publish", args=[survey.pk]))
    leader = world["leaders"][0]
    assignment = SurveyAssignment.objects.get(survey=survey, participant=leader)
    question = survey.questions.get()
    answered = client_for(leader.user).post(
        reverse("feedback:answer", args=[assignment.pk]), {f"q{question.pk}": "4"}
    )
    assert answered.status_code == 302
    editor = coordinator.get(reverse("feedback:custom_edit", args=[survey.pk])).content.decode()
    assert "the questions are locked" in editor
    assert reverse("feedback:question_edit", args=[survey.pk, question.pk]) not in editor
    data = {"text": "X", "kind": "likert", "measures": "skill_gain", "confirm": "on"}
    refused = coordinator.post(
        reverse("feedback:question_edit", args=[survey.pk, question.pk]), data
    )
    assert refused.status_code == 409
    assert "its questions can no longer change" in refused.content.decode()
    deleted = coordinator.post(
        reverse("feedback:question_delete", args=[survey.pk, question.pk]), {"confirm": "1"}
    )
    assert deleted.status_code == 409
    assert Question.objects.filter(pk=question.pk, text="Worth my time.").exists()


def test_moving_and_deleting_questions_with_htmx(world) -> None:
    survey = new_draft(world)
    question_add(
        survey=survey,
        actor=world["users"]["coordinator"],
        question=QuestionInput(text="Anything else?", kind="text", required=False),
    )
    client = client_for(world["users"]["coordinator"])
    first, second = survey.questions.all()
    moved = client.post(
        reverse("feedback:question_move", args=[survey.pk, second.pk]),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert moved.status_code == 200
    assert list(survey.questions.values_list("pk", flat=True)) == [second.pk, first.pk]
    confirm = client.get(reverse("feedback:question_delete", args=[survey.pk, first.pk]))
    assert "Delete this question?" in confirm.content.decode()
    client.post(reverse("feedback:question_delete", args=[survey.pk, first.pk]))
    assert list(survey.questions.values_list("pk", flat=True)) == [second.pk]


def test_close_and_delete_need_confirmation_pages(world) -> None:
    client = client_for(world["users"]["coordinator"])
    survey = new_draft(world)
    page = client.get(reverse("feedback:custom_delete", args=[survey.pk]))
    assert "Delete the draft" in page.content.decode()
    assert Survey.objects.filter(pk=survey.pk).exists()
    client.post(reverse("feedback:custom_delete", args=[survey.pk]))
    assert not Survey.objects.filter(pk=survey.pk).exists()
    survey = new_draft(world)
    client.post(reverse("feedback:custom_publish", args=[survey.pk]))
    assert (
        "Close the survey"
        in client.get(reverse("feedback:custom_close", args=[survey.pk])).content.decode()
    )
    client.post(reverse("feedback:custom_close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == "closed"
    assignment = SurveyAssignment.objects.filter(survey=survey).first()
    assert assignment is not None
    closed = client_for(assignment.participant.user).get(
        reverse("feedback:answer", args=[assignment.pk])
    )
    assert closed.status_code == 409
    assert "This survey is closed" in closed.content.decode()


def test_named_survey_shows_people_their_own_answers(world) -> None:
    survey = new_draft(world, audience="leader", anonymous=False)
    client_for(world["users"]["coordinator"]).post(
        reverse("feedback:custom_publish", args=[survey.pk])
    )
    leader = world["leaders"][0]
    assignment = SurveyAssignment.objects.get(survey=survey, participant=leader)
    client = client_for(leader.user)
    url = reverse("feedback:answer", args=[assignment.pk])
    assert "named" in client.get(url).content.decode()
    question = survey.questions.get()
    client.post(url, {f"q{question.pk}": "5"})
    back = client.get(url).content.decode()
    assert "Your answers to Midpoint pulse" in back
    assert "<dd>5</dd>" in back


# --- API ---


def api(world: dict[str, Any], role: str = "coordinator") -> tuple[Client, str]:
    return client_for(world["users"][role]), f"/api/v1/programs/{world['program'].pk}/surveys"


def test_api_creates_a_survey_with_questions_and_publishes_it(world) -> None:
    client, base = api(world)
    body = {
        "title": "Pulse",
        "audience": "mentor",
        "due_on": DUE.isoformat(),
        "questions": [
            {"text": "Safe to speak?", "kind": "likert", "measures": "psychological_safety"},
            {"text": "Recommend?", "kind": "nps", "measures": "perceived_value"},
            {"text": "Topics", "kind": "multiple", "choices": ["AI", "Hiring", "Tools"]},
        ],
    }
    created = client.post(base, body, content_type="application/json")
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["status"] == "draft" and out["anonymous"] is True
    assert [q["kind"] for q in out["questions"]] == ["likert", "nps", "multiple"]
    sid = out["id"]
    listed = client.get(f"{base}/{sid}/questions").json()
    assert [q["order"] for q in listed] == [1, 2, 3]
    added = client.post(
        f"{base}/{sid}/questions",
        {"text": "Pick", "kind": "single", "choices": ["A", "B"]},
        content_type="application/json",
    )
    assert added.status_code == 201
    ids = [q["id"] for q in listed] + [added.json()["id"]]
    reordered = client.put(
        f"{base}/{sid}/questions/order",
        {"order": list(reversed(ids))},
        content_type="application/json",
    )
    assert [q["id"] for q in reordered.json()] == list(reversed(ids))
    opened = client.patch(f"{base}/{sid}", {"status": "open"}, content_type="application/json")
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    assert SurveyAssignment.objects.filter(survey_id=sid).count() == 2
    detail = client.get(f"{base}/{sid}").json()
    assert detail["asked"] == 2
    assert detail["results"]["suppressed"] is True
    closed = client.patch(f"{base}/{sid}", {"status": "closed"}, content_type="application/json")
    assert closed.json()["status"] == "closed"


def test_api_names_the_bad_field(world) -> None:
    client, base = api(world)
    one_option = {
        "title": "Pulse",
        "due_on": DUE.isoformat(),
        "questions": [{"text": "Pick", "kind": "single", "choices": ["Only"]}],
    }
    bad = client.post(base, one_option, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": "questions.0.choices", "message": "Give at least 2 options, one per line."}
    ]
    assert not Survey.objects.filter(kind="custom").exists()
    bad = client.post(
        base,
        {"title": "P", "audience": "everyone", "due_on": DUE.isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "audience"
    bad = client.post(base, {"title": "P", "due_on": "soon"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "due_on"
    survey = new_draft(world)
    scale = client.post(
        f"{base}/{survey.pk}/questions",
        {"text": "Scale", "kind": "nps"},
        content_type="application/json",
    )
    assert scale.status_code == 422
    assert scale.json()["errors"][0]["field"] == "measures"
    status = client.patch(
        f"{base}/{survey.pk}", {"status": "archived"}, content_type="application/json"
    )
    assert status.status_code == 422
    assert status.json()["errors"][0]["field"] == "status"


def test_api_locks_questions_after_publishing_and_answers(world) -> None:
    client, base = api(world)
    survey = new_draft(world, audience="leader")
    client.patch(f"{base}/{survey.pk}", {"status": "open"}, content_type="application/json")
    question = survey.questions.get()
    url = f"{base}/{survey.pk}/questions/{question.pk}"
    unconfirmed = client.patch(url, {"text": "Reworded"}, content_type="application/json")
    assert unconfirmed.status_code == 409
    assert unconfirmed.json()["errors"][0]["field"] == "confirm"
    confirmed = client.patch(
        f"{url}?confirm=true", {"text": "Reworded"}, content_type="application/json"
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["text"] == "Reworded"
    leader = world["leaders"][0]
    answer = client_for(leader.user).post(
        f"{base}/{survey.pk}/responses",
        {"answers": [{"question_id": question.pk, "value": 3}]},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert HeldResponse.objects.filter(survey=survey).count() == 1
    locked = client.patch(f"{url}?confirm=true", {"text": "Again"}, content_type="application/json")
    assert locked.status_code == 409
    assert locked.json()["errors"][0]["field"] == "questions"
    gone = client.delete(f"{url}?confirm=true")
    assert gone.status_code == 409
    deleting = client.delete(f"{base}/{survey.pk}")
    assert deleting.status_code == 409
    assert deleting.json()["errors"][0]["field"] == "status"


def test_api_hides_drafts_from_people_who_cannot_edit_them(world) -> None:
    survey = new_draft(world)
    sponsor, base = api(world, "sponsor")
    assert survey.pk not in [s["id"] for s in sponsor.get(base).json()]
    assert sponsor.get(f"{base}/{survey.pk}").status_code == 404
    coordinator, _ = api(world)
    assert survey.pk in [s["id"] for s in coordinator.get(base).json()]
    leader, _ = api(world, "leader")
    assert leader.get(f"{base}/{survey.pk}").status_code == 404
    coordinator.patch(f"{base}/{survey.pk}", {"status": "open"}, content_type="application/json")
    mine = leader.get(f"{base}/{survey.pk}").json()
    assert mine["results"] is None
    assert len(mine["my_assignments"]) == 1


def test_api_refuses_to_edit_check_ins(world) -> None:

    checkin = survey_defaults_ensure(program=world["program"])[0]
    client, base = api(world)
    refused = client.post(
        f"{base}/{checkin.pk}/questions",
        {"text": "Extra", "kind": "text"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["field"] == "survey_id"


def test_a_stale_survey_details_edit_keeps_my_text_and_shows_theirs(world) -> None:
    survey = new_draft(world)
    client = client_for(world["users"]["coordinator"])
    url = reverse("feedback:custom_settings", args=[survey.pk])
    details = {**SETTINGS, "due_on": DUE.isoformat(), "version": survey.version}
    assert client.post(url, {**details, "title": "Their title"}).status_code == 302
    page = client.post(url, {**details, "intro": "My intro"})
    html = page.content.decode()
    assert page.status_code == 422
    assert "changed by someone else while you edited it" in html
    assert "Saved meanwhile: Their title" in html and "My intro" in html
    survey.refresh_from_db()
    assert survey.title == "Their title" and survey.intro == "Two minutes."


def test_a_stale_survey_patch_is_409_naming_the_field(world) -> None:
    survey = new_draft(world)
    client = client_for(world["users"]["coordinator"])
    url = f"/api/v1/programs/{world['program'].pk}/surveys/{survey.pk}"
    read = client.get(url).json()["version"]
    assert (
        client.patch(url, {"title": "One", "version": read}, "application/json").status_code == 200
    )
    stale = client.patch(url, {"title": "Two", "version": read}, "application/json")
    assert stale.status_code == 409
    assert stale.json()["errors"] == [{"field": "title", "message": "Saved meanwhile: One"}]


def test_a_stale_question_edit_keeps_my_text_and_shows_theirs(world) -> None:
    survey = new_draft(world)
    question = survey.questions.get()
    client = client_for(world["users"]["coordinator"])
    url = reverse("feedback:question_edit", args=[survey.pk, question.pk])
    form = client.get(url).content.decode()
    assert f'name="version" value="{question.version}"' in form
    base = {"kind": "likert", "measures": "perceived_value", "required": "on"}
    started = {**base, "version": question.version}
    assert client.post(url, {**started, "text": "Their wording"}).status_code == 302
    page = client.post(url, {**started, "text": "My wording"})
    html = page.content.decode()
    assert page.status_code == 422  # the form comes back, as for survey details
    assert "changed by someone else while you edited it" in html
    assert "Saved meanwhile: Their wording" in html and "My wording" in html
    question.refresh_from_db()
    assert question.text == "Their wording"
    # Saving again from the version now shown replaces it knowingly.
    again = client.post(url, {**base, "version": question.version, "text": "My wording"})
    assert again.status_code == 302
    question.refresh_from_db()
    assert question.text == "My wording"


def test_a_stale_question_patch_is_409_naming_the_field(world) -> None:
    survey = new_draft(world)
    question = survey.questions.get()
    client = client_for(world["users"]["coordinator"])
    url = f"/api/v1/programs/{world['program'].pk}/surveys/{survey.pk}/questions/{question.pk}"
    read = client.get(f"/api/v1/programs/{world['program'].pk}/surveys/{survey.pk}/questions")
    version = read.json()[0]["version"]
    first = client.patch(url, {"text": "One", "version": version}, "application/json")
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = client.patch(url, {"text": "Two", "version": version}, "application/json")
    assert stale.status_code == 409
    assert stale.json()["errors"] == [{"field": "text", "message": "Saved meanwhile: One"}]
    question.refresh_from_db()
    assert question.text == "One"

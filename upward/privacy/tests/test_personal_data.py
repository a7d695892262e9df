"""Personal data on request (issue 11 item 5): an org admin exports everything Upward stores
about a person and erases a person; every other role is told the person does not exist."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.community.models import Post
from upward.community.services import post_create
from upward.errors import ServiceError
from upward.feedback.models import Question, Response, SurveyAssignment
from upward.feedback.selectors.results import survey_results
from upward.feedback.services.answers import AnswerInput, survey_answer
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_program
from upward.mentoring.models import (
    Action,
    GrowthEntry,
    Insight,
    Meeting,
    Note,
    Pair,
    Reflection,
)
from upward.mentoring.services import journal
from upward.mentoring.tests.factories import user_of
from upward.notifications.models import Delivery, Notification
from upward.notifications.sending import deliveries_send_due
from upward.people.models import Person, User
from upward.privacy.services import ERASED_NAME, person_erase, person_export
from upward.programs.models import Intake, Participant, Program

pytestmark = pytest.mark.django_db

START = dt.date(2026, 3, 2)
MARKS = {
    "note": "MK-LEADER-PRIVATE-NOTE",
    "shared_note": "MK-LEADER-SHARED-NOTE",
    "reflection": "MK-LEADER-REFLECTION",
    "growth": "MK-LEADER-GROWTH",
    "post": "MK-LEADER-POST",
    "action": "MK-LEADER-ACTION",
    "insight": "MK-LEADER-INSIGHT",
    "intake": "MK-LEADER-INTAKE-GOALS",
}
PARTNER_NOTE = "MK-MENTOR-PRIVATE-NOTE"
PARTNER_REFLECTION = "MK-MENTOR-REFLECTION"


@dataclass
class World:
    program: Program
    pair: Pair
    person: Person
    leader: User
    mentor: User
    users: dict[str, User | None]


@pytest.fixture
def world(admin_user: User, coordinator_user: User, sponsor_user: User) -> World:
    program = make_program(coordinator=coordinator_user, sponsor=sponsor_user, starts_on=START)
    pair = make_pair(program, started_on=timezone.localdate() - dt.timedelta(days=20))
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    person = pair.leader.person
    person.name, person.title, person.location = "Lena Leaderperson", "VP Finance", "Lisbon"
    person.save()
    meeting = Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - dt.timedelta(days=2), status="held"
    )
    journal.note_create(pair=pair, actor=leader, body=MARKS["note"])
    journal.note_create(pair=pair, actor=leader, body=MARKS["shared_note"], visibility="shared")
    journal.note_create(pair=pair, actor=mentor, body=PARTNER_NOTE)
    journal.reflection_save(meeting=meeting, actor=leader, first=MARKS["reflection"], second="")
    journal.reflection_save(meeting=meeting, actor=mentor, first=PARTNER_REFLECTION, second="")
    journal.growth_entry_create(pair=pair, actor=leader, text=MARKS["growth"])
    journal.insight_create(pair=pair, actor=leader, text=MARKS["insight"])
    action = journal.action_create(
        pair=pair,
        actor=leader,
        title=MARKS["action"],
        due_on=timezone.localdate() + dt.timedelta(days=9),
    )
    journal.action_publish(action=action, actor=leader)
    post_create(program=program, actor=leader, body=MARKS["post"])
    Intake.objects.create(participant=pair.leader, goals=MARKS["intake"])
    elsewhere = make_program(slug="elsewhere")
    other_pair = make_pair(elsewhere, started_on=START)
    return World(
        program=program,
        pair=pair,
        person=person,
        leader=leader,
        mentor=mentor,
        users={
            "org_admin": admin_user,
            "coordinator": coordinator_user,
            "sponsor": sponsor_user,
            "leader": leader,
            "mentor": mentor,
            "other_leader": user_of(other_pair.leader),
            "anonymous": None,
        },
    )


def _client(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


REFUSED = ("coordinator", "sponsor", "leader", "mentor", "other_leader")


# --- export ----------------------------------------------------------------------------------


def test_the_export_holds_everything_about_the_person_and_nothing_of_the_partner(
    world: World, admin_user: User
) -> None:
    response = client_for(admin_user).get(
        f"/people/{world.person.employee_id}/personal-data/export.json"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    text = response.content.decode()
    assert document["format"] == "upward.person-export" and document["version"] == 1
    assert document["person"]["name"] == "Lena Leaderperson"
    assert document["account"]["email"] == world.leader.email
    for mark in MARKS.values():
        assert mark in text, mark
    for label in (
        "programs.Participant",
        "programs.Intake",
        "mentoring.Pair",
        "mentoring.Meeting",
        "mentoring.Note",
        "mentoring.Reflection",
        "mentoring.GrowthEntry",
        "mentoring.Action",
        "community.Post",
    ):
        assert document["records"].get(label), label
    # The partner's own writing is theirs, and secrets are never exported.
    assert PARTNER_NOTE not in text and PARTNER_REFLECTION not in text
    assert "password" not in document["account"]
    assert world.leader.calendar_token not in text
    assert "anonymous" in document["not_included"].lower()
    entry = AuditEntry.objects.get(action="person.exported")
    assert entry.actor_id == admin_user.pk and entry.target == f"Person #{world.person.pk}"
    assert "Lena" not in entry.target


def test_the_api_export_is_the_same_document(world: World, admin_user: User) -> None:
    response = client_for(admin_user).get(f"/api/v1/people/{world.person.employee_id}/export")
    assert response.status_code == 200
    document = response.json()
    assert document["person"]["employee_id"] == world.person.employee_id
    assert any(r["body"] == MARKS["note"] for r in document["records"]["mentoring.Note"])


@pytest.mark.parametrize("role", [*REFUSED, "anonymous"])
def test_every_other_role_is_refused_the_export(world: World, role: str) -> None:
    client = _client(world.users[role])
    eid = world.person.employee_id
    page = client.get(f"/people/{eid}/personal-data/")
    download = client.get(f"/people/{eid}/personal-data/export.json")
    api = client.get(f"/api/v1/people/{eid}/export")
    if role == "anonymous":
        assert page.status_code == 302 and "/login/" in page["Location"]
        assert download.status_code == 302
        assert api.status_code == 401
    else:
        assert (page.status_code, download.status_code, api.status_code) == (404, 404, 404)
        with pytest.raises(Http404):
            person_export(actor=world.users[role], person=world.person)  # type: ignore[arg-type]
    assert not AuditEntry.objects.filter(action="person.exported").exists()


def test_an_unknown_person_is_404_for_the_org_admin_too(admin_user: User) -> None:
    client = client_for(admin_user)
    assert client.get("/people/nobody/personal-data/").status_code == 404
    assert client.get("/api/v1/people/nobody/export").status_code == 404


# --- erasure ---------------------------------------------------------------------------------


def _answer_anonymously(program: Program, people: int) -> int:
    """`people` pairs answer the first leader check-in anonymously; returns the survey id."""
    for _ in range(people):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    assignments = list(
        SurveyAssignment.objects.filter(
            survey__program=program, survey__kind="checkin_3", survey__audience="leader"
        ).select_related("survey__program", "participant", "pair")
    )
    for a in assignments:
        answers: dict[int, AnswerInput] = {}
        for q in a.survey.questions.all():
            if q.kind == Question.Kind.LIKERT:
                answers[q.pk] = AnswerInput(value=4)
            elif q.kind == Question.Kind.NPS:
                answers[q.pk] = AnswerInput(value=9)
            elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                answers[q.pk] = AnswerInput(choices=[q.choices[0]])
        survey_answer(assignment=a, actor=a.participant.user, answers=answers, today=a.due_on)
    return assignments[0].survey_id


def test_erasure_through_the_page_removes_their_words_keeps_figures_and_tells_the_partner(
    world: World, admin_user: User
) -> None:
    eid = world.person.employee_id
    admin = client_for(admin_user)
    page = admin.get(f"/people/{eid}/personal-data/erase/")
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    wrong = admin.post(f"/people/{eid}/personal-data/erase/", {"confirm": "not-it"})
    assert wrong.status_code == 400
    assert "employee ID exactly" in wrong.content.decode()
    assert Note.objects.filter(body=MARKS["note"]).exists()  # nothing half-done
    done = admin.post(f"/people/{eid}/personal-data/erase/", {"confirm": eid}, follow=True)
    assert done.status_code == 200 and "partner(s) told" in done.content.decode()
    assert "has been erased" in done.content.decode()

    person = Person.objects.get(pk=world.person.pk)
    assert person.name == ERASED_NAME and person.title == "" and person.location == ""
    assert person.email.endswith("@erased.invalid") and not person.is_active
    leader = User.objects.get(pk=world.leader.pk)
    assert not leader.is_active and not leader.has_usable_password() and leader.name == ""
    assert not client_for(leader).get("/").wsgi_request.user.is_active
    # What they wrote is gone; what the partner wrote is untouched.
    assert not Note.objects.filter(author=leader).exists()
    assert not Reflection.objects.filter(author=leader).exists()
    assert not GrowthEntry.objects.filter(author=leader).exists()
    assert not Post.objects.filter(author=leader).exists()
    assert not Intake.objects.filter(participant__person=person).exists()
    assert Insight.objects.get(author=leader).text != MARKS["insight"]
    assert Note.objects.get(author=world.mentor).body == PARTNER_NOTE
    assert Reflection.objects.get(author=world.mentor).landed == PARTNER_REFLECTION


def test_erasure_keeps_the_counts_and_the_pair_but_not_one_word(
    world: World, admin_user: User
) -> None:
    actions_before = Action.objects.filter(pair=world.pair).count()
    person_erase(actor=admin_user, person=world.person, confirm=world.person.employee_id)
    pair = Pair.objects.get(pk=world.pair.pk)
    assert pair.status == Pair.Status.ENDED and pair.ended_by == "leader"
    assert Action.objects.filter(pair=pair).count() == actions_before
    assert Meeting.objects.filter(pair=pair).exists()
    assert Participant.objects.get(pk=world.pair.leader_id).status == "withdrawn"
    document = person_export(actor=admin_user, person=Person.objects.get(pk=world.person.pk))
    # The audit log keeps who acted, as it was then (accountability outlives the account); it is
    # the one place their address stays, and it shows only to org admins.
    audit = document["records"].pop("audit.AuditEntry")
    assert {e["action"] for e in audit} == {"action.published"}
    everything = json.dumps(document, default=str)
    for mark in MARKS.values():
        assert mark not in everything, mark
    for personal in ("Lena Leaderperson", "VP Finance", "Lisbon", world.leader.email):
        assert personal not in everything, personal


def test_the_partner_is_told_kindly_in_the_app_and_by_email(
    world: World, admin_user: User, mailoutbox: list[Any]
) -> None:
    person_erase(actor=admin_user, person=world.person, confirm=world.person.employee_id)
    assert Delivery.objects.filter(user=world.mentor, kind="partner_erased").count() == 2
    deliveries_send_due()
    notice = Notification.objects.get(user=world.mentor, kind="partner_erased")
    assert "what you wrote is still yours" in notice.body
    assert "Lena" not in notice.body
    mail = next(m for m in mailoutbox if world.mentor.email in m.to)
    assert "Nothing you did caused this" in mail.body
    # The erased person receives nothing.
    assert not Delivery.objects.filter(user=world.leader).exists()


def test_anonymous_answers_stay_and_results_stay_above_the_threshold(
    world: World, admin_user: User
) -> None:
    program = world.program
    survey_id = _answer_anonymously(program, 4)  # 4 new pairs + the world's pair = 5 leaders
    responses = Response.objects.filter(survey_id=survey_id).count()
    assert responses == 5
    survey = Response.objects.filter(survey_id=survey_id).first().survey  # type: ignore[union-attr]
    assert not survey_results(survey=survey).suppressed
    person_erase(actor=admin_user, person=world.person, confirm=world.person.employee_id)
    assert Response.objects.filter(survey_id=survey_id).count() == responses
    after = survey_results(survey=survey)
    assert not after.suppressed and after.responses == responses


def test_the_api_erases_with_confirmation_and_records_it_without_the_name(
    world: World, admin_user: User
) -> None:
    client = client_for(admin_user)
    url = f"/api/v1/people/{world.person.employee_id}/erase"
    wrong = client.post(url, {"confirm": "x"}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "confirm"
    done = client.post(url, {"confirm": world.person.employee_id}, content_type="application/json")
    assert done.status_code == 200
    body = done.json()
    assert body["deleted"]["notes"] == 2 and body["deleted"]["reflections"] == 1
    assert body["partners_told"] == 1 and body["pairs_ended"] == 1
    entry = AuditEntry.objects.get(action="person.erased")
    assert entry.actor_id == admin_user.pk and "Lena" not in json.dumps(entry.details)
    again = client.post(
        f"/api/v1/people/erased-{world.person.pk}/erase",
        {"confirm": f"erased-{world.person.pk}"},
        content_type="application/json",
    )
    assert again.status_code == 409


@pytest.mark.parametrize("role", [*REFUSED, "anonymous"])
def test_every_other_role_is_refused_the_erasure(world: World, role: str) -> None:
    client = _client(world.users[role])
    eid = world.person.employee_id
    page = client.post(f"/people/{eid}/personal-data/erase/", {"confirm": eid})
    api = client.post(
        f"/api/v1/people/{eid}/erase", {"confirm": eid}, content_type="application/json"
    )
    if role == "anonymous":
        assert page.status_code == 302 and api.status_code == 401
    else:
        assert (page.status_code, api.status_code) == (404, 404)
        with pytest.raises(Http404):
            person_erase(actor=world.users[role], person=world.person, confirm=eid)  # type: ignore[arg-type]
    assert Person.objects.get(pk=world.person.pk).name == "Lena Leaderperson"
    assert Note.objects.filter(body=MARKS["note"]).exists()


def test_a_wrong_confirmation_changes_nothing(world: World, admin_user: User) -> None:
    with pytest.raises(ServiceError) as exc:
        person_erase(actor=admin_user, person=world.person, confirm=" ")
    assert exc.value.field == "confirm"
    assert Person.objects.get(pk=world.person.pk).name == "Lena Leaderperson"
    assert not AuditEntry.objects.filter(action="person.erased").exists()

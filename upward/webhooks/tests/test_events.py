"""Which events reach which endpoint, and what each delivery says (never more than its owner
may see)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import TestCase
from django.utils import timezone

from upward.feedback.services.authoring import (
    QuestionInput,
    SurveySettings,
    custom_survey_close,
    custom_survey_create,
    custom_survey_publish,
)
from upward.matching import services as matching
from upward.matching.tests.factories import run_finished
from upward.mentoring.models import Meeting
from upward.mentoring.services.journal import action_create, action_publish
from upward.mentoring.services.meetings import meeting_mark_held, meeting_schedule
from upward.mentoring.services.safety import closure_submit, concern_raise
from upward.mentoring.tests.factories import PairFactory, invite_to_close, user_of
from upward.people.importing import COLUMNS, people_import_csv
from upward.people.models import Person, User
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory
from upward.webhooks.models import WebhookDelivery
from upward.webhooks.tests.factories import make_endpoint

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/upward"


def bodies(event: str | None = None) -> list[dict[str, Any]]:
    rows = WebhookDelivery.objects.order_by("pk")
    if event:
        rows = rows.filter(event=event)
    return [json.loads(row.body) for row in rows]


def test_a_coordinators_endpoint_hears_only_about_programs_they_manage(
    coordinator_user: User,
) -> None:
    mine = PairFactory()
    mine.program.coordinators.add(coordinator_user)
    theirs = PairFactory()
    endpoint = make_endpoint(coordinator_user, URL, events=["pair.closed"])

    for pair in (mine, theirs):
        invite_to_close(pair)
        closure_submit(
            pair=pair, actor=user_of(pair.leader), choice="continue", final_reflection="Good"
        )
        closure_submit(
            pair=pair, actor=user_of(pair.mentor), choice="continue", final_reflection="Good"
        )

    [body] = bodies()
    assert body["data"]["id"] == mine.pk
    assert body["data"]["status"] == "closed"
    assert WebhookDelivery.objects.get().endpoint == endpoint


def test_an_endpoint_limited_to_a_program_hears_only_that_program(admin_user: User) -> None:
    first, second = PairFactory(), PairFactory()
    make_endpoint(admin_user, URL, events=["meeting.scheduled"], program=first.program)
    make_endpoint(admin_user, URL + "/all", events=["meeting.scheduled"])
    soon = timezone.now() + dt.timedelta(days=3)
    for pair in (first, second):
        meeting_schedule(pair=pair, actor=user_of(pair.leader), starts_at=soon, location="Room 4")
    by_endpoint = sorted(
        (d.endpoint.url, json.loads(d.body)["data"]["pair_id"])
        for d in WebhookDelivery.objects.all()
    )
    assert by_endpoint == [
        (URL, first.pk),
        (URL + "/all", first.pk),
        (URL + "/all", second.pk),
    ]


def test_only_subscribed_events_are_recorded_and_endpoints_turned_off_get_nothing(
    admin_user: User,
) -> None:
    make_endpoint(admin_user, URL, events=["meeting.held"])
    make_endpoint(admin_user, URL + "/off", events=["pair.closed"], active=False)
    pair = PairFactory()
    from upward.mentoring.services.safety import pair_exit

    pair_exit(pair=pair, actor=user_of(pair.leader), wants_rematch=True)
    assert not WebhookDelivery.objects.exists()


def test_meeting_payloads_leave_out_the_place_the_reason_and_the_agenda(admin_user: User) -> None:
    make_endpoint(admin_user, URL, events=["meeting.scheduled", "meeting.held"])
    pair = PairFactory()
    leader = user_of(pair.leader)
    meeting_schedule(
        pair=pair,
        actor=leader,
        starts_at=timezone.now() + dt.timedelta(days=3),
        location="Room 4.12, secret-room",
        video_url="https://meet.example.com/abc-defg-hij",
    )
    past = Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - dt.timedelta(days=2), location="Leader's office"
    )
    meeting_mark_held(meeting=past, actor=leader)

    scheduled, held = bodies("meeting.scheduled")[0], bodies("meeting.held")[0]
    for body in (scheduled, held):
        assert "location" not in body["data"]
        assert "cancel_reason" not in body["data"]
        text = json.dumps(body)
        assert "secret-room" not in text and "office" not in text and "abc-defg" not in text
        assert "video_url" not in body["data"]
    assert held["data"]["id"] == past.pk
    assert held["data"]["status"] == "held"
    assert held["data"]["program_id"] == pair.program_id


def test_a_series_announces_each_meeting(admin_user: User) -> None:
    from upward.mentoring.services.meetings import meeting_series_generate

    make_endpoint(admin_user, URL, events=["meeting.scheduled"])
    pair = PairFactory()
    created = meeting_series_generate(pair=pair, actor=user_of(pair.leader))
    assert len(created) > 1
    assert [b["data"]["id"] for b in bodies("meeting.scheduled")] == [m.pk for m in created]


def test_action_published_says_what_the_board_shows(admin_user: User) -> None:
    make_endpoint(admin_user, URL, events=["action.published"])
    pair = PairFactory()
    leader = user_of(pair.leader)
    action = action_create(
        pair=pair,
        actor=leader,
        title="Try the new expense app",
        due_on=timezone.localdate() + dt.timedelta(days=14),
    )
    action_publish(action=action, actor=leader)
    action_publish(action=action, actor=leader, published=False)
    action_publish(action=action, actor=leader)  # published again: announced again

    first = bodies("action.published")[0]["data"]
    assert first["title"] == "Try the new expense app"
    assert first["leader"] == pair.leader.person.name
    # The mentor is named on the board only once they agree to be credited.
    assert first["mentor"] is None
    assert len(bodies("action.published")) == 2


def test_pair_events_carry_no_notes_and_no_concerns(admin_user: User) -> None:
    make_endpoint(admin_user, URL, events=["pair.closed"])
    pair = PairFactory()
    concern_raise(pair=pair, actor=user_of(pair.mentor), text="He keeps cancelling on me")
    invite_to_close(pair)
    closure_submit(
        pair=pair, actor=user_of(pair.leader), choice="continue", final_reflection="Private words"
    )
    closure_submit(
        pair=pair, actor=user_of(pair.mentor), choice="continue", final_reflection="More words"
    )
    text = WebhookDelivery.objects.get().body
    assert "cancelling" not in text and "Private words" not in text and "More words" not in text
    data = json.loads(text)["data"]
    assert set(data) == {
        "id",
        "program_id",
        "program",
        "status",
        "started_on",
        "ended_on",
        "ended_by",
        "leader",
        "mentor",
    }


def test_surveys_opened_and_closed_without_any_answers(coordinator_user: User) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    ParticipantFactory(program=program)
    make_endpoint(coordinator_user, URL, events=["survey.opened", "survey.closed"])
    survey = custom_survey_create(
        program=program,
        actor=coordinator_user,
        settings=SurveySettings(title="Pulse", due_on=timezone.localdate() + dt.timedelta(days=7)),
        questions=[QuestionInput(text="How is it going?", kind="text")],
    )
    custom_survey_publish(survey=survey, actor=coordinator_user)
    custom_survey_close(survey=survey, actor=coordinator_user)

    opened, closed = bodies("survey.opened")[0]["data"], bodies("survey.closed")[0]["data"]
    assert (opened["status"], closed["status"]) == ("open", "closed")
    assert opened["questions"][0]["text"] == "How is it going?"
    for data in (opened, closed):
        assert not {"results", "response_count", "answers", "asked"} & set(data)


def test_match_run_published_names_the_pairs_and_each_pair_is_announced(
    coordinator_user: User,
) -> None:
    make_endpoint(coordinator_user, URL, events=["match_run.published", "pair.created"])
    run = run_finished(coordinator_user, leaders=2)
    with TestCase.captureOnCommitCallbacks(execute=False):
        pairs = matching.run_publish(actor=coordinator_user, run=run, confirm=True)

    [published] = bodies("match_run.published")
    assert published["data"]["id"] == run.pk
    assert published["data"]["status"] == "published"
    assert sorted(published["data"]["pairs"]) == sorted(p.pk for p in pairs)
    created = bodies("pair.created")
    assert sorted(b["data"]["id"] for b in created) == sorted(p.pk for p in pairs)
    assert all(b["data"]["status"] == "active" for b in created)


def test_a_leaver_is_announced_to_admins_and_to_coordinators_of_their_programs(
    admin_user: User, coordinator_user: User
) -> None:
    header = ",".join(COLUMNS)
    row = "E9,Lee Leaver,lee@example.com,Analyst,3,Finance,,Paris,Europe/Paris,fr,,2020-01-01,"
    other = "E8,Una Other,una@example.com,Analyst,3,Finance,,Paris,Europe/Paris,fr,,2020-01-01,"
    people_import_csv(data=f"{header}\n{row}\n{other}\n")
    lee, una = Person.objects.get(employee_id="E9"), Person.objects.get(employee_id="E8")
    mine = ProgramFactory()
    mine.coordinators.add(coordinator_user)
    ParticipantFactory(program=mine, person=lee, user=None)
    ParticipantFactory(program=ProgramFactory(), person=una, user=None)
    admin_endpoint = make_endpoint(admin_user, URL, events=["person.deactivated"])
    coordinator_endpoint = make_endpoint(
        coordinator_user, URL + "/c", events=["person.deactivated"]
    )

    left = timezone.localdate().isoformat()
    people_import_csv(data=f"{header}\n{row.rstrip(',')},{left}\n{other.rstrip(',')},{left}\n")

    to_admin = [json.loads(d.body)["data"] for d in admin_endpoint.deliveries.order_by("pk")]
    to_coordinator = [json.loads(d.body)["data"] for d in coordinator_endpoint.deliveries.all()]
    assert sorted(d["employee_id"] for d in to_admin) == ["E8", "E9"]
    # The coordinator hears about their own participant only, and only their program is named.
    assert [(d["employee_id"], d["program_ids"]) for d in to_coordinator] == [("E9", [mine.pk])]
    assert to_coordinator[0]["left_on"] == left

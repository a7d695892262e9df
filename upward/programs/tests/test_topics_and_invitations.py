"""Topics: edit and delete (refused while used, with a confirmation page). Invitations: re-send,
at most once a day (service, pages with htmx, API)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.errors import ServiceError
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.programs.models import Intake, Participant, Topic
from upward.programs.selectors import topic_usage
from upward.programs.services import enrolment, topics
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 6, 9, 0, tzinfo=dt.UTC)


# --- topics -----------------------------------------------------------------------------------


def test_editing_a_topic_keeps_its_slug(coordinator_user: User) -> None:
    topic = topics.topic_create(actor=coordinator_user, name="Hybrid meetings")
    topics.topic_update(
        actor=coordinator_user,
        topic=topic,
        name="Hybrid work",
        description="Remote + office",
        sensitive=True,
    )
    topic.refresh_from_db()
    assert (topic.slug, topic.name, topic.sensitive) == ("hybrid-meetings", "Hybrid work", True)
    with pytest.raises(ServiceError) as err:
        topics.topic_update(actor=coordinator_user, topic=topic, name="  ")
    assert err.value.field == "name"
    with pytest.raises(ServiceError) as err:
        topics.topic_update(
            actor=coordinator_user, topic=topic, name="sustainability"
        )  # another topic's name
    assert err.value.field == "name" and "already exists" in err.value.message


def test_a_topic_used_by_a_program_or_an_intake_cannot_be_deleted(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user)
    used = program.topics.first()
    assert used is not None
    with pytest.raises(ServiceError) as err:
        topics.topic_delete(actor=coordinator_user, topic=used)
    assert err.value.field == "topic" and program.name in err.value.message
    lived = topics.topic_create(actor=coordinator_user, name="Lived experience", sensitive=True)
    mentor = enrol(program, person(2), "mentor", topics={})
    Intake.objects.filter(participant=mentor).update(sensitive_topics=[lived.slug])
    assert topic_usage(topic=lived).intakes == 1
    with pytest.raises(ServiceError) as err:
        topics.topic_delete(actor=coordinator_user, topic=lived)
    assert "1 intake answer mentions it" in err.value.message
    unused = topics.topic_create(actor=coordinator_user, name="Podcasts")
    topics.topic_delete(actor=coordinator_user, topic=unused)
    assert not Topic.objects.filter(slug="podcasts").exists()


def test_topic_pages_edit_with_field_errors(
    coordinator_user: User, coordinator_client: Client
) -> None:
    topic = topics.topic_create(actor=coordinator_user, name="Podcasts")
    page = coordinator_client.get("/programs/topics/")
    assert b"/programs/topics/podcasts/edit/" in page.content
    bad = coordinator_client.post("/programs/topics/podcasts/edit/", {"name": "Sustainability"})
    assert bad.status_code == 400 and b"field-error" in bad.content
    ok = coordinator_client.post(
        "/programs/topics/podcasts/edit/", {"name": "Podcasts and audio", "sensitive": "on"}
    )
    assert ok.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Podcasts and audio" and topic.sensitive


def test_topic_delete_asks_first_and_explains_a_refusal(
    coordinator_user: User, coordinator_client: Client
) -> None:
    topics.topic_create(actor=coordinator_user, name="Podcasts")
    confirm = coordinator_client.get("/programs/topics/podcasts/delete/")
    assert b"Delete the topic Podcasts?" in confirm.content
    assert Topic.objects.filter(slug="podcasts").exists()  # GET changes nothing
    coordinator_client.post("/programs/topics/podcasts/delete/")
    assert not Topic.objects.filter(slug="podcasts").exists()
    program = make_program(coordinator=coordinator_user)
    used = program.topics.first()
    assert used is not None
    refusal = coordinator_client.get(f"/programs/topics/{used.slug}/delete/")
    assert b"cannot be deleted" in refusal.content and program.name.encode() in refusal.content
    assert b'type="submit"' not in refusal.content.split(b"<main")[1].split(b"</main>")[0]
    forced = coordinator_client.post(f"/programs/topics/{used.slug}/delete/", follow=True)
    assert b"cannot be deleted" in forced.content
    assert Topic.objects.filter(pk=used.pk).exists()


@pytest.mark.parametrize("who", ["sponsor", "plain"])
def test_only_coordinators_and_admins_edit_topics(
    who: str, coordinator_user: User, sponsor_user: User, plain_user: User
) -> None:
    topics.topic_create(actor=coordinator_user, name="Podcasts")
    client = client_for(sponsor_user if who == "sponsor" else plain_user)
    assert client.get("/programs/topics/podcasts/edit/").status_code == 403
    assert client.post("/programs/topics/podcasts/edit/", {"name": "X"}).status_code == 403
    assert client.post("/programs/topics/podcasts/delete/").status_code == 403
    assert Topic.objects.get(slug="podcasts").name == "Podcasts"
    actor = sponsor_user if who == "sponsor" else plain_user
    with pytest.raises(PermissionDenied):  # the service refuses them too, called directly
        topics.topic_create(actor=actor, name="Quietly added")


def test_admin_can_edit_topics_and_unknown_topics_are_404(admin_client_: Client) -> None:
    assert admin_client_.get("/programs/topics/no-such-topic/edit/").status_code == 404
    assert admin_client_.get("/programs/topics/sustainability/edit/").status_code == 200


# --- re-sending invitations ---------------------------------------------------------------------


def invited(coordinator: User, **kw: object) -> Participant:
    program = make_program(coordinator=coordinator, phase="recruiting")
    return enrolment.participant_invite(
        actor=coordinator,
        program=program,
        person=person(9),
        role="leader",
        **kw,  # type: ignore[arg-type]
    )


def test_resend_emails_again_at_most_once_a_day(
    coordinator_user: User, django_capture_on_commit_callbacks: object
) -> None:
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            participant = invited(coordinator_user)
        assert participant.invitations_sent == 1
        with pytest.raises(enrolment.ResendTooSoon) as err:
            enrolment.invitation_resend(actor=coordinator_user, participant=participant)
        assert err.value.field == "participant" and "less than a day ago" in err.value.message
        assert err.value.retry_at == NOW + dt.timedelta(days=1)
    with time_machine.travel(NOW + dt.timedelta(days=1, minutes=1), tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            enrolment.invitation_resend(actor=coordinator_user, participant=participant)
        participant.refresh_from_db()
        assert participant.invitations_sent == 2
        assert participant.invitation_sent_at == timezone.now()
        assert [m.to for m in mail.outbox] == [[participant.person.email]]
        assert "You are invited" in mail.outbox[0].subject


def test_an_invitation_created_without_email_can_be_sent_at_once(coordinator_user: User) -> None:
    participant = invited(coordinator_user, send=False)
    assert participant.invitation_sent_at is None
    enrolment.invitation_resend(actor=coordinator_user, participant=participant)
    participant.refresh_from_db()
    assert participant.invitations_sent == 1


def test_resend_is_only_for_unanswered_invitations(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting")
    opted = enrol(program, person(9), "leader")
    with pytest.raises(ServiceError) as err:
        enrolment.invitation_resend(actor=coordinator_user, participant=opted)
    assert "already opted in" in err.value.message
    opted.status = Participant.Status.WITHDRAWN
    opted.save()
    with pytest.raises(ServiceError) as err:
        enrolment.invitation_resend(actor=coordinator_user, participant=opted)
    assert "withdrew" in err.value.message
    waiting = enrol(program, person(8), "leader", opted_in=False, intake=False)
    program.phase = "closing"
    program.save()
    with pytest.raises(ServiceError) as err:
        enrolment.invitation_resend(actor=coordinator_user, participant=waiting)
    assert err.value.field == "program"


def test_resend_through_the_page_with_htmx_and_without(
    coordinator_user: User, coordinator_client: Client
) -> None:
    participant = invited(coordinator_user, send=False)
    slug = participant.program.slug
    page = coordinator_client.get(f"/programs/{slug}/participants/")
    url = f"/programs/{slug}/participants/{participant.pk}/resend/"
    assert f'hx-post="{url}"'.encode() in page.content
    row = coordinator_client.post(url, HTTP_HX_REQUEST="true")
    html = row.content.decode()
    assert html.lstrip().startswith(f'<tr id="participant-{participant.pk}">')
    assert "Invitation sent again" in html and "again from" in html
    assert "Resend</button>" not in html
    again = coordinator_client.post(url, HTTP_HX_REQUEST="true")
    assert b"less than a day ago" in again.content and b"field-error" in again.content
    plain = coordinator_client.post(url, follow=True)
    assert b"less than a day ago" in plain.content  # shown as a message on the full page


@pytest.mark.parametrize("who", ["other_coordinator", "sponsor", "invitee"])
def test_resend_is_for_the_programs_coordinators_only(
    who: str, coordinator_user: User, sponsor_user: User
) -> None:
    participant = invited(coordinator_user, send=False)
    participant.program.sponsor = sponsor_user
    participant.program.save()
    users = {
        "other_coordinator": UserFactory.create(is_coordinator=True),
        "sponsor": sponsor_user,
        "invitee": user_of(participant),
    }
    client = client_for(users[who])
    page = client.post(
        f"/programs/{participant.program.slug}/participants/{participant.pk}/resend/"
    )
    assert page.status_code == 404
    api = client.post(
        f"/api/v1/programs/{participant.program.pk}/participants/{participant.pk}/resend-invitation"
    )
    assert api.status_code == 404
    participant.refresh_from_db()
    assert participant.invitations_sent == 0


def test_resend_through_the_api_names_the_field_when_too_soon(
    coordinator_user: User, coordinator_client: Client
) -> None:
    participant = invited(coordinator_user, send=False)
    url = (
        f"/api/v1/programs/{participant.program.pk}/participants/{participant.pk}/resend-invitation"
    )
    first = coordinator_client.post(url)
    assert first.status_code == 200 and first.json()["invitations_sent"] == 1
    again = coordinator_client.post(url)
    assert again.status_code == 429
    assert again.json()["errors"][0]["field"] == "participant"
    assert again.json()["errors"][0]["retry_at"]
    other = coordinator_client.post(
        f"/api/v1/programs/{participant.program.pk}/participants/999999/resend-invitation"
    )
    assert other.status_code == 404

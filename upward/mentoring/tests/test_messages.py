"""Messages in the pair: the leader and the mentor write to each other in their room (page with
htmx, and the API), the other one is told once per unread batch outside their quiet hours, and
nobody else (other pairs, coordinators, sponsors, org admins) learns that the thread exists."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.http import Http404
from django.test import Client

from conftest import client_for
from upward.errors import ServiceError
from upward.mentoring.models import Message, Pair
from upward.mentoring.services.messages import message_send, messages_mark_read
from upward.mentoring.services.safety import pair_exit
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.notifications.models import Channel, Delivery, DeliveryPreference, Notification
from upward.notifications.selectors import problem_deliveries_visible_to
from upward.notifications.sending import deliveries_send_due
from upward.notifications.tests.test_chat import assert_slack_shape
from upward.people.models import User
from upward.people.tests.factories import UserFactory
from upward.privacy.services import person_erase, person_export
from upward.programs.models import Program
from upward.webhooks.models import WebhookDelivery
from upward.webhooks.tests.conftest import Receiver
from upward.webhooks.tests.factories import make_endpoint

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def api_send(client: Client, pair: Pair, body: str) -> Any:
    return client.post(
        f"/api/v1/pairs/{pair.pk}/messages",
        json.dumps({"body": body}),
        content_type="application/json",
    )


def send_due(moment: dt.datetime) -> None:
    with time_machine.travel(moment, tick=False):
        deliveries_send_due()


# --- the thread on the page ------------------------------------------------------------------


def test_the_room_starts_with_an_empty_thread_and_a_form(pair: Pair, leader: User) -> None:
    page = client_for(leader).get(f"/pairs/{pair.pk}/messages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "No messages yet." in html and 'name="body"' in html


def test_members_write_to_each_other_and_unread_messages_show_in_the_room(
    pair: Pair, leader: User, mentor: User
) -> None:
    response = client_for(leader).post(
        f"/pairs/{pair.pk}/messages/", {"body": "Shall we meet on Thursday?\nI'm free at 10."}
    )
    assert response.status_code == 302
    mentor_client = client_for(mentor)
    room = mentor_client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "1 new" in room and "Shall we meet on Thursday?" in room  # the overview panel
    assert 'aria-label="1 unread"' in room  # the tab
    thread = mentor_client.get(f"/pairs/{pair.pk}/messages/").content.decode()
    assert "Shall we meet on Thursday?<br>I&#x27;m free at 10." in thread
    assert "messages-new" in thread  # where the new ones start
    # Opening the thread read it: no badge any more, and the leader sees it was seen.
    assert 'aria-label="1 unread"' not in mentor_client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "seen" in client_for(leader).get(f"/pairs/{pair.pk}/messages/").content.decode()


def test_htmx_sends_and_swaps_in_the_thread(pair: Pair, mentor: User) -> None:
    response = client_for(mentor).post(
        f"/pairs/{pair.pk}/messages/", {"body": "Done, see you then"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="thread"') and "Done, see you then" in html
    assert "<html" not in html


@pytest.mark.parametrize(
    ("body", "words"), [("   ", "Write something first"), ("x" * 2001, "2000 characters")]
)
def test_empty_and_too_long_messages_get_field_errors(
    pair: Pair, leader: User, body: str, words: str
) -> None:
    page = client_for(leader).post(f"/pairs/{pair.pk}/messages/", {"body": body})
    assert page.status_code == 400
    assert "field-error" in page.content.decode() and words in page.content.decode()
    swapped = client_for(leader).post(
        f"/pairs/{pair.pk}/messages/", {"body": body}, HTTP_HX_REQUEST="true"
    )
    assert swapped.status_code == 422 and "data-swap-422" in swapped.content.decode()
    assert words in swapped.content.decode()
    response = api_send(client_for(leader), pair, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"
    assert not Message.objects.exists()


def test_the_most_recent_messages_come_first_with_an_older_link(
    pair: Pair, leader: User, mentor: User
) -> None:
    for n in range(25):
        with time_machine.travel(NOW + dt.timedelta(minutes=n), tick=False):
            message_send(pair=pair, actor=leader if n % 2 else mentor, body=f"message number {n}")
    page = client_for(leader).get(f"/pairs/{pair.pk}/messages/").content.decode()
    assert "message number 24" in page and "message number 5<" in page
    assert "message number 4<" not in page
    assert page.index("message number 5<") < page.index("message number 24")  # oldest first
    api = client_for(leader).get(f"/api/v1/pairs/{pair.pk}/messages").json()
    assert api["results"][0]["body"] == "message number 5"
    assert len(api["results"]) == 20 and api["older_than"] is not None
    older = (
        client_for(leader)
        .get(f"/api/v1/pairs/{pair.pk}/messages?before={api['older_than']}")
        .json()
    )
    assert [m["body"] for m in older["results"]] == [f"message number {n}" for n in range(5)]
    assert older["older_than"] is None
    page = client_for(leader).get(f"/pairs/{pair.pk}/messages/?before={api['older_than']}")
    assert "message number 0<" in page.content.decode()
    assert "Newest messages" in page.content.decode()
    # A hostile cursor is the newest page, or refused, never a 500.
    for cursor in ("abc", "-1", "9" * 40):
        page = client_for(leader).get(f"/pairs/{pair.pk}/messages/?before={cursor}")
        assert page.status_code in (200, 400)
        api_page = client_for(leader).get(f"/api/v1/pairs/{pair.pk}/messages?before={cursor}")
        assert api_page.status_code in (200, 400, 422)


def test_the_api_sends_lists_and_marks_read(pair: Pair, leader: User, mentor: User) -> None:
    sent = api_send(client_for(leader), pair, "Notes from our chat are in the room")
    assert sent.status_code == 201
    body = sent.json()
    assert body["author_role"] == "leader" and body["mine"] is True and body["read_at"] is None
    listing = client_for(mentor).get(f"/api/v1/pairs/{pair.pk}/messages").json()
    assert listing["unread"] == 1 and listing["results"][0]["mine"] is False
    marked = client_for(mentor).post(f"/api/v1/pairs/{pair.pk}/messages/read").json()
    assert marked == {"marked": 1}
    assert client_for(mentor).get(f"/api/v1/pairs/{pair.pk}/messages").json()["unread"] == 0


def test_a_finished_pair_keeps_its_thread_read_only(pair: Pair, leader: User) -> None:
    message_send(pair=pair, actor=leader, body="Thank you for everything")
    pair_exit(pair=pair, actor=leader, wants_rematch=False)
    page = client_for(leader).get(f"/pairs/{pair.pk}/messages/").content.decode()
    assert "Thank you for everything" in page and 'name="body"' not in page
    assert api_send(client_for(leader), pair, "one more").status_code == 409


# --- nobody else -----------------------------------------------------------------------------


@pytest.fixture
def outsiders(
    other_pair: Pair, coordinator_user: User, sponsor_user: User, admin_user: User
) -> dict[str, User]:
    return {
        "other_pair_leader": user_of(other_pair.leader),
        "coordinator": coordinator_user,
        "sponsor": sponsor_user,
        "org_admin": admin_user,
    }


@pytest.mark.parametrize("who", ["other_pair_leader", "coordinator", "sponsor", "org_admin"])
def test_everyone_outside_the_pair_gets_404_on_pages_api_and_services(
    pair: Pair, leader: User, outsiders: dict[str, User], who: str
) -> None:
    message_send(pair=pair, actor=leader, body="Between the two of us")
    user = outsiders[who]
    client = client_for(user)
    assert client.get(f"/pairs/{pair.pk}/messages/").status_code == 404
    assert client.post(f"/pairs/{pair.pk}/messages/", {"body": "hi"}).status_code == 404
    assert client.get(f"/api/v1/pairs/{pair.pk}/messages").status_code == 404
    assert api_send(client, pair, "hi").status_code == 404
    assert client.post(f"/api/v1/pairs/{pair.pk}/messages/read").status_code == 404
    with pytest.raises(Http404):
        message_send(pair=pair, actor=user, body="hi")
    with pytest.raises(Http404):
        messages_mark_read(pair=pair, actor=user)
    assert Message.objects.count() == 1 and Message.objects.get().read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(pair: Pair) -> None:
    assert Client().get(f"/pairs/{pair.pk}/messages/").status_code == 302
    assert Client().get(f"/api/v1/pairs/{pair.pk}/messages").status_code == 401


def test_the_coordinator_sees_health_but_never_the_thread(
    pair: Pair, leader: User, coordinator_user: User
) -> None:
    message_send(pair=pair, actor=leader, body="A private worry about my team")
    page = client_for(coordinator_user).get(f"/pairs/{pair.pk}/").content.decode()
    assert "private worry" not in page and "/messages/" not in page
    # Not in the notification they might see either: the notice goes to the partner, not them.
    assert not Notification.objects.filter(user=coordinator_user).exists()
    assert not problem_deliveries_visible_to(user=coordinator_user).exists()


def test_messages_never_reach_a_webhook(
    pair: Pair, leader: User, admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    make_endpoint(admin_user, receiver.url)
    make_endpoint(admin_user, receiver.url, program=pair.program)
    message_send(pair=pair, actor=leader, body="Only for you")
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


# --- telling the partner ---------------------------------------------------------------------


def test_a_burst_of_messages_is_one_email_and_the_next_batch_another(
    pair: Pair, leader: User, mentor: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        for text in ("Hi!", "About Thursday", "Bring the slides"):
            message_send(pair=pair, actor=leader, body=text)
    send_due(NOW + dt.timedelta(minutes=1))
    assert mail.outbox == []  # the writer may not be done yet
    send_due(NOW + dt.timedelta(minutes=6))
    [email] = mail.outbox
    assert email.to == [mentor.email]
    assert pair.leader.person.name in email.subject
    assert "Bring the slides" not in email.body and "Hi!" not in email.body  # words stay home
    assert f"/pairs/{pair.pk}/messages/" in email.body
    assert Notification.objects.filter(user=mentor, kind="pair_message").count() == 1
    # Still unread: more messages do not send more email.
    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        message_send(pair=pair, actor=leader, body="And one more thing")
    send_due(NOW + dt.timedelta(minutes=20))
    assert len(mail.outbox) == 1
    # Once read, the next message starts a new batch.
    with time_machine.travel(NOW + dt.timedelta(minutes=30), tick=False):
        messages_mark_read(pair=pair, actor=mentor)
        message_send(pair=pair, actor=leader, body="Thanks for reading")
    send_due(NOW + dt.timedelta(minutes=40))
    assert len(mail.outbox) == 2
    # The writer is never told about their own messages.
    assert all(m.to == [mentor.email] for m in mail.outbox)


def test_the_email_waits_for_the_end_of_quiet_hours(pair: Pair, leader: User, mentor: User) -> None:
    DeliveryPreference.objects.create(
        user=mentor, quiet_start=dt.time(11, 0), quiet_end=dt.time(14, 0), timezone="UTC"
    )
    with time_machine.travel(NOW, tick=False):
        message_send(pair=pair, actor=leader, body="Are you there?")
    send_due(NOW + dt.timedelta(minutes=30))
    assert mail.outbox == []
    send_due(NOW + dt.timedelta(hours=2, minutes=1))
    assert [m.to for m in mail.outbox] == [[mentor.email]]


def test_no_email_when_the_partner_read_it_in_time(pair: Pair, leader: User, mentor: User) -> None:
    with time_machine.travel(NOW, tick=False):
        message_send(pair=pair, actor=leader, body="Quick one")
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        client_for(mentor).get(f"/pairs/{pair.pk}/messages/")
    send_due(NOW + dt.timedelta(minutes=10))
    assert mail.outbox == []
    assert set(
        Delivery.objects.filter(user=mentor, kind="pair_message").values_list("status", flat=True)
    ) == {"skipped"}


def test_the_partner_who_chose_chat_hears_it_in_chat(
    settings: Any, pair: Pair, leader: User, mentor: User, receiver: Receiver, allow_private: None
) -> None:
    settings.PERSONAL_CHAT_PROVIDERS = ["slack"]
    DeliveryPreference.objects.create(
        user=mentor,
        email_enabled=False,
        chat_enabled=True,
        chat_provider="slack",
        chat_webhook_url=receiver.url,
    )
    with time_machine.travel(NOW, tick=False):
        message_send(pair=pair, actor=leader, body="The secret plan for Thursday")
    send_due(NOW + dt.timedelta(minutes=6))
    [arrived] = receiver.requests
    payload = json.loads(arrived.body)
    assert_slack_shape(payload)
    assert pair.leader.person.name in payload["text"]
    assert "secret plan" not in arrived.body.decode()
    assert mail.outbox == []
    assert Delivery.objects.get(user=mentor, channel=Channel.CHAT).status == "sent"


# --- personal data ---------------------------------------------------------------------------


def test_export_has_my_messages_and_erasure_removes_them(
    pair: Pair, leader: User, mentor: User, admin_user: User
) -> None:
    message_send(pair=pair, actor=leader, body="From the leader")
    message_send(pair=pair, actor=mentor, body="From the mentor")
    assert leader.person is not None
    document = json.dumps(person_export(actor=admin_user, person=leader.person), default=str)
    assert "From the leader" in document and "From the mentor" not in document
    result = person_erase(actor=admin_user, person=leader.person, confirm=leader.person.employee_id)
    assert result.deleted["pair_messages"] == 1
    assert list(Message.objects.values_list("body", flat=True)) == ["From the mentor"]


def test_a_service_call_for_a_stranger_to_another_pair_is_refused(program: Program) -> None:
    stranger = UserFactory(email="stranger@example.com")
    with pytest.raises(Http404):
        message_send(pair=PairFactory(program=program), actor=stranger, body="hello")


def test_the_service_refuses_an_empty_message_naming_the_field(pair: Pair, leader: User) -> None:
    with pytest.raises(ServiceError) as refused:
        message_send(pair=pair, actor=leader, body="\n \t")
    assert refused.value.field == "body"

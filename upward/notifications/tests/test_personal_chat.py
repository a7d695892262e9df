"""A person's own reminders in Slack or Teams: chosen on the settings page and the API, posted for
real to a receiver on loopback in each product's documented shape, held back by quiet hours,
retried, and sent by email when the chat app refuses for good. Nobody else sets or sees the link."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from conftest import client_for
from upward.notifications.models import Channel, Delivery, DeliveryPreference
from upward.notifications.selectors import problem_deliveries_visible_to
from upward.notifications.sending import deliveries_send_due
from upward.notifications.sweep import reminders_sweep
from upward.notifications.tests.factories import make_pair, make_user
from upward.notifications.tests.test_chat import assert_slack_shape, assert_teams_shape
from upward.people.models import User
from upward.privacy.services import person_export
from upward.webhooks.tests.conftest import Receiver

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)
# A public literal address: no DNS lookup, and never contacted.
PUBLIC_URL = "https://52.0.0.10/services/T000/B000/XXXXsecretTAIL"


@pytest.fixture(autouse=True)
def _offered(settings: Any) -> None:
    settings.PERSONAL_CHAT_PROVIDERS = ["slack", "teams"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


def chat_on(user: User, url: str, provider: str = "slack", **extra: Any) -> DeliveryPreference:
    pref, _ = DeliveryPreference.objects.get_or_create(user=user)
    pref.chat_enabled = True
    pref.chat_provider = provider
    pref.chat_webhook_url = url
    for name, value in extra.items():
        setattr(pref, name, value)
    pref.save()
    return pref


def put_prefs(client: Client, **body: Any) -> Any:
    return client.put(
        "/api/v1/notifications/preferences", json.dumps(body), content_type="application/json"
    )


# --- real delivery --------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["slack", "teams"])
def test_a_reminder_reaches_the_persons_own_chat_in_the_documented_shape(
    provider: str, receiver: Receiver, allow_private: None
) -> None:
    s = make_pair(started_on=NOW.date() - dt.timedelta(days=8))
    chat_on(s.leader, receiver.url, provider, email_enabled=False)
    with time_machine.travel(NOW, tick=False):
        reminders_sweep()
        result = deliveries_send_due()
    [row] = Delivery.objects.filter(user=s.leader, channel=Channel.CHAT)
    assert row.status == Delivery.Status.SENT, row.last_error
    assert result.sent >= 1
    [arrived] = receiver.requests
    assert arrived.headers["Content-Type"] == "application/json"
    payload = json.loads(arrived.body)
    if provider == "slack":
        assert_slack_shape(payload)
        assert "charter" in payload["text"].lower()
        button = payload["blocks"][-1]["elements"][0]
        assert button["url"].startswith("http") and f"/pairs/{s.pair.pk}/" in button["url"]
    else:
        assert_teams_shape(payload)
        card = payload["attachments"][0]["content"]
        assert "charter" in card["body"][0]["text"].lower()
    # Email was turned off: chat alone carried it. The mentor (no chat) got email as before.
    assert {m.to[0] for m in mail.outbox} == {s.mentor.email}


def test_chat_waits_for_the_end_of_quiet_hours(receiver: Receiver, allow_private: None) -> None:
    s = make_pair(started_on=NOW.date() - dt.timedelta(days=8), leader_tz="UTC")
    chat_on(s.leader, receiver.url, quiet_start=dt.time(11, 0), quiet_end=dt.time(13, 30))
    with time_machine.travel(NOW, tick=False):
        reminders_sweep()
        deliveries_send_due()
    assert receiver.requests == []
    with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=31), tick=False):
        deliveries_send_due()
    assert len(receiver.requests) == 1


def test_a_failing_chat_is_retried_then_the_reminder_comes_by_email(
    receiver: Receiver, allow_private: None
) -> None:
    s = make_pair(started_on=NOW.date() - dt.timedelta(days=8))
    chat_on(s.leader, receiver.url, email_enabled=False)
    receiver.reply(500, 502, 503, 500, 500)
    moment = NOW
    with time_machine.travel(moment, tick=False):
        reminders_sweep()
    for _ in range(5):
        with time_machine.travel(moment, tick=False):
            deliveries_send_due()
        moment += dt.timedelta(hours=1)
    assert len(receiver.requests) == 5
    [row] = Delivery.objects.filter(user=s.leader, channel=Channel.CHAT)
    assert row.status == Delivery.Status.FAILED and "HTTP 500" in row.last_error
    # Even with email off, the person hears about it once, by email, and is told why.
    leader_mail = [m for m in mail.outbox if m.to == [s.leader.email]]
    assert len(leader_mail) == 1
    assert "your chat app did not accept it" in leader_mail[0].body
    # The failure is the person's own business: not in a coordinator's failed list.
    s.program.coordinators.add(coordinator := make_user())
    assert not problem_deliveries_visible_to(user=coordinator).filter(pk=row.pk).exists()
    # And their settings page says so.
    page = client_for(s.leader).get("/notifications/settings/")
    assert "did not arrive" in page.content.decode()


def test_a_revoked_webhook_falls_back_to_email_at_once_and_only_once(
    receiver: Receiver, allow_private: None
) -> None:
    s = make_pair(started_on=NOW.date() - dt.timedelta(days=8))
    chat_on(s.leader, receiver.url)  # email stays on too
    receiver.reply(404)  # Slack's "no_service": the hook was removed
    with time_machine.travel(NOW, tick=False):
        reminders_sweep()
        deliveries_send_due()
    assert len(receiver.requests) == 1
    assert Delivery.objects.get(user=s.leader, channel=Channel.CHAT).status == "failed"
    # The email copy already existed (same key): one email, not two.
    assert len([m for m in mail.outbox if m.to == [s.leader.email]]) == 1


def test_chat_is_not_offered_unless_the_organisation_turns_it_on(
    settings: Any, plain_user: User, plain_client: Client
) -> None:
    settings.PERSONAL_CHAT_PROVIDERS = []
    page = plain_client.get("/notifications/settings/").content.decode()
    assert "chat_webhook_url" not in page and "not available" not in page
    response = put_prefs(plain_client, chat_enabled=True, chat_webhook_url=PUBLIC_URL)
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "chat_enabled"
    # A link saved while it was offered stops being used when the organisation withdraws it.
    chat_on(plain_user, PUBLIC_URL)
    assert plain_client.get("/api/v1/notifications/preferences").json()["channels"] == [
        "email",
        "in_app",
    ]


# --- the settings page and the API ----------------------------------------------------------


def test_a_person_turns_chat_on_in_the_settings_page_and_the_link_is_masked(
    plain_user: User, plain_client: Client
) -> None:
    page = plain_client.get("/notifications/settings/").content.decode()
    assert 'name="chat_webhook_url"' in page and "Slack" in page and "Teams" in page
    response = plain_client.post(
        "/notifications/settings/",
        {
            "email_enabled": "on",
            "chat_enabled": "on",
            "chat_provider": "teams",
            "chat_webhook_url": PUBLIC_URL,
        },
    )
    assert response.status_code == 302
    pref = DeliveryPreference.objects.get(user=plain_user)
    assert (pref.chat_enabled, pref.chat_provider, pref.chat_webhook_url) == (
        True,
        "teams",
        PUBLIC_URL,
    )
    page = plain_client.get("/notifications/settings/").content.decode()
    assert "XXXXsecret" not in page and "TAIL" in page  # only the end is shown
    # Saving again with the field empty keeps the link.
    plain_client.post(
        "/notifications/settings/",
        {"email_enabled": "on", "chat_enabled": "on", "chat_provider": "teams"},
    )
    assert DeliveryPreference.objects.get(user=plain_user).chat_webhook_url == PUBLIC_URL
    # Forgetting it turns chat off.
    plain_client.post("/notifications/settings/", {"email_enabled": "on", "chat_forget": "on"})
    pref.refresh_from_db()
    assert (pref.chat_enabled, pref.chat_webhook_url) == (False, "")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://hooks.slack.com/services/x",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://user:pw@52.0.0.10/hook",
        "https://" + "a" * 500 + ".example/",
    ],
)
def test_hostile_chat_links_are_refused_naming_the_field(
    url: str, plain_user: User, plain_client: Client
) -> None:
    response = put_prefs(
        plain_client, chat_enabled=True, chat_provider="slack", chat_webhook_url=url
    )
    assert response.status_code in (400, 422)
    assert "chat_webhook_url" in {e["field"] for e in response.json()["errors"]}
    page = plain_client.post(
        "/notifications/settings/",
        {
            "email_enabled": "on",
            "chat_enabled": "on",
            "chat_provider": "slack",
            "chat_webhook_url": url,
        },
    )
    assert page.status_code == 400
    assert "field-error" in page.content.decode()
    assert not DeliveryPreference.objects.filter(user=plain_user, chat_enabled=True).exists()


def test_the_api_sets_and_shows_my_chat_without_revealing_the_link(
    plain_user: User, plain_client: Client
) -> None:
    response = put_prefs(
        plain_client, chat_enabled=True, chat_provider="slack", chat_webhook_url=PUBLIC_URL
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["chat_enabled"] is True and body["chat_provider"] == "slack"
    assert body["channels"] == ["email", "in_app", "chat"]
    assert "secret" not in json.dumps(body) and body["chat_webhook"].endswith("TAIL")
    # A PUT that leaves chat out keeps it (older clients do not know the fields).
    assert put_prefs(plain_client, email_enabled=False).json()["chat_enabled"] is True
    # An unknown provider and a missing link are named.
    wrong = put_prefs(plain_client, chat_enabled=True, chat_provider="irc").json()
    assert [e["field"] for e in wrong["errors"]] == ["chat_provider"]
    other = make_user()
    empty = put_prefs(client_for(other), chat_enabled=True, chat_provider="slack")
    assert [e["field"] for e in empty.json()["errors"]] == ["chat_webhook_url"]


def test_another_person_cannot_see_or_change_my_chat_link(plain_user: User) -> None:
    chat_on(plain_user, PUBLIC_URL)
    intruder = client_for(make_user())
    mine = intruder.get("/api/v1/notifications/preferences").json()
    assert mine["chat_webhook"] == "" and mine["chat_enabled"] is False
    # Their write changes their own row only, whatever they send.
    put_prefs(intruder, chat_enabled=False, chat_webhook_url="", user_id=plain_user.pk)
    intruder.post("/notifications/settings/", {"chat_forget": "on", "user": plain_user.pk})
    pref = DeliveryPreference.objects.get(user=plain_user)
    assert pref.chat_enabled and pref.chat_webhook_url == PUBLIC_URL
    # An org admin exporting the person's data does not get it either.
    admin = make_user(is_org_admin=True)
    assert plain_user.person is not None
    document = person_export(actor=admin, person=plain_user.person)
    assert "XXXXsecret" not in json.dumps(document, default=str)
    assert document["records"]["notifications.DeliveryPreference"][0]["chat_enabled"] is True


def test_the_test_button_posts_to_my_chat(
    plain_user: User, plain_client: Client, receiver: Receiver, allow_private: None
) -> None:
    chat_on(plain_user, receiver.url, "teams")
    response = plain_client.post("/api/v1/notifications/preferences/chat/test")
    assert response.status_code == 200 and response.json() == {"response_code": 200}
    assert_teams_shape(json.loads(receiver.requests[0].body))
    receiver.reply(403)
    page = plain_client.post("/notifications/settings/chat/test/", follow=True)
    assert "did not accept the test message" in page.content.decode()
    refused = client_for(make_user()).post("/api/v1/notifications/preferences/chat/test")
    assert refused.status_code == 409

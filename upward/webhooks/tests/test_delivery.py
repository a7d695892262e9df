"""Deliveries over real HTTP to a receiver on loopback: signed, retried, replayed, paused."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from upward import outbound
from upward.mentoring.services.safety import pair_exit
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.notifications.models import Delivery
from upward.notifications.sending import deliveries_send_due as notifications_send_due
from upward.people.models import User
from upward.webhooks.models import Endpoint, WebhookDelivery
from upward.webhooks.sending import deliveries_due_exist, deliveries_send_due, retry_delay
from upward.webhooks.tests.conftest import Receiver
from upward.webhooks.tests.factories import make_endpoint

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does (docs/integrations.md)."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def end_a_pair(admin: User) -> Any:
    pair = PairFactory()
    pair_exit(pair=pair, actor=user_of(pair.leader), wants_rematch=False)
    return pair


def test_a_delivery_arrives_signed_with_the_endpoints_secret(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    endpoint = make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    pair = end_a_pair(admin_user)

    result = deliveries_send_due()

    assert result.delivered == 1
    [request] = receiver.requests
    assert request.path == "/hooks/upward"
    assert request.headers["Content-Type"] == "application/json"
    assert verify(endpoint.secret, request.body, request.headers["X-Upward-Signature"])
    assert not verify("whsec_someone-elses", request.body, request.headers["X-Upward-Signature"])
    body = json.loads(request.body)
    assert body["event"] == "pair.closed" == request.headers["X-Upward-Event"]
    assert body["id"] == request.headers["X-Upward-Delivery"]
    assert dt.datetime.fromisoformat(body["timestamp"]).tzinfo is not None
    assert body["data"]["id"] == pair.pk
    assert body["data"]["status"] == "ended"
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.response_code) == ("delivered", 1, 200)


def test_the_task_worker_sends_once_the_change_commits(
    admin_user: User,
    receiver: Receiver,
    allow_private: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    with django_capture_on_commit_callbacks(execute=True):
        end_a_pair(admin_user)
    # The (eager) task ran after the commit: nothing was left for a later tick.
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_rolled_back_change_sends_nothing(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    from django.db import transaction

    make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    with pytest.raises(RuntimeError), transaction.atomic():
        end_a_pair(admin_user)
        raise RuntimeError("the change fails after the event")
    assert deliveries_send_due().delivered == 0
    assert receiver.requests == []


def test_a_500_is_retried_with_growing_pauses_until_it_is_accepted(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    receiver.reply(500, 503)
    with time_machine.travel(T0, tick=False):
        end_a_pair(admin_user)
        assert deliveries_send_due().retrying == 1
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.response_code) == ("pending", 1, 500)
    assert "HTTP 500: receiver says no" in row.last_error
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)

    with time_machine.travel(T0 + dt.timedelta(seconds=30), tick=False):
        assert deliveries_send_due().retrying == 0  # not due yet: no request
    assert len(receiver.requests) == 1

    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        assert deliveries_send_due().retrying == 1
    row.refresh_from_db()
    assert (row.attempts, row.response_code) == (2, 503)
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=1) + dt.timedelta(minutes=2)

    with time_machine.travel(T0 + dt.timedelta(minutes=3), tick=False):
        assert deliveries_send_due().delivered == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.response_code, row.last_error) == (
        "delivered",
        3,
        200,
        "",
    )
    # The same event three times: same id and body, so the receiver can deduplicate.
    assert len({r.body for r in receiver.requests}) == 1
    assert Endpoint.objects.get().failing_since is None


def test_backoff_doubles_and_is_capped() -> None:
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(20) == dt.timedelta(hours=6)


def test_a_delivery_that_keeps_failing_is_marked_failed_after_the_last_try(
    admin_user: User, receiver: Receiver, allow_private: None, settings: Any
) -> None:
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    receiver.reply(500, 500)
    with time_machine.travel(T0, tick=False):
        end_a_pair(admin_user)
        deliveries_send_due()
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        assert deliveries_send_due().failed == 1
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts) == ("failed", 2)


def test_replay_sends_the_same_event_again_from_the_page_and_the_api(
    admin_user: User, admin_client_: Client, receiver: Receiver, allow_private: None
) -> None:
    endpoint = make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    end_a_pair(admin_user)
    deliveries_send_due()
    row = WebhookDelivery.objects.get()

    response = admin_client_.post(
        f"/integrations/webhooks/{endpoint.pk}/deliveries/{row.pk}/replay/"
    )
    assert response.status_code == 302
    deliveries_send_due()

    response = admin_client_.post(
        f"/api/v1/webhooks/{endpoint.pk}/deliveries",
        data={"ids": [row.pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"replayed": [row.pk]}
    deliveries_send_due()

    assert len(receiver.requests) == 3
    assert len({r.body for r in receiver.requests}) == 1  # the same id and body each time
    row.refresh_from_db()
    assert (row.status, row.replays) == ("delivered", 2)
    listed = admin_client_.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries").json()
    assert listed["count"] == 1
    assert listed["results"][0]["replays"] == 2
    assert listed["results"][0]["body"]["event"] == "pair.closed"


def test_replaying_all_failed_deliveries_through_the_api(
    admin_user: User, admin_client_: Client, receiver: Receiver, allow_private: None, settings: Any
) -> None:
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    endpoint = make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    receiver.reply(500, 500)
    end_a_pair(admin_user)
    end_a_pair(admin_user)
    assert deliveries_send_due().failed == 2

    response = admin_client_.post(
        f"/api/v1/webhooks/{endpoint.pk}/deliveries",
        data={"all_failed": True},
        content_type="application/json",
    )
    assert len(response.json()["replayed"]) == 2
    assert deliveries_send_due().delivered == 2


def test_replaying_an_unknown_delivery_replays_nothing(
    admin_user: User, admin_client_: Client, receiver: Receiver, allow_private: None
) -> None:
    endpoint = make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    end_a_pair(admin_user)
    deliveries_send_due()
    row = WebhookDelivery.objects.get()
    response = admin_client_.post(
        f"/api/v1/webhooks/{endpoint.pk}/deliveries",
        data={"ids": [row.pk, row.pk + 999]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "ids"
    row.refresh_from_db()
    assert (row.status, row.replays) == ("delivered", 0)


def test_an_endpoint_failing_for_a_day_is_paused_and_its_owner_told(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    endpoint = make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    receiver.reply(*[500] * 50)
    with time_machine.travel(T0, tick=False):
        end_a_pair(admin_user)
        deliveries_send_due()
    endpoint.refresh_from_db()
    assert endpoint.failing_since == T0
    assert not endpoint.is_paused

    # Retries keep failing through the day; the endpoint stays on until the day is out.
    moment = T0
    while moment < T0 + dt.timedelta(hours=23):
        moment = WebhookDelivery.objects.get().next_attempt_at
        with time_machine.travel(moment, tick=False):
            deliveries_send_due()
    endpoint.refresh_from_db()
    assert endpoint.is_paused
    assert endpoint.paused_at is not None
    assert endpoint.paused_at - T0 >= dt.timedelta(hours=24)
    assert "HTTP 500" in endpoint.pause_reason

    # The owner hears about it, in the app and by email.
    notices = Delivery.objects.filter(user=admin_user, kind="webhook_paused")
    assert sorted(notices.values_list("channel", flat=True)) == ["email", "in_app"]
    with time_machine.travel(endpoint.paused_at, tick=False):
        notifications_send_due()
    notification = admin_user.notifications.get(kind="webhook_paused")
    assert receiver.url in notification.body
    assert notification.url == f"/integrations/webhooks/{endpoint.pk}/"

    # Paused: nothing more is sent, however much is due, and new events wait.
    sent_so_far = len(receiver.requests)
    with time_machine.travel(endpoint.paused_at + dt.timedelta(days=2), tick=False):
        end_a_pair(admin_user)
        assert deliveries_send_due().delivered == 0
    assert len(receiver.requests) == sent_so_far
    assert WebhookDelivery.objects.filter(status="pending").count() == 2

    # Resumed, the receiver now answers: both waiting events go out.
    receiver.replies.clear()
    from upward.webhooks.services import endpoint_resume

    with time_machine.travel(endpoint.paused_at + dt.timedelta(days=2), tick=False):
        endpoint_resume(actor=admin_user, endpoint=endpoint)
        assert deliveries_send_due().delivered == 2
    endpoint.refresh_from_db()
    assert (endpoint.state, endpoint.failing_since) == ("active", None)


def test_a_success_ends_the_failure_streak(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    endpoint = make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    receiver.reply(500)
    with time_machine.travel(T0, tick=False):
        end_a_pair(admin_user)
        deliveries_send_due()
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        deliveries_send_due()
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None


# --- private addresses ---------------------------------------------------------------------


def _never_connect(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(str(args[1] if len(args) > 1 else kwargs))
        raise AssertionError("a refused address must never be connected to")

    monkeypatch.setattr("httpx.Client.post", refuse)
    return attempts


def test_loopback_is_refused_without_the_development_setting(
    admin_user: User, receiver: Receiver, settings: Any
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    make_endpoint(admin_user, receiver.url.replace("http://", "https://"), events=["pair.closed"])
    end_a_pair(admin_user)
    result = deliveries_send_due()
    assert result.failed == 1  # permanent: retrying would not make the address public
    row = WebhookDelivery.objects.get()
    assert row.status == "failed"
    assert "Refused" in row.last_error and "127.0.0.1" in row.last_error
    assert receiver.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.0.0.7/hook",
        "https://172.16.4.2/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::5]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(
    url: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    attempts = _never_connect(monkeypatch)
    with pytest.raises(outbound.AddressRefused, match="private, loopback or link-local"):
        outbound.post(url, body=b"{}", headers={}, timeout=1)
    assert attempts == []


def test_a_host_with_one_private_address_among_public_ones_is_refused(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    attempts = _never_connect(monkeypatch)

    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "hooks.example.com"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    monkeypatch.setattr(outbound.socket, "getaddrinfo", resolve)
    with pytest.raises(outbound.AddressRefused, match=r"10\.1\.2\.3"):
        outbound.post("https://hooks.example.com/x", body=b"{}", headers={}, timeout=1)
    assert attempts == []


def test_plain_http_is_refused_in_production(settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(outbound.AddressRefused, match="https"):
        outbound.check_url("http://hooks.example.com/x")


def test_the_request_goes_to_the_address_that_was_checked(
    admin_user: User, receiver: Receiver, allow_private: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name is resolved once, checked, and the connection goes to that very
    address (the receiver sees the original Host), so a second lookup cannot change it."""
    port = int(receiver.url.split(":")[2].split("/")[0])
    lookups: list[str] = []
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "receiver.example.test":
            lookups.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(outbound.socket, "getaddrinfo", resolve)
    make_endpoint(
        admin_user, f"http://receiver.example.test:{port}/hooks/upward", events=["pair.closed"]
    )
    end_a_pair(admin_user)
    assert deliveries_send_due().delivered == 1
    assert lookups == ["receiver.example.test"]  # one lookup, then the checked address
    assert receiver.requests[0].headers["Host"] == f"receiver.example.test:{port}"


def test_the_owner_losing_the_program_stops_what_was_recorded_for_them(
    coordinator_user: User, receiver: Receiver, allow_private: None
) -> None:
    pair = PairFactory()
    pair.program.coordinators.add(coordinator_user)
    make_endpoint(coordinator_user, receiver.url, events=["pair.closed"])
    pair_exit(pair=pair, actor=user_of(pair.leader), wants_rematch=False)
    pair.program.coordinators.remove(coordinator_user)
    if hasattr(coordinator_user, "_upward_roles"):
        del coordinator_user._upward_roles
    assert deliveries_send_due().failed == 1
    assert receiver.requests == []
    assert "no longer see" in WebhookDelivery.objects.get().last_error


def test_a_stale_sending_row_goes_back_to_pending(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    end_a_pair(admin_user)
    WebhookDelivery.objects.update(
        status="sending", last_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )
    result = deliveries_send_due()
    assert (result.released, result.delivered) == (1, 1)


def test_a_send_whose_worker_died_is_sent_again_within_two_minutes_by_the_scheduler(
    admin_user: User, receiver: Receiver, allow_private: None
) -> None:
    make_endpoint(admin_user, receiver.url, events=["pair.closed"])
    end_a_pair(admin_user)
    started = timezone.now()
    # The worker claimed the delivery and died before the request: nothing else is due.
    WebhookDelivery.objects.update(status="sending", last_attempt_at=started)
    with time_machine.travel(started + dt.timedelta(seconds=30)):
        assert not deliveries_due_exist()  # a live worker may still be sending
    with time_machine.travel(started + dt.timedelta(seconds=61)):
        assert deliveries_due_exist()  # the next tick (every 60 s) enqueues the sender
        assert deliveries_send_due().delivered == 1
    assert len(receiver.requests) == 1

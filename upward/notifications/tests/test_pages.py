"""Pages and API: each person sees only their own notifications; coordinators manage only their
programs' nudges and see only their programs' failed messages; bad input gets field errors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from upward.notifications.models import (
    Delivery,
    DeliveryPreference,
    Notification,
    ProgramNudgePause,
)
from upward.notifications.services import (
    notification_mark_read,
    program_nudges_pause,
    program_nudges_resume,
)
from upward.notifications.tests.factories import make_pair, make_program, make_user
from upward.people.models import User
from upward.people.services import api_token_create

pytestmark = pytest.mark.django_db


def note(
    user: User, title: str = "Tomorrow: your conversation with Kofi", **extra: Any
) -> Notification:
    return Notification.objects.create(
        user=user, kind="meeting_soon", title=title, url="/pairs/1/", **extra
    )


def failed(user: User, program: Any, key: str = "x:1:email") -> Delivery:
    return Delivery.objects.create(
        key=key,
        kind="meeting_soon",
        channel="email",
        user=user,
        program=program,
        template="meeting_soon",
        status=Delivery.Status.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: gone",
    )


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


# The notification list ---------------------------------------------------------------------


def test_the_list_shows_my_notifications_and_not_others(
    plain_user: User, plain_client: Client
) -> None:
    note(plain_user, "Mine to read")
    note(make_user(), "Someone else's")
    response = plain_client.get("/notifications/")
    assert response.status_code == 200
    assert b"Mine to read" in response.content and b"Someone else" not in response.content


def test_times_read_like_speech_just_now_then_minutes_ago(
    plain_user: User, plain_client: Client
) -> None:
    from django.utils import timezone

    note(plain_user, "Fresh")
    note(plain_user, "Older", created_at=timezone.now() - dt.timedelta(minutes=1, seconds=5))
    page = plain_client.get("/notifications/").content.decode()
    assert "just now" in page and "1\xa0minute ago" in page
    assert "0\xa0minutes ago" not in page


def test_the_list_has_an_empty_state(plain_client: Client) -> None:
    response = plain_client.get("/notifications/?show=unread")
    assert b"You are all caught up" in response.content


def test_htmx_gets_the_partial(plain_user: User, plain_client: Client) -> None:
    note(plain_user)
    response = plain_client.get("/notifications/", headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"Kofi" in response.content


def test_opening_marks_read_and_follows_the_link(plain_user: User, plain_client: Client) -> None:
    item = note(plain_user)
    response = plain_client.get(f"/notifications/{item.pk}/")
    assert response.status_code == 302 and response["Location"] == "/pairs/1/"
    item.refresh_from_db()
    assert item.is_read


def test_an_offsite_link_is_not_followed(plain_user: User, plain_client: Client) -> None:
    item = Notification.objects.create(
        user=plain_user, kind="x", title="t", url="https://evil.example/"
    )
    assert plain_client.get(f"/notifications/{item.pk}/")["Location"] == "/"


def test_someone_elses_notification_is_not_found(plain_client: Client) -> None:
    other = note(make_user())
    assert plain_client.get(f"/notifications/{other.pk}/").status_code == 404
    assert plain_client.post(f"/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert not other.is_read


def test_mark_all_read(plain_user: User, plain_client: Client) -> None:
    note(plain_user)
    note(plain_user)
    plain_client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=plain_user, read_at__isnull=True).exists()


def test_the_list_requires_sign_in() -> None:
    assert Client().get("/notifications/").status_code == 302


def test_the_home_page_shows_recent_notifications(plain_user: User, plain_client: Client) -> None:
    note(plain_user, "Your charter is waiting")
    response = plain_client.get("/")
    assert (
        b"Recent notifications" in response.content
        and b"Your charter is waiting" in response.content
    )


# Settings ----------------------------------------------------------------------------------


def test_settings_save_channels_and_quiet_hours(plain_user: User, plain_client: Client) -> None:
    response = plain_client.post(
        "/notifications/settings/",
        {
            "in_app_enabled": "on",
            "quiet_start": "21:30",
            "quiet_end": "07:00",
            "timezone": "Europe/Paris",
        },
    )
    assert response.status_code == 302
    pref = DeliveryPreference.objects.get(user=plain_user)
    assert not pref.email_enabled and pref.in_app_enabled
    assert pref.quiet_start == dt.time(21, 30) and pref.timezone == "Europe/Paris"


def test_settings_need_both_ends_of_quiet_hours(plain_client: Client) -> None:
    response = plain_client.post(
        "/notifications/settings/", {"email_enabled": "on", "quiet_start": "22:00"}
    )
    assert response.status_code == 400
    assert b"Give both ends of your quiet hours" in response.content


def test_settings_reject_an_unknown_time_zone(plain_client: Client) -> None:
    response = plain_client.post("/notifications/settings/", {"timezone": "Mars/Olympus"})
    assert response.status_code == 400 and b"field-error" in response.content


# Coordinator pages -------------------------------------------------------------------------


@pytest.fixture
def program(coordinator_user: User) -> Any:
    return make_program(coordinator=coordinator_user)


def test_a_coordinator_pauses_and_resumes_their_program(
    coordinator_client: Client, program: Any
) -> None:
    page = coordinator_client.get("/notifications/nudges/")
    assert page.status_code == 200 and program.name.encode() in page.content
    coordinator_client.post(
        f"/notifications/nudges/{program.slug}/pause/", {"reason": "Shutdown week"}
    )
    assert ProgramNudgePause.objects.get(program=program).reason == "Shutdown week"
    coordinator_client.post(f"/notifications/nudges/{program.slug}/resume/")
    assert not ProgramNudgePause.objects.filter(program=program).exists()


def test_a_coordinator_cannot_pause_another_program(coordinator_client: Client) -> None:
    other = make_program(coordinator=make_user(is_coordinator=True))
    assert coordinator_client.post(f"/notifications/nudges/{other.slug}/pause/").status_code == 404
    assert not ProgramNudgePause.objects.exists()


def test_the_nudge_and_notification_services_ask_access(plain_user: User) -> None:
    """Called directly (not through a page), the services still refuse other people: 404."""
    other = make_program(coordinator=make_user(is_coordinator=True))
    outsider = make_user(is_coordinator=True)
    with pytest.raises(Http404):
        program_nudges_pause(actor=outsider, program=other, reason="not mine")
    ProgramNudgePause.objects.create(program=other)
    with pytest.raises(Http404):
        program_nudges_resume(actor=outsider, program=other)
    assert ProgramNudgePause.objects.filter(program=other).exists()
    theirs = Notification.objects.create(user=make_user(), kind="x", title="t", url="/")
    with pytest.raises(Http404):
        notification_mark_read(actor=plain_user, notification=theirs)
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("who", ["plain_client", "sponsor_client"])
def test_people_without_programs_to_run_cannot_open_the_nudges_page(who: str, request: Any) -> None:
    client: Client = request.getfixturevalue(who)
    assert client.get("/notifications/nudges/").status_code == 403
    assert client.get("/notifications/deliveries/").status_code == 403


def test_failed_deliveries_are_shown_to_the_programs_coordinator_only(
    coordinator_user: User, coordinator_client: Client, program: Any
) -> None:
    s = make_pair(program=program)
    mine = failed(s.leader, program)
    other_program = make_program(coordinator=make_user(is_coordinator=True))
    theirs = failed(make_pair(program=other_program).leader, other_program, key="y:2:email")
    page = coordinator_client.get("/notifications/deliveries/")
    assert s.leader.email.encode() in page.content
    assert theirs.user.email.encode() not in page.content
    assert (
        coordinator_client.get(f"/notifications/deliveries/{theirs.pk}/retry/").status_code == 404
    )
    confirm = coordinator_client.get(f"/notifications/deliveries/{mine.pk}/retry/")
    assert b"Send this message again?" in confirm.content
    mine.refresh_from_db()
    assert mine.status == Delivery.Status.FAILED  # GET only asks


def test_the_nudges_page_has_an_empty_state_for_admins(admin_client_: Client) -> None:
    page = admin_client_.get("/notifications/nudges/")
    assert b"Every message went out" in page.content


# API ---------------------------------------------------------------------------------------


def test_api_lists_and_marks_my_notifications(plain_user: User) -> None:
    mine = note(plain_user)
    other = note(make_user())
    client = api(plain_user)
    body = client.get("/api/v1/notifications").json()
    assert body["count"] == 1 and body["unread"] == 1 and body["results"][0]["id"] == mine.pk
    assert client.post(f"/api/v1/notifications/{mine.pk}/read").json()["read_at"]
    assert client.post(f"/api/v1/notifications/{other.pk}/read").status_code == 404
    assert client.get("/api/v1/notifications?unread_only=true").json()["count"] == 0
    assert client.get("/api/v1/notifications?page=0").status_code == 422
    note(plain_user)
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}


def test_api_requires_authentication() -> None:
    assert Client().get("/api/v1/notifications").status_code == 401


def test_api_preferences_round_trip_and_name_bad_fields(plain_user: User) -> None:
    client = api(plain_user)
    assert (
        client.get("/api/v1/notifications/preferences").json()["effective_timezone"]
        == "Europe/London"
    )
    good = {
        "email_enabled": False,
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "timezone": "Asia/Tokyo",
    }
    body = client.put(
        "/api/v1/notifications/preferences", json.dumps(good), content_type="application/json"
    ).json()
    assert body["email_enabled"] is False and body["effective_timezone"] == "Asia/Tokyo"
    for bad, field in [
        ({"quiet_start": "22:00"}, "quiet_end"),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"quiet_start": "25:99", "quiet_end": "07:00"}, "quiet_start"),
    ]:
        response = client.put(
            "/api/v1/notifications/preferences", json.dumps(bad), content_type="application/json"
        )
        assert response.status_code in (400, 422)
        assert response.json()["errors"][0]["field"] == field


def test_api_nudges_pause_is_for_the_programs_coordinators(
    coordinator_user: User, program: Any
) -> None:
    url = f"/api/v1/notifications/programs/{program.pk}/nudges"
    payload = json.dumps({"paused": True, "reason": "Year-end freeze"})
    assert (
        api(coordinator_user).put(url, payload, content_type="application/json").json()["paused"]
        is True
    )
    assert api(make_user(is_coordinator=True)).get(url).status_code == 404
    assert api(make_user()).put(url, payload, content_type="application/json").status_code == 404


def test_api_lists_and_retries_problem_deliveries(
    coordinator_user: User, program: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = failed(make_pair(program=program).mentor, program)
    client = api(coordinator_user)
    assert client.get("/api/v1/notifications/deliveries/problems").json()["count"] == 1
    assert client.post(f"/api/v1/notifications/deliveries/{row.pk}/retry").status_code == 200
    assert (
        api(make_user()).post(f"/api/v1/notifications/deliveries/{row.pk}/retry").status_code == 404
    )

"""Program messages in a Slack or Teams channel: the documented payload shapes, real HTTP to a
receiver on loopback, consent in celebrations, pauses, and who may connect a channel."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.community.services import checkin_create
from upward.feedback.services.authoring import (
    QuestionInput,
    SurveySettings,
    custom_survey_create,
    custom_survey_publish,
)
from upward.mentoring.services.journal import action_create, action_publish
from upward.mentoring.services.safety import closure_submit
from upward.mentoring.tests.factories import PairFactory, invite_to_close, user_of
from upward.notifications import services
from upward.notifications.chat import chat_posts_send_due, slack_payload, teams_payload
from upward.notifications.models import ChatPost, ProgramChatChannel, ProgramNudgePause
from upward.notifications.scheduling import scheduler_tick
from upward.people.models import User
from upward.programs.models import Program
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory
from upward.webhooks.tests.conftest import Receiver

pytestmark = pytest.mark.django_db

ALL_KINDS = ["survey_opened", "checkin", "celebration"]


# --- the documented shapes -------------------------------------------------------------------


def assert_slack_shape(payload: dict[str, Any]) -> None:
    """Slack incoming webhooks: `text` (the notification fallback) and Block Kit `blocks`."""
    assert set(payload) == {"text", "blocks"}
    assert isinstance(payload["text"], str) and payload["text"]
    assert 1 <= len(payload["blocks"]) <= 50
    for block in payload["blocks"]:
        assert block["type"] in {"section", "actions"}
        if block["type"] == "section":
            assert block["text"]["type"] in {"mrkdwn", "plain_text"}
            assert 0 < len(block["text"]["text"]) <= 3000
        else:
            assert 1 <= len(block["elements"]) <= 25
            for element in block["elements"]:
                assert element["type"] == "button"
                assert element["text"]["type"] == "plain_text"
                assert len(element["text"]["text"]) <= 75
                assert element["url"].startswith(("http://", "https://"))
                assert len(element["url"]) <= 3000


def assert_teams_shape(payload: dict[str, Any]) -> None:
    """Teams incoming webhooks / Workflows: a message whose attachment is an Adaptive Card."""
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert card["version"] in {"1.0", "1.2", "1.3", "1.4", "1.5"}
    assert card["body"] and all(item["type"] == "TextBlock" for item in card["body"])
    assert all(isinstance(item["text"], str) and item["text"] for item in card["body"])
    for action in card.get("actions", []):
        assert action["type"] == "Action.OpenUrl"
        assert action["title"] and action["url"].startswith(("http://", "https://"))


def test_slack_payload_follows_the_documented_shape_and_escapes_control_characters() -> None:
    payload = slack_payload(
        title="Check-in <tomorrow> & more", text="Bring <@here> ideas", link="https://u.example/x"
    )
    assert_slack_shape(payload)
    text = payload["blocks"][0]["text"]["text"]
    assert "&lt;@here&gt;" in text and "&amp; more" in text and "<@here>" not in text
    assert payload["blocks"][1]["elements"][0]["url"] == "https://u.example/x"


def test_slack_text_is_cut_to_the_block_limit() -> None:
    payload = slack_payload(title="Long", text="x" * 5000, link="")
    assert_slack_shape(payload)
    assert len(payload["blocks"]) == 1


def test_teams_payload_is_a_message_with_an_adaptive_card() -> None:
    payload = teams_payload(title="New survey: Pulse", text="Tell us", link="https://u.example/s")
    assert_teams_shape(payload)
    card = payload["attachments"][0]["content"]
    assert card["body"][0]["text"] == "New survey: Pulse"
    assert card["actions"][0]["url"] == "https://u.example/s"


# --- real HTTP ----------------------------------------------------------------------------------


def connect(program: Program, provider: str, url: str, kinds: list[str] | None = None) -> Any:
    return ProgramChatChannel.objects.create(
        program=program, provider=provider, webhook_url=url, kinds=kinds or ALL_KINDS
    )


def open_a_survey(program: Program, coordinator: User) -> None:
    ParticipantFactory(program=program)
    survey = custom_survey_create(
        program=program,
        actor=coordinator,
        settings=SurveySettings(title="Pulse", due_on=timezone.localdate() + dt.timedelta(days=7)),
        questions=[QuestionInput(text="How is it going?", kind="text")],
    )
    custom_survey_publish(survey=survey, actor=coordinator)


@pytest.mark.parametrize("provider", ["slack", "teams"])
def test_a_survey_opening_is_posted_to_the_channel(
    provider: str,
    coordinator_user: User,
    receiver: Receiver,
    allow_private: None,
) -> None:
    program = ProgramFactory(name="Digital fluency")
    program.coordinators.add(coordinator_user)
    connect(program, provider, receiver.url)
    open_a_survey(program, coordinator_user)

    assert chat_posts_send_due().sent == 1
    [request] = receiver.requests
    payload = json.loads(request.body)
    if provider == "slack":
        assert_slack_shape(payload)
        assert "New survey: Pulse" in payload["text"]
    else:
        assert_teams_shape(payload)
        assert payload["attachments"][0]["content"]["body"][0]["text"] == "New survey: Pulse"
    assert request.headers["Content-Type"] == "application/json"
    assert ChatPost.objects.get().status == "sent"


def test_a_refused_post_is_retried_then_given_up(
    coordinator_user: User,
    receiver: Receiver,
    allow_private: None,
) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    connect(program, "slack", receiver.url)
    receiver.reply(*[500] * 10)
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        open_a_survey(program, coordinator_user)
        assert chat_posts_send_due().retrying == 1
    for minutes in (1, 3, 7, 15):
        with time_machine.travel(t0 + dt.timedelta(minutes=minutes), tick=False):
            chat_posts_send_due()
    post = ChatPost.objects.get()
    assert (post.status, post.attempts, post.response_code) == ("failed", 5, 500)
    assert len(receiver.requests) == 5


def test_celebrations_name_people_only_with_their_consent(
    coordinator_user: User,
    receiver: Receiver,
    allow_private: None,
) -> None:
    pair = PairFactory()
    connect(pair.program, "slack", receiver.url)
    leader, mentor = user_of(pair.leader), user_of(pair.mentor)
    action = action_create(
        pair=pair,
        actor=leader,
        title="Use the team chat for decisions",
        description="Private context about my team",
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
    action_publish(action=action, actor=leader)
    invite_to_close(pair)
    closure_submit(
        pair=pair, actor=leader, choice="continue", final_reflection="x", celebrate_by_name=True
    )
    closure_submit(
        pair=pair, actor=mentor, choice="continue", final_reflection="y", celebrate_by_name=False
    )
    chat_posts_send_due()
    texts = [json.loads(r.body)["text"] for r in receiver.requests]
    assert len(texts) == 2
    joined = " ".join(texts)
    assert "Use the team chat for decisions" in joined
    assert "Private context" not in joined  # an action's description stays in Upward
    assert pair.mentor.person.name not in joined  # not credited, did not agree to be named
    assert "A pair in this program completed" in joined


def test_group_check_ins_are_announced_and_reminded_the_day_before(
    coordinator_user: User,
    receiver: Receiver,
    allow_private: None,
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    connect(program, "teams", receiver.url, kinds=["checkin"])
    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        checkin_create(
            program=program,
            actor=coordinator_user,
            title="Monthly circle",
            starts_at=t0 + dt.timedelta(days=3),
        )
        chat_posts_send_due()
    with time_machine.travel(t0 + dt.timedelta(days=2, hours=1), tick=False):
        scheduler_tick(send_inline=True)
        scheduler_tick(send_inline=True)  # a second tick records nothing new
    titles = [
        json.loads(r.body)["attachments"][0]["content"]["body"][0]["text"]
        for r in receiver.requests
    ]
    assert titles == ["Group check-in: Monthly circle", "Tomorrow: Monthly circle"]


def test_a_paused_program_posts_nothing(
    coordinator_user: User,
    receiver: Receiver,
    allow_private: None,
) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    connect(program, "slack", receiver.url)
    ProgramNudgePause.objects.create(program=program, paused_by=coordinator_user)
    open_a_survey(program, coordinator_user)
    assert chat_posts_send_due().skipped == 1
    assert receiver.requests == []


def test_kinds_the_channel_did_not_choose_are_not_recorded(coordinator_user: User) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    connect(program, "slack", "https://hooks.slack.com/services/T/B/x", kinds=["celebration"])
    open_a_survey(program, coordinator_user)
    assert not ChatPost.objects.exists()


# --- connecting a channel ---------------------------------------------------------------------


SLACK_URL = "https://93.184.216.34/services/T000/B000/XXXX"


def test_a_coordinator_connects_a_channel_through_the_api_and_never_sees_the_url_again(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    response = coordinator_client.put(
        f"/api/v1/notifications/programs/{program.pk}/chat",
        data={"provider": "slack", "webhook_url": SLACK_URL, "kinds": ["survey_opened"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["connected"] and body["kinds"] == ["survey_opened"]
    assert "XXXX" in body["webhook_url"] and "T000" not in body["webhook_url"]
    # Saving again without a URL keeps the saved one.
    coordinator_client.put(
        f"/api/v1/notifications/programs/{program.pk}/chat",
        data={"provider": "teams", "kinds": ["checkin"]},
        content_type="application/json",
    )
    channel = ProgramChatChannel.objects.get()
    assert (channel.provider, channel.webhook_url, channel.kinds) == (
        "teams",
        SLACK_URL,
        ["checkin"],
    )
    page = coordinator_client.get(f"/notifications/nudges/{program.slug}/chat/").content.decode()
    assert "T000" not in page


def test_bad_channel_input_is_refused_field_by_field(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    response = coordinator_client.put(
        f"/api/v1/notifications/programs/{program.pk}/chat",
        data={"provider": "irc", "webhook_url": "https://10.0.0.2/hook", "kinds": ["gossip"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"provider", "webhook_url", "kinds"}
    assert not ProgramChatChannel.objects.exists()


def test_only_the_programs_coordinators_connect_its_channel(
    coordinator_user: User, sponsor_user: User
) -> None:
    program = ProgramFactory(sponsor=sponsor_user)
    other = ProgramFactory()
    other.coordinators.add(coordinator_user)
    pair = PairFactory(program=program)
    body = {"provider": "slack", "webhook_url": SLACK_URL}
    for user in (coordinator_user, sponsor_user, user_of(pair.leader)):
        client = client_for(user)
        response = client.put(
            f"/api/v1/notifications/programs/{program.pk}/chat",
            data=body,
            content_type="application/json",
        )
        assert response.status_code == 404
        assert client.get(f"/notifications/nudges/{program.slug}/chat/").status_code == 404
        with pytest.raises(Exception):  # noqa: B017 (Http404 from access)
            services.chat_channel_save(
                actor=user, program=program, provider="slack", webhook_url=SLACK_URL
            )
    assert not ProgramChatChannel.objects.exists()


def test_the_test_button_posts_at_once_and_reports_a_refusal(
    coordinator_user: User,
    coordinator_client: Client,
    receiver: Receiver,
    allow_private: None,
) -> None:
    program = ProgramFactory()
    program.coordinators.add(coordinator_user)
    connect(program, "slack", receiver.url)
    response = coordinator_client.post(f"/api/v1/notifications/programs/{program.pk}/chat/test")
    assert response.json() == {"response_code": 200}
    assert_slack_shape(json.loads(receiver.requests[0].body))
    receiver.reply(404)
    response = coordinator_client.post(f"/api/v1/notifications/programs/{program.pk}/chat/test")
    assert response.status_code == 409
    assert "HTTP 404" in response.json()["detail"]

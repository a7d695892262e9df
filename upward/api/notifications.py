"""Notifications API: the signed-in person's notifications and preferences; for coordinators,
program nudge pauses and failed deliveries. Same services and selectors as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from upward.access import AuthedRequest
from upward.i18n import remember_choice
from upward.notifications import services
from upward.notifications.models import Delivery, DeliveryPreference, Notification
from upward.notifications.preferences import chat_providers_offered, preference_for
from upward.notifications.selectors import (
    chat_channel_of,
    chat_posts_of,
    notification_of,
    notifications_of,
    problem_deliveries_visible_to,
    problem_delivery_for,
    program_for_nudges,
    program_is_paused,
    unread_count,
)

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def of(n: Notification) -> NotificationOut:
        return NotificationOut(
            id=n.pk,
            kind=n.kind,
            title=n.title,
            body=n.body,
            url=n.url,
            created_at=n.created_at,
            read_at=n.read_at,
        )


class NotificationPage(Schema):
    count: int
    unread: int
    page: int
    page_size: int
    results: list[NotificationOut]


class NotificationFilters(Schema):
    unread_only: bool = False
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=200)


@router.get("", response=NotificationPage, summary="My notifications, newest first")
def list_notifications(
    request: AuthedRequest, filters: Query[NotificationFilters]
) -> NotificationPage:
    qs = notifications_of(user=request.user, unread_only=filters.unread_only)
    start = (filters.page - 1) * filters.page_size
    return NotificationPage(
        count=qs.count(),
        unread=unread_count(user=request.user),
        page=filters.page,
        page_size=filters.page_size,
        results=[NotificationOut.of(n) for n in qs[start : start + filters.page_size]],
    )


@router.post("/{notification_id}/read", response=NotificationOut, summary="Mark one as read")
def mark_read(request: AuthedRequest, notification_id: int) -> NotificationOut:
    notification = notification_of(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404(gettext("No notification %(id)d of yours.") % {"id": notification_id})
    services.notification_mark_read(actor=request.user, notification=notification)
    return NotificationOut.of(notification)


class ReadAllOut(Schema):
    marked: int


@router.post("/read-all", response=ReadAllOut, summary="Mark all my notifications as read")
def mark_all_read(request: AuthedRequest) -> ReadAllOut:
    return ReadAllOut(marked=services.notifications_mark_all_read(actor=request.user))


class PreferencesOut(Schema):
    email_enabled: bool
    in_app_enabled: bool
    chat_enabled: bool = Field(description="Reminders go to the person's own chat link.")
    chat_provider: str = Field(description="'slack' or 'teams'; empty when none is chosen.")
    chat_webhook: str = Field(
        description="The saved incoming-webhook URL, masked (host and last characters only)."
    )
    chat_providers_offered: list[str] = Field(
        description="The chat apps the organisation offers for personal reminders."
    )
    channels: list[str] = Field(description="Where reminders go now: email, in_app, chat.")
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    timezone: str = Field(description="Empty: the directory time zone is used.")
    effective_timezone: str
    language: str = Field(
        description="The language emails, reminders and pages use: en, fr, de or es; empty: "
        "follow the browser (messages then use the organisation's language)."
    )


class PreferencesIn(Schema):
    email_enabled: bool = True
    in_app_enabled: bool = True
    chat_enabled: bool | None = Field(None, description="Omit to keep the saved choice.")
    chat_provider: str | None = Field(None, max_length=8, description="'slack' or 'teams'.")
    chat_webhook_url: str | None = Field(
        None,
        max_length=500,
        description="Your own incoming-webhook URL (public https). Omit to keep the saved one; "
        "an empty string forgets it.",
    )
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None
    timezone: str = ""
    language: str | None = Field(
        None,
        max_length=8,
        description="'' to follow the browser, or en, fr, de, es. Omit to keep the saved choice.",
    )


def _preferences(request: AuthedRequest) -> PreferencesOut:
    user = request.user
    stored = DeliveryPreference.objects.filter(user=user).first()
    effective = preference_for(user)
    return PreferencesOut(
        email_enabled=effective.email,
        in_app_enabled=effective.in_app,
        chat_enabled=effective.chat,
        chat_provider=stored.chat_provider if stored is not None else "",
        chat_webhook=stored.masked_chat_url if stored is not None else "",
        chat_providers_offered=chat_providers_offered(),
        channels=effective.channels(),
        quiet_start=effective.quiet_start,
        quiet_end=effective.quiet_end,
        timezone=stored.timezone if stored is not None else "",
        effective_timezone=effective.timezone,
        language=stored.language if stored is not None else "",
    )


@router.get("/preferences", response=PreferencesOut, summary="My channels and quiet hours")
def get_preferences(request: AuthedRequest) -> PreferencesOut:
    return _preferences(request)


@router.put("/preferences", response=PreferencesOut, summary="Set my channels and quiet hours")
def put_preferences(request: AuthedRequest, payload: PreferencesIn) -> PreferencesOut:
    services.preference_update(
        actor=request.user,
        email_enabled=payload.email_enabled,
        in_app_enabled=payload.in_app_enabled,
        quiet_start=payload.quiet_start,
        quiet_end=payload.quiet_end,
        timezone_name=payload.timezone,
        chat_enabled=payload.chat_enabled,
        chat_provider=payload.chat_provider,
        chat_webhook_url=payload.chat_webhook_url,
        language=payload.language,
    )
    if payload.language is not None:
        remember_choice(request, payload.language)
    return _preferences(request)


class MyChatTestOut(Schema):
    response_code: int = Field(description="The chat app's HTTP answer (2xx).")


@router.post(
    "/preferences/chat/test",
    response=MyChatTestOut,
    summary="Post a test message to my own chat link",
)
def test_my_chat(request: AuthedRequest) -> MyChatTestOut:
    return MyChatTestOut(response_code=services.preference_chat_test(actor=request.user))


class NudgesOut(Schema):
    program_id: int
    paused: bool


class NudgesIn(Schema):
    paused: bool
    reason: str = Field("", max_length=200)


@router.get("/programs/{program_id}/nudges", response=NudgesOut, summary="Are nudges paused?")
def get_nudges(request: AuthedRequest, program_id: int) -> NudgesOut:
    program = program_for_nudges(user=request.user, program_id=program_id)
    return NudgesOut(program_id=program.pk, paused=program_is_paused(program=program))


@router.put("/programs/{program_id}/nudges", response=NudgesOut, summary="Pause or resume nudges")
def put_nudges(request: AuthedRequest, program_id: int, payload: NudgesIn) -> NudgesOut:
    program = program_for_nudges(user=request.user, program_id=program_id)
    if payload.paused:
        services.program_nudges_pause(actor=request.user, program=program, reason=payload.reason)
    else:
        services.program_nudges_resume(actor=request.user, program=program)
    return NudgesOut(program_id=program.pk, paused=program_is_paused(program=program))


class DeliveryOut(Schema):
    id: int
    kind: str
    channel: str
    status: str
    attempts: int
    recipient_email: str
    program_id: int | None
    last_error: str
    created_at: dt.datetime

    @staticmethod
    def of(d: Delivery) -> DeliveryOut:
        return DeliveryOut(
            id=d.pk,
            kind=d.kind,
            channel=d.channel,
            status=d.status,
            attempts=d.attempts,
            recipient_email=d.user.email,
            program_id=d.program_id,
            last_error=d.last_error,
            created_at=d.created_at,
        )


class DeliveryFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class DeliveryPage(Schema):
    count: int
    results: list[DeliveryOut]


@router.get(
    "/deliveries/problems",
    response=DeliveryPage,
    summary="Failed or interrupted messages in the programs I coordinate",
)
def list_problems(request: AuthedRequest, filters: Query[DeliveryFilters]) -> DeliveryPage:
    qs = problem_deliveries_visible_to(user=request.user)
    start = (filters.page - 1) * filters.page_size
    return DeliveryPage(
        count=qs.count(),
        results=[DeliveryOut.of(d) for d in qs[start : start + filters.page_size]],
    )


@router.post(
    "/deliveries/{delivery_id}/retry",
    response=DeliveryOut,
    summary="Send a failed or interrupted message again (may repeat an interrupted one)",
)
def retry_delivery(request: AuthedRequest, delivery_id: int) -> DeliveryOut:
    delivery = problem_delivery_for(user=request.user, delivery_id=delivery_id)
    if delivery is None:
        raise Http404(
            gettext("No failed delivery %(id)d that you may retry.") % {"id": delivery_id}
        )
    return DeliveryOut.of(services.delivery_retry(actor=request.user, delivery=delivery))


class ChatPostOut(Schema):
    kind: str
    title: str
    status: str
    attempts: int
    response_code: int | None
    last_error: str
    created_at: dt.datetime


class ChatChannelOut(Schema):
    program_id: int
    connected: bool
    provider: str = ""
    webhook_url: str = Field(default="", description="Only its host and last characters: a key.")
    kinds: list[str] = []
    enabled: bool = False
    recent: list[ChatPostOut] = []


class ChatChannelIn(Schema):
    provider: str = Field(..., description="slack or teams")
    webhook_url: str = Field("", description="The incoming-webhook URL; empty keeps the saved one.")
    kinds: list[str] = Field(
        default_factory=lambda: ["survey_opened", "checkin", "celebration"],
        description="survey_opened, checkin, celebration",
    )
    enabled: bool = True


def _chat_out(program_id: int) -> ChatChannelOut:
    channel = chat_channel_of(program_id=program_id)
    if channel is None:
        return ChatChannelOut(program_id=program_id, connected=False)
    return ChatChannelOut(
        program_id=program_id,
        connected=True,
        provider=channel.provider,
        webhook_url=channel.masked_url,
        kinds=list(channel.kinds),
        enabled=channel.enabled,
        recent=[
            ChatPostOut(
                kind=p.kind,
                title=p.title,
                status=p.status,
                attempts=p.attempts,
                response_code=p.response_code,
                last_error=p.last_error,
                created_at=p.created_at,
            )
            for p in chat_posts_of(program_id=program_id)[:20]
        ],
    )


@router.get(
    "/programs/{program_id}/chat", response=ChatChannelOut, summary="The program's chat channel"
)
def get_chat(request: AuthedRequest, program_id: int) -> ChatChannelOut:
    program = program_for_nudges(user=request.user, program_id=program_id)
    return _chat_out(program.pk)


@router.put(
    "/programs/{program_id}/chat",
    response=ChatChannelOut,
    summary="Connect a Slack or Teams channel (incoming webhook) for program messages",
)
def put_chat(request: AuthedRequest, program_id: int, payload: ChatChannelIn) -> ChatChannelOut:
    program = program_for_nudges(user=request.user, program_id=program_id)
    services.chat_channel_save(
        actor=request.user,
        program=program,
        provider=payload.provider,
        webhook_url=payload.webhook_url,
        kinds=payload.kinds,
        enabled=payload.enabled,
    )
    return _chat_out(program.pk)


@router.delete("/programs/{program_id}/chat", response=ChatChannelOut, summary="Disconnect it")
def delete_chat(request: AuthedRequest, program_id: int) -> ChatChannelOut:
    program = program_for_nudges(user=request.user, program_id=program_id)
    services.chat_channel_remove(actor=request.user, program=program)
    return _chat_out(program.pk)


class ChatTestOut(Schema):
    response_code: int


@router.post(
    "/programs/{program_id}/chat/test", response=ChatTestOut, summary="Post a test message now"
)
def test_chat(request: AuthedRequest, program_id: int) -> ChatTestOut:
    program = program_for_nudges(user=request.user, program_id=program_id)
    return ChatTestOut(
        response_code=services.chat_channel_test(actor=request.user, program=program)
    )

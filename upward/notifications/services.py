"""Writes: reading notifications, preferences, program pauses, retries and meeting invitations.

The sweep (sweep.py) and the sender (sending.py) are re-exported here so callers have one
place to look.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from upward.access import AnyUser, account
from upward.access.roles import is_org_admin
from upward.errors import ServiceError
from upward.mentoring.models import Meeting
from upward.notifications.chat import send_one
from upward.notifications.models import (
    Channel,
    ChatKind,
    ChatPost,
    ChatProvider,
    Delivery,
    DeliveryPreference,
    Notification,
    ProgramChatChannel,
    ProgramNudgePause,
)
from upward.notifications.personal_chat import chat_message_send
from upward.notifications.preferences import chat_providers_offered, preferences_for
from upward.notifications.rules import iso, url_for
from upward.notifications.selectors import can_manage_nudges
from upward.notifications.sending import deliveries_mark_interrupted, deliveries_send_due
from upward.notifications.sweep import reminders_sweep
from upward.notifications.tasks import enqueue_sending
from upward.outbound import AddressRefused, check_url, resolve_checked
from upward.programs.models import Program

__all__ = [
    "chat_channel_remove",
    "chat_channel_save",
    "chat_channel_test",
    "deliveries_mark_interrupted",
    "deliveries_send_due",
    "delivery_retry",
    "meeting_invitation_send",
    "meetings_invitation_send",
    "notice_send",
    "notification_mark_read",
    "notifications_mark_all_read",
    "preference_chat_test",
    "preference_update",
    "program_nudges_pause",
    "program_nudges_resume",
    "reminders_sweep",
]


def notification_mark_read(*, actor: AnyUser, notification: Notification) -> Notification:
    if notification.user_id != account(actor).pk:
        raise Http404("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: AnyUser) -> int:
    return Notification.objects.filter(user=account(actor), read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_update(
    *,
    actor: AnyUser,
    email_enabled: bool,
    in_app_enabled: bool,
    quiet_start: dt.time | None,
    quiet_end: dt.time | None,
    timezone_name: str,
    chat_enabled: bool | None = None,
    chat_provider: str | None = None,
    chat_webhook_url: str | None = None,
    language: str | None = None,
) -> DeliveryPreference:
    """Save how the actor wants to be nudged. The chat arguments left as None keep what is
    saved; an empty `chat_webhook_url` forgets the saved link (and so turns chat off).
    `language`: '' follows the browser, a code of settings.LANGUAGES chooses, None keeps."""
    # Quiet hours are wall-clock times in the person's own zone; an offset has no meaning there
    # (and no database column stores an aware time).
    for name, value in (("quiet_start", quiet_start), ("quiet_end", quiet_end)):
        if value is not None and value.tzinfo is not None:
            raise ServiceError(
                "give a local time without a time-zone offset (e.g. 22:00)", field=name
            )
    if (quiet_start is None) != (quiet_end is None):
        missing = "quiet_end" if quiet_end is None else "quiet_start"
        raise ServiceError("give both ends of the quiet hours, or neither", field=missing)
    if quiet_start is not None and quiet_start == quiet_end:
        raise ServiceError("must differ from quiet_start", field="quiet_end")
    if timezone_name and timezone_name not in available_timezones():
        raise ServiceError(f"unknown time zone {timezone_name!r}", field="timezone")
    codes = [code for code, _name in settings.LANGUAGES]
    if language is not None and language not in ("", *codes):
        raise ServiceError(
            f"unknown language {language!r}: use '' or one of {', '.join(codes)}",
            field="language",
            status=422,
        )
    pref, _created = DeliveryPreference.objects.get_or_create(user=account(actor))
    if language is not None:
        pref.language = language
    _apply_chat(pref, enabled=chat_enabled, provider=chat_provider, webhook_url=chat_webhook_url)
    pref.email_enabled = email_enabled
    pref.in_app_enabled = in_app_enabled
    pref.quiet_start = quiet_start
    pref.quiet_end = quiet_end
    pref.timezone = timezone_name
    pref.updated_at = timezone.now()
    pref.save()
    return pref


def _clean_personal_chat_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise ServiceError(_("Keep the URL under 500 characters."), field="chat_webhook_url")
    try:
        host, port = check_url(url)
        resolve_checked(host, port)
    except AddressRefused as exc:
        raise ServiceError(str(exc), field="chat_webhook_url") from exc
    return url


def _apply_chat(
    pref: DeliveryPreference,
    *,
    enabled: bool | None,
    provider: str | None,
    webhook_url: str | None,
) -> None:
    """Check and set the person's chat channel on `pref` (not saved): all errors at once."""
    if enabled is None and provider is None and webhook_url is None:
        return
    offered = chat_providers_offered()
    errors: dict[str, str] = {}
    if not offered and (enabled or (webhook_url or "").strip()):
        raise ServiceError(
            _("Your organisation does not offer chat for personal reminders."),
            field="chat_enabled",
            status=409,
        )
    new_provider = pref.chat_provider if provider is None else provider.strip().lower()
    if provider is not None and new_provider and new_provider not in offered:
        errors["chat_provider"] = (
            _("Choose one of: %(apps)s.") % {"apps": ", ".join(offered)}
            if offered
            else _("Your organisation does not offer chat for personal reminders.")
        )
    new_url = pref.chat_webhook_url
    if webhook_url is not None:
        new_url = ""
        if webhook_url.strip():
            try:
                new_url = _clean_personal_chat_url(webhook_url)
            except ServiceError as exc:
                errors["chat_webhook_url"] = exc.message
    new_enabled = pref.chat_enabled if enabled is None else enabled
    if webhook_url is not None and not webhook_url.strip() and enabled is None:
        new_enabled = False  # forgetting the link turns chat off
    if new_enabled and "chat_webhook_url" not in errors and not new_url:
        errors["chat_webhook_url"] = _(
            "Paste your incoming-webhook URL to receive reminders in chat."
        )
    if new_enabled and "chat_provider" not in errors and new_provider not in offered:
        errors["chat_provider"] = _("Choose your chat app: %(apps)s.") % {
            "apps": ", ".join(offered)
        }
    if errors:
        raise ServiceError(" ".join(errors.values()), status=422, errors=errors)
    pref.chat_enabled = bool(new_enabled)
    pref.chat_provider = new_provider if new_provider in offered else ""
    pref.chat_webhook_url = new_url
    if not new_url:
        pref.chat_enabled = False


def preference_chat_test(*, actor: AnyUser) -> int:
    """Post a test message to the actor's own chat link now, and say whether it arrived."""
    pref = DeliveryPreference.objects.filter(user=account(actor)).first()
    if (
        pref is None
        or not pref.chat_webhook_url
        or pref.chat_provider not in chat_providers_offered()
    ):
        raise ServiceError(_("Save your chat link first."), field="chat_webhook_url", status=409)
    answer = chat_message_send(
        provider=pref.chat_provider,
        webhook_url=pref.chat_webhook_url,
        title=_("Upward can reach you here"),
        text=_("Your reminders (meetings, charters, surveys, actions) will arrive in this chat."),
        link="/notifications/settings/",
    )
    if answer.error:
        raise ServiceError(
            _("Your chat app did not accept the test message: %(error)s") % {"error": answer.error},
            field="chat_webhook_url",
            status=409,
        )
    return answer.code or 200


def program_nudges_pause(
    *, actor: AnyUser, program: Program, reason: str = ""
) -> ProgramNudgePause:
    if not can_manage_nudges(user=actor, program=program):
        raise Http404("No such program.")
    pause, created = ProgramNudgePause.objects.get_or_create(
        program=program, defaults={"paused_by": account(actor), "reason": reason[:200]}
    )
    if not created and reason:
        pause.reason = reason[:200]
        pause.save(update_fields=["reason"])
    return pause


def program_nudges_resume(*, actor: AnyUser, program: Program) -> None:
    """Resume nudges. Reminders skipped while paused are not sent afterwards; new ones are."""
    if not can_manage_nudges(user=actor, program=program):
        raise Http404("No such program.")
    ProgramNudgePause.objects.filter(program=program).delete()


def delivery_retry(*, actor: AnyUser, delivery: Delivery) -> Delivery:
    """Send a failed or interrupted message again (the coordinator accepts a possible repeat)."""
    program = delivery.program
    allowed = (
        can_manage_nudges(user=actor, program=program)
        if program is not None
        else is_org_admin(actor)
    )
    if not allowed:
        raise Http404("No such failed delivery.")
    if not delivery.is_problem:
        return delivery
    Delivery.objects.filter(pk=delivery.pk, status=delivery.status).update(
        status=Delivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        expires_at=None,
        last_error="",
        claimed_by="",
    )
    enqueue_sending()
    delivery.refresh_from_db()
    return delivery


def notice_send(
    *,
    user_id: int,
    key: str,
    kind: str,
    context: dict[str, Any],
    program_id: int | None = None,
) -> list[Delivery]:
    """One message to one person about something that happened to them (an integration paused),
    on each channel they chose, once per `key`. Not a nudge: quiet hours and program pauses do
    not hold it back. The templates are `email/<kind>.*` and `inapp/<kind>.txt`."""
    pref = preferences_for([user_id]).get(user_id)
    if pref is None:
        return []
    now = timezone.now()
    rows = [
        Delivery(
            key=f"{key}:{channel}",
            kind=kind,
            channel=channel,
            user_id=user_id,
            program_id=program_id,
            template=kind,
            context=context,
            is_nudge=False,
            next_attempt_at=now,
            created_at=now,
        )
        for channel in pref.channels()
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    enqueue_sending()
    return list(Delivery.objects.filter(key__in=[row.key for row in rows]))


# Meeting invitations -----------------------------------------------------------------------

INVITATION_METHODS = {"REQUEST", "CANCEL"}


def _event(meeting: Meeting) -> dict[str, Any]:
    return {
        "uid": meeting.uid,
        "sequence": meeting.sequence,
        "starts_at": iso(meeting.starts_at),
        "ends_at": iso(meeting.ends_at),
        "location": meeting.location,
        "video_url": meeting.video_url,
    }


def _invitation_context(meetings: list[Meeting], method: str) -> dict[str, Any]:
    first = meetings[0]
    pair = first.pair
    leader, mentor = pair.leader, pair.mentor
    people = [p for p in (leader, mentor) if p.user_id]
    return {
        **_event(first),
        "events": [_event(m) for m in meetings],
        "series": len(meetings) > 1,
        "method": method,
        "summary": f"Reverse mentoring: {leader.person.name} & {mentor.person.name}",
        "duration_minutes": first.duration_minutes,
        "leader_name": leader.person.name,
        "mentor_name": mentor.person.name,
        "program_name": pair.program.name,
        "cancelled": method == "CANCEL",
        "is_update": method == "REQUEST" and first.sequence > 0,
        "url": url_for("mentoring:meeting", pair.pk, first.pk, fallback=f"/pairs/{pair.pk}/")
        if len(meetings) == 1
        else url_for("mentoring:room", pair.pk, fallback=f"/pairs/{pair.pk}/"),
        "attendees": [
            {"email": p.user.email, "name": p.person.name} for p in people if p.user is not None
        ],
        # Calendar entries end up in third-party apps: times, names and a link, no agenda.
        "description": "Agenda, prompts and notes are in Upward (see the link).",
    }


def _version_tag(meetings: list[Meeting]) -> str:
    if len(meetings) == 1:
        return f"{meetings[0].uid}:s{meetings[0].sequence}"
    versions = ",".join(f"{m.uid}:{m.sequence}" for m in sorted(meetings, key=lambda m: m.uid))
    return f"series-p{meetings[0].pair_id}:{hashlib.sha256(versions.encode()).hexdigest()[:20]}"


@transaction.atomic
def meetings_invitation_send(*, meetings: list[Meeting], method: str = "REQUEST") -> list[Delivery]:
    """Email both people of a pair ONE calendar file holding these meetings (e.g. a new series).

    Each event keeps its meeting's UID and SEQUENCE, so later updates of a single meeting
    (meeting_invitation_send) replace the right event. All meetings must belong to one pair.
    """
    method = method.upper()
    if method not in INVITATION_METHODS:
        raise ValueError(f"method must be REQUEST or CANCEL, not {method!r}")
    if not meetings:
        return []
    meetings = sorted(meetings, key=lambda m: m.starts_at)
    if len({m.pair_id for m in meetings}) != 1:
        raise ValueError("all meetings must belong to one pair")
    pair = meetings[0].pair
    context = _invitation_context(meetings, method)
    tag = _version_tag(meetings)
    recipients = [p.user_id for p in (pair.leader, pair.mentor) if p.user_id]
    prefs = preferences_for(recipients)
    now = timezone.now()
    rows: list[Delivery] = []
    for user_id in recipients:
        pref = prefs.get(user_id)
        if pref is None:
            continue
        for channel in pref.channels():
            rows.append(
                Delivery(
                    # The version is in the key: the same version is sent once, a change again.
                    key=f"invite:{tag}:{method}:u{user_id}:{channel}",
                    kind="meeting_invitation",
                    channel=channel,
                    user_id=user_id,
                    program_id=pair.program_id,
                    template="meeting_invitation",
                    context=context,
                    ics_method=method if channel == Channel.EMAIL else "",
                    is_nudge=False,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    enqueue_sending()
    return list(Delivery.objects.filter(key__in=[row.key for row in rows]))


def meeting_invitation_send(*, meeting: Meeting, method: str = "REQUEST") -> list[Delivery]:
    """Email both people a calendar invitation (REQUEST) or cancellation (CANCEL).

    Call it after creating, moving or cancelling a meeting, once `meeting.sequence` has been
    incremented (in the same transaction is fine: sending waits for the commit). Calling twice
    for the same version sends once; UID and SEQUENCE come from the meeting, so calendars update
    the same event. Not a nudge: quiet hours and program pauses do not hold it back; the
    person's channel choices do.
    """
    return meetings_invitation_send(meetings=[meeting], method=method)


# Program chat channels ---------------------------------------------------------------------


def _require_nudges(actor: AnyUser, program: Program) -> None:
    if not can_manage_nudges(user=actor, program=program):
        raise Http404("No such program.")


def _clean_chat_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 500:
        raise ServiceError(_("Keep the URL under 500 characters."), field="webhook_url")
    try:
        host, port = check_url(url)
        resolve_checked(host, port)
    except AddressRefused as exc:
        raise ServiceError(str(exc), field="webhook_url") from exc
    return url


@transaction.atomic
def chat_channel_save(
    *,
    actor: AnyUser,
    program: Program,
    provider: str,
    webhook_url: str = "",
    kinds: list[str] | None = None,
    enabled: bool = True,
) -> ProgramChatChannel:
    """Connect (or change) the program's Slack or Teams channel. An empty URL keeps the saved
    one, so a page never has to show it again."""
    _require_nudges(actor, program)
    existing = ProgramChatChannel.objects.filter(program=program).first()
    errors: dict[str, str] = {}
    if provider not in ChatProvider.values:
        errors["provider"] = _("Choose one of: %(apps)s.") % {
            "apps": ", ".join(ChatProvider.values)
        }
    chosen = list(dict.fromkeys(kinds or []))
    unknown = [k for k in chosen if k not in ChatKind.values]
    if unknown:
        errors["kinds"] = (
            f"Unknown message {unknown[0]!r}; choose from {', '.join(ChatKind.values)}."
        )
    url = existing.webhook_url if existing is not None and not webhook_url.strip() else ""
    if not url:
        if not webhook_url.strip():
            errors["webhook_url"] = _("Paste the channel's incoming-webhook URL.")
        else:
            try:
                url = _clean_chat_url(webhook_url)
            except ServiceError as exc:
                errors["webhook_url"] = exc.message
    if errors:
        raise ServiceError(" ".join(errors.values()), status=422, errors=errors)
    channel = existing or ProgramChatChannel(program=program)
    channel.provider = provider
    channel.webhook_url = url
    channel.kinds = [k for k in ChatKind.values if k in chosen]
    channel.enabled = enabled
    channel.updated_by = account(actor)
    channel.updated_at = timezone.now()
    channel.save()
    return channel


def chat_channel_remove(*, actor: AnyUser, program: Program) -> None:
    _require_nudges(actor, program)
    ProgramChatChannel.objects.filter(program=program).delete()
    ChatPost.objects.filter(program=program, status=ChatPost.Status.PENDING).update(
        status=ChatPost.Status.SKIPPED, last_error="The chat channel was disconnected."
    )


def chat_channel_test(*, actor: AnyUser, program: Program) -> int:
    """Post a test message now, so the coordinator sees at once whether the URL works."""
    _require_nudges(actor, program)
    channel = ProgramChatChannel.objects.filter(program=program).first()
    if channel is None:
        raise ServiceError(_("Connect a channel first."), field="webhook_url", status=409)
    with translation.override(settings.LANGUAGE_CODE):  # a channel speaks the organisation's
        probe = ChatPost(
            program=program,
            kind=ChatKind.SURVEY_OPENED,
            title=_("Upward is connected to %(program)s") % {"program": program.name},
            text=_("Program messages (surveys, group check-ins, celebrations) will appear here."),
            url=f"/community/{program.slug}/",
        )
    code, error = send_one(probe, channel)
    if error:
        raise ServiceError(
            _("The channel did not accept the test message: %(error)s") % {"error": error},
            field="webhook_url",
            status=409,
        )
    return code or 200

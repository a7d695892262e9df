"""Turn a recorded delivery into words: an email (text + HTML, maybe a calendar file) or an
in-app notification. Templates live in templates/notifications/email/ and .../inapp/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.i18n import language_of
from upward.notifications.calendar import (
    Attendee,
    CalendarEvent,
    build_calendar,
    with_video_link,
)
from upward.notifications.models import Delivery
from upward.notifications.preferences import preference_for, zone


@dataclass
class RenderedMessage:
    subject: str
    text: str
    html: str
    inapp_body: str
    url: str


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def _with_datetimes(context: dict[str, Any]) -> dict[str, Any]:
    """ISO strings under keys ending in `_at` become datetimes and under `_on` dates (also
    inside lists of dicts), so templates format them with the date filter."""
    result: dict[str, Any] = {}
    for name, value in context.items():
        if name.endswith(("_at", "_on")) and isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                result[name] = value
                continue
            result[name] = parsed if name.endswith("_at") else parsed.date()
        elif isinstance(value, list):
            result[name] = [_with_datetimes(v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            result[name] = _with_datetimes(value)
        else:
            result[name] = value
    return result


def _with_labels(context: dict[str, Any]) -> dict[str, Any]:
    """Words stored as codes or facts (a program's phase, a pair's warning signs) in the active
    language: one stored context serves readers of every language."""
    from upward.notifications.rules.health import reasons_for_reader
    from upward.programs.models import Program

    labels = dict(Program.Phase.choices)
    for item in context.get("programs") or []:
        if isinstance(item, dict) and item.get("phase_code") in labels:
            item["phase"] = str(labels[item["phase_code"]])
    reasons = reasons_for_reader(context)
    if reasons:
        context["reasons"] = reasons
    # A built-in check-in's title is stored in English and is in the feedback catalogue;
    # a coordinator's own survey title stays as they wrote it.
    if context.get("survey_title_builtin") and context.get("survey_title"):
        context["survey_title"] = _(str(context["survey_title"]))
    return context


def render_delivery(delivery: Delivery) -> RenderedMessage:
    """Render in the recipient's own language and time zone (every delivery has one person)."""
    with language_of(delivery.user):
        return _render(delivery)


def _render(delivery: Delivery) -> RenderedMessage:
    user = delivery.user
    pref = preference_for(user)
    context = _with_datetimes(delivery.context or {})
    url = str(context.get("url") or "/")
    context.update(
        recipient_name=user.get_short_name(),
        site_url=settings.SITE_URL,
        link=absolute(url),
        settings_link=absolute("/notifications/settings/"),
        timezone_name=pref.timezone,
        is_nudge=delivery.is_nudge,
    )
    _with_labels(context)
    base = f"notifications/email/{delivery.template}"
    # Dates in the recipient's own time zone: the templates' date filters use the active zone.
    with timezone.override(zone(pref.timezone)):
        subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
        inapp = render_to_string(f"notifications/inapp/{delivery.template}.txt", context).strip()
    return RenderedMessage(subject=subject[:200], text=text, html=html, inapp_body=inapp, url=url)


def invitation_summary(context: dict[str, Any]) -> str:
    """The event title in the active language (the stored `summary` is for older rows)."""
    leader, mentor = context.get("leader_name"), context.get("mentor_name")
    if leader and mentor:
        return _("Reverse mentoring: %(leader)s & %(mentor)s") % {
            "leader": leader,
            "mentor": mentor,
        }
    return str(context.get("summary") or _("Reverse-mentoring meeting"))


def invitation_ics(context: dict[str, Any], *, method: str, user: Any = None) -> bytes:
    """The calendar file of a meeting invitation (REQUEST) or cancellation (CANCEL), in the
    language of `user` (the recipient) when given, else the active one.

    UID and SEQUENCE come from each meeting, so a client updates the event it already has.
    """
    if user is not None:
        with language_of(user):
            return invitation_ics(context, method=method)
    # Calendar entries end up in third-party apps: times, names and a link, no agenda.
    description = _("Agenda, prompts and notes are in Upward (see the link).")
    organizer_email = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    attendees = [Attendee(email=a["email"], name=a.get("name", "")) for a in context["attendees"]]
    events = [
        CalendarEvent(
            uid=item["uid"],
            summary=invitation_summary(context),
            start=dt.datetime.fromisoformat(item["starts_at"]),
            end=dt.datetime.fromisoformat(item["ends_at"]),
            description=with_video_link(description, item.get("video_url", "")),
            location=item.get("location") or item.get("video_url", ""),
            sequence=int(item.get("sequence", 0)),
            cancelled=method == "CANCEL",
            url=item.get("video_url") or absolute(context.get("url", "")),
            organizer=Attendee(email=organizer_email, name="Upward"),
            attendees=attendees,
        )
        for item in context.get("events") or [context]
    ]
    return build_calendar(events, name=_("Upward meetings"), method=method)


def build_email(delivery: Delivery, message: RenderedMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.user.email],
        headers={
            # Lets mail clients and support staff tie a message to the ledger row.
            "X-Upward-Delivery": delivery.key,
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(message.html, "text/html")
    if delivery.ics_method:
        ics = invitation_ics(delivery.context, method=delivery.ics_method, user=delivery.user)
        # text/calendar with a METHOD parameter is what Outlook, Gmail and Apple Mail treat as
        # an invitation; the filename makes it visible as an attachment elsewhere.
        part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
        part.set_param("method", delivery.ics_method)
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        email.attach(part)
    return email

"""The coordinators' follow-up of a pair: send its members a nudge, note a private check-in.

Coordinators see a pair's health, never its content (docs/privacy.md); these writes keep to
that: a nudge is the coordinator's own words to the two people, a check-in note is the
coordinator's own record, read by the program's coordinators only.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from upward import events
from upward.access import AnyUser, account, require_pair_coordinator
from upward.audit.services import declare, record
from upward.errors import ServiceError
from upward.mentoring.events import PAIR_NUDGED
from upward.mentoring.models import CoordinatorCheckIn, Pair, PairNudge
from upward.mentoring.selectors.health import PairHealth

# Two nudges to one pair within this window are almost always a double click or two coordinators
# acting on the same warning sign: the second is refused with who sent the first, and when.
NUDGE_INTERVAL = dt.timedelta(hours=1)
SUBJECT_MAX = 200
BODY_MAX = 2000
NOTE_MAX = 2000

PAIR_NUDGED_ACTION = declare("pair.nudged", gettext_noop("Sent a nudge to a pair"))
CHECKIN_NOTED_ACTION = declare("pair.checkin_noted", gettext_noop("Noted a check-in with a pair"))


def nudge_template(*, pair: Pair, health: PairHealth) -> tuple[str, str]:
    """A starting point the coordinator edits before sending: warm, short, one clear ask. It
    names what the coordinator can see (dates and counts), never what the pair wrote."""
    # Written in the coordinator's language: they edit it and send it as their own words.
    there = pgettext("greeting without a name: Hi there", "there")
    leader = pair.leader.person.name.split(" ")[0] if pair.leader.person.name else there
    mentor = pair.mentor.person.name.split(" ")[0] if pair.mentor.person.name else there
    if health.meetings_held == 0:
        ask = _("I noticed you have not had your first meeting yet.")
    elif (
        health.days_since_last_meeting
        and health.days_since_last_meeting >= pair.program.cadence_days
    ):
        days = health.days_since_last_meeting
        ask = ngettext(
            "It has been %(days)d day since you last met.",
            "It has been %(days)d days since you last met.",
            days,
        ) % {"days": days}
    elif not health.charter_signed:
        ask = _("Your charter is not signed by both of you yet.")
    elif health.actions_overdue:
        ask = _("Some of the actions you agreed on are past the dates you set.")
    else:
        ask = _("I wanted to check in on how your partnership is going.")
    subject = _("A quick check-in from your %(program)s coordinator") % {
        "program": pair.program.name
    }
    body = _(
        "Hi %(leader)s and %(mentor)s,\n\n%(ask)s Is there anything getting in the way that I "
        "can help with? Even a short meeting to plan the next one is a good step.\n\n"
        "If the pairing is not working for either of you, that is fine too: you can end it "
        "without giving a reason and ask for a new partner.\n\nThank you both."
    ) % {"leader": leader, "mentor": mentor, "ask": ask}
    return subject, body


def _last_nudge(pair: Pair) -> PairNudge | None:
    return PairNudge.objects.filter(pair=pair).select_related("sent_by").first()


@transaction.atomic
def pair_nudge_send(*, actor: AnyUser, pair: Pair, subject: str, body: str) -> PairNudge:
    """Send both members the coordinator's message, in the app at once and by email (held
    during each person's quiet hours), recorded with who and when, and audit-logged."""
    require_pair_coordinator(actor=actor, pair=pair)
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("Keep the subject under %(n)d characters.") % {"n": SUBJECT_MAX}
    if not body:
        errors["body"] = _("Write the message to send.")
    elif len(body) > BODY_MAX:
        errors["body"] = _("Keep the message under %(n)d characters.") % {"n": BODY_MAX}
    if errors:
        field, message = next(iter(errors.items()))
        raise ServiceError(message, field=field, errors=errors)
    # Lock the pair so that two coordinators clicking at once cannot both pass the check below.
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if not pair.is_open:
        raise ServiceError(_("This pair has finished, so there is no one to nudge."), status=409)
    now = timezone.now()
    last = _last_nudge(pair)
    if last is not None and now - last.sent_at < NUDGE_INTERVAL:
        minutes = max(1, int((now - last.sent_at).total_seconds() // 60))
        wait = max(1, int((last.sent_at + NUDGE_INTERVAL - now).total_seconds() // 60) + 1)
        if last.sent_by_id == account(actor).pk:
            sent = ngettext(
                "This pair was nudged %(n)d minute ago by you.",
                "This pair was nudged %(n)d minutes ago by you.",
                minutes,
            ) % {"n": minutes}
        else:
            sent = ngettext(
                "This pair was nudged %(n)d minute ago by %(who)s.",
                "This pair was nudged %(n)d minutes ago by %(who)s.",
                minutes,
            ) % {
                "n": minutes,
                "who": last.sent_by.get_full_name() if last.sent_by else _("another coordinator"),
            }
        advice = ngettext(
            "To avoid nudging them twice by accident, wait %(n)d more minute before sending "
            "another.",
            "To avoid nudging them twice by accident, wait %(n)d more minutes before sending "
            "another.",
            wait,
        ) % {"n": wait}
        raise ServiceError(
            f"{sent} {advice}",
            status=429,
            field="body",
        )
    nudge = PairNudge.objects.create(
        pair=pair, sent_by=account(actor), subject=subject, body=body, sent_at=now
    )
    answers = events.publish(PAIR_NUDGED, nudge=nudge)
    nudge.recipients = int(sum(a for a in answers if isinstance(a, int)))
    nudge.save(update_fields=["recipients"])
    record(
        actor,
        PAIR_NUDGED_ACTION,
        target=f"pair:{pair.pk}",
        program_id=pair.program_id,
        details={"pair_id": pair.pk, "nudge_id": nudge.pk, "subject": subject},
    )
    return nudge


@transaction.atomic
def checkin_note_add(
    *, actor: AnyUser, pair: Pair, note: str, noted_on: dt.date | None = None
) -> CoordinatorCheckIn:
    """A private note that a coordinator checked in with the pair (a call, a chat in the
    corridor). Only the program's coordinators read it."""
    require_pair_coordinator(actor=actor, pair=pair)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Say in a sentence how the check-in went."), field="note")
    if len(note) > NOTE_MAX:
        raise ServiceError(
            _("Keep the note under %(n)d characters.") % {"n": NOTE_MAX}, field="note"
        )
    today = timezone.localdate()
    noted_on = noted_on or today
    if noted_on > today:
        raise ServiceError(_("A check-in is noted once it has happened."), field="noted_on")
    if noted_on < pair.started_on - dt.timedelta(days=30):
        raise ServiceError(_("That date is before the pair started."), field="noted_on")
    checkin = CoordinatorCheckIn.objects.create(
        pair=pair, author=account(actor), noted_on=noted_on, note=note
    )
    # The note itself stays out of the audit log: the log is read by org admins, the note is
    # for the program's coordinators only.
    record(
        actor,
        CHECKIN_NOTED_ACTION,
        target=f"pair:{pair.pk}",
        program_id=pair.program_id,
        details={"pair_id": pair.pk, "noted_on": noted_on.isoformat()},
    )
    return checkin

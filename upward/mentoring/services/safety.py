"""Safety and closure: confidential concerns, no-fault exit, rematch, and a good ending."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from upward import events
from upward.access import (
    LEADER,
    RAISER,
    AnyUser,
    account,
    concern_access,
    require_concern_coordinator,
    require_member,
    require_writer,
)
from upward.audit.services import declare, record
from upward.errors import ServiceError, stale_write
from upward.matching.services import rules_after_exit
from upward.mentoring.events import CONCERN_ANSWERED, PAIR_CLOSED, PAIR_ENDED, PAIR_ENDING_EARLY
from upward.mentoring.models import ClosureChoice, Concern, ConcernEntry, Pair
from upward.mentoring.selectors.closing import closing_open_for
from upward.mentoring.services.meetings import meetings_cancel_upcoming
from upward.people.models import User


def concern_raise(*, pair: Pair, actor: AnyUser, text: str, anonymous: bool = False) -> Concern:
    """Goes to the program's coordinators only; allowed even after the pair has ended.

    `anonymous`: the coordinators are not told who raised it (nor their pair, nor their role in
    it); the raiser still follows the case and its replies on their own concern page."""
    role = require_member(actor=actor, pair=pair)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Tell the coordinators what is going on."), field="text")
    now = timezone.now()
    return Concern.objects.create(
        program=pair.program,
        pair=pair,
        raised_by=account(actor),
        role=role,
        text=text[:5000],
        anonymous=anonymous,
        waiting_since=now,
        created_at=now,
        updated_at=now,
    )


CONCERN_STATUS_ACTION = declare(
    "concern.status_changed", gettext_noop("Changed a concern's status")
)
CONCERN_REPLY_ACTION = declare("concern.replied", gettext_noop("Replied to a concern"))
REPLY_MAX = 5000


def _concern_locked(concern: Concern) -> Concern:
    return Concern.objects.select_for_update().get(pk=concern.pk)


@transaction.atomic
def concern_update(
    *,
    concern: Concern,
    actor: AnyUser,
    status: str,
    note: str = "",
    version: int | None = None,
    resolution: str = "",
) -> Concern:
    """A coordinator moves the case on: its status (recorded in its history with who and when),
    a note for the coordinators, and on resolving, a resolution note the raiser reads.

    `version` is the one the coordinator's page showed: if the case changed since (another
    coordinator resolved it), the change is refused (409) rather than silently overwriting it."""
    require_concern_coordinator(actor=actor, concern=concern)
    if status not in Concern.Status.values:
        raise ServiceError(
            _("Choose one of: %(values)s.") % {"values": ", ".join(Concern.Status.values)},
            field="status",
        )
    saved = _concern_locked(concern)
    if version is not None and version != saved.version:
        changed: dict[str, object] = {"status": saved.get_status_display()}
        if saved.resolution:
            changed["resolution"] = saved.resolution
        raise stale_write(
            _("This concern"), sent_version=version, current_version=saved.version, changed=changed
        )
    resolution = (resolution or "").strip()[:REPLY_MAX]
    if status == Concern.Status.RESOLVED and not (resolution or saved.resolution):
        raise ServiceError(
            _("Say how it was resolved: the person who raised it reads this."),
            field="resolution",
        )
    previous = saved.status
    now = timezone.now()
    entry = None
    if status != previous or (resolution and resolution != saved.resolution):
        entry = ConcernEntry.objects.create(
            concern=saved,
            kind=ConcernEntry.Kind.STATUS,
            author=account(actor),
            from_status=previous,
            to_status=status,
            body=resolution if status == Concern.Status.RESOLVED else "",
            created_at=now,
        )
    saved.status = status
    if status == Concern.Status.RESOLVED:
        if resolution:
            saved.resolution = resolution
        saved.resolved_at = saved.resolved_at if previous == status else now
        saved.waiting_since = None
    else:
        saved.resolved_at = None
        if entry is not None:
            # A coordinator acted on it: it no longer waits for one.
            saved.waiting_since = None
    if note.strip():
        saved.coordinator_note = note.strip()[:REPLY_MAX]
    saved.handled_by = account(actor)
    saved.updated_at = now
    saved.version += 1
    saved.save()
    if entry is not None:
        record(
            actor,
            CONCERN_STATUS_ACTION,
            target=f"concern:{saved.pk}",
            program_id=saved.program_id,
            details={"concern_id": saved.pk, "from": previous, "to": status},
        )
        events.publish(CONCERN_ANSWERED, concern=saved, entry=entry)
    return saved


@transaction.atomic
def concern_reply(*, concern: Concern, actor: AnyUser, text: str) -> ConcernEntry:
    """One message in the case's confidential thread: between the person who raised it and the
    program's coordinators, nobody else. A raiser's reply puts the case back in the
    coordinators' queue; a coordinator's reply tells the raiser there is news."""
    access = concern_access(user=actor, concern_id=concern.pk)
    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Write a reply first."), field="text")
    if len(text) > REPLY_MAX:
        raise ServiceError(
            _("Keep the reply under %(n)d characters.") % {"n": REPLY_MAX}, field="text"
        )
    saved = _concern_locked(concern)
    by_raiser = access.role == RAISER
    if by_raiser and saved.is_resolved:
        raise ServiceError(
            _("This concern is resolved. If something is still wrong, raise a new one."),
            status=409,
        )
    now = timezone.now()
    entry = ConcernEntry.objects.create(
        concern=saved,
        kind=ConcernEntry.Kind.REPLY,
        author=account(actor),
        by_raiser=by_raiser,
        body=text,
        created_at=now,
    )
    saved.updated_at = now
    if by_raiser:
        saved.waiting_since = saved.waiting_since or now
        saved.save(update_fields=["updated_at", "waiting_since"])
        return entry
    saved.waiting_since = None
    saved.handled_by = account(actor)
    saved.save(update_fields=["updated_at", "waiting_since", "handled_by"])
    record(
        actor,
        CONCERN_REPLY_ACTION,
        target=f"concern:{saved.pk}",
        program_id=saved.program_id,
        details={"concern_id": saved.pk},
    )
    events.publish(CONCERN_ANSWERED, concern=saved, entry=entry)
    return entry


def _lock(pair: Pair) -> None:
    """Lock the pair's row and refresh the caller's object, so two requests cannot both end it
    and the caller sees what was saved."""
    list(Pair.objects.select_for_update().filter(pk=pair.pk).values_list("pk", flat=True))
    pair.refresh_from_db()


@transaction.atomic
def pair_exit(*, pair: Pair, actor: AnyUser, wants_rematch: bool) -> Pair:
    """No-fault exit: either person ends the pair, no reason asked, and may ask for a new
    partner. The two are never proposed together again (matching's "ended by no-fault exit"
    rule, which also drops any lock that kept them together), and the partner is told kindly
    (notifications, on `pair.ended`)."""
    role = require_writer(actor=actor, pair=pair)
    _lock(pair)
    if not pair.is_open:
        raise ServiceError(_("This pair has already ended."), field="pair", status=409)
    pair.status = Pair.Status.ENDED
    pair.ended_by = role
    pair.ended_on = timezone.localdate()
    if role == LEADER:
        pair.leader_wants_rematch = wants_rematch
    else:
        pair.mentor_wants_rematch = wants_rematch
    pair.save(
        update_fields=[
            "status",
            "ended_by",
            "ended_on",
            "leader_wants_rematch",
            "mentor_wants_rematch",
        ]
    )
    rules_after_exit(program=pair.program, leader=pair.leader, mentor=pair.mentor)
    meetings_cancel_upcoming(pair=pair, role=role, reason=gettext_noop("The pair ended."))
    events.publish(PAIR_ENDED, pair=pair)
    return pair


@transaction.atomic
def pair_end_on_withdrawal(*, pair: Pair, withdrawn_role: str) -> Pair:
    """The person on `withdrawn_role` left the program (no reason asked): their open pair ends
    as a no-fault exit from their side would, never as a silent side effect. The partner is told
    kindly (`pair.ended`), upcoming meetings are cancelled, and the two are never proposed
    together again; the one who left asks for no new partner, having left."""
    _lock(pair)
    if not pair.is_open:
        return pair
    pair.status = Pair.Status.ENDED
    pair.ended_by = withdrawn_role
    pair.ended_on = timezone.localdate()
    pair.save(update_fields=["status", "ended_by", "ended_on"])
    rules_after_exit(program=pair.program, leader=pair.leader, mentor=pair.mentor)
    meetings_cancel_upcoming(pair=pair, role=withdrawn_role, reason=gettext_noop("The pair ended."))
    events.publish(PAIR_ENDED, pair=pair)
    return pair


@transaction.atomic
def pair_end_on_erasure(*, pair: Pair, erased_role: str) -> Pair:
    """The person on `erased_role` was erased at their request (upward.privacy): an open pair
    ends like a no-fault exit from their side, and its upcoming meetings are cancelled."""
    if not pair.is_open:
        return pair
    pair.status = Pair.Status.ENDED
    pair.ended_by = erased_role
    pair.ended_on = timezone.localdate()
    pair.save(update_fields=["status", "ended_by", "ended_on"])
    meetings_cancel_upcoming(pair=pair, role=erased_role, reason=gettext_noop("The pair ended."))
    # No `pair.ended` here: its webhooks carry both names to outside systems, and the erased
    # person's name must not leave on the way out.
    return pair


def rematch_request(*, pair: Pair, actor: AnyUser, wants_rematch: bool = True) -> Pair:
    """After a pair ended early, each person may still ask to be matched again."""
    role = require_member(actor=actor, pair=pair)
    if pair.status != Pair.Status.ENDED:
        raise ServiceError(
            _("A new partner is offered when a pair ended with a no-fault exit."),
            field="pair",
            status=409,
        )
    field = "leader_wants_rematch" if role == LEADER else "mentor_wants_rematch"
    setattr(pair, field, wants_rematch)
    pair.save(update_fields=[field])
    return pair


EARLY_END_REASON_MAX = 1000


@transaction.atomic
def pair_end_early(*, pair: Pair, actor: AnyUser, reason: str, confirm: bool) -> Pair:
    """End early, on purpose: one of the two confirms and gives a reason their partner reads.
    Final reflections open for the pair; it closes (like at the program's end) once both have
    answered. Nothing is cancelled yet, and either of them may still choose to keep going."""
    role = require_writer(actor=actor, pair=pair)
    reason = (reason or "").strip()
    if not confirm:
        raise ServiceError(_("Tick the box to confirm you want to end early."), field="confirm")
    if not reason:
        raise ServiceError(_("Tell your partner why, in a sentence or two."), field="reason")
    if len(reason) > EARLY_END_REASON_MAX:
        raise ServiceError(
            _("Keep it under %(n)d characters.") % {"n": EARLY_END_REASON_MAX},
            field="reason",
            status=422,
        )
    _lock(pair)
    if pair.ending_early:
        raise ServiceError(_("Your pair is already ending early."), field="pair", status=409)
    pair.early_end_requested_at = timezone.now()
    pair.early_end_by = role
    pair.early_end_reason = reason
    pair.save(update_fields=["early_end_requested_at", "early_end_by", "early_end_reason"])
    events.publish(PAIR_ENDING_EARLY, pair=pair)
    return pair


@transaction.atomic
def pair_end_early_withdraw(*, pair: Pair, actor: AnyUser) -> Pair:
    """Either of the two changes their mind before the pair closes: it simply keeps going."""
    require_writer(actor=actor, pair=pair)
    _lock(pair)
    if not pair.ending_early:
        raise ServiceError(_("Your pair is not ending early."), field="pair", status=409)
    pair.early_end_requested_at = None
    pair.early_end_by = ""
    pair.early_end_reason = ""
    pair.save(update_fields=["early_end_requested_at", "early_end_by", "early_end_reason"])
    return pair


@transaction.atomic
def closure_submit(
    *,
    pair: Pair,
    actor: AnyUser,
    choice: str,
    final_reflection: str,
    celebrate_by_name: bool = False,
) -> ClosureChoice:
    """Each person's closing choice; once both have answered, the pair closes."""
    role = require_writer(actor=actor, pair=pair)
    if not closing_open_for(pair=pair):
        raise ServiceError(
            _(
                "Final reflections open when the program reaches its closing phase, or once you "
                "choose to end early."
            ),
            field="pair",
            status=409,
        )
    if choice not in ClosureChoice.Next.values:
        raise ServiceError(_("Choose what you would like next."), field="choice")
    if not (final_reflection or "").strip():
        raise ServiceError(_("A sentence or two is enough."), field="final_reflection")
    closure, _created = ClosureChoice.objects.update_or_create(
        pair=pair,
        role=role,
        defaults={
            "user": account(actor),
            "choice": choice,
            "final_reflection": final_reflection.strip(),
            "celebrate_by_name": celebrate_by_name,
        },
    )
    if pair.closure_choices.count() == 2:
        pair_close(pair=pair)
    return closure


@transaction.atomic
def pair_close(*, pair: Pair, closed_by: User | None = None, celebrate: bool = True) -> Pair:
    """The natural end: read-only room, future meetings cancelled, a celebration posted (by
    community, on `pair.closed`).

    closed_by is the coordinator who closed it with the program (None: both people answered).
    """
    if not pair.is_open:
        return pair
    pair.status = Pair.Status.CLOSED
    pair.ended_on = timezone.localdate()
    pair.closed_by = closed_by
    pair.save(update_fields=["status", "ended_on", "closed_by"])
    meetings_cancel_upcoming(
        pair=pair, role="", reason=gettext_noop("The pair completed the program.")
    )
    events.publish(PAIR_CLOSED, pair=pair, celebrate=celebrate)
    return pair

"""The pair's charter: co-created, signed by both, re-signed after any edit, history kept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from upward.access import LEADER, AnyUser, account, require_writer
from upward.errors import ServiceError
from upward.mentoring.models import Charter, CharterVersion, Pair

DEFAULT_CONFIDENTIALITY = (
    "What we say in our conversations stays between us. Either of us may share a theme with the "
    "program only without names or identifying details, and only after checking with the other."
)


def charter_defaults(*, pair: Pair) -> dict[str, str]:
    program = pair.program
    return {
        "meeting_frequency": (
            f"Every {program.cadence_days} days, {program.meeting_minutes} minutes, "
            f"for {program.duration_months} months"
        ),
        "channel": "Video call, camera optional",
        "confidentiality": DEFAULT_CONFIDENTIALITY,
    }


def charter_get_or_create(*, pair: Pair) -> Charter:
    charter, _ = Charter.objects.get_or_create(pair=pair, defaults=charter_defaults(pair=pair))
    return charter


@transaction.atomic
def charter_update(
    *,
    pair: Pair,
    actor: AnyUser,
    goals: str,
    meeting_frequency: str,
    channel: str,
    confidentiality: str,
    success_definition: str,
) -> Charter:
    """Save the charter. Editing a charter that anyone signed clears both signatures."""
    require_writer(actor=actor, pair=pair)
    charter = Charter.objects.select_for_update().get(pk=charter_get_or_create(pair=pair).pk)
    new = {
        "goals": goals.strip(),
        "meeting_frequency": meeting_frequency.strip(),
        "channel": channel.strip(),
        "confidentiality": confidentiality.strip(),
        "success_definition": success_definition.strip(),
    }
    if new == charter.snapshot():
        return charter
    was_signed = charter.leader_signed_at is not None or charter.mentor_signed_at is not None
    if was_signed:
        # The old wording, with whoever had signed it, stays on record.
        CharterVersion.objects.create(
            charter=charter,
            version=charter.version,
            snapshot=charter.snapshot(),
            edited_by=account(actor),
            leader_signed_at=charter.leader_signed_at,
            mentor_signed_at=charter.mentor_signed_at,
        )
        charter.version += 1
        charter.leader_signed_at = None
        charter.mentor_signed_at = None
    for name, value in new.items():
        setattr(charter, name, value)
    charter.updated_at = timezone.now()
    charter.updated_by = account(actor)
    charter.save()
    return charter


@transaction.atomic
def charter_sign(*, pair: Pair, actor: AnyUser) -> Charter:
    role = require_writer(actor=actor, pair=pair)
    charter = Charter.objects.select_for_update().get(pk=charter_get_or_create(pair=pair).pk)
    if not charter.goals.strip():
        raise ServiceError("Write at least one goal together before signing.", field="goals")
    if not charter.success_definition.strip():
        raise ServiceError(
            "Agree what success looks like before signing.", field="success_definition"
        )
    now = timezone.now()
    if role == LEADER:
        charter.leader_signed_at = charter.leader_signed_at or now
    else:
        charter.mentor_signed_at = charter.mentor_signed_at or now
    charter.save(update_fields=["leader_signed_at", "mentor_signed_at"])
    return charter

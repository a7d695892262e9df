"""The pair's charter: co-created, signed by both, re-signed after any edit, history kept."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from upward.access import LEADER, AnyUser, account, require_writer
from upward.errors import ServiceError, stale_write
from upward.mentoring.models import Charter, CharterVersion, Pair
from upward.queryshapes import QueryShape

# English as stored for the demo; a new charter gets it in the language of whoever opens it.
DEFAULT_CONFIDENTIALITY = gettext_noop(
    "What we say in our conversations stays between us. Either of us may share a theme with the "
    "program only without names or identifying details, and only after checking with the other."
)


def charter_defaults(*, pair: Pair) -> dict[str, str]:
    program = pair.program
    return {
        # Written in the language of whoever opens the room first; the pair edits it freely.
        "meeting_frequency": _("Every %(days)d days, %(minutes)d minutes, for %(months)d months")
        % {
            "days": program.cadence_days,
            "minutes": program.meeting_minutes,
            "months": program.duration_months,
        },
        "channel": _("Video call, camera optional"),
        "confidentiality": _(DEFAULT_CONFIDENTIALITY),
    }


# Every room page asks for the charter: composed once per connection (upward/queryshapes.py).
_CHARTER_OF = QueryShape(lambda pk: Charter.objects.filter(pair_id=pk).order_by())


def charter_get_or_create(*, pair: Pair) -> Charter:
    found = _CHARTER_OF(pair.pk)
    if found:
        found[0].pair = pair  # the pair already in hand, not a second read
        return found[0]
    charter, _created = Charter.objects.get_or_create(
        pair=pair, defaults=charter_defaults(pair=pair)
    )
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
    version: int | None = None,
) -> Charter:
    """Save the charter. Every change makes a new version; editing a charter that anyone signed
    clears both signatures. `version` is the one the writer started from: if the charter was
    saved since, the edit is refused (409) with the saved wording, never silently lost."""
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
    if version is not None and version != charter.version:
        current = charter.snapshot()
        raise stale_write(
            _("The charter"),
            sent_version=version,
            current_version=charter.version,
            changed={name: current[name] for name in new if current[name] != new[name]},
        )
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
        charter.leader_signed_at = None
        charter.mentor_signed_at = None
    # A new wording is a new version, signed or not: a signature names the version it signs.
    charter.version += 1
    for name, value in new.items():
        setattr(charter, name, value)
    charter.updated_at = timezone.now()
    charter.updated_by = account(actor)
    charter.save()
    return charter


@transaction.atomic
def charter_sign(*, pair: Pair, actor: AnyUser, version: int) -> Charter:
    """Sign `version`, the wording the signer read: refused (409) if it changed since."""
    role = require_writer(actor=actor, pair=pair)
    charter = Charter.objects.select_for_update().get(pk=charter_get_or_create(pair=pair).pk)
    if version != charter.version:
        raise ServiceError(
            _(
                "The charter changed since you read it: you were signing version %(sent)d, it is "
                "now version %(current)d. Read the new wording, then sign it."
            )
            % {"sent": version, "current": charter.version},
            field="version",
            status=409,
        )
    if not charter.goals.strip():
        raise ServiceError(_("Write at least one goal together before signing."), field="goals")
    if not charter.success_definition.strip():
        raise ServiceError(
            _("Agree what success looks like before signing."), field="success_definition"
        )
    now = timezone.now()
    if role == LEADER:
        charter.leader_signed_at = charter.leader_signed_at or now
    else:
        charter.mentor_signed_at = charter.mentor_signed_at or now
    charter.save(update_fields=["leader_signed_at", "mentor_signed_at"])
    return charter

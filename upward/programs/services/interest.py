"""Writes for the anonymous interest survey a program may open before recruiting.

Answering writes a receipt (who answered, to stop double answers) and the answer sealed in the
holding pool, in one transaction. Held answers are released as `InterestResponse` rows only in
shuffled batches of at least the anonymity threshold, so that a reader of the database cannot
pair a receipt with an answer (same transaction, row order) beyond a batch of k people.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from upward.access import AnyUser, account
from upward.errors import ServiceError
from upward.programs.models import (
    ANONYMITY_FLOOR,
    HeldInterest,
    InterestReceipt,
    InterestResponse,
    Program,
    Topic,
)
from upward.sealing import seal, unseal

_shuffle = random.SystemRandom().shuffle


@transaction.atomic
def interest_answer(
    *,
    actor: AnyUser,
    program: Program,
    interest: str,
    topics: Iterable[str] = (),
    hopes: str = "",
    worries: str = "",
) -> None:
    """Store an anonymous answer. The receipt (who answered) and the answer are not linked.

    Anyone signed in may answer while the survey is open: it asks the whole organisation."""
    user = account(actor)
    if not program.interest_survey_open:
        raise ServiceError(_("This interest survey is closed."), field="program")
    if interest not in InterestResponse.Interest.values:
        raise ServiceError(_("Choose one of the options."), field="interest")
    _receipt, created = InterestReceipt.objects.get_or_create(program=program, user=user)
    if not created:
        raise ServiceError(_("You have already answered this survey."), field="interest")
    valid = set(program.topics.values_list("slug", flat=True)) or set(
        Topic.objects.values_list("slug", flat=True)
    )
    HeldInterest.objects.create(
        program=program,
        sealed=seal(
            {
                "interest": interest,
                "topics": sorted({t for t in topics if t in valid}),
                "hopes": hopes.strip()[:2000],
                "worries": worries.strip()[:2000],
            }
        ),
    )
    interest_release(program=program)


@transaction.atomic
def interest_release(*, program: Program) -> int:
    """Release the held answers as a shuffled batch once there are at least k of them."""
    Program.objects.select_for_update().filter(pk=program.pk).first()
    held = list(HeldInterest.objects.filter(program=program))
    k = max(ANONYMITY_FLOOR, program.anonymity_threshold)
    if len(held) < k:
        return 0
    opened = [data for data in (unseal(h.sealed) for h in held) if isinstance(data, dict)]
    _shuffle(opened)
    InterestResponse.objects.bulk_create(
        InterestResponse(
            program=program,
            interest=str(data.get("interest", "")),
            topics=list(data.get("topics", [])),
            hopes=str(data.get("hopes", "")),
            worries=str(data.get("worries", "")),
        )
        for data in opened
    )
    HeldInterest.objects.filter(pk__in=[h.pk for h in held]).delete()
    return len(opened)


@transaction.atomic
def interest_restore_after_threshold_raised(*, program: Program) -> None:
    """A raised threshold applies to stored answers too: rewrite them as one shuffled batch, or
    seal them back into the pool when they are now fewer than k."""
    rows = [
        {"interest": r.interest, "topics": r.topics, "hopes": r.hopes, "worries": r.worries}
        for r in InterestResponse.objects.filter(program=program)
    ]
    if not rows:
        return
    InterestResponse.objects.filter(program=program).delete()
    if len(rows) < max(ANONYMITY_FLOOR, program.anonymity_threshold):
        HeldInterest.objects.bulk_create(
            HeldInterest(program=program, sealed=seal(r)) for r in rows
        )
        return
    _shuffle(rows)
    InterestResponse.objects.bulk_create(InterestResponse(program=program, **r) for r in rows)

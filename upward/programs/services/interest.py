"""Writes for the anonymous interest survey a program may open before recruiting."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from upward.access import AnyUser, account
from upward.errors import ServiceError
from upward.programs.models import InterestReceipt, InterestResponse, Program, Topic


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
        raise ServiceError("This interest survey is closed.", field="program")
    if interest not in InterestResponse.Interest.values:
        raise ServiceError("Choose one of the options.", field="interest")
    _, created = InterestReceipt.objects.get_or_create(program=program, user=user)
    if not created:
        raise ServiceError("You have already answered this survey.", field="interest")
    valid = set(program.topics.values_list("slug", flat=True)) or set(
        Topic.objects.values_list("slug", flat=True)
    )
    InterestResponse.objects.create(
        program=program,
        interest=interest,
        topics=sorted({t for t in topics if t in valid}),
        hopes=hopes.strip()[:2000],
        worries=worries.strip()[:2000],
    )

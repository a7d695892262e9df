"""The holding pool: anonymous answers wait, sealed, until they can be released unlinkably.

Answering writes two things in one transaction: the person's assignment marked completed, and
their answers sealed in `HeldResponse` (`upward.sealing`). A reader of the database can pair those
two rows (same transaction, neighbouring positions), which is why the answers are sealed.

Release turns held answers into `Response` and `Answer` rows, in batches of at least k (the
program's anonymity threshold) and in random order, with random primary keys, in a transaction
of their own. A reader who knows exactly which people's answers went into a batch (PostgreSQL's
transaction ids tell them) can narrow a response only to that batch, and the group attributes
are coarsened per batch (`disclosure.coarsen`) so that no stored combination narrows it further:

1. A group (same role and cohort month) with k or more held answers is released as is.
2. Groups that can no longer reach k (held answers plus people still to answer are fewer than
   k) are released together, their groups coarsened, once they add up to k or more.
3. When a survey closes (a custom survey, or the program), what is still held is shuffled in
   with all the survey's responses, coarsened over the whole survey, if that reaches k;
   otherwise it stays sealed for good: no figure could ever be shown about fewer than k people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction

from upward.feedback.disclosure import Group, coarsen, threshold
from upward.feedback.models import Answer, HeldResponse, Response, Survey, SurveyAssignment
from upward.programs.models import Program
from upward.sealing import seal, unseal

# Shuffling uses the operating system's randomness: a seeded generator could be replayed.
_shuffle = random.SystemRandom().shuffle


@dataclass
class HeldAnswer:
    question_id: int
    value: int | None = None
    choices: list[str] = field(default_factory=list)
    text: str = ""
    may_quote: bool = False


@dataclass
class Held:
    role: str
    cohort: dt.date | None
    answers: list[HeldAnswer]


def hold(*, survey: Survey, role: str, cohort: dt.date | None, answers: list[HeldAnswer]) -> None:
    """Put one person's answers in the pool, sealed."""
    HeldResponse.objects.create(
        survey=survey,
        sealed=seal(
            {
                "role": role,
                "cohort": cohort.isoformat() if cohort else None,
                "answers": [asdict(a) for a in answers],
            }
        ),
    )


def _open(token: str) -> Held | None:
    data: Any = unseal(token)
    if not isinstance(data, dict):
        return None
    return Held(
        role=str(data.get("role") or ""),
        cohort=dt.date.fromisoformat(data["cohort"]) if data.get("cohort") else None,
        answers=[HeldAnswer(**a) for a in data.get("answers", [])],
    )


def _write(survey: Survey, batch: list[Held], groups: list[Group]) -> int:
    """Write a batch as responses, in random order (rows, keys and answers alike)."""
    order = list(range(len(batch)))
    _shuffle(order)
    responses = [
        Response(survey=survey, respondent_role=groups[i][0], cohort_month=groups[i][1])
        for i in order
    ]
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=a.question_id,
            value=a.value,
            choices=a.choices,
            text=a.text,
            may_quote=a.may_quote,
        )
        for response, i in zip(responses, order, strict=True)
        for a in batch[i].answers
    )
    return len(batch)


@transaction.atomic
def release_held(*, survey: Survey, final: bool = False) -> int:
    """Release what may be released of a survey's pool; the number of responses written.

    `final` (the survey closed): also merge a remainder smaller than k into the whole survey.
    """
    if not survey.anonymous:  # named surveys write their responses directly, never held
        return 0
    # One release at a time per survey: concurrent answers would otherwise release a batch twice.
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    k = threshold(survey.program)
    rows = list(HeldResponse.objects.filter(survey=survey))
    opened: list[tuple[HeldResponse, Held]] = []
    for row in rows:
        held = _open(row.sealed)
        if held is None:  # sealed under a key since rotated: unreadable for good
            row.delete()
            continue
        opened.append((row, held))
    by_group: dict[Group, list[tuple[HeldResponse, Held]]] = defaultdict(list)
    for row, held in opened:
        by_group[(held.role, held.cohort)].append((row, held))
    waiting = _still_to_answer(survey)
    written = 0
    rest: list[tuple[HeldResponse, Held]] = []
    for group, items in by_group.items():
        if len(items) >= k:
            written += _write(survey, [h for _, h in items], [group] * len(items))
            HeldResponse.objects.filter(pk__in=[r.pk for r, _ in items]).delete()
        elif final or len(items) + waiting.get(group, 0) < k:
            rest.extend(items)
    if len(rest) >= k:
        batch = [h for _, h in rest]
        written += _write(survey, batch, coarsen([(h.role, h.cohort) for h in batch], k))
        HeldResponse.objects.filter(pk__in=[r.pk for r, _ in rest]).delete()
    elif rest and final:
        written += _merge_into_survey(survey, rest, k)
    return written


def _still_to_answer(survey: Survey) -> dict[Group, int]:
    """How many people of each group have not answered yet (their group may still reach k)."""
    waiting: dict[Group, int] = defaultdict(int)
    for role, started_on in SurveyAssignment.objects.filter(
        survey=survey, status=SurveyAssignment.Status.PENDING
    ).values_list("participant__role", "pair__started_on"):
        waiting[(role, started_on.replace(day=1) if started_on else None)] += 1
    return waiting


def _released(survey: Survey) -> list[Held]:
    """The survey's released responses, read back as held answers (to be written anew)."""
    answers: dict[Any, list[HeldAnswer]] = defaultdict(list)
    for a in Answer.objects.filter(response__survey=survey):
        answers[a.response_id].append(
            HeldAnswer(a.question_id, a.value, list(a.choices or []), a.text, a.may_quote)
        )
    return [
        Held(r.respondent_role, r.cohort_month, answers[r.pk])
        for r in Response.objects.filter(survey=survey)
    ]


def _merge_into_survey(survey: Survey, rest: list[tuple[HeldResponse, Held]], k: int) -> int:
    """Rewrite all the survey's responses with the remainder, shuffled and coarsened together."""
    batch = _released(survey)
    if len(batch) + len(rest) < k:
        return 0
    batch += [h for _, h in rest]
    Response.objects.filter(survey=survey).delete()
    HeldResponse.objects.filter(pk__in=[r.pk for r, _ in rest]).delete()
    _write(survey, batch, coarsen([(h.role, h.cohort) for h in batch], k))
    return len(rest)


@transaction.atomic
def restore_after_threshold_raised(*, program: Program) -> None:
    """A raised threshold applies to what is stored too. Each anonymous survey's responses are
    written anew as one shuffled batch coarsened for the new k (earlier batches and groups were
    only sure to have the old k); a survey now short of k goes back, sealed, into the pool."""
    k = threshold(program)
    for survey in Survey.objects.filter(
        program=program, anonymous=True, responses__isnull=False
    ).distinct():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        batch = _released(survey)
        Response.objects.filter(survey=survey).delete()
        if len(batch) < k:
            for held in batch:
                hold(survey=survey, role=held.role, cohort=held.cohort, answers=held.answers)
            continue
        _write(survey, batch, coarsen([(h.role, h.cohort) for h in batch], k))
    for survey in Survey.objects.filter(
        program=program, anonymous=True, held__isnull=False
    ).distinct():
        release_held(survey=survey)


def release_when_program_closes(*, program: Program, from_phase: str, to_phase: str) -> None:
    """No more answers can come once a program closes: release what each survey still holds."""
    if to_phase != Program.Phase.CLOSED:
        return
    for survey in Survey.objects.filter(
        program=program, anonymous=True, held__isnull=False
    ).distinct():
        release_held(survey=survey, final=True)

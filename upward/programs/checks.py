"""Checks that give a coordinator pause before a program closes (services.register_closing_check).

They only count: a coordinator sees pair health (signed or not, open or not), never what a charter
or a concern says.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q

from upward.programs.models import Program


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def unsigned_charters(program: Program, to_phase: str) -> list[str]:
    """Active pairs whose charter is not signed by both (a pair without a charter counts too)."""
    from upward.mentoring.models import Pair

    unsigned = (
        Pair.objects.filter(program=program, status=Pair.Status.ACTIVE)
        .filter(
            Q(charter__isnull=True)
            | Q(charter__leader_signed_at__isnull=True)
            | Q(charter__mentor_signed_at__isnull=True)
        )
        .count()
    )
    if not unsigned:
        return []
    return [
        f"{unsigned} active {_plural(unsigned, 'pair has', 'pairs have')} no charter signed by "
        "both people."
    ]


def open_concerns(program: Program, to_phase: str) -> list[str]:
    """Confidential concerns nobody has resolved yet: closing should not bury them."""
    try:
        concern = apps.get_model("mentoring", "Concern")
    except LookupError:  # the concerns feature is optional; without it there is nothing to check
        return []
    counts = dict(
        concern.objects.filter(program=program, status__in=["open", "acknowledged"])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    warnings = []
    if counts.get("open"):
        n = counts["open"]
        warnings.append(
            f"{n} {_plural(n, 'concern is', 'concerns are')} still open and not yet acknowledged."
        )
    if counts.get("acknowledged"):
        n = counts["acknowledged"]
        warnings.append(
            f"{n} acknowledged {_plural(n, 'concern is', 'concerns are')} not resolved yet."
        )
    return warnings

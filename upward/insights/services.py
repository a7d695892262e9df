"""Writes for insights: recording behaviour change."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _

from upward.access import AnyUser, account, can_record_behaviour_change
from upward.errors import ServiceError
from upward.insights.models import BehaviourChange
from upward.programs.models import Program


def behaviour_change_record(
    *, actor: AnyUser, program: Program, kind: str, title: str, happened_on: dt.date
) -> BehaviourChange:
    """The program's leaders, coordinators and org admins log a change they made or saw."""
    user = account(actor)
    if not can_record_behaviour_change(user=user, program=program):
        raise Http404(_("No such program."))
    if kind not in BehaviourChange.Kind.values:
        raise ServiceError(
            _("Unknown kind of change: %(kind)s") % {"kind": repr(kind)}, field="kind"
        )
    return BehaviourChange.objects.create(
        program=program,
        kind=kind,
        title=title.strip()[:200],
        happened_on=happened_on,
        recorded_by=user,
    )

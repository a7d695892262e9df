"""Reads for personal data and the audit log: org admins only, 404 for everyone else."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from upward.access import AnyUser, can_handle_personal_data, can_read_audit_log
from upward.audit import selectors as audit
from upward.audit.models import AuditEntry
from upward.audit.services import action_label
from upward.mentoring.models import GrowthEntry, Note, Reflection
from upward.people.models import Person
from upward.privacy.services import closed_programs_past_retention


def person_for_personal_data(*, user: AnyUser, employee_id: str) -> Person:
    """The person whose data an org admin exports or erases; 404 for anyone else."""
    if not can_handle_personal_data(user):
        raise Http404("No such person.")
    person = Person.objects.select_related("department").filter(employee_id=employee_id).first()
    if person is None:
        raise Http404("No such person.")
    return person


def audit_entries(*, user: AnyUser, action: str = "") -> QuerySet[AuditEntry]:
    """The audit log, newest first, optionally one action; 404 unless org admin."""
    if not can_read_audit_log(user):
        raise Http404("No such page.")
    return audit.entries(action=action)


def audit_actions(*, user: AnyUser) -> list[tuple[str, str]]:
    """(action, label) of the actions in the log, for the filter."""
    if not can_read_audit_log(user):
        return []
    return [(code, action_label(code)) for code in audit.recorded_actions()]


def retention_due(*, now: dt.datetime) -> bool:
    """Whether some closed program past the retention period still holds journal entries."""
    for program, _ in closed_programs_past_retention(now=now):
        if (
            Note.objects.filter(pair__program=program, visibility="private").exists()
            or GrowthEntry.objects.filter(pair__program=program)
            .exclude(visibility=GrowthEntry.Visibility.PROGRAM)
            .exists()
            or Reflection.objects.filter(meeting__pair__program=program).exists()
        ):
            return True
    return False

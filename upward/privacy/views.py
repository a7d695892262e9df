"""Pages for org admins: a person's personal data (export, erase) and the audit log."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from upward.access import AuthedRequest
from upward.audit.services import action_label
from upward.errors import ServiceError, form_error
from upward.privacy import selectors, services
from upward.privacy.exporting import participations_of_person
from upward.privacy.forms import EraseForm

AUDIT_PAGE_SIZE = 50


# The details' keys are the recording app's field names; the common ones are named in words in
# the reader's language, any other shows as its words in English. Values are data (codes, counts,
# ids) and stay as recorded.
DETAIL_LABELS = {
    "source": pgettext_lazy("audit detail", "source"),
    "rows": pgettext_lazy("audit detail", "rows"),
    "created": pgettext_lazy("audit detail", "created"),
    "updated": pgettext_lazy("audit detail", "updated"),
    "unchanged": pgettext_lazy("audit detail", "unchanged"),
    "deactivated": pgettext_lazy("audit detail", "deactivated"),
    "scope": pgettext_lazy("audit detail", "access"),
    "person": pgettext_lazy("audit detail", "person"),
    "program": pgettext_lazy("audit detail", "program"),
    "replaced": pgettext_lazy("audit detail", "replaced"),
    "records": pgettext_lazy("audit detail", "records"),
    "person_id": pgettext_lazy("audit detail", "person number"),
    "employee_id": pgettext_lazy("audit detail", "employee ID"),
    "deleted": pgettext_lazy("audit detail", "deleted"),
    "scrubbed": pgettext_lazy("audit detail", "cleared of their words"),
    "pairs_ended": pgettext_lazy("audit detail", "pairs ended"),
    "partners_told": pgettext_lazy("audit detail", "partners told"),
    "closed_at": pgettext_lazy("audit detail", "closed at"),
    "retention_months": pgettext_lazy("audit detail", "retention (months)"),
    "notes": pgettext_lazy("audit detail", "notes"),
    "pair_messages": pgettext_lazy("audit detail", "pair messages"),
    "growth_entries": pgettext_lazy("audit detail", "growth entries"),
    "reflections": pgettext_lazy("audit detail", "reflections"),
    "agenda_items": pgettext_lazy("audit detail", "agenda items"),
    "posts": pgettext_lazy("audit detail", "posts"),
    "replies": pgettext_lazy("audit detail", "replies"),
    "reactions": pgettext_lazy("audit detail", "reactions"),
    "checkin_answers": pgettext_lazy("audit detail", "check-in answers"),
    "notifications": pgettext_lazy("audit detail", "notifications"),
    "deliveries": pgettext_lazy("audit detail", "deliveries"),
    "delivery_preferences": pgettext_lazy("audit detail", "delivery preferences"),
    "api_tokens": pgettext_lazy("audit detail", "API tokens"),
    "insights": pgettext_lazy("audit detail", "insights"),
    "learning_goals": pgettext_lazy("audit detail", "learning goals"),
    "closure_reflections": pgettext_lazy("audit detail", "final reflections"),
    "concerns": pgettext_lazy("audit detail", "concerns"),
    "concern_replies": pgettext_lazy("audit detail", "concern replies"),
    "nudges": pgettext_lazy("audit detail", "nudges"),
    "checkin_notes": pgettext_lazy("audit detail", "check-in notes"),
    "actions": pgettext_lazy("audit detail", "actions"),
    "celebrations": pgettext_lazy("audit detail", "celebrations"),
    "intake_answers": pgettext_lazy("audit detail", "intake answers"),
    "from": pgettext_lazy("audit detail", "from"),
    "to": pgettext_lazy("audit detail", "to"),
}


def _words(key: str) -> str:
    label = DETAIL_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def detail_text(details: dict[str, Any]) -> str:
    """An entry's details in words: "deleted: notes 2, reflections 1 · partners told: 1"
    (nested counts of zero are left out)."""
    parts = []
    for key, value in details.items():
        if isinstance(value, dict):
            counts = ", ".join(f"{_words(k)} {v}" for k, v in value.items() if v)
            parts.append(f"{_words(key)}: {counts or pgettext('no records', 'none')}")
        else:
            parts.append(f"{_words(key)}: {value}")
    return " · ".join(parts)


@login_required
@require_GET
def person_page(request: AuthedRequest, employee_id: str) -> HttpResponse:
    person = selectors.person_for_personal_data(user=request.user, employee_id=employee_id)
    return render(
        request,
        "privacy/person.html",
        {
            "person": person,
            "erased": services.is_erased(person),
            "participations": participations_of_person(person),
        },
    )


@login_required
@require_GET
def person_export(request: AuthedRequest, employee_id: str) -> HttpResponse:
    person = selectors.person_for_personal_data(user=request.user, employee_id=employee_id)
    document = services.person_export(actor=request.user, person=person)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}-export.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: AuthedRequest, employee_id: str) -> HttpResponse:
    person = selectors.person_for_personal_data(user=request.user, employee_id=employee_id)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.person_erase(
                actor=request.user, person=person, confirm=form.cleaned_data["confirm"]
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            # One sentence with three counts: "(s)" rather than glued plural fragments.
            messages.success(
                request,
                _(
                    "Erased. %(deleted)d records deleted, %(scrubbed)d cleared of their words; "
                    "%(told)d partner(s) told."
                )
                % {
                    "deleted": sum(result.deleted.values()),
                    "scrubbed": sum(result.scrubbed.values()),
                    "told": result.partners_told,
                },
            )
            return redirect("privacy:person", result.employee_id)
    return render(
        request,
        "privacy/erase.html",
        {
            "person": person,
            "form": form,
            "erased": services.is_erased(person),
            "participations": participations_of_person(person),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def audit_log(request: AuthedRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    entries = selectors.audit_entries(user=request.user, action=action)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = action_label(entry.action)  # type: ignore[attr-defined]  # for display
        entry.detail_text = detail_text(entry.details)  # type: ignore[attr-defined]
    return render(
        request,
        "privacy/audit.html",
        {
            "page": page,
            "action": action,
            "actions": selectors.audit_actions(user=request.user),
        },
    )

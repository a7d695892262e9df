"""Forms for the matching pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.engine.instance import CRITERIA, DEFAULT_WEIGHTS, OBJECTIVES
from upward.inputs import Form
from upward.matching.models import MatchRun
from upward.programs.forms import CRITERION_LABELS, OBJECTIVE_LABELS


class ConsultForm(Form):
    """Start a consultation, or extend its deadline (same field, same rules)."""

    deadline = forms.DateField(
        label=gettext_lazy("Answer by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Whoever has not answered by the end of this day is counted as accepting their "
            "match; the e-mail tells them so. You can extend the deadline while answers are open."
        ),
    )

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class RespondForm(Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        choices=[
            ("accept", gettext_lazy("Yes, I am happy with this match")),
            ("another", gettext_lazy("Please find me another partner")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=gettext_lazy(
            "Anything the coordinator should know (optional, never shown to your match)"
        ),
    )


class WhatIfForm(Form):
    objective = forms.ChoiceField(
        label=gettext_lazy("Objective"), choices=[(o, OBJECTIVE_LABELS[o]) for o in OBJECTIVES]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in CRITERIA:
            self.fields[f"weight_{c}"] = forms.IntegerField(
                min_value=0,
                max_value=100,
                label=CRITERION_LABELS[c],
            )

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{c}"] for c in CRITERIA]

    @staticmethod
    def initial_for(run: MatchRun) -> dict[str, Any]:
        settings = (run.instance or {}).get("settings") or {}
        given = settings.get("weights")
        # As the engine reads them: a weights object is complete (a criterion left out weighs 0).
        weights = (
            dict(DEFAULT_WEIGHTS)
            if given is None
            else {c: float(given.get(c, 0)) for c in CRITERIA}
        )
        total = sum(weights.values()) or 1.0
        initial: dict[str, Any] = {"objective": settings.get("objective", "max_total")}
        initial.update({f"weight_{c}": round(weights[c] / total * 100) for c in CRITERIA})
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data[f"weight_{c}"] for c in CRITERIA if data.get(f"weight_{c}") is not None]
        if len(weights) == len(CRITERIA) and sum(weights) == 0:
            self.add_error("weight_topics", _("At least one criterion needs a weight above 0."))
        return data

    def override(self) -> dict[str, Any]:
        d = self.cleaned_data
        total = sum(d[f"weight_{c}"] for c in CRITERIA) or 1
        return {
            "objective": d["objective"],
            "weights": {c: round(d[f"weight_{c}"] / total, 4) for c in CRITERIA},
        }

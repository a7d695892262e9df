from __future__ import annotations

from django import forms

from upward.insights.models import BehaviourChange


class BehaviourChangeForm(forms.ModelForm):
    class Meta:
        model = BehaviourChange
        fields = ["kind", "title", "happened_on"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"kind": "What changed", "title": "In one line", "happened_on": "When"}


class DashboardFilterForm(forms.Form):
    """Cohort = the month pairs started, as YYYY-MM."""

    cohort = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": "Use a month like 2026-04."},
    )

from __future__ import annotations

from django import forms

from upward.insights.models import BehaviourChange


class BehaviourChangeForm(forms.ModelForm):
    class Meta:
        model = BehaviourChange
        fields = ["kind", "title", "happened_on"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"kind": "What changed", "title": "In one line", "happened_on": "When"}

from __future__ import annotations

from django import forms

from upward.inputs import ModelForm
from upward.insights.models import BehaviourChange


class BehaviourChangeForm(ModelForm):
    class Meta:
        model = BehaviourChange
        fields = ["kind", "title", "happened_on"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"kind": "What changed", "title": "In one line", "happened_on": "When"}

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from upward.inputs import ModelForm
from upward.insights.models import BehaviourChange


class BehaviourChangeForm(ModelForm):
    class Meta:
        model = BehaviourChange
        fields = ["kind", "title", "happened_on"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "kind": _("What changed"),
            "title": _("In one line"),
            "happened_on": _("When"),
        }

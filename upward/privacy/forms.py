from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from upward.inputs import Form


class EraseForm(Form):
    confirm = forms.CharField(
        max_length=64,
        label=gettext_lazy("Type the person’s employee ID to confirm"),
        help_text=gettext_lazy("Erasure cannot be undone."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

from __future__ import annotations

from django import forms

from upward.inputs import Form


class EraseForm(Form):
    confirm = forms.CharField(
        max_length=64,
        label="Type the person's employee ID to confirm",
        help_text="Erasure cannot be undone.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

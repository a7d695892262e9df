from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from upward.inputs import Form
from upward.programs.models import Program
from upward.webhooks.catalogue import EVENT_CHOICES


class EndpointForm(Form):
    url = forms.CharField(
        label="URL",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://hooks.example.com/upward"}),
        help_text=_("Deliveries are POSTed here as JSON."),
    )
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("Every program I manage"),
    )
    description = forms.CharField(
        max_length=200,
        required=False,
        label=_("Description"),
        help_text=_("Optional: what receives these, for whoever reads this later."),
    )

    def __init__(self, *args: Any, programs: QuerySet[Program] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if programs is not None:
            field = self.fields["program"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = programs


class EndpointEditForm(Form):
    url = forms.CharField(label="URL", max_length=500, widget=forms.URLInput)
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    description = forms.CharField(max_length=200, required=False, label=_("Description"))
    active = forms.BooleanField(
        required=False, label=_("On"), help_text=_("Turned off, an endpoint receives nothing.")
    )

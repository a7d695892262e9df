from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from upward.community.models import CheckInRSVP, Reaction
from upward.inputs import Form


class PostForm(Form):
    title = forms.CharField(max_length=200, required=False, label=_("Title"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label=_("Share with the program"),
        help_text=_(
            "Everyone in this program can read it. Do not name anyone without asking them."
        ),
    )


class ReplyForm(Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label=pgettext_lazy("noun: the text of a reply", "Reply"),
    )


class ReactionForm(Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)
    # The state the button asks for: "1" adds the reaction, "0" takes it back.
    on = forms.TypedChoiceField(choices=[("1", "on"), ("0", "off")], coerce=lambda v: v == "1")


class CheckInForm(Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Date"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label=_("Time"))
    duration_minutes = forms.IntegerField(
        min_value=15, max_value=240, initial=45, label=_("Duration (minutes)")
    )
    location = forms.CharField(max_length=200, required=False, label=_("Location"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Description")
    )

    def starts_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class CheckInRescheduleForm(Form):
    """Date and time are read in the coordinator's own time zone (activated for the request)."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Date"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label=_("Time"))
    duration_minutes = forms.IntegerField(min_value=15, max_value=240, label=_("Minutes"))
    location = forms.CharField(max_length=200, required=False, label=_("Location"))

    def starts_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class RsvpForm(Form):
    response = forms.ChoiceField(choices=CheckInRSVP.Response.choices)

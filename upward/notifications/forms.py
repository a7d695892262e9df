from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms

from upward.inputs import Form, ModelForm
from upward.notifications.models import ChatKind, ChatProvider, DeliveryPreference


def timezone_choices() -> list[tuple[str, str]]:
    return [("", "Use my directory time zone"), *((tz, tz) for tz in sorted(available_timezones()))]


class PreferenceForm(ModelForm):
    timezone = forms.ChoiceField(choices=timezone_choices, required=False)

    class Meta:
        model = DeliveryPreference
        fields = ["email_enabled", "in_app_enabled", "quiet_start", "quiet_end", "timezone"]
        labels = {
            "email_enabled": "Email",
            "in_app_enabled": "In the app",
            "quiet_start": "Quiet from",
            "quiet_end": "Quiet until",
            "timezone": "Time zone",
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            missing = "quiet_end" if end is None else "quiet_start"
            self.add_error(missing, "Give both ends of your quiet hours, or neither.")
        elif start is not None and start == end:
            self.add_error("quiet_end", "Quiet hours must end at a different time than they start.")
        return data


class PauseForm(Form):
    reason = forms.CharField(
        max_length=200,
        required=False,
        help_text="Optional, shown to the other coordinators (e.g. 'company shutdown week').",
    )


class ChatChannelForm(Form):
    provider = forms.ChoiceField(
        choices=ChatProvider.choices, widget=forms.RadioSelect, label="Chat app"
    )
    webhook_url = forms.CharField(
        max_length=500,
        required=False,
        label="Incoming-webhook URL",
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    kinds = forms.MultipleChoiceField(
        choices=ChatKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Messages to post",
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Post to this channel")

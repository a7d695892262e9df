from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.inputs import Form, ModelForm
from upward.notifications.models import ChatKind, ChatProvider, DeliveryPreference


def timezone_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Use my directory time zone")),
        *((tz, tz) for tz in sorted(available_timezones())),
    ]


def language_choices() -> list[tuple[str, str]]:
    # Each language in its own name, so a person who landed in the wrong one finds theirs.
    return [("", _("Follow my browser")), *settings.LANGUAGES]


class PreferenceForm(ModelForm):
    language = forms.ChoiceField(
        choices=language_choices,
        required=False,
        label=gettext_lazy("Language"),
        widget=forms.Select(attrs={"aria-labelledby": "language-legend"}),
    )
    timezone = forms.ChoiceField(
        choices=timezone_choices, required=False, label=gettext_lazy("Time zone")
    )
    # Not model fields: the saved URL is a credential and is never put back into the page.
    chat_provider = forms.ChoiceField(
        choices=[], required=False, widget=forms.RadioSelect, label=gettext_lazy("Chat app")
    )
    chat_webhook_url = forms.CharField(
        max_length=500,
        required=False,
        label=gettext_lazy("Your incoming-webhook URL"),
        widget=forms.URLInput(attrs={"autocomplete": "off", "placeholder": "https://"}),
    )
    chat_forget = forms.BooleanField(required=False, label=gettext_lazy("Forget my chat link"))

    class Meta:
        model = DeliveryPreference
        fields = [
            "email_enabled",
            "in_app_enabled",
            "chat_enabled",
            "quiet_start",
            "quiet_end",
            "timezone",
            "language",
        ]
        labels = {
            "email_enabled": gettext_lazy("Email"),
            "in_app_enabled": gettext_lazy("In the app"),
            "chat_enabled": gettext_lazy("Chat"),
            "quiet_start": gettext_lazy("Quiet from"),
            "quiet_end": gettext_lazy("Quiet until"),
            "timezone": gettext_lazy("Time zone"),
        }
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, chat_providers: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = chat_providers or []
        labels = dict(ChatProvider.choices)
        provider_field = self.fields["chat_provider"]
        assert isinstance(provider_field, forms.ChoiceField)
        provider_field.choices = [(p, labels.get(p, p)) for p in offered]
        provider_field.initial = self.instance.chat_provider or (
            offered[0] if len(offered) == 1 else ""
        )
        if not offered:
            for name in ("chat_enabled", "chat_provider", "chat_webhook_url", "chat_forget"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            missing = "quiet_end" if end is None else "quiet_start"
            self.add_error(missing, _("Give both ends of your quiet hours, or neither."))
        elif start is not None and start == end:
            self.add_error(
                "quiet_end", _("Quiet hours must end at a different time than they start.")
            )
        return data


class PauseForm(Form):
    reason = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy(
            "Optional, shown to the other coordinators (e.g. 'company shutdown week')."
        ),
    )


class ChatChannelForm(Form):
    provider = forms.ChoiceField(
        choices=ChatProvider.choices, widget=forms.RadioSelect, label=gettext_lazy("Chat app")
    )
    webhook_url = forms.CharField(
        max_length=500,
        required=False,
        label=gettext_lazy("Incoming-webhook URL"),
        widget=forms.URLInput(attrs={"autocomplete": "off"}),
    )
    kinds = forms.MultipleChoiceField(
        choices=ChatKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Messages to post"),
    )
    enabled = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Post to this channel")
    )

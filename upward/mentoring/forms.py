"""Forms validate input and carry field errors; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upward.inputs import Form, ModelForm
from upward.mentoring.models import Action, Charter, ClosureChoice, Concern, GrowthEntry
from upward.mentoring.models.journal import Visibility
from upward.programs.models import Topic


class CharterForm(ModelForm):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta:
        model = Charter
        fields = list(Charter.CONTENT_FIELDS)
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "confidentiality": forms.Textarea(attrs={"rows": 3}),
            "success_definition": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "goals": _("What we want to learn and change"),
            "meeting_frequency": _("How often and how long we meet"),
            "channel": _("Where we meet and how we reach each other"),
            "confidentiality": _("What stays between us"),
            "success_definition": _("How we will know it worked"),
        }
        help_texts = {
            "goals": _("Two or three goals, in the leader's words and the mentor's. One per line."),
            "success_definition": _("Something you could point at in six months."),
        }


class MeetingTimeForm(Form):
    """Date and time are read in the viewer's own time zone (activated for the request)."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=240, initial=60
    )
    location = forms.CharField(
        label=_("Location"), max_length=200, required=False, help_text=_("A room or a place.")
    )
    video_url = forms.CharField(
        max_length=500,
        required=False,
        label=_("Online meeting link"),
        widget=forms.URLInput(attrs={"placeholder": "https://teams.microsoft.com/l/meetup-join/…"}),
        help_text=_("Teams, Zoom, Meet or any https link: it goes into the calendar entry."),
    )

    def starts_at(self) -> dt.datetime:
        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class SeriesForm(Form):
    first_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=_("First meeting on")
    )
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}),
        initial=dt.time(10, 0),
        label=_("At (the leader's local time)"),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    video_url = forms.CharField(
        max_length=500,
        required=False,
        label=_("Online meeting link"),
        widget=forms.URLInput(attrs={"placeholder": "https://zoom.us/j/…"}),
        help_text=_("A recurring Teams, Zoom or Meet link for every meeting of the series."),
    )


class CancelForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your partner sees this. A short, honest reason helps you find a new time."),
    )


class AgendaItemForm(Form):
    text = forms.CharField(max_length=500, label=_("Add to the agenda"))


class MessageForm(Form):
    # The service has the limit too (the API); the form says it before the page is sent.
    body = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        error_messages={"required": _("Write something first.")},
        help_text=_(
            "Only your partner reads it. They get one email (or chat message) for new "
            "messages, outside their quiet hours."
        ),
    )


class NoteForm(Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    visibility = forms.ChoiceField(
        label=_("Who sees this note"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_("Private notes are yours alone: not your partner, not the coordinators."),
    )


def version_field() -> forms.IntegerField:
    """The version an edit starts from, sent back with it (optimistic concurrency)."""
    return forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class NoteEditForm(NoteForm):
    version = version_field()


class ReflectionForm(Form):
    first = forms.CharField(
        label=_("First question"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    second = forms.CharField(
        label=_("Second question"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # Private by default: sharing is the writer's explicit choice (issue 11).
    shared_with_partner = forms.TypedChoiceField(
        choices=[("private", _("Private (only me)")), ("shared", _("Shared with my partner"))],
        coerce=lambda value: value == "shared",
        # Not sent at all: None, so the service keeps the writer's earlier choice (or private).
        empty_value=None,
        required=False,
        initial="private",
        widget=forms.RadioSelect,
        label=_("Who sees this reflection"),
        help_text=_("Private reflections are yours alone: not your partner, not the coordinators."),
    )

    def __init__(self, *args: Any, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if role == "leader":
            self.fields["first"].label = _("What surprised me")
            self.fields["second"].label = _("What I will try")
        else:
            self.fields["first"].label = _("What landed")
            self.fields["second"].label = _("What I want to raise next time")


class GrowthEntryForm(Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000, label=_("What I learned")
    )
    visibility = forms.ChoiceField(
        label=_("Who sees this entry"),
        choices=GrowthEntry.Visibility.choices,
        initial=GrowthEntry.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_("Published entries appear in the program space with your name."),
    )


class GrowthEntryEditForm(GrowthEntryForm):
    version = version_field()


def _topic_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Topic.objects.all(), required=False, label=_("Topic"), empty_label=_("(no topic)")
    )


class InsightForm(Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000, label=_("Insight")
    )
    topic = _topic_field()


class ActionForm(Form):
    title = forms.CharField(max_length=200, label=_("I will…"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("By"))
    topic = _topic_field()


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    dropped_reason = forms.CharField(
        max_length=300, required=False, label=_("Why dropped (needed when dropping)")
    )


class LearningGoalForm(Form):
    title = forms.CharField(max_length=200, label=_("I want to learn…"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_on = forms.DateField(
        label=_("By"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )


class ConcernForm(Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label=_("What is worrying you?"),
        help_text=_("Only the program's coordinators read this. Your partner is never told."),
    )
    anonymous = forms.BooleanField(
        required=False,
        label=_("Do not tell the coordinators who I am"),
        help_text=_(
            "They will not see your name, your pair or your role, so say only what you "
            "are comfortable sharing. You can still read their replies and answer them here."
        ),
    )


class ConcernReplyForm(Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label=_("Your reply")
    )


class ExitForm(Form):
    wants_rematch = forms.BooleanField(
        required=False, initial=True, label=_("I would like a new partner in this program")
    )
    confirm = forms.BooleanField(
        label=_("I understand this ends the pair for both of us and cancels upcoming meetings.")
    )


class EndEarlyForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        label=_("Why end now?"),
        help_text=_(
            "Your partner reads this. Your coordinators only see that your pair is ending "
            "early, never these words."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I want to end our pair early: we each write a final reflection, and once both of "
            "us have, the pair closes and upcoming meetings are cancelled."
        ),
        error_messages={"required": _("Tick the box to confirm you want to end early.")},
    )


class ClosureForm(Form):
    final_reflection = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label=_("Looking back, what changed for you?"),
    )
    choice = forms.ChoiceField(
        choices=ClosureChoice.Next.choices,
        widget=forms.RadioSelect,
        label=_("What next?"),
        help_text=_("Your coordinators see this choice (never your reflection) to act on it."),
    )
    celebrate_by_name = forms.BooleanField(
        required=False,
        label=_("Celebrate our pair by name in the program space (only if my partner agrees too)"),
    )


class ConcernUpdateForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Concern.Status.choices)
    resolution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        label=_("Resolution (the person who raised it reads this)"),
        help_text=_("Needed to resolve the concern: what was done, in a sentence or two."),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        label=_("Note (coordinators only)"),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class NudgeForm(Form):
    subject = forms.CharField(max_length=200, label=_("Subject"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=2000,
        label=_("Message"),
        help_text=_(
            "Goes to both of them, in the app at once and by email (held during their "
            "quiet hours). Edit it freely: it is sent as you leave it."
        ),
    )


class CheckInNoteForm(Form):
    noted_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label=_("Date of the check-in")
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label=_("How it went"),
        help_text=_("Private: only this program's coordinators read it, never the pair."),
    )


class CloseProgramPairsForm(Form):
    confirm = forms.BooleanField(
        label=_("I understand: every pair still open is closed and its room becomes read-only."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.accounts.selectors import STATUS_LABELS
from upward.inputs import Form
from upward.people.models import ApiToken


class AccountFilterForm(Form):
    q = forms.CharField(required=False, label=gettext_lazy("Search"))
    status = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any status")), *STATUS_LABELS.items()],
    )
    role = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Role"),
        choices=[
            ("", gettext_lazy("Any role")),
            ("org_admin", gettext_lazy("Org admin")),
            ("coordinator", gettext_lazy("Coordinator")),
            ("sponsor", gettext_lazy("Sponsor")),
        ],
    )


class ProgramRoleForm(Form):
    program = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Program"))

    def __init__(self, *args: object, programs: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["program"].choices = [("", _("Choose a program")), *programs]  # type: ignore[attr-defined]


class ApiTokenForm(Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Name"),
        help_text=gettext_lazy("What the token is for, e.g. “HR dashboard sync”."),
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label=gettext_lazy("Access"),
    )

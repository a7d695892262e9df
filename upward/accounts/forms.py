from __future__ import annotations

from django import forms

from upward.accounts.selectors import STATUS_LABELS
from upward.inputs import Form
from upward.people.models import ApiToken


class AccountFilterForm(Form):
    q = forms.CharField(required=False, label="Search")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *STATUS_LABELS.items()])
    role = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any role"),
            ("org_admin", "Org admin"),
            ("coordinator", "Coordinator"),
            ("sponsor", "Sponsor"),
        ],
    )


class ProgramRoleForm(Form):
    program = forms.TypedChoiceField(coerce=int, label="Program")

    def __init__(self, *args: object, programs: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["program"].choices = [("", "Choose a program"), *programs]  # type: ignore[attr-defined]


class ApiTokenForm(Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the token is for, e.g. “HR dashboard sync”.",
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label="Access",
    )

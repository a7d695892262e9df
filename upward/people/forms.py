from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from upward.inputs import Form, GuardedFormMixin
from upward.people.models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class SetPasswordRequestForm(GuardedFormMixin, PasswordResetForm):
    """ "Forgot your password?" that also reaches people who never chose one.

    Upward gives invited people an account with no password yet, and its invitations tell them
    to choose one here; Django's form skips accounts without a usable password, so they would
    wait for an e-mail that never comes. Deactivated accounts still get nothing, and with
    password sign-in turned off (single sign-on only) the page itself is closed.
    """

    def get_users(self, email: str) -> Iterator[User]:
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))


class DirectoryImportForm(Form):
    file = forms.FileField(
        label="Directory CSV",
        help_text=(
            "UTF-8 CSV exported from your HR system, with the columns listed below. "
            "Existing people are updated by employee_id; "
            "nothing is imported if any row has a problem."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 50 MB; split it or use the API.")
        return upload


class PeopleFilterForm(Form):
    q = forms.CharField(
        required=False,
        label="Search",
        widget=forms.TextInput(
            attrs={"placeholder": "Name, email, title or employee id", "type": "search"}
        ),
    )
    department = forms.CharField(required=False)
    level = forms.IntegerField(required=False, min_value=0)
    affinity_group = forms.CharField(required=False, label="Affinity group")
    include_leavers = forms.BooleanField(required=False, label="Include leavers")

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from upward.i18n import chosen_language
from upward.inputs import Form, GuardedFormMixin
from upward.people.models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=gettext_lazy("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def get_invalid_login_error(self) -> forms.ValidationError:
        # Django's own sentence (its catalogues translate it), naming the field in the reader's
        # language rather than by the model field's English name.
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"username": pgettext("the sign-in field", "email")},
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

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """The link goes out in the person's own language: the one they chose in Upward, else
        the one of the browser that asked for it (most likely theirs)."""
        code = chosen_language(context["user"]) or translation.get_language()
        with translation.override(code):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class DirectoryImportForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Directory CSV"),
        help_text=gettext_lazy(
            "UTF-8 CSV exported from your HR system, with the columns listed below. "
            "Existing people are updated by employee_id; "
            "nothing is imported if any row has a problem."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than 50 MB; split it or use the API.")
            )
        return upload


class PeopleFilterForm(Form):
    q = forms.CharField(
        required=False,
        label=gettext_lazy("Search"),
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("Name, email, title or employee id"),
                "type": "search",
            }
        ),
    )
    department = forms.CharField(required=False, label=gettext_lazy("Department"))
    level = forms.IntegerField(
        required=False, min_value=0, label=pgettext_lazy("job grade", "Level")
    )
    affinity_group = forms.CharField(required=False, label=gettext_lazy("Affinity group"))
    include_leavers = forms.BooleanField(required=False, label=gettext_lazy("Include leavers"))

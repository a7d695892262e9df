from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from upward.inputs import Form


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


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

"""One error type for every service.

A service that refuses a request raises `ServiceError` with words a person understands and the
input at fault (`field`). The API turns it into 4xx JSON naming the field (one handler in
`upward.api.api`); views show it on the form (`form_error`) or as a message (`message_error`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.contrib import messages

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest


class ServiceError(Exception):
    """A refused request: `message` for people, `field` for the input at fault ("" = the whole
    request), `status` for the API (400 bad input, 409 conflict with the current state), and
    `warnings` a caller may show beside it.

    Validation that finds several problems at once passes `errors` (field -> message), so a
    form shows each beside its field and the API lists them all; `field` is then the first."""

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        status: int = 400,
        warnings: list[str] | None = None,
        errors: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})
        if not field and self.errors:
            field = next(iter(self.errors))
        self.field = "" if field == "__all__" else field
        self.status = status
        self.warnings = warnings or []


def invalid(errors: Mapping[str, str]) -> ServiceError:
    """Bad input naming each field at fault (422)."""
    return ServiceError(" ".join(errors.values()), status=422, errors=errors)


def form_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a refusal on the form: beside its field when the form has it, else at the top."""
    for name, message in (exc.errors or {exc.field: exc.message}).items():
        form.add_error(name if name in form.fields else None, message)


def message_error(request: HttpRequest, exc: ServiceError) -> None:
    """Show a refusal as a flash message (pages without a form)."""

    messages.error(request, exc.message)

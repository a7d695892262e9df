"""One error type for every service.

A service that refuses a request raises `ServiceError` with words a person understands and the
input at fault (`field`). The API turns it into 4xx JSON naming the field (one handler in
`upward.api.api`); views show it on the form (`form_error`) or as a message (`message_error`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest


class ServiceError(Exception):
    """A refused request: `message` for people, `field` for the input at fault ("" = the whole
    request), `status` for the API (400 bad input, 409 conflict with the current state), and
    `warnings` a caller may show beside it."""

    def __init__(
        self,
        message: str,
        *,
        field: str = "",
        status: int = 400,
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = "" if field == "__all__" else field
        self.status = status
        self.warnings = warnings or []


def form_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a refusal on the form: beside its field when the form has it, else at the top."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def message_error(request: HttpRequest, exc: ServiceError) -> None:
    """Show a refusal as a flash message (pages without a form)."""

    messages.error(request, exc.message)

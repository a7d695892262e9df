"""One error type for every service.

A service that refuses a request raises `ServiceError` with words a person understands and the
input at fault (`field`). The API turns it into 4xx JSON naming the field (one handler in
`upward.api.api`); views show it on the form (`form_error`) or as a message (`message_error`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.contrib import messages
from django.utils.translation import gettext as _

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
        current: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        # A stale write (409) carries what is saved now, so the writer can compare.
        self.current = dict(current or {})
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


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 300 else text[:300] + "…"


def _plain(value: object) -> object:
    # What JSON carries as is; anything else (a date, a person) as the text a person reads.
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def stale_write(
    what: str, *, sent_version: int, current_version: int, changed: Mapping[str, object]
) -> ServiceError:
    """Someone saved `what` after the writer loaded it (optimistic concurrency): a 409 naming
    each field whose saved value differs from what the writer sent, with the saved value, so
    nothing is lost silently. The writer compares and saves again with `current_version`."""
    message = _(
        "%(what)s was changed by someone else while you edited it (you started from version "
        "%(sent)d, it is now version %(current)d). Your text is kept: compare it with the saved "
        "one and save again to replace it."
    ) % {"what": what, "sent": sent_version, "current": current_version}
    errors = {
        name: _("Saved meanwhile: %(value)s") % {"value": _shown(value)}
        for name, value in changed.items()
    }
    return ServiceError(
        message,
        status=409,
        field="version",
        errors=errors or {"version": message},
        current={"version": current_version, **{k: _plain(v) for k, v in changed.items()}},
    )


def form_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Show a refusal on the form: beside its field when the form has it, else at the top.

    A stale write (409 with `current`) also says so at the top, and the form's hidden `version`
    moves to the saved one: the writer's text stays in the fields, the saved text beside them,
    and saving again replaces the saved version knowingly."""
    if exc.current:
        form.add_error(None, exc.message)
        if "version" in exc.current and "version" in form.fields and form.is_bound:
            data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict, immutable until copied
            data["version"] = str(exc.current["version"])
            form.data = data
    for name, message in (exc.errors or {exc.field: exc.message}).items():
        if exc.current and name == "version":
            continue
        form.add_error(name if name in form.fields else None, message)


def message_error(request: HttpRequest, exc: ServiceError) -> None:
    """Show a refusal as a flash message (pages without a form)."""

    messages.error(request, exc.message)

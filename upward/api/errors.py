"""Refusals an endpoint raises itself, before any service runs: bad input the schema let through,
or answers that list several fields at once. Services raise `upward.errors.ServiceError`."""

from __future__ import annotations


class ApiError(Exception):
    """A 4xx answer with a message and, for bad input, a list of {field, message}."""

    def __init__(
        self, message: str, *, status: int = 400, errors: list[dict[str, object]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.errors = errors or []


def field_error(field: str, message: str, *, status: int = 400) -> ApiError:
    return ApiError(
        f"{field}: {message}", status=status, errors=[{"field": field, "message": message}]
    )

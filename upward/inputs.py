"""The one boundary for input: text a database can store, numbers a column can hold.

Where input enters, it is checked once, here, before any service or query sees it:

- **Forms** inherit `Form` / `ModelForm` (below). Every text field refuses NUL bytes and lone
  surrogates and gets a length cap when it has none; every integer field gets a range that
  fits the database's integer column. The refusal is an ordinary field error.
- **Query strings** (every page and the API) and **API bodies** (JSON or form) go through
  `InputGuardMiddleware`: the same rules, walked through nested JSON, answered with 400 (pages)
  or 422 JSON naming the field (API) before a view runs.

Why: PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), SQLite and the
response encoder refuse lone surrogates (UnicodeEncodeError), and an integer past the column's
range overflows. Each of those used to be a server error from input alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Free text that has no limit of its own (notes, descriptions, answers) stops here.
TEXT_MAX = 10_000
# A value in a query string (a search, a filter) stops here.
QUERY_MAX = 1_000
# Integers must fit a 32-bit signed column, the smallest "integer" type we store into
# unchecked. Fields stored in smaller columns (PositiveSmallIntegerField) set their own range.
INT_MAX = 2**31 - 1
INT_MIN = -(2**31)
# Nested JSON deeper than this is not something any endpoint accepts.
JSON_DEPTH_MAX = 32

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Problems follow the name of the field at fault ("title: contains a NUL character, ...").
NUL_MESSAGE = gettext_lazy("contains a NUL character, which cannot be stored.")
SURROGATE_MESSAGE = gettext_lazy("contains characters that are not valid text (a lone surrogate).")


def _figure(n: int) -> str:
    # "10,000" in English, "10 000" in French, "10.000" in German.
    return number_format(n, force_grouping=True)


def text_problem(value: str, *, max_length: int | None = TEXT_MAX) -> str | None:
    """Why `value` cannot be stored as text, or None when it can."""
    found = _UNSTORABLE.search(value)
    if found:
        return str(NUL_MESSAGE if found.group() == "\x00" else SURROGATE_MESSAGE)
    if max_length is not None and len(value) > max_length:
        return _("is too long: at most %(max)s characters (it has %(length)s).") % {
            "max": _figure(max_length),
            "length": _figure(len(value)),
        }
    return None


def int_problem(value: int) -> str | None:
    if not INT_MIN <= value <= INT_MAX:
        return _("is out of range: it must be between %(min)s and %(max)s.") % {
            "min": _figure(INT_MIN),
            "max": _figure(INT_MAX),
        }
    return None


def is_id(value: object) -> bool:
    """Whether a posted value can name a row: ASCII digits within a 64-bit key (a longer run of
    digits overflows SQLite's integer before any lookup could answer "not found")."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


def validate_storable_text(value: Any) -> None:
    """A form validator: NUL bytes and lone surrogates are refused (length is MaxLength's)."""
    if isinstance(value, str):
        found = _UNSTORABLE.search(value)
        if found and found.group() == "\x00":
            message = _("This text contains a NUL character, which cannot be stored.")
            raise ValidationError(message, code="unstorable")
        if found:
            message = _("This text contains characters that are not valid text (a lone surrogate).")
            raise ValidationError(message, code="unstorable")


def _too_deep() -> str:
    return _("is nested too deeply (more than %(levels)d levels).") % {"levels": JSON_DEPTH_MAX}


def problems_in(data: Any, path: str = "", *, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(field path, problem) for every value in decoded JSON that cannot be stored."""
    if depth > JSON_DEPTH_MAX:
        yield path or "body", _too_deep()
        return
    if isinstance(data, str):
        problem = text_problem(data)
        if problem:
            yield path or "body", problem
    elif isinstance(data, bool):
        return
    elif isinstance(data, int):
        problem = int_problem(data)
        if problem:
            yield path or "body", problem
    elif isinstance(data, float):
        if not math.isfinite(data):
            yield path or "body", _("is not a finite number.")
    elif isinstance(data, dict):
        for key, value in data.items():
            key_problem = text_problem(str(key), max_length=200)
            if key_problem:
                yield (
                    path or "body",
                    _("has a key that cannot be stored: %(problem)s") % {"problem": key_problem},
                )
                continue
            yield from problems_in(value, f"{path}.{key}" if path else str(key), depth=depth + 1)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from problems_in(
                value, f"{path}.{index}" if path else str(index), depth=depth + 1
            )


_DIGITS = re.compile(r"[+-]?\d+")


def _query_number_problem(value: str) -> str | None:
    # A whole number no database can compare with (a page, an id, a level filter): SQLite
    # overflows past 64 bits. Text searches of 19+ digits are not something anyone types.
    if _DIGITS.fullmatch(value.strip()) and not -(2**63) <= int(value) <= 2**63 - 1:
        return _("is out of range: a number this large matches nothing.")
    return None


def _query_problems(request: HttpRequest) -> list[tuple[str, str]]:
    found = []
    for key, values in request.GET.lists():
        problem = text_problem(key, max_length=200)
        if problem:
            found.append(
                (
                    "query",
                    _("has a parameter name that cannot be read: %(problem)s")
                    % {"problem": problem},
                )
            )
            continue
        for value in values:
            problem = text_problem(value, max_length=QUERY_MAX) or _query_number_problem(value)
            if problem:
                found.append((key, problem))
                break
    return found


def _body_problems(request: HttpRequest) -> list[tuple[str, str]]:
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        if not request.body:
            return []
        try:
            data = json.loads(request.body)
        except RecursionError:
            return [("body", _too_deep())]
        except ValueError:
            return []  # not JSON at all: the API's own parser answers that
        return list(problems_in(data))
    # Multipart is left to the endpoint: parsing it here would consume the upload stream.
    if content_type == "application/x-www-form-urlencoded":
        return [
            (key, problem)
            for key, values in request.POST.lists()
            for value in values
            if (problem := text_problem(value))
        ]
    return []


def _api_answer(problems: list[tuple[str, str]]) -> HttpResponse:
    errors = [{"field": field, "message": message} for field, message in problems]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    detail = _("Invalid input: %(summary)s") % {"summary": summary}
    return JsonResponse({"detail": detail, "errors": errors}, status=422)


class InputGuardMiddleware:
    """Refuses unstorable query strings everywhere, and unstorable API bodies, before a view.

    Page forms are not read here: their fields refuse the same input with a field error
    (`Form`, `ModelForm`), so a person sees the message beside what they typed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith("/api/")
        problems = _query_problems(request)
        if is_api and not problems and request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            problems = _body_problems(request)
        if problems:
            if is_api:
                return _api_answer(problems)
            field, message = problems[0]
            text = _("The address has a value Upward cannot read: %(field)s %(problem)s") % {
                "field": field,
                "problem": message,
            }
            return HttpResponseBadRequest(
                text,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def guard_field(field: forms.Field) -> None:
    """Give one form field the boundary's rules (idempotent: a field is guarded once)."""
    if getattr(field, "_upward_guarded", False):
        return
    field._upward_guarded = True  # type: ignore[attr-defined]
    if isinstance(field, forms.CharField):
        field.validators.append(validate_storable_text)
        if field.max_length is None:
            field.max_length = TEXT_MAX
            field.validators.append(MaxLengthValidator(TEXT_MAX))
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX))
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.max_value = INT_MAX
            field.validators.append(MaxValueValidator(INT_MAX))
        if field.min_value is None:
            field.min_value = INT_MIN
            field.validators.append(MinValueValidator(INT_MIN))


class GuardedFormMixin:
    """Every field of the form gets `guard_field`, including fields a subclass adds in its own
    `__init__` (guarded again just before cleaning)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_field(field)

    def full_clean(self) -> None:
        for field in self.fields.values():
            guard_field(field)
        super().full_clean()  # type: ignore[misc]


class Form(GuardedFormMixin, forms.Form):
    """The base of every Upward form (instead of `django.forms.Form`)."""


class ModelForm(GuardedFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The base of every Upward model form (instead of `django.forms.ModelForm`)."""

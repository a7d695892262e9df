"""One boundary for input (upward/inputs.py), tried on every form and every API operation.

Hostile values: a lone surrogate, a NUL byte, text longer than any field takes, and integers
past a database column. None may cause a server error; each is refused naming the field.
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from django import forms
from django.test import Client

import upward
from tests.fuzz.conftest import Seeded
from upward.inputs import INT_MAX, TEXT_MAX, Form, GuardedFormMixin
from upward.people.models import User

HOSTILE_TEXT = {
    "surrogate": "\ud800",
    "nul": "a\x00b",
    "overlong": "x" * (TEXT_MAX + 1),
}


def _upward_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(upward.__path__, "upward."):
        if module.name.endswith(".forms") and ".tests" not in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[Any]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        module = cls.__module__
        if module.startswith("upward.") and ".tests" not in module and module != "upward.inputs":
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__name__}")


FORM_CLASSES = _upward_form_classes()
SIGN_IN_FORMS = {"SignInForm"}  # Django's authentication form: its fields are username/password


def test_every_upward_form_is_guarded() -> None:
    assert len(FORM_CLASSES) > 30
    unguarded = [
        f"{c.__module__}.{c.__name__}"
        for c in FORM_CLASSES
        if not issubclass(c, GuardedFormMixin) and c.__name__ not in SIGN_IN_FORMS
    ]
    assert unguarded == [], "forms must inherit upward.inputs.Form / ModelForm"


def _fields(kind: type[forms.Field]) -> list[tuple[str, str, forms.Field]]:
    return [
        (f"{cls.__name__}.{name}", name, field)
        for cls in FORM_CLASSES
        if issubclass(cls, GuardedFormMixin)
        for name, field in cls.base_fields.items()
        if isinstance(field, kind)
    ]


TEXT_FIELDS = _fields(forms.CharField)
INT_FIELDS = _fields(forms.IntegerField)


def _probe(name: str, field: forms.Field, value: object) -> Form:
    # The field alone, in a form with the same base: its own validation plus the boundary's.
    probe_cls = type("ProbeForm", (Form,), {name: copy.deepcopy(field)})
    return probe_cls(data={name: value})


@pytest.mark.parametrize("kind", sorted(HOSTILE_TEXT))
@pytest.mark.parametrize(("label", "name", "field"), TEXT_FIELDS, ids=[t[0] for t in TEXT_FIELDS])
def test_every_text_field_refuses_unstorable_text(
    label: str, name: str, field: forms.Field, kind: str
) -> None:
    form = _probe(name, field, HOSTILE_TEXT[kind])
    assert not form.is_valid()
    assert name in form.errors, f"{label} accepted {kind} text"


@pytest.mark.parametrize("value", [2**63, INT_MAX + 1, -(2**63)])
@pytest.mark.parametrize(("label", "name", "field"), INT_FIELDS, ids=[t[0] for t in INT_FIELDS])
def test_every_integer_field_refuses_values_past_a_column(
    label: str, name: str, field: forms.Field, value: int
) -> None:
    form = _probe(name, field, str(value))
    assert not form.is_valid()
    assert name in form.errors, f"{label} accepted {value}"


# --- The API: every operation of the OpenAPI document, with real ids in its path -------------


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        node = _resolve(schema, options[0]) if options else node
    if "allOf" in node and len(node["allOf"]) == 1:
        node = _resolve(schema, node["allOf"][0])
    return node


def _example(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    """A plausible value for a JSON schema node: enough for the request to reach its service."""
    node = _resolve(schema, node)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        return {name: _example(schema, sub) for name, sub in props.items()}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, node.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if node.get("format") == "date":
        return "2030-01-15"
    if node.get("format") == "date-time":
        return "2030-01-15T10:00:00Z"
    if node.get("format") == "time":
        return "10:00:00"
    return "x"


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]


def _text_targets(schema: dict[str, Any], op: dict[str, Any]) -> list[tuple[str, str]]:
    """("body"|"query", name) of every text input of one operation."""
    targets = [
        ("query", p["name"])
        for p in op.get("parameters", [])
        if p["in"] == "query" and _resolve(schema, p.get("schema", {})).get("type") == "string"
    ]
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    if body:
        node = _resolve(schema, body["schema"])
        for name, sub in node.get("properties", {}).items():
            sub = _resolve(schema, sub)
            if sub.get("type") == "string" or (
                sub.get("type") == "array"
                and _resolve(schema, sub["items"]).get("type") == "string"
            ):
                targets.append(("body", name))
    return targets


def _send(
    client: Client,
    seeded: Seeded,
    method: str,
    path: str,
    op: dict[str, Any],
    target: str,
    name: str,
    value: Any,
) -> Any:
    url = seeded.path_for(path)
    body_node = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    payload = _example(seeded.schema, body_node["schema"]) if body_node else None
    query: dict[str, Any] = {}
    if target == "body":
        assert isinstance(payload, dict)
        current = _resolve(seeded.schema, body_node["schema"])["properties"][name]
        is_list = _resolve(seeded.schema, current).get("type") == "array"
        payload[name] = [value] if is_list else value
    else:
        query[name] = value
    if query:
        url += "?" + "&".join(f"{k}={_quote(v)}" for k, v in query.items())
    data = json.dumps(payload) if payload is not None else None
    return client.generic(method, url, data=data or "", content_type="application/json")


def _quote(value: str) -> str:
    # A lone surrogate cannot be UTF-8 encoded; on the wire it arrives as its three raw bytes.
    return quote_from_bytes(value.encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def api_cases(seeded: Seeded) -> list[tuple[str, str, dict[str, Any], str, str]]:
    return [
        (method, path, op, target, name)
        for method, path, op in _operations(seeded.schema)
        for target, name in _text_targets(seeded.schema, op)
    ]


@pytest.mark.parametrize("role", ["coordinator", "leader"])
def test_every_api_text_input_refuses_unstorable_text_with_json(
    seeded: Seeded,
    api_cases: list[tuple[str, str, dict[str, Any], str, str]],
    role: str,
    in_savepoint: None,
) -> None:
    assert len(api_cases) > 60, "the OpenAPI document lists the text inputs"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {seeded.tokens[role]}")
    failures = []
    for method, path, op, target, name in api_cases:
        for kind, value in HOSTILE_TEXT.items():
            response = _send(client, seeded, method, path, op, target, name, value)
            field = name
            if target == "query" and kind == "surrogate":
                # On the wire a lone surrogate is three invalid UTF-8 bytes, which Django reads
                # as replacement characters: storable, so only "no server error" applies.
                if response.status_code >= 500:
                    failures.append(f"{method} {path} query.{name} {kind}: server error")
                continue
            ok = response.status_code == 422 and any(
                e["field"] == field or e["field"].startswith(f"{field}.")
                for e in response.json().get("errors", [])
            )
            if not ok:
                failures.append(f"{method} {path} {target}.{name} {kind}: {response.status_code}")
        # Longer than a column takes, shorter than free text may be: refused or stored, in JSON.
        response = _send(client, seeded, method, path, op, target, name, "y" * 1_000)
        if response.status_code >= 500 or not response["Content-Type"].startswith(
            "application/json"
        ):
            failures.append(f"{method} {path} {target}.{name} 1,000 chars: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_api_integers_past_a_column_are_refused(seeded: Seeded, in_savepoint: None) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {seeded.tokens['coordinator']}")
    url = f"/api/v1/programs/{seeded.ids['program_id']}"
    for value in (70_000, 2**63):
        response = client.patch(
            url, {"anonymity_threshold": value}, content_type="application/json"
        )
        assert response.status_code in {400, 422}, response.content
        assert response.json()["errors"][0]["field"] == "anonymity_threshold"
    admin = Client(HTTP_AUTHORIZATION=f"Bearer {seeded.tokens['admin']}")
    response = admin.get("/api/v1/people?page=99999999999999999999")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page"
    response = admin.get("/api/v1/people?page=999999999")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_api_quiet_hours_with_a_time_zone_are_a_field_error(
    seeded: Seeded, in_savepoint: None
) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {seeded.tokens['leader']}")
    response = client.put(
        "/api/v1/notifications/preferences",
        {"quiet_start": "22:00:00+02:00", "quiet_end": "07:00:00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "quiet_start"


@pytest.mark.parametrize(
    "path",
    ["/people/?q=a%00b", "/people/?q=%ED%A0%80", "/programs/?page=99999999999999999999"],
)
def test_pages_refuse_unstorable_query_strings(
    seeded: Seeded, in_savepoint: None, path: str
) -> None:
    client = Client()
    client.force_login(User.objects.get(email="admin@example.com"))
    response = client.get(path)
    assert response.status_code in {200, 400, 404}

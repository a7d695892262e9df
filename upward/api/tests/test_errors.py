"""The API answers JSON for every error, in production too (DEBUG off): never a traceback,
never an HTML page (issue 12 item 2)."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from conftest import client_for
from upward.api import me
from upward.people.models import User


@pytest.fixture
def client(plain_user: User, settings: Settings) -> Client:
    settings.DEBUG = False
    c = client_for(plain_user)
    c.raise_request_exception = False
    return c


def _is_json(response: object) -> bool:
    return response["Content-Type"].startswith("application/json")  # type: ignore[index]


def test_a_crash_in_an_endpoint_is_a_json_500(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(me, "calendar_feed_url", broken)
    response = client.get("/api/v1/me")
    assert response.status_code == 500 and _is_json(response)
    assert response.json() == {"detail": "Server error: it has been logged."}
    assert b"Traceback" not in response.content and b"a bug" not in response.content


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/no-such-endpoint", 404),
        ("trace", "/api/v1/me", 405),
        ("delete", "/api/v1/me", 405),
    ],
)
def test_errors_django_answers_itself_are_json_under_the_api(
    client: Client, method: str, path: str, status: int
) -> None:
    response = client.generic(method.upper(), path)
    assert response.status_code == status and _is_json(response)
    assert "detail" in response.json()


def test_unparseable_json_is_a_json_400(client: Client) -> None:
    response = client.generic(
        "PUT", "/api/v1/notifications/preferences", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and _is_json(response)


def test_json_nested_too_deeply_is_refused_naming_the_body(client: Client) -> None:
    response = client.generic(
        "PUT",
        "/api/v1/notifications/preferences",
        "[" * 5_000 + "]" * 5_000,
        content_type="application/json",
    )
    assert response.status_code == 422 and _is_json(response)
    assert "nested too deeply" in response.json()["detail"]

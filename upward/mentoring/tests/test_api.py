from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.mentoring.models import Pair
from upward.people.models import User

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, Any]) -> HttpResponse:
    return client.post(url, data=data, content_type="application/json")


def test_meeting_lifecycle_through_the_api(pair: Pair, leader: User, mentor: User) -> None:
    client = client_for(leader)
    base = f"/api/v1/pairs/{pair.pk}/meetings"
    start = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    created = _post(client, base, {"starts_at": start.isoformat()})
    assert created.status_code == 201, created.content
    mid = created.json()["id"]
    moved = client.patch(
        f"{base}/{mid}",
        data={"starts_at": (start + dt.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert moved.json()["sequence"] == 1
    cancelled = _post(client_for(mentor), f"{base}/{mid}/cancel", {"reason": "Clash"})
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_by_role"] == "mentor"
    assert _post(client, f"{base}/{mid}/held", {}).status_code == 409


def test_bad_input_answers_4xx_naming_the_field(pair: Pair, leader: User) -> None:
    client = client_for(leader)
    base = f"/api/v1/pairs/{pair.pk}"
    bad_date = _post(client, f"{base}/meetings", {"starts_at": "tomorrow"})
    assert bad_date.status_code == 422 and bad_date.json()["errors"][0]["field"] == "starts_at"
    past = _post(client, f"{base}/meetings", {"starts_at": "2000-01-01T10:00:00Z"})
    assert past.status_code == 400 and past.json()["errors"][0]["field"] == "starts_at"
    long = _post(
        client,
        f"{base}/meetings",
        {"starts_at": (timezone.now() + dt.timedelta(days=3)).isoformat(), "duration_minutes": 500},
    )
    assert long.status_code == 400 and "duration_minutes" in long.json()["detail"]
    note = _post(client, f"{base}/notes", {"body": "", "visibility": "private"})
    assert note.status_code == 400 and note.json()["errors"][0]["field"] == "body"
    vis = _post(client, f"{base}/notes", {"body": "x", "visibility": "everyone"})
    assert vis.status_code == 422
    drop = _post(client, f"{base}/actions", {"title": "A", "due_on": "2030-01-01"})
    aid = drop.json()["id"]
    refused = client.patch(
        f"{base}/actions/{aid}", data={"status": "dropped"}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "dropped_reason"


def test_charter_sign_and_resign_through_the_api(pair: Pair, leader: User, mentor: User) -> None:
    base = f"/api/v1/pairs/{pair.pk}/charter"
    text = {
        "goals": "g",
        "meeting_frequency": "m",
        "channel": "c",
        "confidentiality": "x",
        "success_definition": "s",
    }
    put = client_for(leader).put(base, data=text, content_type="application/json").json()
    # Editing an unsigned charter makes a new version too: a signature names the one it signs.
    assert put["version"] == 2
    stale = client_for(leader).post(f"{base}/sign", {"version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["errors"][0]["field"] == "version"
    _post(client_for(leader), f"{base}/sign", {"version": 2})
    signed = _post(client_for(mentor), f"{base}/sign", {"version": 2}).json()
    assert signed["is_signed"] is True
    edited = (
        client_for(mentor)
        .put(base, data=text | {"goals": "g2", "version": 2}, content_type="application/json")
        .json()
    )
    assert edited["is_signed"] is False and edited["version"] == 3
    # The leader still edits from version 2: refused, naming the field and what is saved now.
    lost = client_for(leader).put(
        base, data=text | {"goals": "g3", "version": 2}, content_type="application/json"
    )
    assert lost.status_code == 409
    body = lost.json()
    assert [e["field"] for e in body["errors"]] == ["goals"]
    assert body["current"] == {"version": 3, "goals": "g2"}


def test_a_stale_note_edit_is_refused_with_what_changed(pair: Pair, leader: User) -> None:
    base = f"/api/v1/pairs/{pair.pk}/notes"
    note = _post(client_for(leader), base, {"body": "first", "visibility": "private"}).json()
    assert note["version"] == 1
    first_tab = client_for(leader).patch(
        f"{base}/{note['id']}", {"body": "tab one", "version": 1}, content_type="application/json"
    )
    assert first_tab.status_code == 200 and first_tab.json()["version"] == 2
    second_tab = client_for(leader).patch(
        f"{base}/{note['id']}", {"body": "tab two", "version": 1}, content_type="application/json"
    )
    assert second_tab.status_code == 409
    assert second_tab.json()["errors"] == [{"field": "body", "message": "Saved meanwhile: tab one"}]
    assert client_for(leader).get(f"{base}/{note['id']}").json()["body"] == "tab one"


def test_list_pairs_is_scoped(
    pair: Pair, other_pair: Pair, leader: User, coordinator_user: User, sponsor_user: User
) -> None:
    mine = client_for(leader).get("/api/v1/pairs").json()
    assert [p["id"] for p in mine] == [pair.pk]
    coordinated = client_for(coordinator_user).get("/api/v1/pairs").json()
    assert {p["id"] for p in coordinated} == {pair.pk, other_pair.pk}
    assert all(p["your_role"] == "coordinator" for p in coordinated)
    assert client_for(sponsor_user).get("/api/v1/pairs").json() == []
    assert client_for(sponsor_user).get(f"/api/v1/pairs/{pair.pk}").status_code == 404


def test_exit_and_closure_through_the_api(pair: Pair, leader: User, mentor: User) -> None:
    base = f"/api/v1/pairs/{pair.pk}"
    mid_program = _post(
        client_for(leader), f"{base}/closure", {"choice": "continue", "final_reflection": "x"}
    )
    assert mid_program.status_code == 409
    ending = _post(
        client_for(leader), f"{base}/end-early", {"reason": "We did it.", "confirm": True}
    ).json()
    assert ending["ending_early"] and ending["status"] == "active"
    _post(client_for(leader), f"{base}/closure", {"choice": "continue", "final_reflection": "x"})
    closed = _post(
        client_for(mentor), f"{base}/closure", {"choice": "group", "final_reflection": "y"}
    ).json()
    assert closed["status"] == "closed"
    again = _post(client_for(mentor), f"{base}/exit", {"wants_rematch": True})
    assert again.status_code == 409


def test_a_stale_growth_entry_edit_is_refused_with_what_changed(pair: Pair, leader: User) -> None:
    base = f"/api/v1/pairs/{pair.pk}/growth"
    entry = _post(client_for(leader), base, {"text": "first", "visibility": "private"}).json()
    url = f"{base}/{entry['id']}"
    ok = client_for(leader).patch(
        url, {"visibility": "pair", "version": 1}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client_for(leader).patch(
        url, {"text": "second", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    # The edit names the fields it would overwrite, with what is saved there now.
    assert stale.json()["errors"] == [{"field": "text", "message": "Saved meanwhile: first"}]
    assert stale.json()["current"] == {"version": 2, "text": "first"}
    assert client_for(leader).get(base).json()[0]["visibility"] == "pair"

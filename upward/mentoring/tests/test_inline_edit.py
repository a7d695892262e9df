"""Inline editing of notes and growth entries (htmx partials, with full pages without JS).

Only the author edits, whatever the visibility: the partner who can read a shared note or entry,
the coordinators, other participants and admins all get 404 and nothing changes.
"""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import client_for
from upward.mentoring.models import GrowthEntry, Note, Pair
from upward.mentoring.services import journal, safety
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def notes(pair: Pair, leader: User) -> dict[str, Note]:
    return {
        "private": journal.note_create(pair=pair, actor=leader, body="MK-PRIVATE"),
        "shared": journal.note_create(
            pair=pair, actor=leader, body="MK-SHARED", visibility="shared"
        ),
    }


@pytest.fixture
def entries(pair: Pair, leader: User) -> dict[str, GrowthEntry]:
    return {
        v: journal.growth_entry_create(pair=pair, actor=leader, text=f"MK-ENTRY-{v}", visibility=v)
        for v in ("private", "pair", "program")
    }


def test_author_edits_a_note_in_place(pair: Pair, leader: User, notes: dict[str, Note]) -> None:
    client = client_for(leader)
    note = notes["shared"]
    base = f"/pairs/{pair.pk}/notes/{note.pk}"
    listing = client.get(f"/pairs/{pair.pk}/notes/").content.decode()
    assert f'hx-get="{base}/edit/"' in listing and f'id="note-{note.pk}"' in listing
    form = client.get(f"{base}/edit/", **HX).content.decode()
    assert "<html" not in form and f'hx-post="{base}/edit/"' in form and "MK-SHARED" in form
    assert f'id="note-{note.pk}-body"' in form  # ids stay unique beside the new-note form
    saved = client.post(
        f"{base}/edit/", {"body": "Rewritten", "visibility": "private"}, **HX
    ).content.decode()
    assert "<html" not in saved and "Rewritten" in saved and "saved" in saved
    note.refresh_from_db()
    assert (note.body, note.visibility) == ("Rewritten", "private")
    assert note.updated_at > note.created_at
    cancelled = client.get(f"{base}/", **HX).content.decode()
    assert "<form" not in cancelled and "Rewritten" in cancelled
    assert client.get(f"{base}/").status_code == 302  # without htmx: back to the list


def test_note_edit_shows_field_errors_in_place(
    pair: Pair, leader: User, notes: dict[str, Note]
) -> None:
    client = client_for(leader)
    url = f"/pairs/{pair.pk}/notes/{notes['private'].pk}/edit/"
    empty = client.post(url, {"body": "", "visibility": "private"}, **HX).content.decode()
    assert "This field is required." in empty and "<form" in empty
    odd = client.post(url, {"body": "x", "visibility": "everyone"}, **HX).content.decode()
    assert "Select a valid choice." in odd
    page = client.post(url, {"body": "", "visibility": "private"})
    assert page.status_code == 200 and "<html" in page.content.decode()
    notes["private"].refresh_from_db()
    assert notes["private"].body == "MK-PRIVATE"
    ok = client.post(url, {"body": "Plain form", "visibility": "private"})
    assert ok.status_code == 302


def test_author_edits_a_growth_entry_in_place(
    pair: Pair, leader: User, entries: dict[str, GrowthEntry]
) -> None:
    client = client_for(leader)
    entry = entries["private"]
    base = f"/pairs/{pair.pk}/growth/{entry.pk}"
    assert f'hx-get="{base}/edit/"' in client.get(f"/pairs/{pair.pk}/growth/").content.decode()
    form = client.get(f"{base}/edit/", **HX).content.decode()
    assert "<html" not in form and "MK-ENTRY-private" in form
    saved = client.post(
        f"{base}/edit/", {"text": "Now public", "visibility": "program"}, **HX
    ).content.decode()
    assert "Now public" in saved and "published to the program" in saved
    entry.refresh_from_db()
    assert entry.visibility == "program" and entry.published_at is not None
    error = client.post(f"{base}/edit/", {"text": " ", "visibility": "pair"}, **HX)
    assert "This field is required." in error.content.decode()
    assert "<form" not in client.get(f"{base}/", **HX).content.decode()
    full_page = client.get(f"{base}/edit/").content.decode()
    assert "Edit growth entry" in full_page


def test_deleting_a_growth_entry_asks_first(
    pair: Pair, leader: User, entries: dict[str, GrowthEntry]
) -> None:
    client = client_for(leader)
    url = f"/pairs/{pair.pk}/growth/{entries['pair'].pk}/delete/"
    confirm = client.get(url).content.decode()
    assert "Delete this growth entry?" in confirm and "MK-ENTRY-pair" in confirm
    assert GrowthEntry.objects.filter(pk=entries["pair"].pk).exists()
    assert client.post(url).status_code == 302
    assert not GrowthEntry.objects.filter(pk=entries["pair"].pk).exists()


@pytest.fixture
def others(
    pair: Pair,
    program: Program,
    coordinator_user: User,
    sponsor_user: User,
    admin_user: User,
) -> dict[str, Client]:
    other_leader = user_of(PairFactory(program=program).leader)
    return {
        "partner": client_for(user_of(pair.mentor)),
        "coordinator": client_for(coordinator_user),
        "other_participant": client_for(other_leader),
        "sponsor": client_for(sponsor_user),
        "org_admin": client_for(admin_user),
    }


@pytest.mark.parametrize(
    "who", ["partner", "coordinator", "other_participant", "sponsor", "org_admin", "anonymous"]
)
def test_nobody_but_the_author_edits_notes_or_entries(
    who: str,
    pair: Pair,
    notes: dict[str, Note],
    entries: dict[str, GrowthEntry],
    others: dict[str, Client],
) -> None:
    client = others.get(who, Client())
    expected = 302 if who == "anonymous" else 404  # anonymous: to the sign-in page
    urls = [f"/pairs/{pair.pk}/notes/{n.pk}" for n in notes.values()]
    urls += [f"/pairs/{pair.pk}/growth/{e.pk}" for e in entries.values()]
    for base in urls:
        for headers in ({}, HX):
            assert client.get(f"{base}/edit/", **headers).status_code == expected, base
            posted = client.post(f"{base}/edit/", {"body": "x", "text": "x"}, **headers)
            assert posted.status_code == expected, base
            body = client.get(f"{base}/edit/", **headers).content.decode()
            assert "MK-" not in body
    for base in urls[2:]:
        assert client.post(f"{base}/delete/").status_code == expected
    # The partner reads the shared note and entries in the room, but never gets edit links.
    if who == "partner":
        html = client.get(f"/pairs/{pair.pk}/notes/").content.decode()
        assert "MK-SHARED" in html and "/edit/" not in html and "MK-PRIVATE" not in html
        growth = client.get(f"/pairs/{pair.pk}/growth/").content.decode()
        assert "MK-ENTRY-pair" in growth and "/edit/" not in growth
        row = client.get(f"/pairs/{pair.pk}/notes/{notes['shared'].pk}/", **HX)
        assert "MK-SHARED" in row.content.decode() and "/edit/" not in row.content.decode()
        hidden = client.get(f"/pairs/{pair.pk}/notes/{notes['private'].pk}/", **HX)
        assert hidden.status_code == 404
    assert {n.body for n in Note.objects.all()} == {"MK-PRIVATE", "MK-SHARED"}
    assert {e.text for e in GrowthEntry.objects.all()} == {
        "MK-ENTRY-private",
        "MK-ENTRY-pair",
        "MK-ENTRY-program",
    }


def test_closed_rooms_cannot_be_edited_inline(
    pair: Pair, leader: User, notes: dict[str, Note], entries: dict[str, GrowthEntry]
) -> None:
    safety.pair_exit(pair=pair, actor=leader, wants_rematch=False)
    client = client_for(leader)
    listing = client.get(f"/pairs/{pair.pk}/notes/").content.decode()
    assert "MK-SHARED" in listing and "/edit/" not in listing
    refused = client.post(
        f"/pairs/{pair.pk}/notes/{notes['shared'].pk}/edit/",
        {"body": "late", "visibility": "shared"},
        **HX,
    ).content.decode()
    assert "read-only" in refused
    growth = client.post(
        f"/pairs/{pair.pk}/growth/{entries['pair'].pk}/edit/",
        {"text": "late", "visibility": "pair"},
        **HX,
    ).content.decode()
    assert "read-only" in growth
    notes["shared"].refresh_from_db()
    entries["pair"].refresh_from_db()
    assert notes["shared"].body == "MK-SHARED" and entries["pair"].text == "MK-ENTRY-pair"

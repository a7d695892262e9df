"""The pair's pages in French, German and Spanish: headings translated, nothing left in English.

Each page is rendered twice, without Accept-Language (English) and in the other language; the
page's own part (`<main>`) must not keep any interface text identical to English, apart from what
people wrote and the words a language shares with English (tests/i18n/checks.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import client_for
from tests.i18n.checks import database_text, main_of, untranslated
from upward.mentoring.models import Meeting, Note, Pair
from upward.mentoring.services import charters, meetings
from upward.people.models import User

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "es"]


def get(client: Client, url: str, language: str | None = None) -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, language)
    return response.content.decode()


@pytest.fixture
def meeting(pair: Pair, leader: User) -> Meeting:
    charters.charter_get_or_create(pair=pair)
    Meeting.objects.create(
        pair=pair, starts_at=timezone.now() - dt.timedelta(days=2), status=Meeting.Status.HELD
    )
    start = timezone.now() + dt.timedelta(days=10)
    Note.objects.create(pair=pair, author=leader, body="Kept as written", visibility="shared")
    return meetings.meeting_schedule(pair=pair, actor=leader, starts_at=start)


# The heading (or tab) each page must show, per language; the English one must be gone.
HEADINGS = {
    "": {
        "en": "Your partner",
        "fr": "Votre partenaire",
        "de": "Ihr:e Partner:in",
        "es": "Tu pareja de mentoría",
    },
    "charter/": {
        "en": "Our charter",
        "fr": "Notre charte",
        "de": "Unsere Vereinbarung",
        "es": "Nuestro acuerdo",
    },
    "notes/": {"en": "New note", "fr": "Nouvelle note", "de": "Neue Notiz", "es": "Nueva nota"},
    "meetings/": {
        "en": "Generate the series",
        "fr": "Générer la série",
        "de": "Serie erstellen",
        "es": "Generar la serie",
    },
    "actions/": {
        "en": "Commit to an action",
        "fr": "S'engager sur une action",
        "de": "Eine Maßnahme zusagen",
        "es": "Comprometerse con una acción",
    },
    "safety/": {
        "en": "Raise a concern, confidentially",
        "fr": "Faire un signalement, en toute confidentialité",
        "de": "Ein Anliegen vertraulich melden",
        "es": "Plantear una inquietud de forma confidencial",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pair_pages_are_in_the_readers_language(
    pair: Pair, leader: User, meeting: Meeting, language: str
) -> None:
    client = client_for(leader)
    data = database_text()
    urls = {path: f"/pairs/{pair.pk}/{path}" for path in HEADINGS}
    urls["meeting"] = f"/pairs/{pair.pk}/meetings/{meeting.pk}/"
    for path, url in urls.items():
        english = get(client, url)
        translated = get(client, url, language)
        if path in HEADINGS:
            assert HEADINGS[path]["en"] in english, path
            assert HEADINGS[path][language] in translated, (path, language)
            assert HEADINGS[path]["en"] not in translated, (path, language)
        left = untranslated(main_of(english), main_of(translated), language=language, data=data)
        # The calendar file's link is named by its file type, the same in every language.
        assert [text for text in left if text != ".ics"] == [], (path, language, left)


def test_the_meeting_page_names_its_parts_in_german(
    pair: Pair, leader: User, meeting: Meeting
) -> None:
    html = get(client_for(leader), f"/pairs/{pair.pk}/meetings/{meeting.pk}/", "de")
    for word in ("Agenda", "Notizen zu diesem Treffen", "Reflexionen", "Verschieben", "Absagen"):
        assert word in html
    for english in ("Notes from this meeting", "Reschedule", "Add to calendar", "your time"):
        assert english not in html


def test_people_s_own_words_stay_as_written(pair: Pair, leader: User, meeting: Meeting) -> None:
    html = get(client_for(leader), f"/pairs/{pair.pk}/notes/", "fr")
    assert "Kept as written" in html and "Nouvelle note" in html


def test_the_unread_count_and_the_series_count_use_the_plural_rules(
    pair: Pair, leader: User, mentor: User
) -> None:
    from upward.mentoring.services.messages import message_send

    message_send(pair=pair, actor=mentor, body="Hallo")
    one = get(client_for(leader), f"/pairs/{pair.pk}/", "fr")
    assert "1 nouveau</span>" in one and "1 non lu" in one
    message_send(pair=pair, actor=mentor, body="Noch etwas")
    two = get(client_for(leader), f"/pairs/{pair.pk}/", "fr")
    assert "2 nouveaux</span>" in two and "2 non lus" in two
    german = get(client_for(leader), f"/pairs/{pair.pk}/", "de")
    assert "2 neu</span>" in german and "2 ungelesen" in german


def test_a_flash_message_follows_the_language(pair: Pair, leader: User) -> None:
    client = client_for(leader)
    first = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(
        f"/pairs/{pair.pk}/meetings/",
        {"series": "1", "first_on": first, "time": "10:00"},
        HTTP_ACCEPT_LANGUAGE="es",
        follow=True,
    )
    html = response.content.decode()
    created = Meeting.objects.filter(pair=pair).count()
    assert created > 1
    assert f"{created} reuniones añadidas a los calendarios de los dos." in html
    assert "added to both your calendars" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_other_pages_leave_no_english(
    pair: Pair,
    leader: User,
    mentor: User,
    coordinator_user: User,
    meeting: Meeting,
    language: str,
) -> None:
    from upward.mentoring.services import journal, safety

    concern = safety.concern_raise(
        pair=pair, actor=mentor, text="Too many meetings", anonymous=False
    )
    journal.growth_entry_create(pair=pair, actor=leader, text="Listened more", visibility="pair")
    safety.pair_end_early(pair=pair, actor=mentor, reason="Moving teams", confirm=True)
    data = database_text()
    pages = {
        leader: [
            f"/pairs/{pair.pk}/",
            f"/pairs/{pair.pk}/growth/",
            f"/pairs/{pair.pk}/messages/",
            f"/pairs/{pair.pk}/close/",
            f"/pairs/{pair.pk}/end-early/",
            f"/pairs/{pair.pk}/meetings/{meeting.pk}/cancel/",
            f"/pairs/{pair.pk}/meetings/{meeting.pk}/reschedule/",
            f"/pairs/board/{pair.program.slug}/",
        ],
        mentor: [f"/pairs/concerns/{concern.pk}/", f"/pairs/{pair.pk}/safety/"],
        coordinator_user: [
            "/pairs/?all=1",
            f"/pairs/{pair.pk}/",
            "/pairs/concerns/?show=all",
            f"/pairs/concerns/{concern.pk}/",
            f"/pairs/closing/{pair.program.slug}/",
        ],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            english, translated = get(client, url), get(client, url, language)
            left = untranslated(main_of(english), main_of(translated), language=language, data=data)
            assert [text for text in left if text != ".ics"] == [], (url, language, left)


def test_library_prompts_on_the_meeting_page_are_shown_and_added_in_the_readers_language(
    pair: Pair, leader: User, meeting: Meeting
) -> None:
    from upward.content.library import library_ensure
    from upward.content.models import Prompt
    from upward.mentoring.models import AgendaItem

    library_ensure()
    client = client_for(leader)
    url = f"/pairs/{pair.pk}/meetings/{meeting.pk}/"
    html = get(client, url, "de")
    prompt = next(p for p in Prompt.objects.all() if f'name="prompt" value="{p.pk}"' in html)
    with translation.override("de"):
        german = prompt.shown_text
    assert german != prompt.text and german in html
    client.post(
        f"/pairs/{pair.pk}/meetings/{meeting.pk}/agenda/",
        {"prompt": prompt.pk},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert AgendaItem.objects.filter(meeting=meeting, text=german).exists()

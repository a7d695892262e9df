"""Program spaces in French, German and Spanish: the interface translated, people's words kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from tests.i18n.checks import database_text, main_of, untranslated
from upward.community.models import CheckIn
from upward.community.services import celebration_for_closure, checkin_create, post_create
from upward.mentoring.tests.factories import PairFactory, ProgramFactory
from upward.people.models import User
from upward.programs.models import Program

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr", "de", "es"]
SPACE = {
    "fr": ["Points d'étape collectifs", "Partager avec le programme", "Publier", "Tout"],
    "de": ["Gruppen-Check-ins", "Mit dem Programm teilen", "Veröffentlichen", "Alles"],
    "es": ["Seguimientos grupales", "Comparte con el programa", "Publicar", "Todo"],
}
ENGLISH = ["Group check-ins", "Share with the program", "Everything", "Will you join?", "Reply"]


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    program = ProgramFactory(slug="space", sponsor=sponsor_user)
    program.coordinators.add(coordinator_user)
    return program


def _page(user: User, path: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _checkin(program: Program, coordinator: User) -> CheckIn:
    return checkin_create(
        program=program,
        actor=coordinator,
        title="Quarterly round",
        starts_at=timezone.now() + dt.timedelta(days=3),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_member_meets_the_space_in_their_language(
    program: Program, coordinator_user: User, language: str
) -> None:
    pair = PairFactory(program=program)
    leader = pair.leader.user
    post_create(program=program, actor=leader, body="What I learned this week")
    _checkin(program, coordinator_user)
    english = _page(leader, "/community/space/", "en")
    html = _page(leader, "/community/space/", language)
    for words in SPACE[language]:
        assert words in html, words
    for words in ENGLISH:
        assert f">{words}<" not in html, words
    # People's words stay as written.
    assert "What I learned this week" in html and "Quarterly round" in html
    left = untranslated(main_of(english), main_of(html), language=language, data=database_text())
    assert left == [], left


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_check_in_page_and_the_sponsor_figures_are_translated(
    program: Program, coordinator_user: User, sponsor_user: User, language: str
) -> None:
    PairFactory(program=program)
    checkin = _checkin(program, coordinator_user)
    data = database_text()
    for user, path in (
        (coordinator_user, f"/community/space/check-ins/{checkin.pk}/"),
        (sponsor_user, "/community/space/"),
        (coordinator_user, "/community/"),
    ):
        english = _page(user, path, "en")
        html = _page(user, path, language)
        left = untranslated(main_of(english), main_of(html), language=language, data=data)
        assert left == [], (path, left)


def test_celebrations_are_written_in_the_organisations_language(program: Program) -> None:
    """A celebration is written once for everyone: in LANGUAGE_CODE, whoever triggered it."""
    pair = PairFactory(program=program)
    with translation.override("de"):
        post = celebration_for_closure(pair=pair)
    assert post.title == "A partnership completed"
    assert "A pair in this program completed" in post.body

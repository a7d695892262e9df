"""Matching speaks the reader's language: the review page, the proposal page and the engine's
reasons (worded from their stored codes) in French, German and Spanish, with language names
instead of codes; what the engine decides never depends on the language anyone reads in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone, translation

from conftest import client_for
from tests.i18n.checks import main_of, untranslated
from upward.matching import reasons, services
from upward.matching.models import MatchRun
from upward.matching.tests.factories import run_consulting, run_finished, run_started
from upward.notifications.models import DeliveryPreference
from upward.people.models import Department, Person, User
from upward.programs.models import Intake, Participant, Program, Topic
from upward.programs.tests.factories import enrol, matching_program, person, user_of

pytestmark = pytest.mark.django_db

# Words each language must show on the review page, and English that must be gone.
REVIEW = {
    "de": ["Vorgeschlagene Tandems", "Führungskraft", "Beide mögen cycling", "Warum"],
    "fr": ["Binômes proposés", "Dirigeant", "Tous deux aiment cycling", "Pourquoi"],
    "es": ["Tándems propuestos", "Líder", "A ambos les gusta cycling", "Por qué"],
}
# Interface words French writes as English does.
SAME_WORD = {"fr": ["Score"], "de": [], "es": []}
ENGLISH = ["Proposed pairs", "Both enjoy", "Different departments", "can teach", "Breakdown"]


def _page(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.content.decode()


def _with_an_arabic_speaker(coordinator: User) -> MatchRun:
    """A run where one leader speaks only Arabic, so nobody can mentor them."""
    program = matching_program(coordinator, leaders=2, mentors=2)
    lonely = enrol(program, person(9, "Leaders x", name="Samira Haddad"), "leader")
    Intake.objects.filter(participant=lonely).update(languages=["ar"])
    return run_started(program, coordinator)


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_review_page_shows_translated_reasons(
    coordinator_user: User, coordinator_client: Client, language: str
) -> None:
    run = _with_an_arabic_speaker(coordinator_user)
    html = _page(coordinator_client, f"/matching/runs/{run.pk}/", language)
    for words in REVIEW[language]:
        assert words in html
    for english in ENGLISH:
        assert english not in html
    with translation.override(language):
        arabic = reasons.language_name("ar")
    assert arabic != "Arabic" and arabic in html  # the unmatched leader's reason names Arabic
    assert "Samira Haddad" in html  # people keep their names


def test_the_german_review_page_words_each_reason(
    coordinator_user: User, coordinator_client: Client
) -> None:
    run = _with_an_arabic_speaker(coordinator_user)
    html = _page(coordinator_client, f"/matching/runs/{run.pk}/", "de")
    assert "keine Mentor:innen außerhalb der Berichtslinie sprechen Arabisch" in html
    assert "Verschiedene Abteilungen (Leaders 0 / Mentors" in html
    assert "Ohne Matching" in html and "Aufschlüsselung" in html
    assert "Gemeinsame Interessen" in html  # the score breakdown's labels
    assert "speaks" not in html


def test_english_pages_read_exactly_as_the_stored_sentences(
    coordinator_user: User, coordinator_client: Client
) -> None:
    """The app's phrasebook says in English what the engine's says (the API's sentences),
    except that pages name languages where the engine gives their codes."""
    run = _with_an_arabic_speaker(coordinator_user)
    with translation.override("en"):
        proposals = list(run.proposals.all())
        unmatched = list(run.unmatched.all())
        reasons.annotate_proposals(proposals, unmatched)
    assert proposals and unmatched
    for p in proposals:
        assert p.explanation and p.shown_reasons == p.reasons
    for u in unmatched:  # the same words, with languages named rather than coded
        assert u.explanation and u.shown_reason == u.reason.replace("speaks ar", "speaks Arabic")
    html = coordinator_client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert "speaks ar<" not in html and "reporting line speaks Arabic" in html


@pytest.mark.parametrize(
    ("language", "words", "names"),
    [
        ("de", ["Ihr vorgeschlagenes Tandem", "Warum dieses Matching", "Sprachen"], "Arabisch"),
        ("fr", ["Votre binôme proposé", "Pourquoi cet appariement", "Langues"], "arabe"),
        ("es", ["Tu pareja de mentoría propuesta", "Por qué este emparejamiento"], "árabe"),
    ],
)
def test_the_proposal_page_names_languages_in_the_readers_language(
    coordinator_user: User, language: str, words: list[str], names: str
) -> None:
    run = run_consulting(coordinator_user, leaders=1)
    proposal = run.proposals.select_related("leader", "mentor").get()
    Intake.objects.filter(participant=proposal.mentor).update(languages=["ar", "en"])
    html = _page(client_for(user_of(proposal.leader)), f"/matching/mine/{proposal.pk}/", language)
    for w in words:
        assert w in html
    with translation.override(language):
        expected = ", ".join(reasons.language_names(["ar", "en"]))
    assert expected in html and names.lower() in expected.lower()
    assert "ar, en" not in html
    assert "Why this match" not in html and "Both enjoy" not in html


def test_the_english_proposal_page_names_languages_too(coordinator_user: User) -> None:
    run = run_consulting(coordinator_user, leaders=1)
    proposal = run.proposals.select_related("leader", "mentor").get()
    Intake.objects.filter(participant=proposal.mentor).update(languages=["ar", "en"])
    html = client_for(user_of(proposal.leader)).get(f"/matching/mine/{proposal.pk}/")
    assert "Arabic, English" in html.content.decode()


def _outcome(run: MatchRun) -> list[tuple[Any, ...]]:
    return sorted(
        (p.leader_id, p.mentor_id, round(p.score, 9), tuple(p.reasons), str(p.explanation))
        for p in run.proposals.all()
    ) + sorted((u.participant_id, u.reason, str(u.explanation)) for u in run.unmatched.all())


def test_matching_results_are_the_same_in_every_language(coordinator_user: User) -> None:
    program = matching_program(coordinator_user, leaders=3, mentors=3)
    lonely = enrol(program, person(9, "Leaders x", name="Samira Haddad"), "leader")
    Intake.objects.filter(participant=lonely).update(languages=["ar"])
    outcomes = []
    for language in ["en", "de", "fr", "es"]:
        with translation.override(language):
            run = run_started(program, coordinator_user)
        assert run.status == MatchRun.Status.DONE
        outcomes.append(_outcome(run))
    assert all(o == outcomes[0] for o in outcomes)
    # Stored sentences stay the engine's English, whoever started the run in what language.
    assert any(str(row[1]).endswith("speaks ar") for row in outcomes[0] if len(row) == 3)


def test_the_consultation_email_is_in_the_recipients_language(
    coordinator_user: User, mailoutbox: list[Any]
) -> None:
    run = run_finished(coordinator_user, leaders=1)
    leader = run.proposals.get().leader
    DeliveryPreference.objects.update_or_create(user=user_of(leader), defaults={"language": "de"})
    with TestCase.captureOnCommitCallbacks(execute=True), translation.override("fr"):
        services.consultation_start(
            actor=coordinator_user, run=run, deadline=timezone.localdate() + dt.timedelta(days=5)
        )
    [mail] = [m for m in mailoutbox if leader.person.email in m.to]
    assert mail.subject.startswith("Ihr vorgeschlagenes Tandem in ")
    assert "Hallo " in mail.body and "Bitte antworten Sie bis" in mail.body


def test_language_names_are_for_reading_only() -> None:
    """Matching compares the spoken languages' codes; only the page shows names."""
    with translation.override("de"):
        assert reasons.language_names(["ar", "en", "xx"]) == ["Arabisch", "Englisch", "xx"]
    assert Participant.Role.LEADER == "leader"


def _people_and_places() -> list[str]:
    """What the page shows as written (names, departments, topics, the program's name) and
    the programs app's words, which its own catalogue translates."""
    return [
        *Person.objects.values_list("name", flat=True),
        *Department.objects.values_list("name", flat=True),
        *Topic.objects.values_list("name", flat=True),
        *Program.objects.values_list("name", flat=True),
        *[str(label) for label in Program.Phase.labels],  # the programs app's words
        *[str(label) for label in Participant.Role.labels],
        "cycling",
    ]


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_matching_pages_leave_no_english(
    coordinator_user: User, coordinator_client: Client, language: str
) -> None:
    run = _with_an_arabic_speaker(coordinator_user)
    pages = [
        f"/matching/programs/{run.program.slug}/",
        f"/matching/runs/{run.pk}/",
        f"/matching/runs/{run.pk}/what-if/",
        f"/matching/runs/{run.pk}/publish/",
    ]
    data = _people_and_places()
    for url in pages:
        english = main_of(_page(coordinator_client, url, "en"))
        left = untranslated(
            english, main_of(_page(coordinator_client, url, language)), language=language, data=data
        )
        left = [text for text in left if text not in SAME_WORD[language]]
        assert not left, f"{url}: {left}"

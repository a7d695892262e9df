"""Surveys in the respondent's language (issue 17).

The default check-in questions are stored in English (answers keep the English option, so figures
group the same whoever answered in which language) and shown in the reader's language; what a
coordinator writes, and what people answer, stays exactly as written.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.i18n.checks import database_text, main_of, untranslated, visible_texts
from upward.feedback.models import Question, Response, Survey, SurveyAssignment
from upward.feedback.services.authoring import QuestionInput, question_add
from upward.feedback.services.schedule import survey_assignments_sync
from upward.feedback.tests.factories import make_pair, make_participant, make_program
from upward.feedback.tests.test_pages_and_api import form_data
from upward.feedback.tests.test_surveys import answer, scheduled
from upward.themes import text_themes

START = dt.date(2026, 3, 2)
DUE = START + dt.timedelta(days=90)
LANGUAGES = ["fr", "de", "es"]
WRITTEN = "More time for shared planning tools"

# One default question, its options and the page's own words, as a reader of each language
# meets them (written out, so a catalogue that fails to load cannot pass unnoticed).
EXPECTED = {
    "fr": {
        "question": "Je peux dire ce que je ne sais pas sans me sentir exposé(e).",
        "option": "Deux ou trois fois",
        "likert": "5 · Tout à fait d'accord",
        "title": "Point d'étape à 3 mois pour les dirigeants",
        "button": "Envoyer mes réponses",
        "optional": "(facultatif)",
    },
    "de": {
        "question": "Ich kann sagen, was ich nicht weiß, ohne mich bloßgestellt zu fühlen.",
        "option": "Zwei- oder dreimal",
        "likert": "5 · Stimme voll und ganz zu",
        "title": "Check-in nach 3 Monaten für Führungskräfte",
        "button": "Antworten absenden",
        "optional": "(freiwillig)",
    },
    "es": {
        "question": "Puedo decir lo que no sé sin sentirme expuesto o expuesta.",
        "option": "Dos o tres veces",
        "likert": "5 · Totalmente de acuerdo",
        "title": "Seguimiento a los 3 meses para líderes",
        "button": "Enviar mis respuestas",
        "optional": "(opcional)",
    },
}
ENGLISH = [
    "I can say what I do not know without feeling exposed.",
    "Two or three times",
    "Strongly agree",
    "3-month check-in for leaders",
    "Send my answers",
    "This survey is anonymous",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime.combine(DUE, dt.time(12), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user):
    return make_program(coordinator=coordinator_user)


@pytest.fixture
def assignment(program) -> SurveyAssignment:
    make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    leader_rows = [a for a in scheduled(program) if a.survey.audience == "leader"]
    return leader_rows[0]


def page(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_in_shows_the_default_questions_in_the_respondents_language(
    assignment, language
) -> None:
    client = Client()
    client.force_login(assignment.participant.user)
    url = reverse("feedback:answer", args=[assignment.pk])
    text = page(client, url, language)
    expected = EXPECTED[language]
    for key in ("question", "option", "likert", "title", "button", "optional"):
        assert expected[key] in text, (language, key)
    shown = "\n".join(visible_texts(text))
    for english in ENGLISH:
        # (An option's form value stays the stored English one: only what is read changes.)
        assert english not in shown, (language, english)
    # Every default question, help text and option of the survey, in the reader's language.
    with translation.override(language):
        for q in assignment.survey.questions.all():
            assert q.shown_text in text and q.shown_text != q.text
            for _, label in q.shown_choices:
                assert label in text
    # Nothing of the page's own text is left in English.
    english_html = page(client, url, "en")
    left = untranslated(
        main_of(english_html), main_of(text), language=language, data=database_text()
    )
    assert left == [], left
    # Answering in French stores the English options, exactly as an English reader's would.
    done = client.post(url, form_data(assignment), HTTP_ACCEPT_LANGUAGE=language)
    assert done.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == SurveyAssignment.Status.COMPLETED


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_surveys_and_results_pages_are_translated(program, coordinator_user, language) -> None:
    for _ in range(5):
        make_pair(program, started_on=START)
    survey_assignments_sync(program=program)
    rows = [a for a in scheduled(program) if a.survey.audience == "leader"]
    for a in rows[:5]:
        answer(a, text=WRITTEN)
    assert Response.objects.filter(survey=rows[0].survey).count() == 5

    participant = Client()
    participant.force_login(rows[0].participant.user)
    mine_en = page(participant, reverse("feedback:mine"), "en")
    mine = page(participant, reverse("feedback:mine"), language)
    assert EXPECTED[language]["title"] in mine
    assert (
        untranslated(main_of(mine_en), main_of(mine), language=language, data=database_text()) == []
    )

    coordinator = Client()
    coordinator.force_login(coordinator_user)
    url = reverse("feedback:results", args=[rows[0].survey.pk])
    results_en = page(coordinator, url, "en")
    results = page(coordinator, url, language)
    assert "Average <strong>4.0</strong>" in results_en
    average = {"fr": "Moyenne", "de": "Durchschnitt", "es": "Promedio"}[language]
    # The mean is written the reader's way: 4,0 in all three languages.
    assert f"{average} <strong>4,0</strong>" in results
    assert EXPECTED[language]["question"] in results
    assert EXPECTED[language]["option"] in results
    shown = "\n".join(visible_texts(results))
    assert "Average" not in shown and "Two or three times" not in shown
    # People's own words are never translated.
    assert "planning" in results
    # Themes are people's words too (phrases drawn from their answers).
    themes = [term for term, _ in text_themes([WRITTEN] * 5)]
    data = [*database_text(), *themes]
    left = untranslated(main_of(results_en), main_of(results), language=language, data=data)
    assert left == [], left

    listing_url = reverse("feedback:program", args=[program.slug])
    listing_en = page(coordinator, listing_url, "en")
    listing = page(coordinator, listing_url, language)
    assert EXPECTED[language]["title"] in listing
    left = untranslated(
        main_of(listing_en), main_of(listing), language=language, data=database_text()
    )
    assert left == [], left


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinators_own_questions_stay_as_written(program, coordinator_user, language) -> None:
    leader = make_participant(program, "leader")
    survey = Survey.objects.create(
        program=program,
        kind=Survey.Kind.CUSTOM,
        status=Survey.Status.DRAFT,
        title="Midpoint pulse",
        audience="leader",
        due_on=DUE + dt.timedelta(days=7),
    )
    # Word for word a built-in question and options: written by the coordinator, so kept.
    question_add(
        survey=survey,
        actor=coordinator_user,
        question=QuestionInput(
            text="Would you take part again?",
            kind="single",
            choices=["Yes, in a group", "Not now"],
        ),
    )
    question_add(
        survey=survey,
        actor=coordinator_user,
        question=QuestionInput(text="Worth my time.", kind="likert", construct="perceived_value"),
    )
    coordinator = Client()
    coordinator.force_login(coordinator_user)
    assert coordinator.post(reverse("feedback:custom_publish", args=[survey.pk])).status_code == 302
    assignment = SurveyAssignment.objects.get(survey=survey, participant=leader)

    client = Client()
    client.force_login(leader.user)
    text = page(client, reverse("feedback:answer", args=[assignment.pk]), language)
    for written in ("Midpoint pulse", "Would you take part again?", "Yes, in a group", "Not now"):
        assert written in text
    assert "Worth my time." in text
    assert EXPECTED[language]["button"] in text
    with translation.override(language):
        for q in Question.objects.filter(survey=survey):
            assert q.shown_text == q.text
            assert [label for _, label in q.shown_choices] == q.choices
    editor = page(coordinator, reverse("feedback:custom_edit", args=[survey.pk]), language)
    assert "Would you take part again?" in editor and "Worth my time." in editor

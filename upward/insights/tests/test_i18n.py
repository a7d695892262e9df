"""Insights in the reader's language (issue 17): dashboards, the report, the health board and the
sponsor's home, with their charts and tables, numbers written the reader's way."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.i18n.checks import database_text, untranslated, visible_texts
from upward.feedback.tests.factories import make_program
from upward.insights.tests.factories import BehaviourChangeFactory
from upward.insights.tests.test_dashboard import START, build
from upward.mentoring.selectors.health import STATUS_LABELS

LANGUAGES = ["fr", "de", "es"]
# Words these languages write exactly as English does (besides checks.SHARED).
SAME = {
    "fr": ["Excel", "Phase", "Pages", "Impact"],
    "de": ["Excel", "Phase"],
    "es": ["Excel"],
}
EXPECTED = {
    "fr": {
        "dashboard": "Tableau de bord d'impact",
        "chart": "Assiduité aux rencontres",
        "table": "Afficher sous forme de tableau",
        "trend": "Points d'étape : dirigeants à 3 et à 6 mois",
        "construct": "Sécurité psychologique",
        "stage": "Invités",
        "report": "Rapport de programme",
        "health": "Santé des binômes",
        "kind": "Outil adopté",
        "impact": "Passage à l'action par programme",
    },
    "de": {
        "dashboard": "Wirkungsübersicht",
        "chart": "Treffen-Quote",
        "table": "Als Tabelle anzeigen",
        "trend": "Check-ins: Führungskräfte nach 3 und 6 Monaten",
        "construct": "Psychologische Sicherheit",
        "stage": "Eingeladen",
        "report": "Programmbericht",
        "health": "Zustand der Tandems",
        "kind": "Werkzeug eingeführt",
        "impact": "Umsetzung nach Programm",
    },
    "es": {
        "dashboard": "Panel de impacto",
        "chart": "Cumplimiento de reuniones",
        "table": "Ver como tabla",
        "trend": "Seguimientos: líderes a los 3 y a los 6 meses",
        "construct": "Seguridad psicológica",
        "stage": "Invitados",
        "report": "Informe del programa",
        "health": "Estado de los tándems",
        "kind": "Herramienta adoptada",
        "impact": "Seguimiento de compromisos por programa",
    },
}
ENGLISH = [
    "Impact dashboard",
    "Meeting adherence",
    "Show as a table",
    "Psychological safety",
    "Invited",
    "Tool adopted",
    "Not enough responses",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program(db: None, coordinator_user, sponsor_user):
    program = make_program(coordinator=coordinator_user, sponsor=sponsor_user, starts_on=START)
    build(program, 6, answered_3=5, answered_6=3)
    # March: a month every language spells its own way ("September" is German too).
    BehaviourChangeFactory(
        program=program,
        kind="tool_adopted",
        title="Team adopted Figma",
        happened_on=dt.date(2026, 3, 16),
    )
    return program


def page(user, url: str, language: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Language"] == language
    return html.unescape(response.content.decode())


def own(text: str) -> str:
    """What insights renders itself: <main>, or the whole page for the standalone report.

    Objectives (the programs app's template) and the pair-health labels and reasons (mentoring)
    sit inside these pages; their words belong to those apps' catalogues, checked there."""
    found = re.search(r"<main\b.*?</main>", text, flags=re.S)
    assert found is not None
    body = found.group(0)
    body = re.sub(r'<ul class="objectives">.*?</ul>', "", body, flags=re.S)
    body = re.sub(r'<ul class="health-reasons">.*?</ul>', "", body, flags=re.S)
    return body


def allowed(language: str) -> list[str]:
    """People's words, shared words, and the pair-health status names (mentoring's catalogue)."""
    with translation.override("en"):
        health = [str(label) for label in STATUS_LABELS.values()]
    return [*database_text(), *SAME[language], *health]


def chart_specs(text: str) -> list[dict]:
    found = re.search(r'<script id="chart-specs" type="application/json">(.*?)</script>', text)
    assert found is not None
    return json.loads(found.group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_and_report_are_translated_with_their_charts(
    program, coordinator_user, language
) -> None:
    expected = EXPECTED[language]
    data = allowed(language)
    for name in ("insights:dashboard", "insights:report"):
        url = reverse(name, args=[program.slug])
        english = page(coordinator_user, url, "en")
        text = page(coordinator_user, url, language)
        for key in ("chart", "table", "trend", "construct", "stage", "kind"):
            assert expected[key] in text, (name, language, key)
        shown = "\n".join(visible_texts(text))
        for phrase in ENGLISH:
            assert phrase not in shown, (name, language, phrase)
        # The recorded change is someone's own words: kept as written.
        assert "Team adopted Figma" in text
        # Chart labels (drawn by Chart.js) are translated like their tables.
        specs = {s["id"]: s for s in chart_specs(text)}
        assert expected["stage"] in specs["participation"]["labels"]
        assert expected["construct"] in specs["trends-leader"]["labels"]
        left = untranslated(own(english), own(text), language=language, data=data)
        assert left == [], (name, left)
    dashboard = page(coordinator_user, reverse("insights:dashboard", args=[program.slug]), language)
    assert expected["dashboard"] in dashboard
    report = page(coordinator_user, reverse("insights:report", args=[program.slug]), language)
    assert expected["report"] in report
    assert f'<html lang="{language}"' in report
    # Means written the reader's way: 3,00 at 3 months (a comma, not a point); the 6-month
    # figure has 3 answers, under the threshold of 5, so it is hidden.
    assert "3,00" in report
    assert "3.00" not in "\n".join(visible_texts(report))


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_and_health_board_are_translated(program, coordinator_user, language) -> None:
    data = allowed(language)
    for url in (reverse("insights:index"), reverse("insights:health", args=[program.slug])):
        english = page(coordinator_user, url, "en")
        text = page(coordinator_user, url, language)
        assert EXPECTED[language]["health"] in text
        left = untranslated(own(english), own(text), language=language, data=data)
        assert left == [], (url, left)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sponsor_home_impact_panel_is_translated(program, sponsor_user, language) -> None:
    text = page(sponsor_user, "/", language)
    assert EXPECTED[language]["impact"] in text
    assert EXPECTED[language]["chart"] in text
    shown = "\n".join(visible_texts(text))
    for phrase in ("Follow-through by program", "Headline figures by program", "All dashboards"):
        assert phrase not in shown

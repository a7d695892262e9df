"""The conversation library in the reader's language: the built-in prompts, guides, agenda
templates and learning paths (stored in English, keyed by slug) are shown translated; what a
coordinator wrote, or rewrote, stays as written."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.i18n.checks import main_of, untranslated
from upward.content import selectors
from upward.content.library import PROMPTS, library_ensure
from upward.content.models import AgendaTemplate, Prompt, Resource, Roadmap
from upward.programs.models import Topic

pytestmark = pytest.mark.django_db

FIRST_PROMPT = {
    "de": "Was hat Sie dazu gebracht, bei diesem Programm zuzusagen?",
    "fr": "Qu'est-ce qui vous a donné envie de dire oui à ce programme ?",
    "es": "¿Qué te hizo decir que sí a este programa?",
}
PAGES = ["/learn/", "/learn/prompts/", "/learn/resources/"]
# A resource's kind, written as English writes it: "Link" in German, "Guide" in French.
SAME_WORD = {"de": ["Link"], "fr": ["Guide"], "es": []}


@pytest.fixture(autouse=True)
def _library() -> None:
    library_ensure()


def _get(client: Client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.content.decode()


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_prompt_library_shows_built_in_prompts_translated(
    plain_client: Client, language: str
) -> None:
    html = _get(plain_client, "/learn/prompts/", language)
    assert FIRST_PROMPT[language].replace("'", "&#x27;") in html
    assert "What made you say yes to this program?" not in html
    with translation.override(language):
        for _slug, _stage, _audience, _topic, text, why in PROMPTS:
            assert translation.gettext(text) != text
            assert translation.gettext(why) != why


def test_a_coordinators_own_prompt_stays_as_written(plain_client: Client) -> None:
    Prompt.objects.create(slug="our-own", text="What made you say yes to this program?", why="")
    Prompt.objects.filter(slug="first-off-limits").update(text="Anything off the table today?")
    html = _get(plain_client, "/learn/prompts/", "de")
    assert FIRST_PROMPT["de"] in html  # the built-in one, translated
    assert "What made you say yes to this program?" in html  # the same words, a new item
    assert "Anything off the table today?" in html  # a built-in item a coordinator rewrote


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_the_learn_pages_leave_no_english(plain_client: Client, language: str) -> None:
    topics = list(Topic.objects.values_list("name", flat=True))  # the programs app's words
    for url in [
        *PAGES,
        "/learn/resources/listening-as-a-leader/",
        "/learn/paths/ai-in-my-week/",
    ]:
        english = main_of(_get(plain_client, url, "en"))
        left = untranslated(
            english, main_of(_get(plain_client, url, language)), language=language, data=topics
        )
        left = [text for text in left if text not in SAME_WORD[language]]
        assert not left, f"{url}: {left}"


def test_a_guide_reads_in_german_paragraph_by_paragraph(plain_client: Client) -> None:
    html = _get(plain_client, "/learn/resources/writing-the-charter/", "de")
    assert "<h1>Ihre Vereinbarung gemeinsam schreiben</h1>" in html
    assert html.count("<p>") >= 5  # the paragraphs survive translation
    assert "für alle" in html and "Min." in html
    assert "Sign it." not in html


def test_agenda_templates_and_learning_paths_in_spanish(plain_client: Client) -> None:
    html = _get(plain_client, "/learn/", "es")
    assert "Primera reunión: para empezar" in html
    assert "Redactar el acuerdo: objetivos, ritmo, canal, lo que queda entre nosotros" in html
    assert "La IA en mi semana de trabajo" in html
    with translation.override("es"):
        items = selectors.agenda_template_items(slug="first-meeting")
    assert items is not None and items[0].startswith("Presentaciones")


def test_english_is_untouched_and_stored_text_stays_english(plain_client: Client) -> None:
    html = _get(plain_client, "/learn/prompts/", "en")
    assert "What made you say yes to this program?" in html
    with translation.override("de"):
        prompt = Prompt.objects.get(slug="first-why-here")
        assert prompt.text == "What made you say yes to this program?"
        assert prompt.shown_text == FIRST_PROMPT["de"]
        assert Resource.objects.get(slug="good-actions").shown_title == (
            "Von der Erkenntnis zur Maßnahme"
        )
        assert Roadmap.objects.get(slug="who-gets-heard").shown_title == "Wer hier gehört wird"
        template = AgendaTemplate.objects.get(slug="closing-meeting")
        assert template.items[0] == "What changed for each of us"
        assert template.shown_items[0] == "Was sich für jede und jeden von uns verändert hat"

"""Is a page really in French (German, Spanish)? A check over the rendered text.

`untranslated(english, translated, data=...)` renders nothing itself: it compares the visible
text of one page rendered in English with the same page rendered in another language. A piece
of interface text that comes out identical in both was never marked for translation, or its
translation is missing from the catalogue: either way a French reader meets English. What may
honestly be identical is left out:

* people's own words and names (`data`: every string the database holds; notes, answers and
  insights stay in the language they were written in);
* numbers, dates, e-mail addresses, links, and words without three letters in a row;
* the few terms each language shares with English (`SHARED`: "Mentor" in German, "Notes" in
  French, product names such as Slack), each listed here on purpose.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.db import models

# Interface words each language writes exactly as English does. Whole text nodes only.
_EVERYWHERE = {
    "Upward",
    "English",
    "Français",
    "Deutsch",
    "Español",
    "OK",
    "API",
    "CSV",
    "JSON",
    "SCIM",
    "SSO",
    "OpenID Connect",
    "Slack",
    "Microsoft Teams",
    "Teams",
    "Google",
    "Outlook",
    "iCal",
    "UTC",
    "k",
    ".ics",  # a calendar file's extension, as its link reads
    "URL",
    "Excel",
    "Entra ID",
    "Okta",
    "Hindi",  # Django's own catalogues name this language the same in fr, de and es
}
SHARED: dict[str, set[str]] = {
    "fr": _EVERYWHERE
    | {
        "Actions",
        "Action",
        "Notes",
        "Date",
        "Message",
        "Messages",
        "Description",
        "Sponsor",
        "Sponsors",
        "Mentor",
        "Mentors",
        "Type",
        "Total",
        "Programme",
        "Consultation",
        "Agenda",
        "Minutes",
        "Options",
        "Question",
        "Questions",
        "Statut",
        "Cohorte",
        "Webhooks",
        "Webhook",
        "Service",
        "Rapport",
        "Code",
        "Leaders",
        "Leader",
        "Contact",
        "Source",
        "Version",
        "Important",
        "Note",
        "Documents",
        "Communication",
        "Innovation",
        "Culture",
        "Inclusion",
        "Menu",
        "Phase",
        "Pages",
        "Dates",
        "Participants",
        "Impact",
        "Invitation",
        "Score",
        "Notifications",
        "Guides",
        "Guide",
        "questions",
        "minutes",
    },
    "de": _EVERYWHERE
    | {
        "Community",
        "Mentor",
        "Mentoren",
        "Sponsor",
        "Tandem",
        "Tandems",
        "Status",
        "Name",
        "Feedback",
        "Agenda",
        "Team",
        "Matching",
        "Check-in",
        "Check-ins",
        "Dashboard",
        "Reverse Mentoring",
        "Webhooks",
        "Webhook",
        "Start",
        "Details",
        "Code",
        "Level",
        "Token",
        "Tokens",
        "Minuten",
        "Version",
        "Service",
        "Innovation",
        "Kultur",
        "Inklusion",
        "Mentoring",
        "Phase",
        "Filter",
        "Chat",
        "Training",
        "Link",
        "November",
        "September",
        "August",
        "April",
    },
    "es": _EVERYWHERE
    | {
        "Mentor",
        "Mentores",
        "Total",
        "Agenda",
        "Webhooks",
        "Webhook",
        "Error",
        "General",
        "Social",
        "Final",
        "Normal",
        "Hora",
        "Tokens",
        "Token",
        "Innovación",
        "Chat",
        "Roles",
    },
}

_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "code", "pre"}
_TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
_SPACE = re.compile(r"\s+")
# Machine text that may sit anywhere: links, addresses, time zone names (IANA identifiers,
# the same in every language), numbers, tokens.
_MACHINE = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[A-Z][A-Za-z]+(/[A-Za-z_+-]+)+"
    r"|\b\d[\d:.,/%-]*\b|[A-Z]{2,}-\d+|#\d+"
)
_WORD = re.compile(r"[^\W\d_]{3,}")
# Time zone names are IANA identifiers ("Europe/Paris", "CET"), the same in every language.
_ZONES = zoneinfo.available_timezones() | {"localtime"}
# A zone's city, as the interface names it beside the zone: "New York (America/New_York)".
_CITIES = {zone.rsplit("/", 1)[-1].replace("_", " ") for zone in _ZONES if "/" in zone}
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A numbered question or quoted words around what someone wrote: "1. ...", "“...”".
_AROUND_DATA = re.compile(r"^\d+[.)]\s*|[“”\"«»„‚‘’]")
# How people's data is joined in the interface ("Priya Shah · Engineering", "ar, en").
_SEPARATORS = re.compile(r"\s*[·•|,;:()\[\]/→←–—\-]\s*|\s+&\s+")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
            return
        found = dict(attrs)
        for name in _TEXT_ATTRIBUTES:
            self._add(found.get(name))
        if tag == "input" and found.get("type") in {"submit", "button", "reset"}:
            self._add(found.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._add(data)

    def _add(self, value: str | None) -> None:
        text = _SPACE.sub(" ", value or "").strip()
        if text:
            self.texts.append(text)


def main_of(html: str) -> str:
    """A page's own part, its <main> element: the layout around it (navigation, footer) is the
    project catalogue's and is checked once, by test_every_page."""
    start = html.find("<main")
    end = html.find("</main>", start)
    assert start >= 0 and end > start, "the page has a <main> element"
    return html[start : end + len("</main>")]


def visible_texts(html: str) -> list[str]:
    """The text a reader meets: text nodes and the attributes screen readers announce."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts


def _is_words(text: str) -> bool:
    return bool(_WORD.search(_MACHINE.sub(" ", text)))


class _Data:
    """What people wrote, for telling their words from the interface's."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = {v.strip() for v in values if v and v.strip()}
        self.blob = "\n".join(self.values)
        # One word alone counts as data only as a word of a name-like value (a person's or a
        # program's name, a tag): "Fatima" yes, but not "Learn" because some note says
        # "Learning".
        self.name_words = {
            word
            for value in self.values
            if len(value.split()) <= 4
            for word in _NAME_WORD.findall(value)
        }

    def holds(self, piece: str, *, cut: bool = False) -> bool:
        """`piece` is a value, a name's word, or a run of words inside one (`cut`: shortened
        for a list, so it may end inside a word)."""
        if piece in self.values or piece in _CITIES:
            return True
        if " " not in piece and not cut:
            return piece in self.name_words
        ending = "" if cut else r"(?!\w)"
        return re.search(r"(?<!\w)" + re.escape(piece) + ending, self.blob) is not None


def _is_data_or_shared(text: str, data: _Data, shared: set[str]) -> bool:
    """Every piece of `text` is something the database holds, a shared term, or no words.

    A long value shortened for a list ("Help senior leaders understand…") is still data.
    """
    if text in data.values or text in _ZONES:
        return True
    whole = _AROUND_DATA.sub("", text)
    if " " in whole and data.holds(whole.rstrip("…").strip(), cut=whole.endswith("…")):
        return True  # one line of what someone wrote, separators and all
    pieces = [_MACHINE.sub("", _AROUND_DATA.sub("", p)).strip() for p in _SEPARATORS.split(text)]
    return all(
        piece in shared
        or not _is_words(piece)
        or data.holds(piece.rstrip("…").strip(), cut=piece.endswith("…"))
        for piece in pieces
        if piece
    )


def untranslated(
    english_html: str, translated_html: str, *, language: str, data: Iterable[str] = ()
) -> list[str]:
    """Text nodes of `translated_html` left exactly as in `english_html` (see the module doc)."""
    shared = SHARED.get(language, _EVERYWHERE)
    known = _Data(data)
    english = set(visible_texts(english_html))
    found: list[str] = []
    for text in visible_texts(translated_html):
        if text not in english or text in shared or not _is_words(text):
            continue
        if _is_data_or_shared(text, known, shared) or text in found:
            continue
        found.append(text)
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def database_text() -> list[str]:
    """Every string the database holds: people's names and words, whatever language."""
    found: list[str] = []
    kinds = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if names:
            for row in model._default_manager.values_list(*names):
                found.extend(_strings(list(row)))
    return found

"""Each person hears from Upward in their own language: the setting, the pages that follow it,
and everything written to them while they are away (emails, in-app notices, calendar files),
never rendered once and reused for someone who reads another language."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from upward.feedback.models import Survey, SurveyAssignment
from upward.mentoring.models import AgendaItem, Meeting
from upward.notifications.messages import RenderedMessage, _render
from upward.notifications.models import Delivery, DeliveryPreference, Notification
from upward.notifications.services import meeting_invitation_send
from upward.notifications.tests.factories import make_pair, make_program, make_user
from upward.people.models import User
from upward.people.services import api_token_create
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

# A Wednesday, noon UTC (as in test_rules).
ANCHOR = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)
SETTINGS_URL = "/notifications/settings/"


def choose(user: User, code: str) -> None:
    DeliveryPreference.objects.update_or_create(user=user, defaults={"language": code})


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})


def put_preferences(client: Client, **payload: Any) -> Any:
    return client.put(
        "/api/v1/notifications/preferences", json.dumps(payload), content_type="application/json"
    )


def calendar_of(message: Any) -> Any:
    [part] = [a for a in message.attachments if getattr(a, "get_content_type", None)]
    return Calendar.from_ical(part.get_payload(decode=True))


# The setting ---------------------------------------------------------------------------------


def test_choosing_german_makes_the_next_page_german_whatever_the_browser_says() -> None:
    user = make_user()
    client = Client()
    client.force_login(user)
    page = client.get(SETTINGS_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert "Notification settings" in page.text and "Follow my browser" in page.text
    form = {
        "email_enabled": "on",
        "in_app_enabled": "on",
        "quiet_start": "",
        "quiet_end": "",
        "timezone": "",
        "language": "de",
    }
    response = client.post(SETTINGS_URL, form, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    assert DeliveryPreference.objects.get(user=user).language == "de"
    text = response.text
    assert "Benachrichtigungseinstellungen" in text and "Sprache" in text
    assert "Ihre Benachrichtigungseinstellungen sind gespeichert." in text
    assert "Notification settings" not in text and "Quiet hours" not in text
    assert response.headers["Content-Language"] == "de"
    # …and it stays German on the next visit, with an English browser.
    again = client.get(SETTINGS_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert "Ruhezeiten" in again.text and "Quiet hours" not in again.text
    # Back to "follow my browser": the browser's language wins again.
    form["language"] = ""
    back = client.post(SETTINGS_URL, form, HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert DeliveryPreference.objects.get(user=user).language == ""
    assert "Ajustes de notificaciones" in back.text


def test_an_unknown_language_is_refused_on_the_page() -> None:
    user = make_user()
    client = Client()
    client.force_login(user)
    form = {"email_enabled": "on", "in_app_enabled": "on", "timezone": "", "language": "xx"}
    response = client.post(SETTINGS_URL, form)
    assert response.status_code == 400
    assert not DeliveryPreference.objects.filter(user=user, language="xx").exists()


@pytest.mark.parametrize(
    ("code", "words", "english"),
    [
        ("de", ["Benachrichtigungseinstellungen", "Ruhezeiten", "Einstellungen speichern"], []),
        ("fr", ["Paramètres de notification", "Heures de tranquillité", "Langue"], []),
        ("es", ["Ajustes de notificaciones", "Horas de silencio", "Guardar ajustes"], []),
    ],
)
def test_the_pages_follow_the_browser(code: str, words: list[str], english: list[str]) -> None:
    user = make_user()
    client = Client()
    client.force_login(user)
    for url in (SETTINGS_URL, "/notifications/"):
        text = client.get(url, HTTP_ACCEPT_LANGUAGE=code).text
        for phrase in ("Notification settings", "Quiet hours", "No notifications yet"):
            assert phrase not in text, (url, phrase)
    text = client.get(SETTINGS_URL, HTTP_ACCEPT_LANGUAGE=code).text
    for word in words:
        assert word in text


def test_the_api_reads_and_sets_the_language_and_names_a_bad_one() -> None:
    user = make_user()
    client = api(user)
    assert client.get("/api/v1/notifications/preferences").json()["language"] == ""
    body = put_preferences(client, language="fr").json()
    assert body["language"] == "fr"
    assert DeliveryPreference.objects.get(user=user).language == "fr"
    # Omitted: the saved choice stays.
    assert put_preferences(client, email_enabled=False).json()["language"] == "fr"
    for bad in ("xx", "de-XX-long", "EN"):
        response = put_preferences(client, language=bad)
        assert response.status_code in (400, 422), bad
        assert response.json()["errors"][0]["field"] == "language"
    assert DeliveryPreference.objects.get(user=user).language == "fr"
    assert put_preferences(client, language="").json()["language"] == ""


def test_nobody_else_can_change_my_language() -> None:
    me, someone = make_user(), make_user()
    choose(me, "es")
    put_preferences(api(someone), language="de")
    other = Client()
    other.force_login(someone)
    other.post(
        SETTINGS_URL,
        {"email_enabled": "on", "in_app_enabled": "on", "timezone": "", "language": "fr"},
    )
    assert DeliveryPreference.objects.get(user=me).language == "es"
    assert DeliveryPreference.objects.get(user=someone).language == "fr"
    # The API has no way to name another person: it only ever answers about the caller.
    assert api(me).get("/api/v1/notifications/preferences").json()["language"] == "es"


# What is written to people -------------------------------------------------------------------


def test_one_sweep_writes_to_each_person_in_their_own_language(tick: Any) -> None:
    s = make_pair()
    choose(s.leader, "de")  # the mentor follows their browser: the organisation's English
    meeting = Meeting.objects.create(pair=s.pair, starts_at=ANCHOR + dt.timedelta(hours=24))
    AgendaItem.objects.create(meeting=meeting, author=s.leader, text="Onboarding, honestly")
    tick(ANCHOR)
    [to_leader] = [m for m in mail.outbox if m.to == [s.leader.email]]
    [to_mentor] = [m for m in mail.outbox if m.to == [s.mentor.email]]
    leader_html = to_leader.alternatives[0][0]
    assert to_leader.subject.startswith("Demnächst: Ihr Reverse-Mentoring-Gespräch mit")
    assert "Hallo " in to_leader.body and "Bisher auf der Agenda:" in to_leader.body
    assert "Ein Tipp für die Führungskraft" in to_leader.body
    assert 'lang="de"' in leader_html and "Raum des Treffens öffnen" in leader_html
    for english in ("Coming up", "Hi ", "On the agenda so far", "Open the meeting room"):
        assert english not in to_leader.subject + to_leader.body + leader_html
    mentor_html = to_mentor.alternatives[0][0]
    assert to_mentor.subject.startswith("Coming up: your reverse-mentoring conversation with")
    assert "Hi " in to_mentor.body and "A tip for the mentor" in to_mentor.body
    assert 'lang="en"' in mentor_html and "Open the meeting room" in mentor_html
    assert "Demnächst" not in to_mentor.subject + to_mentor.body
    # The in-app notices too, written once, each in its reader's language.
    leader_notice = Notification.objects.get(user=s.leader, kind="meeting_soon")
    mentor_notice = Notification.objects.get(user=s.mentor, kind="meeting_soon")
    assert leader_notice.title.startswith("Demnächst") and "Agenda" in leader_notice.body
    assert mentor_notice.title.startswith("Coming up") and "agenda item" in mentor_notice.body


def test_a_pairs_warning_signs_are_worded_for_each_coordinator(tick: Any) -> None:
    german, english = make_user(is_coordinator=True), make_user(is_coordinator=True)
    choose(german, "de")
    program = make_program(coordinator=german)
    program.coordinators.add(english)
    make_pair(program=program, started_on=ANCHOR.date() - dt.timedelta(days=60))
    tick(ANCHOR)
    [to_german] = [m for m in mail.outbox if m.to == [german.email]]
    [to_english] = [m for m in mail.outbox if m.to == [english.email]]
    msgid = "No meeting held since the pair started %(n)d day ago"
    plural = "No meeting held since the pair started %(n)d days ago"
    with translation.override("de"):
        reason = translation.ngettext(msgid, plural, 60) % {"n": 60}
    assert "No meeting held since the pair started 60 days ago" in to_english.body
    assert reason in to_german.body and "No meeting held" not in to_german.body
    assert to_german.subject.startswith("Melden Sie sich bei")


def test_a_calendar_invitation_is_in_each_recipients_language(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    s = make_pair()
    choose(s.mentor, "de")
    meeting = Meeting.objects.create(pair=s.pair, starts_at=ANCHOR + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_invitation_send(meeting=meeting, method="REQUEST")
    [to_leader] = [m for m in mail.outbox if m.to == [s.leader.email]]
    [to_mentor] = [m for m in mail.outbox if m.to == [s.mentor.email]]
    names = f"{s.leader.person.name} & {s.mentor.person.name}"
    [german] = calendar_of(to_mentor).walk("VEVENT")
    [english] = calendar_of(to_leader).walk("VEVENT")
    assert str(german["SUMMARY"]) == f"Reverse Mentoring: {names}"
    assert "Agenda, Impulse und Notizen finden Sie in Upward" in str(german["DESCRIPTION"])
    assert str(english["SUMMARY"]) == f"Reverse mentoring: {names}"
    assert str(english["DESCRIPTION"]).startswith("Agenda, prompts and notes are in Upward")
    assert to_mentor.subject.startswith("Gebucht: Reverse Mentoring")
    assert to_leader.subject.startswith("Booked: reverse mentoring")
    # Both rows share one stored context: nothing in it was worded for one reader only.
    contexts = {json.dumps(d.context, sort_keys=True) for d in Delivery.objects.all()}
    assert len(contexts) == 1


def test_the_calendar_feed_speaks_its_owners_language() -> None:
    s = make_pair()
    choose(s.leader, "es")
    Meeting.objects.create(pair=s.pair, starts_at=ANCHOR + dt.timedelta(days=3))
    token = s.leader.calendar_token
    # A calendar app sends its own Accept-Language (or none): the owner's choice wins.
    feed = Client().get(f"/calendar/{token}.ics", HTTP_ACCEPT_LANGUAGE="en")
    assert feed.status_code == 200
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Mentoría inversa: ")
    assert str(event["DESCRIPTION"]).startswith("Orden del día, temas sugeridos y notas: ")


# Every template, in every language -----------------------------------------------------------

TEMPLATE_DIRS = [
    Path(django_settings.BASE_DIR) / "upward" / app / "templates" / "notifications" / "email"
    for app in ("notifications", "webhooks")
]
TEMPLATES = sorted(
    {
        path.name.removesuffix(".subject.txt")
        for folder in TEMPLATE_DIRS
        for path in folder.glob("*.subject.txt")
    }
)
LEADER, MENTOR, PARTNER = "Ada Lovelace", "Grace Hopper", "Katherine Johnson"
STARTS = "2026-11-19T14:30:00+00:00"
DATA: dict[str, Any] = {
    "partner_name": PARTNER,
    "leader_name": LEADER,
    "mentor_name": MENTOR,
    "program_name": "Listening Up 2026",
    "coordinator_name": "Mary Jackson",
    "title": "Try the team's chat tool for a week",
    "survey_title": "Pulse check",
    "endpoint_url": "https://hooks.example.com/upward",
    "error": "HTTP 503: Service Unavailable",
    "subject": "A quick word about your next meeting",
    "message": "Hello both, the next meeting is a good moment to look back at your charter.",
    "location": "Room 4.12",
    "video_url": "https://meet.example.com/abc-defg-hij",
    "reasons": ["No meeting in 50 days", "The leader cancelled 2 meetings"],
    "agenda": ["Onboarding, honestly", "Our tools"],
    "url": "/pairs/7/",
}
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "meeting_soon": [
        {"role": "leader", "starts_at": STARTS, "duration_minutes": 45},
        {"role": "mentor", "starts_at": STARTS, "duration_minutes": 1, "agenda": []},
    ],
    "meeting_invitation": [
        {"starts_at": STARTS, "duration_minutes": 45},
        {"starts_at": STARTS, "duration_minutes": 45, "is_update": True, "location": ""},
        {"starts_at": STARTS, "cancelled": True},
        {
            "starts_at": STARTS,
            "series": True,
            "duration_minutes": 60,
            "events": [{"starts_at": STARTS}, {"starts_at": "2026-12-03T14:30:00+00:00"}],
        },
        {"starts_at": STARTS, "series": True, "cancelled": True, "events": [{"starts_at": STARTS}]},
    ],
    "charter_unsigned": [{"partner_signed": True}, {"partner_signed": False}],
    "concern_news": [{"resolved": True}, {"resolved": False}],
    "concern_waiting": [{"days": 1}, {"days": 4}],
    "action_due": [{"due_on": "2026-11-19"}],
    "consultation_due": [{"deadline_on": "2026-11-20"}],
    "invitation_unanswered": [{"role": "leader"}, {"role": "mentor"}],
    "partner_erased": [{"pair_was_open": True}, {"pair_was_open": False}],
    "survey_due": [
        {"due_on": "2026-11-25", "anonymous": True, "group_size": 5},
        {"due_on": "2026-11-25", "anonymous": False},
    ],
    "survey_overdue": [{"due_on": "2026-11-17", "anonymous": True}],
    "pair_at_risk": [{}, {"reasons": ["No meeting in 50 days"]}],
    "weekly_digest": [
        {
            "programs": [
                {
                    "name": "Listening Up 2026",
                    "phase_code": "active",
                    "phase": "Active",
                    "pairs_active": 12,
                    "meetings_held": 1,
                    "meetings_next_week": 5,
                    "charters_unsigned": 2,
                    "invitations_open": 3,
                    "delivery_problems": 1,
                },
                {
                    "name": "Second Wave",
                    "phase_code": "matching",
                    "phase": "Matching",
                    "pairs_active": 1,
                    "meetings_held": 0,
                    "meetings_next_week": 0,
                    "charters_unsigned": 0,
                    "invitations_open": 0,
                    "delivery_problems": 0,
                },
            ]
        }
    ],
    "webhook_paused": [{"failing_since_at": "2026-11-17T09:00:00+00:00"}],
    "pair_ended": [{}],
    "pair_ending_early": [{}],
    "pair_message": [{}],
    "closing_invited": [{}],
    "coordinator_nudge": [{}],
}
CASES = [
    (template, n, lang)
    for template in TEMPLATES
    for n in range(len(VARIANTS.get(template, [{}])))
    for lang in ("de", "fr", "es")
]


def _render_as(user: User, template: str, variant: dict[str, Any], lang: str, nudge: bool) -> Any:
    delivery = Delivery(
        key="i18n:test",
        kind=template,
        channel="email",
        user=user,
        template=template,
        context={**DATA, **variant, "chat_fallback": nudge},
        is_nudge=nudge,
    )
    with translation.override(lang):
        return _render(delivery)


def _visible_text(message: RenderedMessage) -> str:
    body = re.sub(r"<(style|title)[^>]*>.*?</\1>", " ", message.html, flags=re.S)
    body = html.unescape(re.sub(r"<[^>]+>", "\n", body))
    return "\n".join([message.subject, message.text, body, message.inapp_body])


def _phrases(text: str, data: list[str], size: int = 4) -> set[str]:
    """Every run of `size` words on one line, once data (names, titles, URLs) is taken out."""
    found = set()
    for line in text.splitlines():
        for value in data:
            line = line.replace(value, " ")
        line = re.sub(r"https?://\S+", " ", line)
        words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", line.lower())
        found |= {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
    return found


def _data_values(variant: dict[str, Any]) -> list[str]:
    values: list[str] = []
    for value in {**DATA, **variant}.values():
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values += [v for v in value if isinstance(v, str)]
    # Program phases come from the programs catalogue, in whatever state it is.
    for lang in ("en", "de", "fr", "es"):
        with translation.override(lang):
            values += [str(label) for _, label in Program.Phase.choices]
    values += [v.lower() for v in values]  # a reason starts a subject in lower case
    return sorted({v for v in values if v.strip()}, key=len, reverse=True)


def test_every_notification_template_is_covered() -> None:
    assert len(TEMPLATES) >= 19 and "webhook_paused" in TEMPLATES
    assert set(VARIANTS) == set(TEMPLATES)


@pytest.mark.parametrize(("template", "variant_no", "lang"), CASES)
def test_every_template_is_fully_translated(template: str, variant_no: int, lang: str) -> None:
    user = make_user()
    variant = VARIANTS.get(template, [{}])[variant_no]
    for nudge in (True, False):
        english = _render_as(user, template, variant, "en", nudge)
        translated = _render_as(user, template, variant, lang, nudge)
        data = _data_values(variant)
        # A coordinator's own subject and words, or a list of reasons, are data: only what
        # Upward itself says has to change.
        if _phrases(english.subject, data, size=2):
            assert translated.subject != english.subject
        if _phrases(english.inapp_body, data, size=2):
            assert translated.inapp_body != english.inapp_body
        assert translated.subject
        assert translated.text != english.text and translated.html != english.html
        assert f'lang="{lang}"' in translated.html
        left = _phrases(_visible_text(english), data) & _phrases(_visible_text(translated), data)
        assert not left, f"{template} in {lang}: English left in {sorted(left)[:5]}"


# The pages of both apps ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "de", "es"])
def test_the_coordinators_pages_leave_nothing_in_english(settings: Any, lang: str) -> None:
    from tests.i18n.checks import database_text, main_of, untranslated
    from upward.notifications.forms import timezone_choices
    from upward.notifications.models import ChatPost, ProgramChatChannel, ProgramNudgePause
    from upward.webhooks.tests.factories import make_endpoint

    settings.PERSONAL_CHAT_PROVIDERS = ["slack", "teams"]
    coordinator = make_user(is_coordinator=True)
    program = make_program(coordinator=coordinator)
    other = make_program(coordinator=coordinator)
    s = make_pair(program=program)
    ProgramNudgePause.objects.create(program=other, paused_by=coordinator, reason="Shutdown")
    ProgramChatChannel.objects.create(
        program=program, provider="slack", webhook_url="https://hooks.slack.com/services/T/B/x"
    )
    ChatPost.objects.create(
        key="k:1", program=program, kind="survey_opened", title="New survey: Pulse", text="Hi"
    )
    DeliveryPreference.objects.create(
        user=coordinator,
        chat_enabled=True,
        chat_provider="slack",
        chat_webhook_url="https://hooks.slack.com/services/T/B/mine",
    )
    failed = Delivery.objects.create(
        key="x:1:email",
        kind="meeting_soon",
        channel="email",
        user=s.leader,
        program=program,
        template="meeting_soon",
        status=Delivery.Status.UNCERTAIN,
        attempts=1,
        last_error="Interrupted",
    )
    Notification.objects.create(user=coordinator, kind="meeting_soon", title="Soon", body="B")
    endpoint = make_endpoint(coordinator, "https://hooks.example.com/upward", description="CRM")
    pages = [
        SETTINGS_URL,
        "/notifications/",
        "/notifications/?show=unread",
        "/notifications/nudges/",
        f"/notifications/nudges/{program.slug}/chat/",
        "/notifications/deliveries/",
        f"/notifications/deliveries/{failed.pk}/retry/",
        "/integrations/webhooks/",
        f"/integrations/webhooks/{endpoint.pk}/",
    ]
    # Slack's and Teams' own (English) names for the screens a person clicks through; and the
    # project's "just now" (upward.humane, the project catalogue).
    data = [
        *database_text(),
        "Incoming Webhooks",
        "Send webhook alerts to a chat",
        "Post to a chat when a webhook request is received",
        "just now",
        # Time zones by their IANA names (machine values, the same in every language).
        *(name for name, _ in timezone_choices() if name),
    ]
    # Words these languages write as English does.
    same = {
        "fr": {"Notifications", "Phase", "Message", "Description", "Webhooks", "Programme"},
        "de": {"Filter", "Phase", "Chat", "Status", "Webhooks"},
        "es": {"Chat", "Webhooks"},
    }[lang] | {"URL"}
    client = Client()
    client.force_login(coordinator)
    problems = {}
    for url in pages:
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        translated = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert english.status_code == translated.status_code == 200, url
        # The page's own content: the layout around it belongs to the project catalogue.
        left = untranslated(
            main_of(english.text), main_of(translated.text), language=lang, data=data
        )
        left = [text for text in left if text not in same]
        if left:
            problems[url] = left
    assert not problems, "\n".join(f"{url}: {left}" for url, left in problems.items())


def test_a_check_in_reminder_names_the_built_in_check_in_in_the_readers_language(
    tick: Any,
) -> None:
    """The check-in's title is stored in English; a coordinator's own survey keeps its title."""
    s = make_pair()
    choose(s.mentor, "de")
    due_on = ANCHOR.date() + dt.timedelta(days=7)
    for kind, title in [
        (Survey.Kind.CHECKIN_3, "3-month check-in for mentors"),
        (Survey.Kind.CUSTOM, "Pulse check for mentors"),
    ]:
        survey = Survey.objects.create(
            program=s.program, kind=kind, audience="mentor", title=title, due_on=due_on
        )
        SurveyAssignment.objects.create(
            survey=survey, participant=s.pair.mentor, pair=s.pair, due_on=due_on
        )
    tick(dt.datetime.combine(ANCHOR.date(), dt.time(0), tzinfo=dt.UTC))
    with translation.override("de"):
        german_title = translation.gettext("3-month check-in for mentors")
    assert german_title != "3-month check-in for mentors"
    sent = " ".join(m.subject + m.body for m in mail.outbox if m.to == [s.mentor.email])
    assert german_title in sent
    assert "3-month check-in for mentors" not in sent
    assert "Pulse check for mentors" in sent

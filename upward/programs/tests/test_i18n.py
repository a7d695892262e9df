"""The programs app in French, German and Spanish (issue 17).

Each page is rendered in English and in the language under test, as a person whose browser asks
for it: its headings and buttons are the translated ones, no known English phrase is left, and
`untranslated` finds no interface text identical to the English page (people's words and names
aside). E-mails about enrolment go out in the recipient's own language, whoever triggers them.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.i18n.checks import database_text, main_of, untranslated
from upward.notifications.models import DeliveryPreference
from upward.people.models import User
from upward.people.services import user_for_person
from upward.programs.models import Participant, Program
from upward.programs.services import enrolment
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "es"]
# Words these pages share with English in one language (beyond tests.i18n.checks.SHARED).
SAME_AS_ENGLISH = {
    "fr": [
        *("Phase", "Participants", "Invitation", "Dates", "Chat", "Hindi"),
        *("4 minutes", "5 minutes", "6 minutes"),
    ],
    "de": ["Phase", "Filter", "Training", "Chat", "Hindi"],
    "es": ["Chat", "Hindi"],
}
# The objectives' progress words on the program page are written by insights (its catalogue).
INSIGHTS = [
    "No figure yet",
    "No pairs yet.",
    "Not enough answers",
    "Shown once at least 5 people answer.",
]


def _page(user: User, path: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, f"{path} in {language}: {response.status_code}"
    return response.content.decode()


def _check(
    user: User, path: str, language: str, *, expected: list[str], english: list[str]
) -> None:
    """The page in `language`: `expected` shown, `english` gone, nothing else left as in English."""
    page = _page(user, path, language)
    for words in expected:
        assert words in page, f"{path} in {language}: {words!r} missing"
    for words in english:
        assert words not in page, f"{path} in {language}: {words!r} left in English"
    data = [*database_text(), *SAME_AS_ENGLISH[language], *INSIGHTS]
    left = untranslated(
        main_of(_page(user, path, "en")), main_of(page), language=language, data=data
    )
    assert not left, f"{path} in {language}: {left}"


@pytest.fixture
def program(coordinator_user: User, sponsor_user: User) -> Program:
    return make_program(coordinator=coordinator_user, sponsor=sponsor_user, phase="recruiting")


LIST = {
    "fr": ["Nouveau programme", "Binômes actifs", "Questionnaires remplis", "Recrutement"],
    "de": ["Neues Programm", "Aktive Tandems", "Fragebogen ausgefüllt", "Rekrutierung"],
    "es": ["Nuevo programa", "Tándems activos", "Cuestionarios completados", "Reclutamiento"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_program_list_is_translated(
    language: str, program: Program, coordinator_user: User
) -> None:
    _check(
        coordinator_user,
        "/programs/",
        language,
        expected=LIST[language],
        english=["New program", "Active pairs", "Reverse-mentoring programs you coordinate"],
    )


DETAIL = {
    "fr": ["Prochaine étape", "Modifier la conception", "Sondage d’intérêt", "Passer à"],
    "de": ["Nächster Schritt", "Konzept bearbeiten", "Interessenumfrage", "Zum Matching wechseln"],
    "es": ["Siguiente paso", "Editar el diseño", "Encuesta de interés", "Pasar a"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_program_page_is_translated(
    language: str, program: Program, coordinator_user: User
) -> None:
    enrol(program, person(9, name="Lena Park"), "leader")
    enrol(program, person(2, name="Sam Ortiz"), "mentor", intake=False)
    _check(
        coordinator_user,
        f"/programs/{program.slug}/",
        language,
        expected=DETAIL[language],
        english=["Next step", "Edit design", "Interest survey", "Move to", "Phase history"],
    )


DESIGN = {
    "fr": ["Rythme", "Durée (mois)", "Seuil d’anonymat", "Enregistrer"],
    "de": ["Rhythmus", "Dauer (Monate)", "Anonymitätsschwelle", "Speichern"],
    "es": ["Ritmo", "Duración (meses)", "Umbral de anonimato", "Guardar"],
}
TEMPLATES = {
    "fr": ["Utiliser ce modèle", "Mentorat inversé : aisance numérique"],
    "de": ["Diese Vorlage verwenden", "Reverse Mentoring: digitale Kompetenz"],
    "es": ["Usar esta plantilla", "Mentoría inversa: soltura digital"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_design_form_and_the_templates_are_translated(
    language: str, program: Program, coordinator_user: User
) -> None:
    _check(
        coordinator_user,
        f"/programs/{program.slug}/edit/",
        language,
        expected=DESIGN[language],
        english=[">Rhythm<", "Duration (months)", "Anonymity threshold", "Six to nine months"],
    )
    _check(
        coordinator_user,
        "/programs/new/",
        language,
        expected=TEMPLATES[language],
        english=["Use this template", "Reverse mentoring: digital fluency"],
    )


ENROLMENT = {
    "participants": {
        "fr": ["Envoyer les invitations", "Inviter à partir d’un fichier CSV", "Renvoyer"],
        "de": ["Einladungen senden", "Aus einer CSV-Datei einladen", "Erneut senden"],
        "es": ["Enviar invitaciones", "Invitar desde un archivo CSV", "Reenviar"],
    },
    "join": {
        "fr": ["Votre consentement", "Je participe", "La participation est volontaire"],
        "de": ["Ihre Einwilligung", "Zusagen", "Die Teilnahme ist freiwillig"],
        "es": ["Tu consentimiento", "Apuntarme", "Participar es voluntario"],
    },
    "intake": {
        "fr": ["Votre questionnaire d’inscription", "Enregistrer le brouillon", "Fuseau horaire"],
        "de": ["Ihr Einstiegsfragebogen", "Entwurf speichern", "Zeitzone"],
        "es": ["Tu cuestionario inicial", "Guardar borrador", "Zona horaria"],
    },
    "training": {
        "fr": ["Formation de préparation", "Écouter pour apprendre", "Commencer"],
        "de": ["Vorbereitungstraining", "Zuhören, um zu lernen", "Starten"],
        "es": ["Formación de preparación", "Escuchar para aprender", "Empezar"],
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_enrolment_pages_are_translated(
    language: str, program: Program, coordinator_user: User
) -> None:
    invited = enrol(program, person(9, name="Ines Duval"), "leader", opted_in=False, intake=False)
    joined = enrol(program, person(8, name="Noor Haddad"), "leader", intake=False, trained=False)
    _check(
        coordinator_user,
        f"/programs/{program.slug}/participants/",
        language,
        expected=ENROLMENT["participants"][language],
        english=["Send invitations", "Invite from a CSV file", "Nobody here yet"],
    )
    _check(
        user_of(invited),
        f"/programs/{program.slug}/join/",
        language,
        expected=ENROLMENT["join"][language],
        english=["Your consent", "Opt in", "Taking part is voluntary"],
    )
    _check(
        user_of(joined),
        f"/programs/{program.slug}/intake/",
        language,
        expected=ENROLMENT["intake"][language],
        english=["Your intake", "Save draft", "Time zone", "Topics you want to learn"],
    )
    _check(
        user_of(joined),
        f"/programs/{program.slug}/training/",
        language,
        expected=ENROLMENT["training"][language],
        english=["Readiness training", "Listening to learn", "short modules for"],
    )


def _speaks(user: User, language: str) -> User:
    DeliveryPreference.objects.update_or_create(user=user, defaults={"language": language})
    return user


INVITATION = {
    "fr": ("Vous êtes invité à Pilote", "Bonjour Ana Ruiz,", "en tant que dirigeant"),
    "de": ("Sie sind zu Pilote eingeladen", "Hallo Ana Ruiz,", "als Führungskraft"),
    "es": ("Te invitamos a Pilote", "Hola, Ana Ruiz:", "como líder"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invitation_goes_out_in_the_invited_persons_language(
    language: str,
    coordinator_user: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    """The coordinator reads English; the person they invite chose another language."""
    program = make_program(coordinator=coordinator_user, phase="recruiting", name="Pilote")
    who = person(9, name="Ana Ruiz", email="ana@example.com")
    _speaks(user_for_person(person=who), language)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        enrolment.participant_invite(
            actor=coordinator_user, program=program, person=who, role="leader"
        )
    [sent] = mail.outbox
    subject, greeting, role = INVITATION[language]
    assert sent.to == ["ana@example.com"]
    assert sent.subject == subject
    assert greeting in sent.body and role in sent.body
    assert f"/programs/{program.slug}/join/" in sent.body
    assert "You are invited" not in sent.body and "voluntary" not in sent.body


DECISION = {
    "fr": ("C’est confirmé : Pilote", "Votre candidature à Pilote est acceptée"),
    "de": ("Sie sind dabei: Pilote", "Ihre Bewerbung für Pilote ist angenommen"),
    "es": ("Ya estás dentro: Pilote", "Tu solicitud para Pilote ha sido aceptada"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_application_decision_goes_out_in_the_applicants_language(
    language: str,
    coordinator_user: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    program = make_program(
        coordinator=coordinator_user, phase="recruiting", name="Pilote", open_enrolment=True
    )
    applicant = _speaks(user_for_person(person=person(3, name="Kai Berg")), language)
    participant = enrolment.application_submit(
        actor=applicant, program=program, role="mentor", consent=True
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        enrolment.application_decide(actor=coordinator_user, participant=participant, accept=True)
    [sent] = mail.outbox
    subject, sentence = DECISION[language]
    assert sent.subject == subject
    assert sentence in sent.body
    assert "Your application" not in sent.body
    assert Participant.objects.get(pk=participant.pk).status == "opted_in"


def test_without_a_chosen_language_the_invitation_stays_in_english(
    coordinator_user: User, django_capture_on_commit_callbacks: object
) -> None:
    program = make_program(coordinator=coordinator_user, phase="recruiting", name="Pilote")
    who = person(9, name="Ana Ruiz")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        enrolment.participant_invite(
            actor=coordinator_user, program=program, person=who, role="mentor"
        )
    [sent] = mail.outbox
    assert sent.subject == "You are invited to Pilote"
    assert "You are invited to take part in Pilote as a mentor." in sent.body

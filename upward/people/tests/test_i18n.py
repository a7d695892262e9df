"""The directory and sign-in pages in French, German and Spanish (issue 17).

Pages follow the browser's Accept-Language (or the person's own choice); row-level import
problems are written in the importer's language while the CSV's column names stay the
contract's; the password-reset e-mail goes out in the language the person chose.
"""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.i18n.checks import database_text, untranslated
from upward.notifications.models import DeliveryPreference
from upward.people.importing import COLUMNS
from upward.people.models import Person, User
from upward.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD_ROW = "E1,Ada Boss,ada@example.com,CEO,12,Exec,,London,Europe/London,en,,2001-02-03,"
BAD_ROW = "E2,Bo Lee,not-an-email,Analyst,3,Exec,E1,Paris,Europe/Paris,fr,,2020-01-01,"

# A few words each page must say in each language, and the English they replace.
SIGN_IN = {
    "fr": ["Se connecter", "Mot de passe oublié ?", "Un mentorat inversé qui fait bouger"],
    "de": ["Anmelden", "Passwort vergessen?", "Reverse Mentoring, das etwas bewegt"],
    "es": ["Iniciar sesión", "¿Has olvidado tu contraseña?", "Mentoría inversa que cambia"],
}
RESET = {
    "fr": ["Réinitialiser votre mot de passe", "Envoyer le lien"],
    "de": ["Passwort zurücksetzen", "Link senden"],
    "es": ["Restablece tu contraseña", "Enviar el enlace"],
}
DIRECTORY = {
    "fr": ["Annuaire", "Inclure les départs", "Importer un CSV"],
    "de": ["Verzeichnis", "Ausgeschiedene einbeziehen", "CSV importieren"],
    "es": ["Directorio", "Incluir bajas", "Importar CSV"],
}
IMPORT = {
    "fr": ["Importer l'annuaire", "Imports récents", "Télécharger un modèle CSV"],
    "de": ["Verzeichnis importieren", "Letzte Importe", "CSV-Vorlage herunterladen"],
    "es": ["Importar el directorio", "Importaciones recientes", "Descargar una plantilla CSV"],
}


def _main(html: str) -> str:
    """The page's own content: the frame around it (navigation, footer) is the project's."""
    return html[html.index("<main") : html.index("</main>")]


def _page(client: Client, path: str, language: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.content.decode()


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _nothing_left_in_english(client: Client, path: str, language: str) -> None:
    english = _page(client, path, "en")
    data = database_text()
    left = untranslated(
        _main(english), _main(_page(client, path, language)), language=language, data=data
    )
    assert left == [], path


@pytest.mark.parametrize("language", ["fr", "de", "es"])
def test_the_sign_in_page_speaks_the_browsers_language(client: Client, language: str) -> None:
    page = _page(client, "/login/", language)
    for words in SIGN_IN[language]:
        assert words in html.unescape(page)
    assert "Forgot your password?" not in page
    assert "Reverse mentoring that changes things" not in page
    _nothing_left_in_english(client, "/login/", language)


@pytest.mark.parametrize("language", ["fr", "de", "es"])
def test_the_password_reset_pages_are_translated(client: Client, language: str) -> None:
    page = _page(client, "/password-reset/", language)
    for words in RESET[language]:
        assert words in html.unescape(page)
    assert "Send the link" not in page
    _nothing_left_in_english(client, "/password-reset/", language)
    _nothing_left_in_english(client, "/password-reset/sent/", language)
    _nothing_left_in_english(client, "/password-reset/x/y/", language)  # the expired-link page


def test_a_failed_sign_in_is_explained_in_the_browsers_language(
    client: Client, admin_user: User
) -> None:
    page = client.post(
        "/login/",
        {"username": admin_user.email, "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="de",
    ).content.decode()
    # Django's own message, from Django's German catalogue, naming our field in German.
    assert "Bitte E-Mail und Passwort eingeben" in html.unescape(page)
    assert "Please enter a correct" not in page


@pytest.mark.parametrize("language", ["fr", "de", "es"])
def test_the_directory_and_import_pages_are_translated(admin_user: User, language: str) -> None:
    PersonFactory(name="Priya Shah", title="Engineer")
    client = _signed_in(admin_user)
    listing = _page(client, "/people/", language)
    for words in DIRECTORY[language]:
        assert words in html.unescape(listing)
    assert "Include leavers" not in listing
    page = _page(client, "/people/import/", language)
    for words in IMPORT[language]:
        assert words in html.unescape(page)
    assert "Recent imports" not in page
    # The contract's column names are shown as they are, whatever the language.
    assert f"<code>{','.join(COLUMNS)}</code>" in page
    for path in ("/people/", "/people/import/", "/people/sign-in-lockouts/"):
        _nothing_left_in_english(client, path, language)


def test_a_bad_row_is_reported_in_german_with_the_columns_english_names(
    admin_user: User,
) -> None:
    client = _signed_in(admin_user)
    upload = SimpleUploadedFile(
        "people.csv", f"{HEADER}\n{GOOD_ROW}\n{BAD_ROW}\n".encode(), content_type="text/csv"
    )
    response = client.post("/people/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="de")
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Nichts wurde importiert: 1 Problem zu beheben" in page
    assert "Zeile 3, Spalte email: 'not-an-email' ist keine gültige E-Mail-Adresse" in page
    assert "is not a valid email address" not in page
    assert "row 3, column" not in page
    assert not Person.objects.filter(employee_id__in=["E1", "E2"]).exists()


def test_a_good_import_is_confirmed_in_the_importers_language(admin_user: User) -> None:
    client = _signed_in(admin_user)
    upload = SimpleUploadedFile("people.csv", f"{HEADER}\n{GOOD_ROW}\n".encode())
    response = client.post(
        "/people/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="es", follow=True
    )
    assert "Directorio importado: 1 fila (creadas: 1" in response.content.decode()


def test_the_csv_template_keeps_the_contracts_header_in_every_language(admin_user: User) -> None:
    client = _signed_in(admin_user)
    body = client.get("/people/template.csv", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == COLUMNS
    assert rows[1][COLUMNS.index("title")] == "Directrice des opérations"  # an example, in French
    assert rows[1][COLUMNS.index("timezone")] == "Europe/London"


def test_the_import_command_speaks_english_to_the_operator(
    tmp_path: object, settings: object
) -> None:
    from django.core.management import call_command
    from django.utils import translation

    path = tmp_path / "people.csv"  # type: ignore[operator]
    path.write_text(f"{HEADER}\n{GOOD_ROW}\n{BAD_ROW}\n")
    err = io.StringIO()
    with translation.override("de"), pytest.raises(SystemExit):
        call_command("import_people", str(path), stderr=err)
    assert "row 3, column email: 'not-an-email' is not a valid email address" in err.getvalue()


@pytest.mark.parametrize(
    ("chosen", "browser", "subject", "greeting"),
    [
        ("de", "fr", "Wählen Sie ein neues Upward-Passwort", "Hallo"),
        ("fr", "", "Choisissez un nouveau mot de passe Upward", "Bonjour"),
        ("", "es", "Elige una nueva contraseña de Upward", "Hola"),
    ],
)
def test_the_password_reset_email_is_in_the_persons_own_language(
    client: Client, admin_user: User, chosen: str, browser: str, subject: str, greeting: str
) -> None:
    """Their own choice (DeliveryPreference.language) first, else the browser that asked."""
    if chosen:
        DeliveryPreference.objects.update_or_create(user=admin_user, defaults={"language": chosen})
    headers = {"HTTP_ACCEPT_LANGUAGE": browser} if browser else {}
    client.post("/password-reset/", {"email": admin_user.email}, **headers)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == subject
    assert sent.body.startswith(greeting)
    assert "/password-reset/" in sent.body
    assert "Someone (we hope you)" not in sent.body
    assert "&#x27;" not in sent.body  # plain text: apostrophes stay apostrophes


def test_the_password_reset_email_stays_english_by_default(
    client: Client, admin_user: User
) -> None:
    client.post("/password-reset/", {"email": admin_user.email})
    assert mail.outbox[0].subject == "Choose a new Upward password"
    assert "Someone (we hope you) asked to reset the password" in mail.outbox[0].body

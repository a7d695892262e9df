"""The language menu in the footer: a person picks the language Upward speaks to them in.

Anyone may choose (a cookie keeps it for visitors who have not signed in); a signed-in person's
choice is also saved with their delivery preferences, so emails, reminders and calendar
invitations follow it (upward/i18n.py).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from upward.access import AnyUser, account
from upward.errors import ServiceError
from upward.notifications.models import DeliveryPreference


def is_language(code: str) -> bool:
    """Whether Upward speaks `code` exactly as settings.LANGUAGES writes it ('de', not 'de-AT')."""
    return code in dict(settings.LANGUAGES)


def person_language_save(*, actor: AnyUser, code: str) -> DeliveryPreference:
    """Save the language the actor chose (one of settings.LANGUAGES) as their own."""
    if not is_language(code):
        raise ServiceError(_("Upward does not speak this language."), field="language")
    pref, _created = DeliveryPreference.objects.get_or_create(user=account(actor))
    if pref.language != code:
        pref.language = code
        pref.updated_at = timezone.now()
        pref.save(update_fields=["language", "updated_at"])
    return pref

"""Everything Upward stores about a person, as one machine-readable JSON document.

The export walks every installed model rather than a hand-kept list, so a model added later is
exported without anyone remembering to: a row belongs in a person's export when one of its links
names the person (their directory row, their account, one of their participations). Rows that
belong to a pair as a whole (meetings, actions, the charter) are in it too. What their partner
wrote (notes, reflections, concerns) has its own author and is never in it, and anonymous answers
have no link to anyone, so they cannot be found (that is the point of them).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

from upward.feedback.models import Answer, NamedResponse
from upward.mentoring.models import Pair
from upward.people.models import Person, User
from upward.programs.models import Participant

FORMAT = "upward.person-export"
VERSION = 1

# Never exported: credentials and secrets (a hash is still a secret).
# A chat incoming-webhook URL is a key to post into someone's chat.
SECRET_FIELDS = {"password", "token_hash", "calendar_token", "chat_webhook_url"}
# A link that does not make the row the person's: a report's row names its manager, but it is
# the report's data, not the manager's.
NOT_OWNING = {("people.Person", "manager")}
# Rows that belong to the pair as a whole even though one person edits them.
PAIR_RECORDS = {"mentoring.Charter"}
# Not about the person: framework bookkeeping.
SKIPPED_MODELS = {"sessions.Session", "contenttypes.ContentType", "auth.Permission"}

NOT_INCLUDED = (
    "Anonymous survey answers and anonymous interest-survey answers are stored without any link "
    "to the person who gave them, so they cannot be found or exported; they stay as they are."
)


def _is_secret(name: str) -> bool:
    return name in SECRET_FIELDS or name.endswith("_hash") or "secret" in name


def _plain(value: Any) -> Any:
    """A JSON-friendly form of one field value."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return value.hex()
    return value


def row_of(obj: models.Model) -> dict[str, Any]:
    """One row: every concrete field (links as ids), many-to-many links as lists of ids."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if _is_secret(field.name):
            continue
        row[field.attname] = _plain(getattr(obj, field.attname))
    for m2m in obj._meta.many_to_many:
        row[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return row


def participations_of_person(person: Person) -> list[Participant]:
    account = getattr(person, "user", None)
    condition = Q(person=person)
    if account is not None:
        condition |= Q(user=account)
    return list(Participant.objects.filter(condition).select_related("program"))


def _owner_links(model: type[models.Model]) -> list[tuple[str, str]]:
    """(field name, target label) for links to a person, their account or a participation."""
    targets = {"people.Person", "people.User", "programs.Participant"}
    found = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        related = field.related_model
        if not field.is_relation or related is None or isinstance(related, str):
            continue
        label = related._meta.label
        if label in targets and (model._meta.label, field.name) not in NOT_OWNING:
            found.append((field.name, label))
    return found


def _pair_link(model: type[models.Model]) -> str | None:
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Pair:
            return field.name
    return None


def person_records(person: Person) -> dict[str, list[dict[str, Any]]]:
    """model label -> the rows of that model that are about the person (walks every model)."""
    account: User | None = getattr(person, "user", None)
    participant_ids = [p.pk for p in participations_of_person(person)]
    pair_ids = list(
        Pair.objects.filter(
            Q(leader_id__in=participant_ids) | Q(mentor_id__in=participant_ids)
        ).values_list("pk", flat=True)
    )
    ids = {
        "people.Person": [person.pk],
        "people.User": [account.pk] if account is not None else [],
        "programs.Participant": participant_ids,
    }
    records: dict[str, list[dict[str, Any]]] = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in SKIPPED_MODELS or model in (Person, User):
            continue
        condition = Q(pk__in=[])
        owners = _owner_links(model)
        for name, target in owners:
            if ids[target]:
                condition |= Q(**{f"{name}__in": ids[target]})
        pair_link = _pair_link(model)
        if pair_link and pair_ids and (not owners or label in PAIR_RECORDS):
            condition |= Q(**{f"{pair_link}__in": pair_ids})
        if not owners and not pair_link:
            continue
        rows = [row_of(obj) for obj in model._default_manager.filter(condition).distinct()]
        if rows:
            records[label] = rows
    return records


def named_survey_answers(person: Person) -> list[dict[str, Any]]:
    """Answers to named (not anonymous) surveys: linked to the person through NamedResponse."""
    participant_ids = [p.pk for p in participations_of_person(person)]
    responses = NamedResponse.objects.filter(participant_id__in=participant_ids).values(
        "response_id"
    )
    return [
        row_of(answer) for answer in Answer.objects.filter(response_id__in=responses).order_by("pk")
    ]


def person_document(person: Person) -> dict[str, Any]:
    """The whole export: the directory row, the account, then every record about the person."""
    account: User | None = getattr(person, "user", None)
    directory = row_of(person)
    directory["department_name"] = person.department.name if person.department else None
    directory["affinity_group_names"] = sorted(g.name for g in person.affinity_groups.all())
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "person": directory,
        "account": row_of(account) if account is not None else None,
        "records": person_records(person),
        "named_survey_answers": named_survey_answers(person),
        "not_included": NOT_INCLUDED,
    }

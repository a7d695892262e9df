"""SCIM provisioning: tokens (org admins) and the writes an identity provider asks for.

Users and group memberships are written through the directory import
(`people.importing.people_import`), one row per person: the same validation, the same change
history, the same deactivation of leavers (DELETE and active=false set `left_on`; nothing is
ever deleted). The identity provider is the actor "system" in the audit log, named by its token.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.access import AnyUser, can_manage_accounts
from upward.audit.services import declare, record
from upward.inputs import is_id
from upward.people import importing
from upward.people.exporting import person_rows
from upward.people.import_validation import EMAIL_TAKEN
from upward.people.models import AffinityGroup, Person, User
from upward.scim.models import ScimToken
from upward.scim.resources import ScimError, apply_patch, row_from_user, user_resource

TOKEN_PREFIX = "scim_"  # noqa: S105 - a public prefix, not a secret
TOKEN_CREATED = declare("scim.token_created", gettext_lazy("SCIM token created"))
TOKEN_REVOKED = declare("scim.token_revoked", gettext_lazy("SCIM token revoked"))
USER_CREATED = declare("scim.user_created", gettext_lazy("SCIM: person created"))
USER_UPDATED = declare("scim.user_updated", gettext_lazy("SCIM: person updated"))
USER_DEACTIVATED = declare("scim.user_deactivated", gettext_lazy("SCIM: person deactivated"))
GROUP_CHANGED = declare("scim.group_changed", gettext_lazy("SCIM: group changed"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_admin(actor: AnyUser) -> User:
    if not isinstance(actor, User) or not can_manage_accounts(actor):
        raise PermissionDenied("Only org admins manage SCIM tokens.")
    return actor


def scim_tokens(*, actor: AnyUser) -> QuerySet[ScimToken]:
    _require_admin(actor)
    return ScimToken.objects.select_related("created_by")


def scim_token_create(*, actor: AnyUser | None, name: str) -> str:
    """A new SCIM bearer token (shown once; only its hash is kept). `actor` None: the command."""
    admin = _require_admin(actor) if actor is not None else None
    name = name.strip()
    if not name:
        raise ScimError(_("Name the token after the system that uses it (e.g. Entra ID)."))
    if len(name) > 100:
        raise ScimError(_("Keep the name under 100 characters."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ScimToken.objects.create(
        name=name, prefix=token[:12], token_hash=_hash(token), created_by=admin
    )
    record(admin, TOKEN_CREATED, target=f"SCIM token {name!r} ({token[:12]}…)")
    return token


def scim_token_revoke(*, actor: AnyUser, token_id: int) -> ScimToken:
    admin = _require_admin(actor)
    found = ScimToken.objects.filter(pk=token_id).first()
    if found is None:
        raise Http404("No such token.")
    found.delete()
    record(admin, TOKEN_REVOKED, target=f"SCIM token {found.name!r} ({found.prefix}…)")
    return found


def scim_token_authenticate(*, token: str) -> ScimToken | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = ScimToken.objects.filter(token_hash=_hash(token)).first()
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found


# --- users -------------------------------------------------------------------------------------


def _person(person_id: str) -> Person:
    found = (
        Person.objects.select_related("department", "manager").filter(pk=int(person_id)).first()
        if is_id(person_id)
        else None
    )
    if found is None:
        raise ScimError(f"User {person_id} not found", status=404)
    return found


def _write(rows: list[dict[str, str]], *, token: ScimToken) -> None:
    """Rows through the import's validation and write path; its refusals in SCIM's words."""
    try:
        importing.people_import(raw_rows=rows, source=f"SCIM: {token.name}"[:200], header_rows=0)
    except importing.DirectoryImportError as exc:
        problems = "; ".join(f"{e.column}: {e.problem}" for e in exc.errors[:20])
        uniqueness = any(e.code == EMAIL_TAKEN for e in exc.errors)
        raise ScimError(
            problems,
            status=409 if uniqueness else 400,
            scim_type="uniqueness" if uniqueness else "invalidValue",
        ) from exc


@transaction.atomic
def user_create(*, token: ScimToken, doc: dict[str, Any]) -> Person:
    row = row_from_user(doc, None)
    clash = Person.objects.filter(employee_id=row["employee_id"]).first() or (
        Person.objects.filter(email__iexact=row["email"]).first()
    )
    if clash is not None:
        raise ScimError(
            f"User {row['employee_id']} / {row['email']} already exists (id {clash.pk})",
            status=409,
            scim_type="uniqueness",
        )
    _write([row], token=token)
    person = Person.objects.get(employee_id=row["employee_id"])
    record(None, USER_CREATED, target=f"{person.employee_id} via {token.name}")
    return person


def _update(person: Person, doc: dict[str, Any], *, token: ScimToken) -> Person:
    current = person_rows([person.pk])[person.pk]
    row = row_from_user(doc, current)
    if row != current:
        _write([row], token=token)
        became_inactive = current["left_on"] == "" and row["left_on"] != ""
        action = USER_DEACTIVATED if became_inactive else USER_UPDATED
        record(None, action, target=f"{person.employee_id} via {token.name}")
    return _person(str(person.pk))


@transaction.atomic
def user_replace(*, token: ScimToken, person_id: str, doc: dict[str, Any]) -> Person:
    return _update(_person(person_id), doc, token=token)


@transaction.atomic
def user_patch(*, token: ScimToken, person_id: str, body: dict[str, Any], base: str) -> Person:
    person = _person(person_id)
    doc = apply_patch(user_resource(person, base=base), body)
    return _update(person, doc, token=token)


@transaction.atomic
def user_deactivate(*, token: ScimToken, person_id: str) -> None:
    """DELETE: the person leaves the directory as a leaver (left today), never deleted."""
    person = _person(person_id)
    _update(person, {"active": False}, token=token)


# --- groups (affinity groups) -------------------------------------------------------------------


def group_get(group_id: str) -> AffinityGroup:
    found = AffinityGroup.objects.filter(pk=int(group_id)).first() if is_id(group_id) else None
    if found is None:
        raise ScimError(f"Group {group_id} not found", status=404)
    return found


def _member_ids(values: Any) -> set[int]:
    if values is None:
        return set()
    if not isinstance(values, list):
        values = [values]
    ids: set[int] = set()
    for item in values:
        value = str(item.get("value", "") if isinstance(item, dict) else item)
        ids.add(_person(value).pk)
    return ids


def _set_members(
    group: AffinityGroup, *, add: set[int], remove: set[int], token: ScimToken
) -> None:
    if not add and not remove:
        return
    rows = person_rows(add | remove)
    changed: list[dict[str, str]] = []
    for pid, row in rows.items():
        groups = [g for g in row["affinity_groups"].split(";") if g]
        if pid in add and group.name not in groups:
            groups.append(group.name)
        if pid in remove and group.name in groups:
            groups.remove(group.name)
        new = ";".join(groups)
        if new != row["affinity_groups"]:
            changed.append({**row, "affinity_groups": new})
    if changed:
        _write(changed, token=token)


@transaction.atomic
def group_create(*, token: ScimToken, doc: dict[str, Any]) -> AffinityGroup:
    name = str(doc.get("displayName") or "").strip()
    if not name or len(name) > 200:
        raise ScimError(
            "displayName is required (at most 200 characters)", scim_type="invalidValue"
        )
    if AffinityGroup.objects.filter(name=name).exists():
        raise ScimError(f"Group {name!r} already exists", status=409, scim_type="uniqueness")
    group = AffinityGroup.objects.create(name=name)
    _set_members(group, add=_member_ids(doc.get("members")), remove=set(), token=token)
    record(None, GROUP_CHANGED, target=f"group {name!r} created via {token.name}")
    return group


@transaction.atomic
def group_patch(*, token: ScimToken, group_id: str, body: dict[str, Any]) -> AffinityGroup:
    group = group_get(group_id)
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError("Operations must be a non-empty list", scim_type="invalidSyntax")
    add: set[int] = set()
    remove: set[int] = set()
    for operation in operations:
        op = str(operation.get("op", "")).lower()
        path = str(operation.get("path") or "")
        value = operation.get("value")
        if path.startswith("members[") and op == "remove":
            # members[value eq "42"]
            remove |= _member_ids([path.split('"')[1]]) if '"' in path else set()
        elif path == "members" and op == "add":
            add |= _member_ids(value)
        elif path == "members" and op == "remove":
            remove |= (
                _member_ids(value) if value else set(group.members.values_list("pk", flat=True))
            )
        elif path == "members" and op == "replace":
            wanted = _member_ids(value)
            have = set(group.members.values_list("pk", flat=True))
            add |= wanted - have
            remove |= have - wanted
        elif (path == "displayName" and op == "replace") or (
            not path and isinstance(value, dict) and "displayName" in value
        ):
            new_name = str(value["displayName"] if isinstance(value, dict) else value).strip()
            if new_name and new_name != group.name:
                if AffinityGroup.objects.filter(name=new_name).exclude(pk=group.pk).exists():
                    raise ScimError(
                        f"Group {new_name!r} already exists", status=409, scim_type="uniqueness"
                    )
                group.name = new_name[:200]
                group.save(update_fields=["name"])
        else:
            raise ScimError(f"unsupported operation {op} {path!r}", scim_type="invalidPath")
    _set_members(group, add=add - remove, remove=remove, token=token)
    record(None, GROUP_CHANGED, target=f"group {group.name!r} changed via {token.name}")
    return group


@transaction.atomic
def group_delete(*, token: ScimToken, group_id: str) -> None:
    """The group goes; its members stay in the directory, without it."""
    group = group_get(group_id)
    _set_members(
        group, add=set(), remove=set(group.members.values_list("pk", flat=True)), token=token
    )
    name = group.name
    group.delete()
    record(None, GROUP_CHANGED, target=f"group {name!r} deleted via {token.name}")

"""SCIM 2.0 (RFC 7643/7644) documents <-> directory rows.

A SCIM User is one directory person; its `id` is the person's database id, `userName` and the
primary e-mail are the person's e-mail, the enterprise extension's `employeeNumber` (or, when a
provider sends none, `externalId`) is the employee id. A SCIM Group is an affinity group.

Every write becomes a directory *row* (the CSV import's columns) that goes through the import's
one validation and write path (`people.importing.people_import`), so SCIM and the CSV import
accept and refuse exactly the same things, and leavers are deactivated, never deleted.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.utils import timezone

from upward.errors import ServiceError
from upward.inputs import is_id
from upward.people.models import AffinityGroup, Person

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class ScimError(ServiceError):
    """A refusal in SCIM's words: an HTTP status and, for bad input, a scimType."""

    def __init__(self, message: str, *, status: int = 400, scim_type: str = "") -> None:
        super().__init__(message, status=status)
        self.scim_type = scim_type


def error_body(exc: ScimError) -> dict[str, Any]:
    body: dict[str, Any] = {"schemas": [ERROR], "status": str(exc.status), "detail": exc.message}
    if exc.scim_type:
        body["scimType"] = exc.scim_type
    return body


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def user_resource(person: Person, *, base: str) -> dict[str, Any]:
    manager = person.manager
    enterprise: dict[str, Any] = {"employeeNumber": person.employee_id}
    if person.department_id:
        enterprise["department"] = person.department.name if person.department else ""
    if manager is not None:
        enterprise["manager"] = {
            "value": str(manager.pk),
            "displayName": manager.name,
            "$ref": f"{base}/Users/{manager.pk}",
        }
    resource: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE],
        "id": str(person.pk),
        "externalId": person.employee_id,
        "userName": person.email,
        "name": {"formatted": person.name},
        "displayName": person.name,
        "title": person.title,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        "active": person.is_active,
        "timezone": person.timezone,
        "groups": [
            {"value": str(g.pk), "display": g.name, "$ref": f"{base}/Groups/{g.pk}"}
            for g in person.affinity_groups.all()
        ],
        ENTERPRISE: enterprise,
        "meta": {
            "resourceType": "User",
            "created": _iso(person.created_at),
            "lastModified": _iso(person.updated_at),
            "location": f"{base}/Users/{person.pk}",
        },
    }
    if person.languages:
        resource["preferredLanguage"] = person.languages[0]
    if person.location:
        resource["addresses"] = [{"type": "work", "locality": person.location}]
    return resource


def group_resource(group: AffinityGroup, *, base: str) -> dict[str, Any]:
    return {
        "schemas": [GROUP],
        "id": str(group.pk),
        "displayName": group.name,
        "members": [
            {"value": str(p.pk), "display": p.name, "$ref": f"{base}/Users/{p.pk}"}
            for p in group.members.order_by("name")
        ],
        "meta": {"resourceType": "Group", "location": f"{base}/Groups/{group.pk}"},
    }


def _bool(value: Any) -> bool:
    # Entra ID sends booleans as the strings "True" / "False" in PATCH operations.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ScimError(f"{value!r} is not a boolean", scim_type="invalidValue")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ScimError(f"{value!r} is not a single value", scim_type="invalidValue")
    return str(value).strip()


def _primary(items: Any, key: str = "value") -> str:
    if not isinstance(items, list) or not items:
        return ""
    chosen = next((i for i in items if isinstance(i, dict) and i.get("primary")), None)
    chosen = chosen or next(
        (i for i in items if isinstance(i, dict) and i.get("type") == "work"), None
    )
    chosen = chosen or (items[0] if isinstance(items[0], dict) else None)
    return _text(chosen.get(key)) if chosen else ""


def _employee_id(doc: dict[str, Any]) -> str:
    enterprise = doc.get(ENTERPRISE) or {}
    return _text(enterprise.get("employeeNumber")) or _text(doc.get("externalId"))


def _name(doc: dict[str, Any]) -> str:
    name = doc.get("name") or {}
    given_family = " ".join(
        part for part in (_text(name.get("givenName")), _text(name.get("familyName"))) if part
    )
    return _text(doc.get("displayName")) or _text(name.get("formatted")) or given_family


def manager_employee_id(doc: dict[str, Any]) -> str | None:
    """The manager's employee id from the enterprise extension (None: not given)."""
    enterprise = doc.get(ENTERPRISE) or {}
    if "manager" not in enterprise:
        return None
    manager = enterprise.get("manager")
    value = _text(manager.get("value") if isinstance(manager, dict) else manager)
    if not value:
        return ""
    found = Person.objects.filter(pk=int(value)).first() if is_id(value) else None
    found = found or Person.objects.filter(employee_id=value).first()
    if found is None:
        raise ScimError(f"manager {value!r} is not a known user", scim_type="invalidValue")
    return found.employee_id


def row_from_user(doc: dict[str, Any], current: dict[str, str] | None) -> dict[str, str]:
    """The directory row a SCIM User document asks for, over the person's current row (fields
    SCIM does not carry, such as level or hire date, keep their values)."""
    row = dict(current or {})
    employee_id = _employee_id(doc)
    if current is None:
        if not employee_id:
            raise ScimError(
                "employeeNumber (enterprise extension) or externalId is required: it is the "
                "employee id that the directory and the CSV import know the person by",
                scim_type="invalidValue",
            )
        row["employee_id"] = employee_id
    elif (
        employee_id
        and employee_id != current["employee_id"]
        and ENTERPRISE in doc
        and (_text((doc.get(ENTERPRISE) or {}).get("employeeNumber")))
    ):
        raise ScimError("employeeNumber cannot change", scim_type="mutability")
    email = _primary(doc.get("emails")) or (
        _text(doc.get("userName")) if "@" in _text(doc.get("userName")) else ""
    )
    if email:
        row["email"] = email
    elif current is None:
        raise ScimError("userName or emails must carry an e-mail address", scim_type="invalidValue")
    name = _name(doc)
    if name:
        row["name"] = name
    for field, key in (("title", "title"), ("timezone", "timezone")):
        if key in doc:
            row[field] = _text(doc.get(key))
    enterprise = doc.get(ENTERPRISE) or {}
    if "department" in enterprise:
        row["department"] = _text(enterprise.get("department"))
    manager = manager_employee_id(doc)
    if manager is not None:
        row["manager_employee_id"] = manager
    locality = _primary(doc.get("addresses"), "locality")
    if locality:
        row["location"] = locality
    language = _text(doc.get("preferredLanguage")).split("-")[0].split("_")[0].lower()
    if language:
        languages = [lang for lang in (row.get("languages") or "").split(";") if lang]
        if language not in languages:
            row["languages"] = ";".join([language, *languages])
    if "active" in doc:
        active = _bool(doc["active"])
        if not active and not row.get("left_on"):
            # Deactivated as the CSV import deactivates a leaver: left today.
            row["left_on"] = timezone.localdate().isoformat()
        elif active:
            row["left_on"] = ""
    return row


# --- PATCH (RFC 7644 §3.5.2), as Entra ID and Okta send it ---------------------------------------

_FILTERED = re.compile(r'^(\w+)\[(\w+)\s+eq\s+"([^"]*)"\]\.?(\w*)$')


def _set(doc: dict[str, Any], path: str, value: Any, op: str) -> None:
    if path.startswith(ENTERPRISE + ":"):
        enterprise = doc.setdefault(ENTERPRISE, {})
        attribute = path[len(ENTERPRISE) + 1 :]
        if attribute == "manager" and not isinstance(value, dict) and op != "remove":
            value = {"value": value}
        if op == "remove":
            enterprise[attribute] = {"value": ""} if attribute == "manager" else ""
        else:
            enterprise[attribute] = value
        return
    if path.startswith(USER + ":"):
        path = path[len(USER) + 1 :]
    filtered = _FILTERED.match(path)
    if filtered:
        attribute, key, wanted, sub = filtered.groups()
        items = doc.setdefault(attribute, [])
        item = next((i for i in items if str(i.get(key, "")).lower() == wanted.lower()), None)
        if item is None:
            item = {key: wanted}
            items.append(item)
        if op == "remove":
            items.remove(item)
        elif sub:
            item[sub] = value
            if attribute == "emails":
                # The primary e-mail is the person's address; the new one takes its place.
                for other in items:
                    other["primary"] = other is item
        return
    if "." in path:
        parent, child = path.split(".", 1)
        holder = doc.setdefault(parent, {})
        holder[child] = None if op == "remove" else value
        if parent == "name" and child in ("givenName", "familyName"):
            # The person's name is one field: rebuild it from the parts the provider sent.
            doc.pop("displayName", None)
            holder.pop("formatted", None)
        return
    if op == "remove":
        doc[path] = "" if path != "active" else doc.get(path)
    else:
        doc[path] = value


def apply_patch(doc: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The document after the PatchOp's operations (add, replace, remove)."""
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError("Operations must be a non-empty list", scim_type="invalidSyntax")
    result = copy.deepcopy(doc)
    if result.get("name", {}).get("formatted") and "givenName" not in result.get("name", {}):
        given, _, family = str(result["name"]["formatted"]).partition(" ")
        result["name"].update({"givenName": given, "familyName": family})
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError("each operation must be an object", scim_type="invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in ("add", "replace", "remove"):
            raise ScimError(f"unknown op {operation.get('op')!r}", scim_type="invalidSyntax")
        path = operation.get("path")
        value = operation.get("value")
        if path:
            _set(result, str(path), value, op)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, dict) and key in (ENTERPRISE, "name"):
                    for sub, sub_value in item.items():
                        joined = f"{ENTERPRISE}:{sub}" if key == ENTERPRISE else f"name.{sub}"
                        _set(result, joined, sub_value, op)
                else:
                    _set(result, key, item, op)
        else:
            raise ScimError(
                "an operation without path needs an object value", scim_type="invalidValue"
            )
    return result


# --- filters (RFC 7644 §3.4.2.2): the equality filters providers use to look a user up -----------

_EQ = re.compile(r'^\s*([\w:.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


def parse_eq_filter(text: str) -> tuple[str, str]:
    found = _EQ.match(text or "")
    if not found:
        raise ScimError(
            'only equality filters are supported, e.g. userName eq "ada@example.com"',
            scim_type="invalidFilter",
        )
    return found.group(1), found.group(2).replace('\\"', '"')

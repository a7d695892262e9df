"""/api/v1/people/{employee_id}/export and /erase: personal data on request (org admins only;
anyone else is told the person does not exist, 404)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema

from upward.access import AuthedRequest
from upward.privacy import selectors, services

router = Router(tags=["personal data"])


class EraseIn(Schema):
    confirm: str = Field(description="The person's employee ID, typed again to confirm.")


class ErasureOut(Schema):
    person_id: int
    employee_id: str = Field(description="The scrubbed employee ID the anonymous row keeps.")
    deleted: dict[str, int] = Field(description="Records removed, by kind.")
    scrubbed: dict[str, int] = Field(description="Records kept for counts, their words removed.")
    pairs_ended: int
    partners_told: int


@router.get(
    "/{employee_id}/export",
    response=dict[str, Any],
    summary="Org admins: everything Upward stores about a person (JSON)",
)
def export_person(request: AuthedRequest, employee_id: str) -> dict[str, Any]:
    person = selectors.person_for_personal_data(user=request.user, employee_id=employee_id)
    return services.person_export(actor=request.user, person=person)


@router.post(
    "/{employee_id}/erase",
    response=ErasureOut,
    summary="Org admins: erase a person on request (cannot be undone)",
)
def erase_person(request: AuthedRequest, employee_id: str, payload: EraseIn) -> ErasureOut:
    person = selectors.person_for_personal_data(user=request.user, employee_id=employee_id)
    result = services.person_erase(actor=request.user, person=person, confirm=payload.confirm)
    return ErasureOut(**result.as_dict())

"""Issue 12, item 7 (matching input in the app): what-if and run settings with numbers no
weight can be (1e400 reads as infinity; an integer with hundreds of digits) are a 422 naming
the field, never a run that fails later or a server error."""

from __future__ import annotations

import pytest
from django.test import Client

from upward.errors import ServiceError
from upward.matching.services import clean_settings_override
from upward.people.models import User
from upward.programs.tests.factories import matching_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 10**400, "1e400", None, [1]])
def test_a_weight_must_be_a_finite_number(value: object) -> None:
    with pytest.raises(ServiceError) as caught:
        clean_settings_override({"weights": {"topics": value}})
    assert (caught.value.field, caught.value.status) == ("weights.topics", 422)


def test_the_api_refuses_an_infinite_weight(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=1)
    response = coordinator_client.post(
        f"/api/v1/programs/{program.pk}/match-runs",
        '{"weights": {"topics": 1e400}}',
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "topics" in response.json()["detail"]
    assert not program.match_runs.exists()

"""The closing guard: unsigned charters and unresolved concerns need a confirmation to close."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from upward import events
from upward.errors import ServiceError
from upward.mentoring.models import Charter, Concern, Pair
from upward.mentoring.program_events import open_concerns, program_phase_checks, unsigned_charters
from upward.mentoring.tests.factories import PairFactory
from upward.people.models import User
from upward.programs import services
from upward.programs.events import PHASE_CHECKS
from upward.programs.models import Program
from upward.programs.selectors import phase_check
from upward.programs.tests.factories import enrol, make_program, person, user_of

pytestmark = pytest.mark.django_db


def pair_in(program: Program, *, status: str = Pair.Status.ACTIVE) -> Pair:
    leader = enrol(program, person(9), "leader")
    mentor = enrol(program, person(2), "mentor")
    return PairFactory(
        program=program,
        leader=leader,
        mentor=mentor,
        status=status,
        started_on=timezone.localdate(),
    )


def signed(pair: Pair, *, leader: bool = True, mentor: bool = True) -> Charter:
    now = timezone.now()
    return Charter.objects.create(
        pair=pair,
        goals="Learn",
        leader_signed_at=now if leader else None,
        mentor_signed_at=now if mentor else None,
    )


def test_mentoring_answers_the_phase_checks_event() -> None:
    assert program_phase_checks in events.subscribers(PHASE_CHECKS)


def test_pairs_without_a_charter_or_a_signature_count_as_unsigned(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    pair_in(program)  # no charter at all
    signed(pair_in(program), mentor=False)
    signed(pair_in(program))  # fully signed: fine
    signed(pair_in(program, status=Pair.Status.ENDED), leader=False)  # ended: not active work
    assert unsigned_charters(program) == ["2 active pairs have no charter signed by both people."]


def test_a_fully_signed_program_closes_without_a_warning(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    signed(pair_in(program))
    assert phase_check(program=program, to_phase="closing").warnings == []
    services.program_transition(actor=coordinator_user, program=program, to_phase="closing")
    program.refresh_from_db()
    assert program.phase == "closing"


def test_unresolved_concerns_are_counted_by_status(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    pair = pair_in(program)
    signed(pair)
    raiser = user_of(pair.mentor)
    for status in ("open", "open", "acknowledged", "resolved"):
        Concern.objects.create(
            program=program, pair=pair, raised_by=raiser, role="mentor", text="x", status=status
        )
    assert open_concerns(program) == [
        "2 concerns are still open and not yet acknowledged.",
        "1 acknowledged concern is not resolved yet.",
    ]
    other = make_program(coordinator=coordinator_user, phase="active", name="Other")
    assert open_concerns(other) == []


def test_closing_with_unsigned_work_needs_a_confirmation(coordinator_user: User) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    pair = pair_in(program)
    Concern.objects.create(
        program=program, pair=pair, raised_by=user_of(pair.leader), role="leader", text="x"
    )
    with pytest.raises(ServiceError) as err:
        services.program_transition(actor=coordinator_user, program=program, to_phase="closing")
    assert err.value.field == "confirm"
    assert "1 active pair has no charter signed by both people." in err.value.warnings
    assert "1 concern is still open and not yet acknowledged." in err.value.warnings
    program.refresh_from_db()
    assert program.phase == "active"
    services.program_transition(
        actor=coordinator_user, program=program, to_phase="closing", confirm=True
    )
    program.refresh_from_db()
    assert program.phase == "closing"


def test_the_phase_page_lists_the_warnings_and_asks_to_confirm(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    pair_in(program)
    page = coordinator_client.get(f"/programs/{program.slug}/phase/?to_phase=closing")
    assert b"no charter signed by both people" in page.content
    assert b'name="confirm"' in page.content
    refused = coordinator_client.post(f"/programs/{program.slug}/phase/", {"to_phase": "closing"})
    assert refused.status_code == 200 and b"no charter signed" in refused.content
    program.refresh_from_db()
    assert program.phase == "active"
    coordinator_client.post(
        f"/programs/{program.slug}/phase/", {"to_phase": "closing", "confirm": "on"}
    )
    program.refresh_from_db()
    assert program.phase == "closing"


def test_the_api_answers_409_listing_each_warning(
    coordinator_user: User, coordinator_client: Client
) -> None:
    program = make_program(coordinator=coordinator_user, phase="active")
    pair_in(program)
    url = f"/api/v1/programs/{program.pk}/phase"
    refused = coordinator_client.post(url, {"to_phase": "closing"}, content_type="application/json")
    assert refused.status_code == 409
    errors = refused.json()["errors"]
    unsigned = "1 active pair has no charter signed by both people."
    assert {"field": "confirm", "message": unsigned} in errors
    done = coordinator_client.post(
        url, {"to_phase": "closing", "confirm": True}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["phase"] == "closing"

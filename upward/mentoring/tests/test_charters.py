from __future__ import annotations

import pytest
from django.http import Http404

from upward.errors import ServiceError
from upward.mentoring.models import Pair
from upward.mentoring.services import charters
from upward.people.models import User

pytestmark = pytest.mark.django_db

TEXT = {
    "goals": "Learn AI tools",
    "meeting_frequency": "Monthly",
    "channel": "Video",
    "confidentiality": "Between us",
    "success_definition": "Two tools adopted",
}


def test_charter_starts_from_the_program_rhythm(pair: Pair) -> None:
    charter = charters.charter_get_or_create(pair=pair)
    assert "Every 30 days, 60 minutes" in charter.meeting_frequency
    assert not charter.is_signed


def test_both_signatures_make_it_signed(pair: Pair, leader: User, mentor: User) -> None:
    charters.charter_update(pair=pair, actor=leader, **TEXT)
    charters.charter_sign(
        pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
    )
    assert not pair.charter.is_signed
    charter = charters.charter_sign(
        pair=pair, actor=mentor, version=charters.charter_get_or_create(pair=pair).version
    )
    assert charter.is_signed
    assert charter.version == 2  # 1: the program's defaults, 2: the pair's wording


def test_signing_needs_goals_and_success(pair: Pair, leader: User) -> None:
    with pytest.raises(ServiceError) as exc:
        charters.charter_sign(
            pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
        )
    assert exc.value.field == "goals"


def test_edit_after_signing_clears_signatures_bumps_version_and_keeps_history(
    pair: Pair, leader: User, mentor: User
) -> None:
    charters.charter_update(pair=pair, actor=leader, **TEXT)
    charters.charter_sign(
        pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
    )
    charters.charter_sign(
        pair=pair, actor=mentor, version=charters.charter_get_or_create(pair=pair).version
    )

    charter = charters.charter_update(pair=pair, actor=mentor, **(TEXT | {"goals": "New goals"}))

    assert charter.version == 3
    assert charter.leader_signed_at is None and charter.mentor_signed_at is None
    old = charter.versions.get()
    assert old.version == 2
    assert old.snapshot["goals"] == "Learn AI tools"
    assert old.leader_signed_at is not None and old.mentor_signed_at is not None
    assert old.edited_by == mentor
    charters.charter_sign(
        pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
    )
    assert charters.charter_sign(
        pair=pair, actor=mentor, version=charters.charter_get_or_create(pair=pair).version
    ).is_signed


def test_saving_the_same_text_changes_nothing(pair: Pair, leader: User, mentor: User) -> None:
    charters.charter_update(pair=pair, actor=leader, **TEXT)
    charters.charter_sign(
        pair=pair, actor=leader, version=charters.charter_get_or_create(pair=pair).version
    )
    charter = charters.charter_update(pair=pair, actor=mentor, **TEXT)
    assert charter.version == 2
    assert charter.leader_signed_at is not None


def test_edits_before_any_signature_bump_the_version_without_history(
    pair: Pair, leader: User
) -> None:
    charters.charter_update(pair=pair, actor=leader, **TEXT)
    charter = charters.charter_update(pair=pair, actor=leader, **(TEXT | {"goals": "Other"}))
    assert charter.version == 3
    assert not charter.versions.exists()  # nobody signed the earlier wordings


def test_signing_a_version_that_changed_meanwhile_is_refused(
    pair: Pair, leader: User, mentor: User
) -> None:
    read = charters.charter_update(pair=pair, actor=leader, **TEXT).version
    charters.charter_update(pair=pair, actor=mentor, **(TEXT | {"goals": "Mentor's goals"}))
    with pytest.raises(ServiceError) as exc:
        charters.charter_sign(pair=pair, actor=leader, version=read)
    assert exc.value.status == 409 and exc.value.field == "version"
    assert f"version {read}" in exc.value.message
    assert charters.charter_get_or_create(pair=pair).leader_signed_at is None


def test_a_stale_charter_edit_is_refused_with_the_saved_wording(
    pair: Pair, leader: User, mentor: User
) -> None:
    start = charters.charter_update(pair=pair, actor=leader, **TEXT).version
    charters.charter_update(pair=pair, actor=mentor, version=start, **(TEXT | {"goals": "Ours"}))
    with pytest.raises(ServiceError) as exc:
        charters.charter_update(
            pair=pair, actor=leader, version=start, **(TEXT | {"goals": "Mine"})
        )
    assert exc.value.status == 409
    assert exc.value.errors == {"goals": "Saved meanwhile: Ours"}
    assert charters.charter_get_or_create(pair=pair).goals == "Ours"


def test_coordinator_cannot_edit_or_sign_the_charter(pair: Pair, coordinator_user: User) -> None:
    with pytest.raises(Http404):
        charters.charter_update(pair=pair, actor=coordinator_user, **TEXT)
    with pytest.raises(Http404):
        charters.charter_sign(
            pair=pair,
            actor=coordinator_user,
            version=charters.charter_get_or_create(pair=pair).version,
        )

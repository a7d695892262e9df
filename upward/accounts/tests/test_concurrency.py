"""Two org admins revoking each other at the same moment: one wins, one admin is always left.

Run with DATABASE_URL=postgres://... (skipped on SQLite, whose writers are serialised anyway)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from upward.accounts import services
from upward.errors import ServiceError
from upward.people.models import User
from upward.people.tests.factories import UserFactory


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


def _revoke(barrier: threading.Barrier, outcomes: list[Any], actor: User, target: User) -> None:
    try:
        barrier.wait()
        services.org_admin_set(actor=actor, user_id=target.pk, value=False)
        outcomes.append("revoked")
    except ServiceError as exc:
        outcomes.append(exc.status)
    finally:
        connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_revoking_each_other_at_once_leave_one_admin(postgres: None) -> None:
    for _ in range(5):  # several rounds: the race must not be won by luck
        User.objects.all().delete()
        ann = UserFactory(email="ann@example.com", is_org_admin=True)
        bob = UserFactory(email="bob@example.com", is_org_admin=True)
        barrier = threading.Barrier(2)
        outcomes: list[Any] = []
        threads = [
            threading.Thread(target=_revoke, args=(barrier, outcomes, ann, bob)),
            threading.Thread(target=_revoke, args=(barrier, outcomes, bob, ann)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(map(str, outcomes)) == ["409", "revoked"], outcomes
        assert User.objects.filter(is_org_admin=True, is_active=True).count() == 1

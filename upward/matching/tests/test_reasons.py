"""The engine's reasons reach people in their words: names and topic titles, never engine ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from upward.engine import InstanceError, solve
from upward.matching import reasons, services
from upward.people.models import User
from upward.programs.models import Topic
from upward.programs.tests.factories import matching_program

pytestmark = pytest.mark.django_db


def test_a_run_words_reasons_with_names_and_topic_titles(
    coordinator_user: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    program = matching_program(coordinator_user, leaders=1, mentors=2)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(actor=coordinator_user, program=program, settings_override={})
    proposal = run.proposals.select_related("leader__person", "mentor__person").get()
    leader, mentor = proposal.leader.person, proposal.mentor.person
    wanted = sorted(proposal.leader.intake.topics.items(), key=lambda kv: -kv[1])
    first = Topic.objects.get(slug=wanted[0][0]).name
    assert proposal.reasons[0].startswith(f"{mentor.name} can teach {first}")
    assert f"{leader.name}'s top" in proposal.reasons[0]
    unmatched = run.unmatched.get()
    assert unmatched.reason.startswith("capacity left: 1; ")
    assert leader.name in unmatched.reason
    assert f"p{leader.pk}" not in unmatched.reason


def test_a_broken_lock_names_the_people_and_the_setting() -> None:
    instance = {
        "version": 1,
        "settings": {"min_score": 0.99},
        "leaders": [{"id": "p1"}],
        "mentors": [{"id": "p2"}],
        "locked": [["p1", "p2"]],
    }
    with pytest.raises(InstanceError) as caught:
        solve(instance)
    words = reasons.naming({"p1": "Ada Leader", "p2": "Bo Mentor"})
    [problem] = reasons.problems(caught.value, words)
    assert problem.startswith("pair Ada Leader-Bo Mentor is infeasible: score ")
    assert problem.endswith("is below the minimum score 0.99")
    assert caught.value.problems[0].startswith("locked[0]: pair p1-p2 is infeasible")

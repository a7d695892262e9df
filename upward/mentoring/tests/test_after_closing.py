"""After a pair closes, the home page offers the past pair and what comes next (no dead end)."""

from __future__ import annotations

import pytest

from conftest import client_for
from upward.mentoring.models import Pair
from upward.mentoring.services.safety import closure_submit, pair_exit
from upward.mentoring.tests.factories import PairFactory, invite_to_close
from upward.people.models import User
from upward.programs.models import Participant, Program
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _same_person_in(program: Program, leader: Participant) -> Participant:
    participant = ParticipantFactory(
        program=program, role=Participant.Role.LEADER, person=leader.person, user=leader.user
    )
    assert isinstance(participant, Participant)
    return participant


def close_together(pair: Pair, leader: User, mentor: User) -> None:
    invite_to_close(pair)
    closure_submit(
        pair=pair, actor=leader, choice="continue", final_reflection="I learnt <b>a lot</b>."
    )
    closure_submit(pair=pair, actor=mentor, choice="mentor_anew", final_reflection="Thanks!")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.CLOSED


@pytest.mark.parametrize("who", ["leader", "mentor"])
def test_home_offers_the_closed_pair_and_a_next_step(
    pair: Pair, leader: User, mentor: User, who: str
) -> None:
    close_together(pair, leader, mentor)
    next_program = ProgramFactory(
        name="Spring cohort", slug="spring-cohort", phase="recruiting", interest_survey_open=True
    )
    me, partner = (leader, pair.mentor) if who == "leader" else (mentor, pair.leader)
    client = client_for(me)
    html = client.get("/").content.decode()
    assert "Your past pair" in html and "Your pair</" not in html
    assert partner.person.name in html
    assert "You completed the program together." in html
    choice = "continue informally with my partner" if who == "leader" else "take part again"
    assert f"You chose: <strong>{choice}" in html
    assert f'href="/pairs/{pair.pk}/"' in html
    assert f'href="/community/{pair.program.slug}/"' in html
    assert f'href="/programs/{next_program.slug}/interest/"' in html

    # The links lead somewhere: the room, read-only, with both final reflections.
    room = client.get(f"/pairs/{pair.pk}/").content.decode()
    assert "How it ended" in room and "I learnt &lt;b&gt;a lot&lt;/b&gt;." in room
    assert client.get(f"/community/{pair.program.slug}/").status_code == 200


def test_with_no_program_recruiting_the_next_step_says_what_happens(
    pair: Pair, leader: User
) -> None:
    pair_exit(pair=pair, actor=leader, wants_rematch=False)
    html = client_for(leader).get("/").content.decode()
    assert "Your past pair" in html and "The pair ended early." in html
    assert "when one opens, you get an invitation" in html
    assert "See the program's celebration" not in html  # nothing to celebrate


def test_an_open_pair_shows_no_past_pair_panel(pair: Pair, leader: User) -> None:
    html = client_for(leader).get("/").content.decode()
    assert "Your past pair" not in html and "Your pair" in html


def test_a_past_pair_stays_reachable_beside_a_new_one(
    pair: Pair, leader: User, mentor: User
) -> None:
    close_together(pair, leader, mentor)
    program = ProgramFactory(slug="again")
    PairFactory(program=program, leader=_same_person_in(program, pair.leader))
    html = client_for(leader).get("/").content.decode()
    assert "Your pair" in html and "Your past pair" in html
    assert f'href="/pairs/{pair.pk}/"' in html
    assert "What next?" not in html  # the open pair is the next step


def test_someone_elses_closed_pair_is_not_offered(
    pair: Pair, leader: User, mentor: User, other_pair: Pair
) -> None:
    close_together(pair, leader, mentor)
    stranger = other_pair.leader.user
    assert stranger is not None
    html = client_for(stranger).get("/").content.decode()
    assert "Your past pair" not in html and f'href="/pairs/{pair.pk}/"' not in html

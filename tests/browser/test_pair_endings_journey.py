"""How pairs end, in the browser (issue 15): a no-fault exit wishing a new partner and the
coordinator's rematch; ending early on purpose, with a confirmation and a reason.

Each journey builds its own small program (its own coordinator and people, with the demo
password) beside the demo organisation, so it neither depends on nor disturbs other journeys.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.demo.context import DEMO_PASSWORD
from upward.matching import services as matching
from upward.matching.tests.factories import run_started
from upward.mentoring.models import Pair
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Participant, Program
from upward.programs.tests.factories import enrol, make_program, person


def _with_password(user: User) -> str:
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user.email


def _coordinator(tag: str) -> User:
    email = f"coord-{tag}@example.com"
    return UserFactory(
        email=email,
        name=f"Coordinator {tag}",
        is_coordinator=True,
        person=PersonFactory(name=f"Coordinator {tag}", email=email, level=6),
    )


def _user(participant: Participant) -> User:
    assert participant.user is not None
    return participant.user


def _program_with_a_published_pair(tag: str) -> tuple[User, Pair, Participant]:
    """A program of one leader and two mentors; the leader accepted their match in the
    consultation (a lock), and the run was published: one active pair, one mentor free."""
    coordinator = _coordinator(tag)
    program = make_program(
        coordinator=coordinator, phase=Program.Phase.MATCHING, name=f"Rematch journey {tag}"
    )
    enrol(program, person(9, f"Sales {tag}", name=f"Robin Leader {tag}"), "leader")
    enrol(program, person(2, f"Design {tag}", name=f"Ada Mentor {tag}"), "mentor")
    enrol(program, person(2, f"Support {tag}", name=f"Bea Mentor {tag}"), "mentor")
    run = run_started(program, coordinator)
    matching.consultation_start(
        actor=coordinator, run=run, deadline=timezone.localdate() + dt.timedelta(days=5)
    )
    proposal = run.proposals.get()
    matching.proposal_respond(proposal=proposal, actor=_user(proposal.leader), accept=True)
    matching.run_publish(actor=coordinator, run=run, confirm=True)
    pair = Pair.objects.get(program=program)
    other = (
        Participant.objects.filter(program=program, role="mentor").exclude(pk=pair.mentor_id).get()
    )
    return coordinator, pair, other


def test_leader_exits_wishing_a_new_partner_and_the_coordinator_rematches(page: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    coordinator, pair, other_mentor = _program_with_a_published_pair(tag)
    leader_name = pair.leader.person.name
    former = pair.mentor.person.name

    # The leader ends the pair, no fault, asking for a new partner.
    sign_in(page, _with_password(_user(pair.leader)))
    page.goto(f"/pairs/{pair.pk}/safety/")
    expect(page.locator("input[name=wants_rematch]")).to_be_checked()
    page.check("input[name=confirm]")
    page.click("button:has-text('End the pair')")
    expect(page.locator("main")).to_contain_text("would like a new partner")

    # The coordinator sees the wish on their home and the program page.
    page.context.clear_cookies()
    sign_in(page, _with_password(coordinator))
    expect(page.locator("main")).to_contain_text("1 person waiting for a new partner")
    expect(page.locator("main")).not_to_contain_text("all 0 pairs fine")
    screenshot(page, "rematch-coordinator-home")
    page.goto(f"/programs/{pair.program.slug}/")
    wishes = page.locator("#rematch-wishes")
    expect(wishes).to_contain_text(leader_name)
    screenshot(page, "rematch-program-page")

    # A new (late-joiner) run proposes someone else, never the former partner.
    wishes.locator("a:has-text('Match them in a new run')").click()
    page.click("button:has-text('Start a match run')")
    expect(page.locator("main")).to_contain_text("Proposed pairs")
    row = page.locator("table.review-table tbody tr", has_text=leader_name)
    expect(row).to_contain_text(other_mentor.person.name)
    expect(row).not_to_contain_text(former)
    expect(page.locator("main")).not_to_contain_text("Locked by the coordinator")
    expect(page.locator("main")).to_contain_text("Ended by no-fault exit")
    screenshot(page, "rematch-run-review")

    page.click("a[role=button]:has-text('Publish…')")
    page.click("button:has-text('Publish and introduce')")
    page.goto(f"/programs/{pair.program.slug}/")
    expect(page.locator("#rematch-wishes")).to_have_count(0)
    page.goto("/")
    expect(page.locator("main")).not_to_contain_text("waiting for a new partner")

    # The former partner was told kindly.
    page.context.clear_cookies()
    sign_in(page, _with_password(_user(pair.mentor)))
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("has come to an end")
    expect(page.locator("main")).to_contain_text("nobody is at fault")
    screenshot(page, "rematch-partner-notice")


def test_a_pair_ends_early_only_on_purpose_and_the_partner_is_told(page: Any) -> None:
    tag = uuid.uuid4().hex[:6]
    _, pair, _ = _program_with_a_published_pair(tag)
    leader, mentor = _user(pair.leader), _user(pair.mentor)

    sign_in(page, _with_password(leader))
    page.goto(f"/pairs/{pair.pk}/")
    # Mid-program there is no final reflection to write by accident.
    expect(page.locator("main a:has-text('Final reflection')")).to_have_count(0)
    page.click("main a:has-text('End early…')")
    page.fill("textarea[name=reason]", "We both move to new roles next month.")
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.click("button:has-text('End early')")
    # Without the tick box nothing happens but a field error.
    expect(page.locator("main")).to_contain_text("Tick the box to confirm you want to end early.")
    page.check("input[name=confirm]")
    screenshot(page, "end-early-form")
    page.click("button:has-text('End early')")
    expect(page.locator("main")).to_contain_text("Your partner has been told")
    assert dialogs and "End your pair early?" in dialogs[0]
    pair.refresh_from_db()
    assert pair.ending_early and pair.status == Pair.Status.ACTIVE

    page.context.clear_cookies()
    sign_in(page, _with_password(mentor))
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("would like to close your partnership")
    page.goto(f"/pairs/{pair.pk}/")
    expect(page.locator("#ending-early")).to_contain_text("We both move to new roles next month.")
    screenshot(page, "end-early-partner-room")

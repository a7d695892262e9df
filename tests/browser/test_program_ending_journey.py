"""The end of a program's story, through the pages alone (issue 16): check-ins and what the
coordinator may read of them, a concern, a no-fault exit and a rematch with a late joiner, then
the closing phase, the celebration, the next steps and the report that stays.

It starts from an empty organisation like test_whole_program_journey.py, but gets to running
pairs by the shortest path the pages offer (no consultation, no charter) and spends its time on
what comes after. Time moves with time_machine (the live server's clock too): three months for
the check-in, six for the close. Screenshots: var/screenshots/ending-NN-*.png, with a phone
(390 x 844) variant, checked for sideways scroll, for the pages people use on the go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import FIRST_ADMIN
from tests.browser.journeys import COORDINATOR, ORGANISATION, SPONSOR, Journey
from upward.demo.context import DEMO_PASSWORD
from upward.people.importing import COLUMNS

pytestmark = pytest.mark.fresh_database

# The whole journey's organisation and a third junior mentor, who joins late.
PEOPLE = [
    ",".join(row)
    for row in (
        *ORGANISATION,
        ("E107", "Amara Okafor", "amara.okafor@acme.test", "UX Researcher", "2", "Design",
         "E100", "London", "Europe/London", "en", "Early Careers", "2025-06-02", ""),
    )
]  # fmt: skip
PROGRAM = "Customer fluency for the leadership team"
LEADERS = ["victor.osei@acme.test", "ingrid.dahl@acme.test"]
MENTORS = ["noor.haddad@acme.test", "tomasz.wilk@acme.test"]
LATE_JOINER = "amara.okafor@acme.test"
NAMES = {
    "victor.osei@acme.test": "Victor Osei",
    "ingrid.dahl@acme.test": "Ingrid Dahl",
    "noor.haddad@acme.test": "Noor Haddad",
    "tomasz.wilk@acme.test": "Tomasz Wilk",
    "amara.okafor@acme.test": "Amara Okafor",
}
LONDON = ZoneInfo("Europe/London")
# Written in a check-in; no page a coordinator or sponsor opens may ever show it.
SECRET_ANSWER = "I still dread the Monday numbers review"


@pytest.fixture
def journey(fresh_page: Any, fresh_server: Any) -> Iterator[Journey]:
    yield Journey(fresh_page, fresh_server.url, prefix="ending", strict=False)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=LONDON)


def _opt_in_with_intake(journey: Journey, email: str, role: str) -> None:
    page = journey.page
    journey.claim_account(email)
    page.locator("main a:has-text('Read and decide')").first.click()
    page.check("#id_consent")
    page.click("button:has-text('Opt in')")
    page.click("main a:has-text('Intake questionnaire')")
    page.select_option("select[name='topic_digital-tools-ai']", "3")
    page.select_option("select[name='topic_ways-of-working']", "2")
    if role == "leader":
        page.fill("#id_goals", "Hear what our customers' first contact with us feels like.")
        page.fill("#id_will_do", "Change one process my division owns.")
    else:
        page.fill("#id_strengths", "I talk to customers every week and use the tools daily.")
        page.fill("#id_availability", "Wednesday mornings")
        page.fill("#id_capacity", "1")
    page.check("input[name=languages][value=en]")
    page.click("button[name=submit]")
    journey.said("Intake submitted")


def _invite(journey: Journey, program_url: str, role: str, emails: list[str]) -> None:
    page = journey.page
    page.goto(program_url + "participants/")
    invite = page.locator("details:has(summary:has-text('Invite by e-mail'))")
    if invite.get_attribute("open") is None:
        invite.locator("summary").click()
    page.select_option("#id_role", role)
    page.fill("#id_people", "\n".join(emails))
    page.click("button:has-text('Send invitations')")
    for email in emails:
        expect(page.locator("main")).to_contain_text(NAMES[email].split()[1])


def _answer_survey(journey: Journey, title: str, text: str) -> None:
    """The person opens their surveys, answers every question of one, and sends it."""
    page = journey.page
    journey.follow("nav a:has-text('Surveys')")
    journey.follow(page.locator("tr", has_text=title).locator("a:has-text('Answer')"))
    expect(page.locator("h1")).to_have_text(title)
    for question in page.locator("fieldset.question").all():
        radios = question.locator("input[type=radio]")
        boxes = question.locator("div input[type=checkbox]")
        if radios.count():
            radios.nth(min(3, radios.count() - 1)).check()
        elif boxes.count():
            boxes.first.check()
        else:
            question.locator("textarea").fill(text)
    journey.shot("checkin-answer")
    page.click("button:has-text('Send my answers')")
    expect(page.locator("main")).not_to_contain_text("need another look")


def _room_of(journey: Journey, partner: str = "") -> str:
    """The person's pair room, from "My pair" (a list once they have had two pairs)."""
    page = journey.page
    journey.follow("nav a:has-text('My pair')")
    if partner and not page.locator(".room-nav").count():
        page.locator("main a", has_text=partner).click()
    expect(page.locator(".room-nav")).to_be_visible()
    return page.url


def test_a_program_from_check_ins_to_its_close(journey: Journey, tmp_path: Path) -> None:
    page = journey.page
    start = dt.date.today()

    # --- The opening, by the shortest path the pages offer -------------------------------
    journey.sign_in(FIRST_ADMIN, DEMO_PASSWORD)
    people = tmp_path / "people.csv"
    people.write_text("\n".join([",".join(COLUMNS), *PEOPLE]) + "\n")
    page.goto("/people/import/")
    page.set_input_files("#id_file", str(people))
    page.click("button:has-text('Import')")
    expect(page.locator(".messages")).to_contain_text("8 created")
    page.goto("/programs/new/")
    page.click("a[href='?template=digital-fluency']")
    page.fill("#id_name", PROGRAM)
    page.click("button:has-text('Create draft')")
    expect(page.locator("h1")).to_have_text(PROGRAM)
    for email, role in ((COORDINATOR, "coordinator"), (SPONSOR, "sponsor")):
        page.goto("/accounts/invite/")
        page.fill("input[name=q]", email)
        page.click("button:has-text('Search')")
        page.locator("main button[aria-label^='Invite']").first.click()
        page.select_option(f"#id_{role}-program", label=PROGRAM)
        page.click(f"button:has-text('Make {role}')")
        expect(page.locator(f"#{role}")).to_contain_text(PROGRAM)

    journey.claim_account(COORDINATOR)
    page.click("nav a:has-text('Programs')")
    journey.follow(f"main a:has-text('{PROGRAM}')")
    program_url = page.url
    slug = program_url.rstrip("/").rsplit("/", 1)[-1]
    page.click("a:has-text('Edit design')")
    page.uncheck("#id_require_readiness")
    page.click("button:has-text('Save')")
    journey.move_phase(program_url, "recruiting")
    _invite(journey, program_url, "leader", LEADERS)
    _invite(journey, program_url, "mentor", MENTORS)
    for email in LEADERS:
        _opt_in_with_intake(journey, email, "leader")
    for email in MENTORS:
        _opt_in_with_intake(journey, email, "mentor")

    journey.sign_in(COORDINATOR)
    journey.move_phase(program_url, "matching")
    page.click("main a[role=button]:has-text('Matching')")
    page.click("button:has-text('Start a match run')")
    expect(page.locator("#proposal-rows tr[id^=proposal-]")).to_have_count(2)
    journey.publish()

    # 1. A late joiner: the coordinator invites a third mentor while the pairs run; she opts
    # in and waits, unmatched, for a late-joiner run.
    _invite(journey, program_url, "mentor", [LATE_JOINER])
    _opt_in_with_intake(journey, LATE_JOINER, "mentor")
    journey.shots("late-joiner-home")

    leader = LEADERS[0]
    journey.sign_in(leader)
    room_url = _room_of(journey)
    first_mentor = next(
        email for email in MENTORS if NAMES[email].split()[0] in page.locator("h1").inner_text()
    )
    room_id = room_url.rstrip("/").rsplit("/", 1)[-1]

    # 2. Three months on, the 3-month check-in is open: the leader and the mentor answer it.
    with time_machine.travel(_at(start + dt.timedelta(days=86)), tick=True):
        journey.sign_in(COORDINATOR)
        page.goto(f"/surveys/programs/{slug}/")
        page.click("button:has-text('Schedule check-ins for new pairs')")
        journey.sign_in(leader)
        _answer_survey(journey, "3-month check-in for leaders", SECRET_ANSWER)
        journey.shots("checkin-answered")
        journey.sign_in(first_mentor)
        _answer_survey(journey, "3-month check-in for mentors", SECRET_ANSWER)

        # 3. The coordinator's dashboard: who was asked and how many answered show; what
        # they answered is withheld below the program's threshold (k = 5).
        journey.sign_in(COORDINATOR)
        page.goto(f"/insights/programs/{slug}/")
        # Shown: how many were asked and how many answered (one of the two leaders, one of
        # the two mentors). Withheld: every score, 1 answer being far below 5.
        responses = page.locator("section[aria-labelledby=responses-heading]")
        for title in ("3-month check-in for leaders", "3-month check-in for mentors"):
            cells = responses.locator("tr", has_text=title).locator("td")
            expect(cells).to_have_text([title, "2", "1", "50%"])
        expect(page.locator("main")).to_contain_text(
            "3 months and 6 months: not enough responses to show without identifying people"
        )
        journey.shots("dashboard-under-threshold")
        page.goto(f"/surveys/programs/{slug}/")
        row = page.locator("tr", has_text="3-month check-in for leaders")
        expect(row).to_contain_text("Fewer than 5 responses")
        journey.shot("surveys-under-threshold")
        row.locator("a:has-text('details')").click()
        expect(page.locator("main")).to_contain_text("Results appear once at least 5 people")
        journey.shots("results-withheld")
        for url in (f"/insights/programs/{slug}/", f"/insights/programs/{slug}/report/"):
            page.goto(url)
            assert SECRET_ANSWER not in page.content()

        # 4. The mentor raises a concern; the coordinator sees it as a case and replies.
        journey.sign_in(first_mentor)
        page.goto(f"/pairs/{room_id}/safety/")
        page.fill(
            "textarea[name=text]",
            "I am asked to speak for every young person in the company at each meeting.",
        )
        page.click("button:has-text('Send to coordinators')")
        journey.said("Sent to the program's coordinators only")
        journey.shots("concern-raised")
        journey.sign_in(COORDINATOR)
        page.goto("/pairs/concerns/")
        expect(page.locator("main")).to_contain_text("speak for every young person")
        journey.shots("concern-inbox")
        page.click("a:has-text('Open the case')")
        page.fill(
            "textarea[name=text]",
            "Thank you for telling me. Shall we talk on Thursday, just the two of us?",
        )
        page.click("button:has-text('Reply to the person who raised it')")
        expect(page.locator("#thread")).to_contain_text("Shall we talk on Thursday")
        page.select_option("#status select[name=status]", "acknowledged")
        page.click("#status button:has-text('Save')")
        journey.shots("concern-case")

        # 5. The mentor ends the pair without fault (no new partner for her).
        journey.sign_in(first_mentor)
        page.goto(f"/pairs/{room_id}/safety/")
        expect(page.locator("main")).to_contain_text("Your concerns")
        page.click("main a:has-text('Open: replies and status')")
        expect(page.locator("#thread")).to_contain_text("Shall we talk on Thursday")
        journey.shots("concern-reply-read")
        page.goto(f"/pairs/{room_id}/safety/")
        page.uncheck("input[name=wants_rematch]")
        page.check("input[name=confirm]")
        journey.shots("exit-form")
        page.click("button:has-text('End the pair')")
        journey.said("No reason is recorded and no one is at fault")
        journey.shots("exit-done")

        # 6. The leader is told kindly, and asks for a new partner.
        assert any(
            m.to == [leader] and "nobody is at fault" in m.body.lower() for m in mail.outbox
        ), [m.subject for m in mail.outbox]
        journey.sign_in(leader)
        page.goto("/notifications/")
        expect(page.locator("main")).to_contain_text("has come to an end")
        expect(page.locator("main")).to_contain_text("nobody is at fault")
        assert "speak for every young person" not in page.content()
        journey.shots("partner-told")
        page.goto(f"/pairs/{room_id}/safety/")
        page.click("button:has-text('Yes, match me again')")
        journey.said("Your coordinators will see your answer")
        journey.shots("rematch-asked")

        # 7. The coordinator runs a late-joiner run: the leader is proposed the late joiner.
        journey.sign_in(COORDINATOR)
        expect(page.locator("main")).to_contain_text("1 person waiting for a new partner")
        page.goto(program_url)
        wishes = page.locator("#rematch-wishes")
        expect(wishes).to_contain_text(NAMES[leader])
        journey.shots("rematch-wish")
        wishes.locator("a:has-text('Match them in a new run')").click()
        page.click("button:has-text('Start a match run')")
        row = page.locator("table.review-table tbody tr", has_text=NAMES[leader])
        expect(row).to_contain_text(NAMES[LATE_JOINER])
        expect(row).not_to_contain_text(NAMES[first_mentor])
        journey.shots("rematch-run")
        journey.publish()
        page.goto(program_url)
        expect(page.locator("#rematch-wishes")).to_have_count(0)
        # Heard and settled: the coordinator closes the case with a word for the mentor.
        page.goto("/pairs/concerns/")
        page.click("a:has-text('Open the case')")
        page.select_option("#status select[name=status]", "resolved")
        page.fill("#status textarea[name=resolution]", "We talked; you chose to step back.")
        page.click("#status button:has-text('Save')")

        journey.sign_in(leader)
        page.click("nav a:has-text('My pair')")
        pairs = page.locator("main li")
        expect(pairs.filter(has_text=NAMES[first_mentor])).to_contain_text("Ended early")
        expect(pairs.filter(has_text=NAMES[LATE_JOINER])).to_contain_text("Active")
        journey.shots("pairs-list")
        new_room = _room_of(journey, NAMES[LATE_JOINER])
        assert new_room != room_url
        expect(page.locator("h1")).to_contain_text("Amara")
        journey.shots("new-partner-room")
        # They meet the next morning.
        page.goto(new_room + "meetings/")
        schedule = page.locator("form:has(input[name=schedule])")
        schedule.locator("input[name=date]").fill((start + dt.timedelta(days=87)).isoformat())
        schedule.locator("input[name=time]").fill("10:00")
        schedule.locator("button:has-text('Schedule')").click()
        journey.said("Meeting scheduled")
        meeting_url = page.url

    # 8. Six months on, the program moves to its closing phase; pairs are invited to close.
    with time_machine.travel(_at(start + dt.timedelta(days=178)), tick=True):
        journey.sign_in(leader)
        page.goto(meeting_url)
        page.click("button:has-text('Mark as held')")
        journey.said("Marked as held")
        journey.sign_in(COORDINATOR)
        journey.move_phase(program_url, "closing")
        # Moving on invited both open pairs to write their final reflection.
        page.goto(f"/pairs/closing/{slug}/")
        figures = page.locator("main .stats article")
        expect(figures.filter(has_text="pairs still open").locator(".stat")).to_have_text("2")
        expect(figures.filter(has_text="invited to close").locator(".stat")).to_have_text("2")
        journey.shots("closing-invited")

        # 9. Both of the late pair write a final reflection: the pair closes itself.
        new_room_id = new_room.rstrip("/").rsplit("/", 1)[-1]
        for email, reflection in (
            (leader, "I stopped reading dashboards alone and started asking who built them."),
            (LATE_JOINER, "I learned how a budget decision is really made, and I was heard."),
        ):
            journey.sign_in(email)
            page.goto(f"/pairs/{new_room_id}/")
            page.click("main a:has-text('Final reflection')")
            page.fill("textarea[name=final_reflection]", reflection)
            page.check("input[name=choice][value=continue]")
            page.check("input[name=celebrate_by_name]")
            journey.shots("final-reflection")
            page.click("main form button[type=submit]")
        journey.said("Your partnership is complete")
        journey.shots("pair-complete")

        # The other pair: only the leader answers before the end.
        journey.sign_in(LEADERS[1])
        _room_of(journey)
        page.click("main a:has-text('Final reflection')")
        page.fill("textarea[name=final_reflection]", "Our month-end is simpler now.")
        page.check("input[name=choice][value=pause]")
        page.click("main form button[type=submit]")
        journey.said("The pair closes when your partner has answered too")

        # 10. The coordinator closes the program and the pair still open.
        journey.sign_in(COORDINATOR)
        journey.move_phase(program_url, "closed")
        page.goto(f"/pairs/closing/{slug}/")
        page.click("a[role=button]:has-text('remaining pair')")
        page.check("input[name=confirm]")
        page.click("main form button[type=submit]")
        journey.said("1 pair closed")
        journey.shots("program-closed")

        # 11. What the people see: the celebration and their next steps.
        journey.sign_in(LATE_JOINER)
        past = page.locator("main")
        expect(past).to_contain_text("You completed the program together")
        expect(past).to_contain_text("What next?")
        journey.shots("next-steps")
        page.click("main a:has-text('See the program')")
        expect(page.locator("main .celebration").first).to_contain_text(
            "Victor Osei and Amara Okafor completed their reverse-mentoring partnership: "
            "1 conversation and 0 published actions. Thank you both."
        )
        journey.shots("celebration")

        # 12. The report stays available to the sponsor, aggregates only.
        journey.claim_account(SPONSOR)
        page.goto(program_url)
        expect(page.locator("main")).to_contain_text("The program report")
        page.click("main a:has-text('The program report')")
        expect(page.locator("main")).to_contain_text("Program report · Closed")
        assert SECRET_ANSWER not in page.content()
        journey.shots("report")

    # Every page above, on a phone, without sideways scroll (all listed at once when not).
    assert not journey.sideways, "\n".join(journey.sideways)

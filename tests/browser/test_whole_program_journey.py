"""One reverse-mentoring program, from an empty organisation to its celebration, through the
pages alone: the journey every role makes, in the order they make it.

The organisation starts with nothing but its first org admin (`upward createsuperuser`). Each
step signs in as the person who would act, uses only what the pages offer (links, forms, the
e-mails they are sent), and writes a screenshot to var/screenshots/journey-NN-*.png, kept as CI
output. Each step also runs at phone width where a person would plausibly be on their phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.conftest import FIRST_ADMIN
from tests.browser.journeys import COORDINATOR, ORGANISATION, SPONSOR, Journey
from upward.demo.context import DEMO_PASSWORD
from upward.people.importing import COLUMNS

pytestmark = pytest.mark.fresh_database

HEADER = ",".join(COLUMNS)
PEOPLE = [",".join(row) for row in ORGANISATION]
BAD_ROW = "E107,Quinn,not-an-email,Intern,x,Technology,E999,London,UTC,en,,,"
MY_PROPOSALS = "/matching/mine/"
PROGRAM = "Digital fluency for the leadership team"

LEADERS = ["victor.osei@acme.test", "ingrid.dahl@acme.test"]
MENTORS = ["noor.haddad@acme.test", "tomasz.wilk@acme.test"]


@pytest.fixture
def journey(fresh_page: Any, fresh_server: Any) -> Iterator[Journey]:
    yield Journey(fresh_page, fresh_server.url)


def test_a_program_from_an_empty_organisation_to_its_celebration(
    journey: Journey, tmp_path: Path
) -> None:
    page = journey.page

    # 1. The first org admin imports the directory; a bad file is refused whole, row by row.
    journey.sign_in(FIRST_ADMIN, DEMO_PASSWORD)
    journey.shot("admin-empty-home")
    bad = tmp_path / "people-bad.csv"
    bad.write_text("\n".join([HEADER, *PEOPLE, BAD_ROW]) + "\n")
    page.goto("/people/import/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Import')")
    report = page.locator("[role=alert]")
    expect(report).to_contain_text("Nothing was imported")
    expect(report).to_contain_text("row 9, column email")
    journey.shot("import-refused")
    good = tmp_path / "people.csv"
    good.write_text("\n".join([HEADER, *PEOPLE]) + "\n")
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('Import')")
    expect(page.locator(".messages")).to_contain_text("7 created")
    page.goto("/people/")
    expect(page.locator("main")).to_contain_text("7 people")
    journey.shot("directory")
    journey.phone_shot("directory")

    # 2. The admin drafts the program from a template, then gives the coordinator and the
    # sponsor their accounts and their roles in it.
    page.goto("/programs/new/")
    page.click("a[href='?template=digital-fluency']")
    page.fill("#id_name", PROGRAM)
    journey.shot("program-design")
    page.click("button:has-text('Create draft')")
    expect(page.locator("h1")).to_have_text(PROGRAM)
    for email, role in ((COORDINATOR, "coordinator"), (SPONSOR, "sponsor")):
        page.goto("/accounts/invite/")
        page.fill("input[name=q]", email)
        page.click("button:has-text('Search')")
        page.locator("main button[aria-label^='Invite']").first.click()
        expect(page.locator(".flash")).to_contain_text(f"Invitation sent to {email}")
        page.select_option(f"#id_{role}-program", label=PROGRAM)
        page.click(f"button:has-text('Make {role}')")
        expect(page.locator(f"#{role}")).to_contain_text(PROGRAM)
    journey.shot("account-roles")

    # 3. The coordinator signs in for the first time, sharpens the design and invites people.
    journey.claim_account(COORDINATOR)
    page.click("nav a:has-text('Programs')")
    page.click(f"main a:has-text('{PROGRAM}')")
    page.click("a:has-text('Edit design')")
    page.fill(
        "#id_purpose",
        "Our leaders learn the data and AI tools our teams use daily, from those who use them.",
    )
    page.check("#id_consult_mentors")
    # Readiness training is optional here (the people did it last year): the guard says so.
    page.uncheck("#id_require_readiness")
    page.click("button:has-text('Save')")
    expect(page.locator("main")).to_contain_text("from those who use them")
    journey.shot("program-draft")
    program_url = page.url
    journey.move_phase(program_url, "recruiting")
    page.click("main a[role=button]:has-text('Participants')")
    for role, emails in (("leader", LEADERS), ("mentor", MENTORS)):
        invite = page.locator("details:has(summary:has-text('Invite by e-mail'))")
        if invite.get_attribute("open") is None:
            invite.locator("summary").click()
        page.select_option("#id_role", role)
        page.fill("#id_people", "\n".join(emails))
        page.click("button:has-text('Send invitations')")
        for email in emails:
            expect(page.locator("main")).to_contain_text(email.split("@")[0].split(".")[1].title())
    journey.shot("participants-invited")
    journey.phone_shot("participants-invited")

    # 4. Each invited person opts in and fills the intake.
    for email in LEADERS + MENTORS:
        journey.claim_account(email)
        page.locator("main a:has-text('Read and decide')").first.click()
        page.check("#id_consent")
        page.click("button:has-text('Opt in')")
        page.click("main a:has-text('Intake questionnaire')")
        page.select_option("select[name='topic_digital-tools-ai']", "3")
        page.select_option("select[name='topic_ways-of-working']", "2")
        if email in LEADERS:
            page.fill("#id_goals", "See how the analytics stack and AI assistants are really used.")
            page.fill("#id_will_do", "Change how my division plans and reviews its work.")
        else:
            page.fill("#id_strengths", "I build dashboards and use AI assistants every day.")
            page.fill("#id_availability", "Tuesday and Thursday afternoons")
            page.fill("#id_capacity", "1")
        page.check("input[name=languages][value=en]")
        page.click("button[name=submit]")
        journey.said("Intake submitted")
    journey.shot("intake-submitted")
    journey.phone_shot("intake-submitted")

    journey.sign_in(COORDINATOR)
    page.goto(program_url)
    journey.shot("program-recruited")

    # 5. The coordinator closes intake, runs matching, locks a pair and swaps the other's
    # mentor, then consults the people on their proposed partner.
    journey.move_phase(program_url, "matching")
    page.click("main a[role=button]:has-text('Matching')")
    page.click("button:has-text('Start a match run')")
    expect(page.locator("main")).to_contain_text("Proposed pairs")
    rows = page.locator("#proposal-rows tr[id^=proposal-]")
    expect(rows).to_have_count(2)
    journey.shot("match-review")
    journey.phone_shot("match-review")
    run_url = page.url
    first = rows.nth(0)
    first.locator("button:has-text('Lock')").click()
    expect(rows.nth(0)).to_contain_text("locked")
    second = rows.nth(1)
    second.locator("summary:has-text('Swap')").click()
    second.locator("button:has-text('Swap mentors')").click()
    expect(page.locator("#proposal-rows")).to_contain_text("swapped")
    pairs_now = {
        row.locator("td").nth(0).inner_text().split("\n")[0]: row.locator("td")
        .nth(1)
        .inner_text()
        .split("\n")[0]
        for row in rows.all()
    }
    journey.shot("match-review-edited")
    page.click("button:has-text('Send proposals')")
    expect(page.locator("#consult")).to_contain_text("Answers are open until")

    # 6. Leaders and mentors see their proposed partner and accept.
    for email in LEADERS + MENTORS:
        journey.sign_in(email)
        page.goto(MY_PROPOSALS)  # one proposal opens at once; several are listed
        if page.locator("input[name=answer]").count() == 0:
            page.locator(f"main a:has-text('{PROGRAM}')").first.click()
        page.check("input[name=answer][value=accept]")
        page.click("button:has-text('Send my answer')")
        journey.said("You will get an introduction when pairs are published")
    journey.shot("proposal-accepted")
    journey.phone_shot("proposal-accepted")

    # 7. The coordinator publishes: the pairs exist and are introduced.
    journey.sign_in(COORDINATOR)
    page.goto(run_url)
    expect(page.locator("#proposal-rows")).to_contain_text("Mentor: accepted")
    journey.publish()
    journey.shot("run-published")

    # 8. A leader and their mentor: charter, calendar, a meeting with an agenda, notes, an
    # insight and an action on the board.
    leader = LEADERS[0]
    leader_name = "Victor Osei"
    mentor_name = pairs_now[leader_name]
    mentor = next(m for m in MENTORS if m.split("@")[0].replace(".", " ") == mentor_name.lower())
    journey.sign_in(leader)
    page.click("nav a:has-text('My pair')")
    expect(page.locator("h1")).to_contain_text(mentor_name.split()[0])
    room_url = page.url
    journey.shot("room-first-visit")
    journey.phone_shot("room-first-visit")
    page.goto(room_url + "charter/?edit=1")
    page.fill("#id_goals", "Use the analytics stack in planning.\nTry two AI assistants.")
    page.fill("#id_success_definition", "Planning reviews open with live data by spring.")
    page.click("button:has-text('Save charter')")
    journey.said("Charter saved")
    page.click("button:has-text('Sign version')")
    journey.said("Your partner's signature is the last step")
    journey.sign_in(mentor)
    page.goto(room_url + "charter/")
    page.click("button:has-text('Sign version')")
    journey.said("Signed by both of you")
    journey.shot("charter-signed")

    feed = page.locator("input[aria-label='Calendar feed address']")
    page.goto("/")
    feed_url = feed.input_value()
    page.goto(room_url + "meetings/")
    schedule = page.locator("form:has(input[name=schedule])")
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    schedule.locator("input[name=date]").fill(tomorrow)
    schedule.locator("input[name=time]").fill("10:00")
    schedule.locator("input[name=video_url]").fill("https://meet.example.com/victor-noor")
    schedule.locator("button:has-text('Schedule')").click()
    journey.said("Meeting scheduled")
    meeting_url = page.url
    page.locator("#agenda input[name=text]").fill("Walk through the team's AI note-taker")
    page.locator("#agenda").get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#agenda")).to_contain_text("AI note-taker")
    journey.shot("meeting-agenda")
    journey.phone_shot("meeting-agenda")

    # The meeting is in the leader's own calendar feed, with its video link.
    # (The address names SITE_URL, the live server's own address is another in tests.)
    feed_path = urlsplit(feed_url).path
    calendar = Calendar.from_ical(page.request.get(journey.base_url + feed_path).body())
    events = [e for e in calendar.walk("VEVENT") if "meet.example.com" in str(e.get("URL", ""))]
    assert len(events) == 1

    # The next day, an hour after the meeting started (the server's clock moves too).
    after_meeting = dt.datetime.combine(
        dt.date.today() + dt.timedelta(days=1), dt.time(11, 0), tzinfo=ZoneInfo("Europe/London")
    )
    with time_machine.travel(after_meeting, tick=True):
        page.goto(meeting_url)
        page.click("button:has-text('Mark as held')")
        journey.said("Marked as held")
        journey.sign_in(leader)
        page.goto(room_url + "notes/")
        page.fill("textarea[name=body]", "Private: I have been avoiding the data team's tools.")
        page.check("input[name=visibility][value=private]")
        page.click("main form button:has-text('Save note')")
        page.fill("textarea[name=body]", "Shared: try the dashboard before the next meeting.")
        page.check("input[name=visibility][value=shared]")
        page.click("main form button:has-text('Save note')")
        expect(page.locator("main")).to_contain_text("try the dashboard")
        journey.shot("notes")
        page.goto(room_url + "actions/")
        page.locator("form:has(input[name=kind][value=insight]) textarea").fill(
            "Our planning meetings ignore the live data the analysts already have."
        )
        page.click("button:has-text('Record insight')")
        action = page.locator("form:has(input[name=kind][value=action])")
        action.locator("input[name=title]").fill(
            "Open each planning review with the live dashboard"
        )
        action.locator("input[name=due_on]").fill(
            (dt.date.today() + dt.timedelta(days=30)).isoformat()
        )
        action.locator("button:has-text('Commit')").click()
        page.locator("main button:has-text('Publish')").first.click()
        expect(page.locator("main")).to_contain_text("Unpublish")
        journey.shot("action-published")

        # The mentor reads the shared note, never the private one; the coordinator reads neither.
        journey.sign_in(mentor)
        page.goto(room_url + "notes/")
        expect(page.locator("main")).to_contain_text("try the dashboard")
        assert "avoiding the data team" not in page.content()
        journey.sign_in(COORDINATOR)
        response = page.goto(room_url + "notes/")
        assert response is not None and response.status == 404
        page.goto(meeting_url)
        assert "AI note-taker" not in page.content()

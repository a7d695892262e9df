"""Concerns are cases: a confidential thread between the raiser and the coordinators, a status
history, a resolution the raiser reads, anonymity kept, stale edits refused, and a reminder to
coordinators when a case waits. Everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.mentoring.models import Concern, ConcernEntry, Pair
from upward.mentoring.services import safety
from upward.mentoring.tests.factories import PairFactory, ProgramFactory, user_of
from upward.notifications.models import Notification
from upward.notifications.scheduling import scheduler_tick
from upward.people.models import User
from upward.people.tests.factories import PersonFactory, UserFactory
from upward.programs.models import Program

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)"> & co'
RAISED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


@pytest.fixture
def concern(pair: Pair, mentor: User) -> Concern:
    with time_machine.travel(RAISED, tick=False):
        return safety.concern_raise(pair=pair, actor=mentor, text="Asked to speak for everyone")


def _api(client: Any, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data=data or {}, content_type="application/json")


def test_a_case_has_a_thread_a_status_history_and_a_resolution_the_raiser_reads(
    concern: Concern,
    mentor: User,
    coordinator_user: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    carol, raiser = client_for(coordinator_user), client_for(mentor)
    url = f"/pairs/concerns/{concern.pk}/"
    sending = django_capture_on_commit_callbacks(execute=True)
    sending.__enter__()
    assert carol.post(url, {"reply": "1", "text": "Thank you, can we talk?"}).status_code == 302
    assert raiser.post(url, {"reply": "1", "text": "Yes, Thursday works."}).status_code == 302
    assert (
        carol.post(url, {"update": "1", "status": "acknowledged", "version": 1}).status_code == 302
    )
    refused = carol.post(url, {"update": "1", "status": "resolved", "version": 2})
    assert refused.status_code == 400 and "Say how it was resolved" in refused.content.decode()
    done = carol.post(
        url,
        {"update": "1", "status": "resolved", "version": 2, "resolution": "Agreed new norms."},
    )
    assert done.status_code == 302
    sending.__exit__(None, None, None)
    page = raiser.get(url).content.decode()
    for text in (
        "Thank you, can we talk?",
        "Yes, Thursday works.",
        "Agreed new norms.",
        "Resolved",
    ):
        assert text in page
    assert "Carol Coordinator" in page  # the raiser knows who answers them
    # Who changed what, when: one history line per change, with the coordinator.
    history = [
        (e.author, e.from_status, e.to_status)
        for e in ConcernEntry.objects.filter(concern=concern, kind="status")
    ]
    assert history == [
        (coordinator_user, "open", "acknowledged"),
        (coordinator_user, "acknowledged", "resolved"),
    ]
    assert AuditEntry.objects.filter(action="concern.status_changed").count() == 2
    # The raiser was told there is news, never what it says (the text stays in the app).
    subjects = [m.subject for m in mail.outbox if m.to == [mentor.email]]
    assert "Your concern in Digital fluency was resolved" in subjects
    assert not any("Agreed new norms" in m.body for m in mail.outbox)
    # A resolved case takes no more replies from the raiser: they raise a new one.
    late = raiser.post(url, {"reply": "1", "text": "One more thing"})
    assert late.status_code == 400 and "raise a new one" in late.content.decode()


def test_a_stale_status_change_is_refused_on_the_page_and_the_api(
    concern: Concern, program: Program, coordinator_user: User
) -> None:
    colleague = UserFactory(is_coordinator=True, person=PersonFactory(name="Cora Colleague"))
    program.coordinators.add(colleague)
    url = f"/api/v1/pairs/concerns/{concern.pk}"
    first = _api(
        client_for(colleague),
        "patch",
        url,
        {"status": "resolved", "resolution": "Talked it through.", "version": 1},
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = _api(client_for(coordinator_user), "patch", url, {"status": "open", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] in {"status", "resolution", "version"}
    page = client_for(coordinator_user).post(
        f"/pairs/concerns/{concern.pk}/", {"update": "1", "status": "open", "version": 1}
    )
    assert page.status_code == 409 and "changed by someone else" in page.content.decode()
    concern.refresh_from_db()
    assert concern.status == "resolved"


def test_an_anonymous_concern_never_names_the_raiser_to_the_coordinators(
    pair: Pair, mentor: User, coordinator_user: User
) -> None:
    name = mentor.get_full_name()
    raised = _api(
        client_for(mentor),
        "post",
        f"/api/v1/pairs/{pair.pk}/concerns",
        {"text": "Something is off", "anonymous": True},
    )
    assert raised.status_code == 201
    cid = raised.json()["id"]
    client_for(mentor).post(f"/pairs/concerns/{cid}/", {"reply": "1", "text": "More detail."})
    carol = client_for(coordinator_user)
    carol.post(f"/pairs/concerns/{cid}/", {"reply": "1", "text": "Thanks for telling us."})
    partner_name = pair.leader.person.name
    for html in (
        carol.get("/pairs/concerns/").content.decode(),
        carol.get(f"/pairs/concerns/{cid}/").content.decode(),
    ):
        assert name not in html and partner_name not in html
        assert "anonymous" in html
    case = carol.get(f"/api/v1/pairs/concerns/{cid}").json()
    assert (case["pair_id"], case["role"], case["raised_by"]) == (None, "", "")
    assert [line["who"] for line in case["lines"]] == [
        "The person who raised this (anonymous)",
        "Carol Coordinator",
    ]
    [listed] = carol.get("/api/v1/pairs/concerns").json()
    assert listed["pair_id"] is None and name not in str(listed)
    # The raiser still follows their own case, replies included.
    mine = client_for(mentor).get(f"/pairs/concerns/{cid}/").content.decode()
    assert "Thanks for telling us." in mine and "without your name" in mine
    # Nothing that names them reached the audit log either.
    assert name not in str(list(AuditEntry.objects.values_list("target", "details")))


def test_a_named_concern_shows_the_raiser_and_their_pair_to_the_coordinator(
    concern: Concern, pair: Pair, mentor: User, coordinator_user: User
) -> None:
    page = client_for(coordinator_user).get(f"/pairs/concerns/{concern.pk}/").content.decode()
    assert mentor.get_full_name() in page and pair.leader.person.name in page


ATTACKERS = ["partner", "other_coordinator", "sponsor", "other_mentor", "admin"]


@pytest.mark.parametrize("who", ATTACKERS)
def test_nobody_but_the_raiser_and_the_coordinators_can_open_or_touch_a_case(
    who: str,
    concern: Concern,
    program: Program,
    leader: User,
    sponsor_user: User,
    admin_user: User,
) -> None:
    def other_coordinator() -> User:
        other = ProgramFactory(slug="elsewhere", name="Elsewhere")
        user = UserFactory(is_coordinator=True, person=PersonFactory(name="Olga Other"))
        other.coordinators.add(user)
        return user

    user = {
        "partner": lambda: leader,
        "other_coordinator": other_coordinator,
        "sponsor": lambda: sponsor_user,
        "other_mentor": lambda: user_of(PairFactory(program=program).mentor),
        "admin": lambda: admin_user,
    }[who]()
    client = client_for(user)
    page = f"/pairs/concerns/{concern.pk}/"
    api = f"/api/v1/pairs/concerns/{concern.pk}"
    answers = [
        client.get(page),
        client.post(page, {"reply": "1", "text": "Hi"}),
        client.post(page, {"update": "1", "status": "resolved", "resolution": "x"}),
        client.get(api),
        _api(client, "patch", api, {"status": "resolved", "resolution": "x"}),
        _api(client, "post", f"{api}/replies", {"text": "Hi"}),
    ]
    assert [a.status_code for a in answers] == [404] * 6
    assert not ConcernEntry.objects.exists()
    assert "Asked to speak" not in str([a.content for a in answers])


def test_the_raiser_cannot_change_the_status_of_their_own_concern(
    concern: Concern, mentor: User
) -> None:
    api = _api(
        client_for(mentor),
        "patch",
        f"/api/v1/pairs/concerns/{concern.pk}",
        {"status": "resolved", "resolution": "Fine now"},
    )
    assert api.status_code == 404
    client_for(mentor).post(
        f"/pairs/concerns/{concern.pk}/", {"update": "1", "status": "resolved", "resolution": "x"}
    )
    concern.refresh_from_db()
    assert concern.status == "open"


def test_hostile_text_in_a_concern_and_its_replies_is_escaped(
    pair: Pair, mentor: User, coordinator_user: User
) -> None:
    concern = safety.concern_raise(pair=pair, actor=mentor, text=HOSTILE)
    safety.concern_reply(concern=concern, actor=coordinator_user, text=HOSTILE)
    for user in (mentor, coordinator_user):
        html = client_for(user).get(f"/pairs/concerns/{concern.pk}/").content.decode()
        assert "<img src=x" not in html and "&lt;img src=x" in html


def test_coordinators_are_reminded_when_a_case_waits_too_long(
    concern: Concern, program: Program, coordinator_user: User, mentor: User, settings: Any
) -> None:
    settings.CONCERN_REMINDER_DAYS = 3

    def tick(moment: dt.datetime) -> None:
        with time_machine.travel(moment, tick=False):
            scheduler_tick(send_inline=True)

    def reminders() -> list[Notification]:
        return list(Notification.objects.filter(user=coordinator_user, kind="concern_waiting"))

    tick(RAISED + dt.timedelta(days=2, hours=23))
    assert reminders() == []
    tick(RAISED + dt.timedelta(days=3, minutes=1))
    [first] = reminders()
    assert first.url == f"/pairs/concerns/{concern.pk}/"
    assert "has waited 3 days" in first.body
    assert mentor.get_full_name() not in first.body + first.title
    tick(RAISED + dt.timedelta(days=4))  # once per wait, not every minute
    assert len(reminders()) == 1
    # A coordinator's reply stops the wait; the raiser writing again starts a new one.
    with time_machine.travel(RAISED + dt.timedelta(days=4, hours=1), tick=False):
        safety.concern_reply(concern=concern, actor=coordinator_user, text="On it.")
    tick(RAISED + dt.timedelta(days=10))
    assert len(reminders()) == 1
    with time_machine.travel(RAISED + dt.timedelta(days=10, hours=1), tick=False):
        safety.concern_reply(concern=concern, actor=mentor, text="Still happening.")
    tick(RAISED + dt.timedelta(days=12))
    assert len(reminders()) == 1
    tick(RAISED + dt.timedelta(days=13, hours=2))
    assert len(reminders()) == 2
    # A resolved case waits for nobody.
    concern.refresh_from_db()
    with time_machine.travel(RAISED + dt.timedelta(days=14), tick=False):
        safety.concern_update(
            concern=concern, actor=coordinator_user, status="resolved", resolution="Done."
        )
        safety.concern_reply(concern=concern, actor=coordinator_user, text="Closing note.")
    tick(RAISED + dt.timedelta(days=30))
    assert len(reminders()) == 2


def test_the_reminder_delay_is_a_setting(
    concern: Concern, coordinator_user: User, settings: Any
) -> None:
    settings.CONCERN_REMINDER_DAYS = 1
    with time_machine.travel(RAISED + dt.timedelta(days=1, minutes=1), tick=False):
        scheduler_tick(send_inline=True)
    assert Notification.objects.filter(user=coordinator_user, kind="concern_waiting").exists()


def test_the_raisers_support_page_links_to_their_case(
    concern: Concern, pair: Pair, mentor: User, leader: User
) -> None:
    page = client_for(mentor).get(f"/pairs/{pair.pk}/safety/").content.decode()
    assert f"/pairs/concerns/{concern.pk}/" in page
    partner_page = client_for(leader).get(f"/pairs/{pair.pk}/safety/").content.decode()
    assert f"/pairs/concerns/{concern.pk}/" not in partner_page

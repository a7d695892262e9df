"""The audit log (issue 11 item 5): imports, publishes, exports, erasures, retention and
threshold changes are recorded, and org admins alone read them, on a page and through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import client_for
from upward.audit.models import AuditEntry
from upward.audit.services import record
from upward.matching import services as matching
from upward.matching.tests.factories import run_finished
from upward.mentoring.services import journal
from upward.mentoring.tests.factories import PairFactory, ProgramFactory, user_of
from upward.people.importing import people_import_csv
from upward.people.models import User
from upward.programs.services import program_update

pytestmark = pytest.mark.django_db

CSV = (
    "employee_id,name,email,title,level,department,manager_employee_id,location,timezone,"
    "languages,affinity_groups,hire_date,left_on\n"
    "E1,Ada Lovelace,ada@example.com,Engineer,3,R&D,,London,Europe/London,en,,,\n"
)


def test_imports_publishes_and_threshold_changes_are_recorded(
    admin_user: User, coordinator_user: User
) -> None:
    people_import_csv(data=CSV, source="hr.csv", actor=admin_user)
    entry = AuditEntry.objects.get(action="import.applied")
    assert entry.actor_id == admin_user.pk and entry.details["created"] == 1
    assert entry.details["source"] == "hr.csv"

    run = run_finished(coordinator_user, leaders=2)
    matching.run_publish(actor=coordinator_user, run=run, confirm=True)
    published = AuditEntry.objects.get(action="match_run.published")
    assert published.program_id == run.program_id and published.details["pairs_created"] == 2

    pair = PairFactory()
    leader = user_of(pair.leader)
    action = journal.action_create(
        pair=pair, actor=leader, title="Try it", due_on=timezone.localdate() + dt.timedelta(3)
    )
    journal.action_publish(action=action, actor=leader)
    journal.action_publish(action=action, actor=leader, published=False)
    assert list(
        AuditEntry.objects.filter(target=f"Action #{action.pk}").values_list("action", flat=True)
    ) == ["action.unpublished", "action.published"]

    program = ProgramFactory(anonymity_threshold=5)
    program.coordinators.add(coordinator_user)
    program_update(actor=coordinator_user, program=program, anonymity_threshold=7)
    program_update(actor=coordinator_user, program=program, purpose="Unchanged threshold")
    change = AuditEntry.objects.get(action="program.anonymity_threshold_changed")
    assert change.details == {"from": 5, "to": 7} and change.program_id == program.pk


def test_the_org_admin_reads_the_log_page_filtered_and_paginated(admin_user: User) -> None:
    for n in range(55):
        record(admin_user, "import.applied", target=f"Import #{n}")
    record(None, "retention.purged", target="Program #1")
    client = client_for(admin_user)
    page = client.get("/audit/").content.decode()
    assert "Retention" in page or "retention" in page
    assert "Upward (automatic)" in page and "Page 1 of 2" in page
    older = client.get("/audit/?page=2").content.decode()
    assert "Import #0" in older
    only = client.get("/audit/?action=retention.purged").content.decode()
    assert "Program #1" in only and "Import #" not in only


def test_the_api_lists_the_log_newest_first_with_a_filter(admin_user: User) -> None:
    record(admin_user, "import.applied", target="Import #1")
    record(admin_user, "person.exported", target="Person #9")
    client = client_for(admin_user)
    body = client.get("/api/v1/audit").json()
    assert body["count"] == 2
    assert [e["target"] for e in body["results"]] == ["Person #9", "Import #1"]
    assert body["results"][0]["action_label"] == "Personal data exported"
    filtered = client.get("/api/v1/audit?action=import.applied&page_size=1").json()
    assert filtered["count"] == 1 and filtered["results"][0]["actor"] == admin_user.email
    assert client.get("/api/v1/audit?page_size=1000").status_code == 422


@pytest.mark.parametrize("role", ["coordinator", "sponsor", "leader", "mentor", "anonymous"])
def test_no_one_else_reads_the_log(
    role: str, admin_user: User, coordinator_user: User, sponsor_user: User
) -> None:
    record(admin_user, "person.erased", target="Person #3")
    pair = PairFactory()
    users = {
        "coordinator": coordinator_user,
        "sponsor": sponsor_user,
        "leader": user_of(pair.leader),
        "mentor": user_of(pair.mentor),
    }
    client = client_for(users[role]) if role in users else Client()
    page = client.get("/audit/")
    api = client.get("/api/v1/audit")
    if role == "anonymous":
        assert page.status_code == 302 and api.status_code == 401
    else:
        assert page.status_code == 404 and api.status_code == 404
    assert "Person #3" not in page.content.decode() + api.content.decode()


def test_the_audit_log_is_in_the_org_admins_navigation_only(
    admin_user: User, coordinator_user: User
) -> None:
    assert 'href="/audit/"' in client_for(admin_user).get("/").content.decode()
    assert 'href="/audit/"' not in client_for(coordinator_user).get("/").content.decode()


def test_details_read_as_words_on_the_page(admin_user: User) -> None:
    record(
        admin_user,
        "person.erased",
        target="Person #4",
        details={"deleted": {"notes": 2, "posts": 0}, "partners_told": 1},
    )
    page = client_for(admin_user).get("/audit/").content.decode()
    assert "deleted: notes 2 · partners told: 1" in page

import pytest

from upward.audit.selectors import entries, recorded_actions
from upward.audit.services import action_label, declare, record
from upward.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_entry_keeps_who_acted_after_the_account_is_gone() -> None:
    admin = UserFactory(email="hr@example.com")
    record(admin, "import.applied", target="Import #3", details={"created": 4})
    admin.delete()

    entry = entries().get()
    assert entry.actor is None
    assert entry.actor_label == "hr@example.com"
    assert entry.details == {"created": 4}


def test_the_system_is_an_actor_without_an_account() -> None:
    entry = record(None, "retention.purged", target="Program 'Pilot'")
    assert entry.actor is None and entry.actor_label == ""


def test_entries_filter_by_action_actor_and_program_newest_first() -> None:
    a, b = UserFactory(), UserFactory()
    first = record(a, "survey.threshold_raised", program_id=7)
    record(b, "import.applied")
    last = record(a, "survey.threshold_raised", program_id=8)

    assert list(entries(action="survey.threshold_raised")) == [last, first]
    assert list(entries(actor_id=a.pk, program_id=7)) == [first]
    assert recorded_actions() == ["import.applied", "survey.threshold_raised"]


def test_undeclared_actions_read_as_their_code_and_declared_ones_by_label() -> None:
    declare("person.erased", "Person erased")
    assert action_label("person.erased") == "Person erased"
    assert action_label("something.new") == "something.new"

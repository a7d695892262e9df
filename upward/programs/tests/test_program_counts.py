"""The coordinator's per-program figures, now read in one scan (issue 16)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from upward.programs import training
from upward.programs.models import Intake, Participant, TrainingCompletion
from upward.programs.selectors import program_counts
from upward.programs.tests.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db

S = Participant.Status
LEADER, MENTOR = Participant.Role.LEADER, Participant.Role.MENTOR


def test_counts_by_status_role_intake_and_readiness(django_assert_max_num_queries) -> None:
    program = ProgramFactory()
    other = ProgramFactory()
    ready_leader = ParticipantFactory(program=program, role=LEADER)
    draft_mentor = ParticipantFactory(program=program, role=MENTOR)
    ParticipantFactory(program=program, role=MENTOR)  # opted in, nothing done yet
    ParticipantFactory(program=program, role=LEADER, status=S.INVITED)
    ParticipantFactory(program=program, role=MENTOR, status=S.APPLIED)
    withdrawn = ParticipantFactory(program=program, role=LEADER, status=S.WITHDRAWN)
    ParticipantFactory(program=other, role=LEADER)  # another program's: not counted
    for p in (ready_leader, withdrawn):
        Intake.objects.create(participant=p, submitted_at=timezone.now())
        for module in training.modules_for(p.role):
            TrainingCompletion.objects.create(participant=p, module=module.slug)
    Intake.objects.create(participant=draft_mentor)  # a draft is not done
    first = training.modules_for(MENTOR)[0]
    TrainingCompletion.objects.create(participant=draft_mentor, module=first.slug)

    with django_assert_max_num_queries(2):  # participants, and mentoring's pair count
        counts = program_counts(program=program)
    assert (counts.invited, counts.applied, counts.opted_in, counts.withdrawn) == (1, 1, 3, 1)
    assert (counts.leaders, counts.mentors) == (1, 2)
    # Withdrawn people's intakes and modules do not count: opted-in people only.
    assert counts.intake_done == 1
    assert counts.ready == 1

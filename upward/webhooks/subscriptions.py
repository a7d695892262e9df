"""What webhooks reacts to: the lower apps' events, turned into deliveries.

Connected once by `WebhooksConfig.ready()`; kept out of apps.py so that its imports can sit at
the top of a module. Webhooks is installed after mentoring, so on `match_run.published` the pairs
already exist when this runs (subscribers run in subscription order).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from upward import events
from upward.access import COORDINATOR, ORG_ADMIN
from upward.feedback.events import SURVEY_CLOSED, SURVEY_OPENED
from upward.feedback.models import Survey
from upward.home import NavEntry
from upward.matching.events import MATCH_RUN_PUBLISHED
from upward.matching.models import MatchRun, ProposedPair
from upward.mentoring import events as mentoring_events
from upward.mentoring.models import Action, Meeting, Pair
from upward.notifications.scheduling import SCHEDULER_TICK
from upward.people.events import NAV_ENTRIES, PERSON_DEACTIVATED
from upward.people.models import Person
from upward.programs.models import Participant
from upward.webhooks import payloads
from upward.webhooks.outbox import record, record_many
from upward.webhooks.sending import deliveries_due_exist
from upward.webhooks.tasks import deliver_webhooks


def on_pair_created(*, pair: Pair) -> None:
    record(event="pair.created", program_ids=[pair.program_id], data=payloads.pair_data(pair))


def on_pair_closed(*, pair: Pair, **_: Any) -> None:
    # Both endings are "pair.closed" to a receiver; `status` tells completed from ended early.
    record(event="pair.closed", program_ids=[pair.program_id], data=payloads.pair_data(pair))


def on_meeting_scheduled(*, meeting: Meeting) -> None:
    on_meetings_scheduled(meetings=[meeting])


def on_meetings_scheduled(*, meetings: list[Meeting]) -> None:
    record_many(
        event="meeting.scheduled",
        items=[
            ([m.pair.program_id], payloads.meeting_data(m))
            for m in meetings
            if m.status == Meeting.Status.SCHEDULED
        ],
    )


def on_meeting_held(*, meeting: Meeting) -> None:
    record(
        event="meeting.held",
        program_ids=[meeting.pair.program_id],
        data=payloads.meeting_data(meeting),
    )


def on_action_published(*, action: Action) -> None:
    record(
        event="action.published",
        program_ids=[action.pair.program_id],
        data=payloads.action_data(action),
    )


def on_survey_opened(*, survey: Survey) -> None:
    record(
        event="survey.opened", program_ids=[survey.program_id], data=payloads.survey_data(survey)
    )


def on_survey_closed(*, survey: Survey) -> None:
    record(
        event="survey.closed", program_ids=[survey.program_id], data=payloads.survey_data(survey)
    )


def on_match_run_published(
    *, run: MatchRun, proposals: list[ProposedPair], started_on: dt.date
) -> None:
    # Mentoring (subscribed first) has created the pairs in this transaction; name them.
    pair_ids = list(
        Pair.objects.filter(
            program_id=run.program_id,
            status=Pair.Status.ACTIVE,
            started_on=started_on,
            leader_id__in=[p.leader_id for p in proposals],
        )
        .filter(mentor_id__in=[p.mentor_id for p in proposals])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    data = payloads.match_run_data(run, pair_ids=pair_ids, published_at=timezone.now())
    record(event="match_run.published", program_ids=[run.program_id], data=data)


def on_people_deactivated(*, person_ids: list[int]) -> None:
    programs: dict[int, set[int]] = defaultdict(set)
    for person_id, program_id in Participant.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "program_id"
    ):
        programs[person_id].add(program_id)

    def data_for(person: Person) -> Any:
        return lambda visible: payloads.person_data(person, program_ids=visible)

    record_many(
        event="person.deactivated",
        items=[
            (sorted(programs[person.pk]), data_for(person))
            for person in Person.objects.filter(pk__in=person_ids).order_by("pk")
        ],
    )


def on_scheduler_tick(**_: Any) -> None:
    """The safety net: a retry whose wake-up task was lost is picked up within a minute."""
    if deliveries_due_exist():
        deliver_webhooks.enqueue()


def connect() -> None:
    events.subscribe(mentoring_events.PAIR_CREATED, on_pair_created)
    events.subscribe(mentoring_events.PAIR_CLOSED, on_pair_closed)
    events.subscribe(mentoring_events.PAIR_ENDED, on_pair_closed)
    events.subscribe(mentoring_events.MEETING_SCHEDULED, on_meeting_scheduled)
    events.subscribe(mentoring_events.MEETINGS_SCHEDULED, on_meetings_scheduled)
    events.subscribe(mentoring_events.MEETING_HELD, on_meeting_held)
    events.subscribe(mentoring_events.ACTION_PUBLISHED, on_action_published)
    events.subscribe(SURVEY_OPENED, on_survey_opened)
    events.subscribe(SURVEY_CLOSED, on_survey_closed)
    events.subscribe(MATCH_RUN_PUBLISHED, on_match_run_published)
    events.subscribe(PERSON_DEACTIVATED, on_people_deactivated)
    events.subscribe(SCHEDULER_TICK, on_scheduler_tick)
    events.subscribe(
        NAV_ENTRIES,
        NavEntry(
            gettext_lazy("Integrations"), "webhooks:list", {ORG_ADMIN, COORDINATOR}, order=900
        ),
    )

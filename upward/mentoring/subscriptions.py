"""What mentoring reacts to: its subscriptions to other apps' events (docs/architecture.md).

Connected once by `MentoringConfig.ready()`; kept out of apps.py so that its imports can sit at the
top of a module (they load models, which Django allows only once the app registry is ready).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from upward import events
from upward.access import COORDINATOR, LEADER, MENTOR
from upward.home import NavEntry
from upward.matching.events import ACTIVE_PAIRS, FORMER_PAIRS, MATCH_RUN_PUBLISHED
from upward.mentoring import program_events
from upward.mentoring.panels import concerns_panel, pair_panel, past_pair_panel
from upward.mentoring.selectors.pairs import active_pair_ids, former_pairs
from upward.mentoring.services.closing import invite_pairs_when_program_closes
from upward.mentoring.services.pairs import pairs_from_match_run
from upward.people.events import HOME_PANELS, NAV_ENTRIES
from upward.programs import events as program


def connect() -> None:
    events.subscribe(HOME_PANELS, pair_panel)
    events.subscribe(HOME_PANELS, past_pair_panel)
    events.subscribe(HOME_PANELS, concerns_panel)
    events.subscribe(NAV_ENTRIES, NavEntry(_("My pair"), "mentoring:index", {LEADER, MENTOR}))
    events.subscribe(NAV_ENTRIES, NavEntry(_("Concerns"), "mentoring:concerns", {COORDINATOR}))
    events.subscribe(program.PHASE_CHANGED, invite_pairs_when_program_closes)
    events.subscribe(program.PHASE_CHECKS, program_events.program_phase_checks)
    events.subscribe(program.PROGRAM_COUNTS, program_events.program_pair_counts)
    events.subscribe(program.PARTICIPANT_WITHDRAWN, program_events.end_pairs_of_withdrawn)
    events.subscribe(program.PARTICIPANT_STEPS, program_events.new_pair_intros)
    events.subscribe(MATCH_RUN_PUBLISHED, pairs_from_match_run)
    events.subscribe(ACTIVE_PAIRS, active_pair_ids)
    events.subscribe(FORMER_PAIRS, former_pairs)
    events.subscribe(program.MANAGE_CONTEXT, program_events.rematch_wishes_context)

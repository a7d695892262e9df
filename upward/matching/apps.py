from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "upward.matching"
    label = "matching"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which are not loaded yet
        # when Django imports an AppConfig.
        from upward import events
        from upward.matching import program_events
        from upward.programs.events import MANAGE_CONTEXT, PARTICIPANT_STEPS, PHASE_CHECKS

        events.subscribe(PHASE_CHECKS, program_events.unpublished_runs_check)
        events.subscribe(MANAGE_CONTEXT, program_events.latest_runs)
        events.subscribe(PARTICIPANT_STEPS, program_events.proposals_to_answer)

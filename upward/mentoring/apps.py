from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "upward.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring"

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which are not loaded yet
        # when Django imports an AppConfig.
        from upward import events
        from upward.access import COORDINATOR, LEADER, MENTOR
        from upward.home import register_home_panel
        from upward.matching.events import ACTIVE_PAIRS, MATCH_RUN_PUBLISHED
        from upward.mentoring.panels import concerns_panel, pair_panel
        from upward.mentoring.selectors.pairs import active_pair_ids
        from upward.mentoring.services.closing import invite_pairs_when_program_closes
        from upward.mentoring.services.pairs import pairs_from_match_run
        from upward.people.context_processors import register_nav
        from upward.programs.services import register_phase_hook

        register_home_panel(pair_panel)
        register_home_panel(concerns_panel)
        register_nav("My pair", "mentoring:index", {LEADER, MENTOR})
        register_nav("Concerns", "mentoring:concerns", {COORDINATOR})
        register_phase_hook(invite_pairs_when_program_closes)
        events.subscribe(MATCH_RUN_PUBLISHED, pairs_from_match_run)
        events.subscribe(ACTIVE_PAIRS, active_pair_ids)

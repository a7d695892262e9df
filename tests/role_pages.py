"""Each role's main pages, as paths into the demo organisation.

Shared by the accessibility checks (tests/browser/test_accessibility.py) and the translation
checks (tests/i18n/test_every_page.py), so both look at the same pages.
"""

from __future__ import annotations

from typing import Any

from upward.content.models import Resource, Roadmap
from upward.feedback.models import Survey, SurveyAssignment
from upward.matching.models import MatchRun
from upward.mentoring.models import Meeting, Pair
from upward.people.models import User

# The main pages of each role's journeys. {placeholders} are the demo's objects (`demo_ids`).
PAGES: dict[str, list[str]] = {
    "admin": [
        "/",
        "/people/",
        "/people/{person}/",
        "/people/{person}/personal-data/",
        "/people/import/",
        "/people/sign-in-lockouts/",
        "/accounts/",
        "/accounts/invite/",
        "/accounts/{account}/",
        "/accounts/scim/",
        "/settings/tokens/",
        "/programs/",
        "/programs/new/",
        "/programs/topics/",
        "/programs/digital-fluency/",
        "/insights/",
        "/audit/",
        "/integrations/webhooks/",
        "/notifications/",
        "/notifications/deliveries/",
    ],
    "coordinator": [
        "/",
        "/programs/",
        "/programs/digital-fluency/",
        "/programs/digital-fluency/edit/",
        "/programs/inclusive-leadership/participants/",
        "/programs/digital-fluency/objectives/new/",
        "/matching/programs/workplace-culture/",
        "/matching/runs/{run}/",
        "/matching/runs/{run}/what-if/",
        "/insights/programs/digital-fluency/",
        "/insights/programs/digital-fluency/health/",
        "/insights/programs/digital-fluency/report/",
        "/insights/programs/digital-fluency/changes/new/",
        "/surveys/programs/digital-fluency/",
        "/surveys/{survey}/results/",
        "/surveys/{survey}/edit/",
        "/surveys/{survey}/preview/",
        "/surveys/programs/digital-fluency/new/",
        "/pairs/",
        "/pairs/{pair}/",
        "/pairs/concerns/",
        "/pairs/closing/customer-voices/",
        "/pairs/board/digital-fluency/",
        "/community/digital-fluency/",
        "/notifications/nudges/",
        "/learn/prompts/",
    ],
    "sponsor": [
        "/",
        "/programs/",
        "/insights/",
        "/insights/programs/digital-fluency/",
        "/pairs/board/",
        "/pairs/board/digital-fluency/",
        "/community/digital-fluency/",
    ],
    "leader": [
        "/",
        "/pairs/{pair}/",
        "/pairs/{pair}/charter/",
        "/pairs/{pair}/meetings/",
        "/pairs/{pair}/meetings/{meeting}/",
        "/pairs/{pair}/notes/",
        "/pairs/{pair}/growth/",
        "/pairs/{pair}/actions/",
        "/pairs/{pair}/safety/",
        "/pairs/{pair}/end-early/",
        "/surveys/",
        "/surveys/answer/{assignment}/",
        "/community/",
        "/community/digital-fluency/",
        "/learn/",
        "/learn/paths/{roadmap}/",
        "/learn/resources/",
        "/learn/resources/{resource}/",
        "/programs/digital-fluency/intake/",
        "/programs/digital-fluency/training/",
        "/programs/digital-fluency/training/leader-active-listening/",
        "/matching/mine/",
        "/notifications/",
        "/notifications/settings/",
    ],
    "mentor": [
        "/",
        "/pairs/{pair}/",
        "/pairs/{pair}/meetings/{meeting}/",
        "/pairs/{pair}/notes/",
        "/pairs/{pair}/actions/",
        "/surveys/",
        "/community/",
        "/programs/digital-fluency/intake/",
        "/learn/",
    ],
}


def demo_ids() -> dict[str, Any]:
    """The demo objects the pages above address, found the way the demo seeded them."""
    pair = Pair.objects.get(leader__user__email="leader@example.com", status="active")
    mentor = User.objects.get(email="mentor@example.com")
    return {
        "pair": pair.pk,
        "meeting": Meeting.objects.filter(pair=pair).order_by("-starts_at")[0].pk,
        "run": MatchRun.objects.filter(program__slug="workplace-culture").latest("pk").pk,
        "survey": Survey.objects.filter(program__slug="digital-fluency", kind="custom")[0].pk,
        "assignment": SurveyAssignment.objects.filter(
            participant__user__email="leader@example.com", status="pending"
        )
        .order_by("pk")[0]
        .pk,
        "person": mentor.person.employee_id,  # type: ignore[union-attr]
        "account": mentor.pk,
        "roadmap": Roadmap.objects.order_by("pk")[0].slug,
        "resource": Resource.objects.order_by("pk")[0].slug,
    }

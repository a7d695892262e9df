"""Factories for insights tests. Programs, participants and pairs come from the apps that own
them (`upward.feedback.tests.factories`, `upward.mentoring.tests.factories`)."""

from __future__ import annotations

import datetime as dt

import factory

from upward.insights.models import BehaviourChange


class BehaviourChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BehaviourChange

    kind = BehaviourChange.Kind.TOOL_ADOPTED
    title = factory.Sequence(lambda n: f"Team {n} uses a shared board")
    happened_on = dt.date(2026, 9, 1)

"""Reads of the directory, scoped by role in one place."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse

from upward.access import AnyUser, can_browse_directory
from upward.people.models import ApiToken, Person, User


def people_visible_to(*, user: AnyUser) -> QuerySet[Person]:
    """Everyone for org admins and coordinators; a person's own record for everyone else."""
    qs = Person.objects.select_related("department", "manager")
    if can_browse_directory(user):
        return qs
    if not user.is_authenticated or user.person_id is None:
        return qs.none()
    return qs.filter(pk=user.person_id)


def people_search(
    *,
    user: AnyUser,
    q: str = "",
    department: str = "",
    level: int | None = None,
    affinity_group: str = "",
    include_leavers: bool = False,
) -> QuerySet[Person]:
    qs = people_visible_to(user=user)
    if not include_leavers:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(employee_id__iexact=q)
            | Q(title__icontains=q)
        )
    if department:
        qs = qs.filter(department__name=department)
    if level is not None:
        qs = qs.filter(level=level)
    if affinity_group:
        qs = qs.filter(affinity_groups__name=affinity_group)
    return qs.prefetch_related("affinity_groups").order_by("name", "employee_id")


def person_reporting_line(*, person: Person, limit: int = 30) -> list[Person]:
    """The chain of managers above `person`, nearest first (bounded in case of bad data)."""
    chain: list[Person] = []
    seen = {person.pk}
    current = person.manager
    while current is not None and current.pk not in seen and len(chain) < limit:
        chain.append(current)
        seen.add(current.pk)
        current = (
            Person.objects.select_related("manager").filter(pk=current.manager_id).first()
            if current.manager_id
            else None
        )
    return chain


def manager_chain_ids(*, person_ids: list[int]) -> dict[int, list[int]]:
    """Manager chains for many people in one query (used to keep pairs out of reporting lines)."""
    manager_of = dict(Person.objects.values_list("id", "manager_id"))
    chains: dict[int, list[int]] = {}
    for pid in person_ids:
        chain: list[int] = []
        seen = {pid}
        current = manager_of.get(pid)
        while current is not None and current not in seen:
            chain.append(current)
            seen.add(current)
            current = manager_of.get(current)
        chains[pid] = chain
    return chains


def calendar_feed_url(user: User) -> str:
    """The private, subscribable feed of the user's program meetings (the token is the key)."""
    token = user.calendar_token
    return f"{settings.SITE_URL}{reverse('calendar_feed', args=[token])}"


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens (never anybody else's), newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")

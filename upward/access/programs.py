"""How strongly a user may open a program.

- "manage": the program's coordinators and org admins (design, invite, match, health);
- "summary": the program's sponsor (phase, dates, counts, aggregates; never anyone's answers);
- "participant": a leader or mentor enrolled in it, not withdrawn (their own record and pair).

Measurements follow the same strengths, plus one organisation-wide rule: an account with the
sponsor flag sees every program's aggregates (dashboards, results, exports), never health.
Anyone else gets `Http404`: the program does not exist for them.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from upward.access.roles import COORDINATOR, SPONSOR, AnyUser, is_org_admin, user_roles
from upward.people.models import User
from upward.programs.models import Participant, Program
from upward.queryshapes import QueryShape

ProgramAccess = Literal["manage", "summary", "participant"]
MANAGE: ProgramAccess = "manage"
SUMMARY: ProgramAccess = "summary"
PARTICIPANT: ProgramAccess = "participant"

NOT_FOUND = gettext_lazy("No such program.")


def _signed_in(user: AnyUser) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


# --- participation ---------------------------------------------------------------------------


def _participant_q(user: User) -> Q:
    # Accounts are sometimes created after enrolment: the directory person counts too.
    condition = Q(user=user)
    if user.person_id:
        condition |= Q(user__isnull=True, person_id=user.person_id)
    return condition


def _own_record_q(user: User) -> Q:
    # The person's own records, whoever's account a row names: the looser match that the
    # participant's own pages have always used (`_participant_q` is the membership rule).
    return _own_record_ids_q(user.pk, user.person_id)


def _own_record_ids_q(user_id: int, person_id: int | None = None) -> Q:
    condition = Q(user_id=user_id)
    if person_id:
        condition |= Q(person_id=person_id)
    return condition


def member_participations(user: AnyUser) -> QuerySet[Participant]:
    """The user's participations in any program; withdrawn ones, pending and declined
    applications excluded (applying to an open program is not membership)."""
    account = _signed_in(user)
    if account is None:
        return Participant.objects.none()
    return Participant.objects.filter(_participant_q(account)).exclude(
        status__in=Participant.OUTSIDE
    )


def _own_records() -> QuerySet[Participant]:
    return Participant.objects.select_related("program", "person", "intake").order_by()


# `_own_record_q`, composed once per connection for each of its two forms (an account with or
# without a directory person: one value or two; upward/queryshapes.py).
_OWN_RECORDS = QueryShape(lambda *ids: _own_records().filter(_own_record_ids_q(*ids)))


def own_participations(*, user: AnyUser) -> list[Participant]:
    """Every participant record that is the user's own (by account or directory person; any
    status, any phase), with program, person and intake, oldest first: read once per request.

    The home page's panels each asked a variation of it (your steps, programs open to you, your
    pairs): three reads of the same few rows, two of them 55 to 73 columns wide (issue 16).
    Cached on the user object, like the roles."""
    account = _signed_in(user)
    if account is None:
        return []
    cached: list[Participant] | None = getattr(account, "_upward_own_participations", None)
    if cached is None:
        ids = (account.pk, account.person_id) if account.person_id else (account.pk,)
        cached = sorted(_OWN_RECORDS(*ids), key=lambda p: p.pk)
        account._upward_own_participations = cached  # type: ignore[attr-defined]  # per request
    return cached


def names_member(participant: Participant, user: User) -> bool:
    """`_participant_q` in Python: the record names the account or, with no account on it
    yet (accounts are sometimes created after enrolment), the account's directory person."""
    if participant.user_id is not None:
        return participant.user_id == user.pk
    return user.person_id is not None and participant.person_id == user.person_id


def is_membership(participant: Participant, user: User) -> bool:
    """`member_participations`' rule for one of the user's own records, in Python."""
    return participant.status not in Participant.OUTSIDE and names_member(participant, user)


def participant_of(*, user: AnyUser, program: Program) -> Participant | None:
    """The user's own participant record in a program (any status), or None."""
    account = _signed_in(user)
    if account is None:
        return None
    return (
        Participant.objects.select_related("program", "person")
        .filter(_own_record_q(account), program=program)
        .first()
    )


def participations_of(*, user: AnyUser) -> QuerySet[Participant]:
    """The user's participations in programs that have not closed."""
    account = _signed_in(user)
    if account is None:
        return Participant.objects.none()
    return (
        Participant.objects.select_related("program", "person")
        .filter(_own_record_q(account))
        .exclude(program__phase=Program.Phase.CLOSED)
    )


# --- one program -----------------------------------------------------------------------------


def is_program_coordinator(*, user: AnyUser, program: Program) -> bool:
    account = _signed_in(user)
    return account is not None and program.coordinators.filter(pk=account.pk).exists()


def program_access(*, user: AnyUser, program: Program) -> ProgramAccess | None:
    """The strongest access the user has to the program, or None."""
    account = _signed_in(user)
    if account is None:
        return None
    if is_org_admin(account) or is_program_coordinator(user=account, program=program):
        return MANAGE
    if program.sponsor_id == account.pk:
        return SUMMARY
    if member_participations(account).filter(program=program).exists():
        return PARTICIPANT
    return None


def can_manage(*, user: AnyUser, program: Program) -> bool:
    return program_access(user=user, program=program) == MANAGE


def require_manage(*, actor: AnyUser, program: Program) -> None:
    """Services call this before changing a program on someone's behalf."""
    if not can_manage(user=actor, program=program):
        raise Http404(NOT_FOUND)


def _check(program: Program | None, user: AnyUser, *, manage: bool) -> Program:
    if program is None:
        raise Http404(NOT_FOUND)
    access = program_access(user=user, program=program)
    if access is None or access == PARTICIPANT or (manage and access != MANAGE):
        raise Http404(NOT_FOUND)
    return program


def program_get(*, user: AnyUser, slug: str, manage: bool = False) -> Program:
    """A program by slug for its coordinators, org admins (and sponsor unless `manage`); 404."""
    return _check(Program.objects.filter(slug=slug).first(), user, manage=manage)


def program_for(*, user: AnyUser, program_id: int, manage: bool = False) -> Program:
    """The same as `program_get`, by id (the API addresses programs by id)."""
    return _check(Program.objects.filter(pk=program_id).first(), user, manage=manage)


def program_space_role(*, user: AnyUser, program: Program) -> str | None:
    """Who may enter a program's shared space (community, follow-through board)."""
    account = _signed_in(user)
    if account is None:
        return None
    if is_program_coordinator(user=account, program=program):
        return COORDINATOR
    if member_participations(account).filter(program=program).exists():
        return "participant"
    if program.sponsor_id == account.pk:
        return SPONSOR
    return None


def space_shows_people(*, user: AnyUser, program: Program) -> bool:
    """Whether the user sees individual posts, growth entries and names in a program's space.

    Its members and coordinators do. A sponsor does not belong to the space: they see its
    aggregates and the published follow-through items without names, never who wrote what.
    """
    return program_space_role(user=user, program=program) in (COORDINATOR, PARTICIPANT)


# --- open enrolment ------------------------------------------------------------------------

# Phases in which a program with open enrolment takes applications (a draft is not announced).
APPLY_PHASES = (Program.Phase.RECRUITING, Program.Phase.MATCHING, Program.Phase.ACTIVE)


def programs_open_to(*, user: AnyUser) -> QuerySet[Program]:
    """Programs with open enrolment that anyone in the directory may see and apply to: the
    program's name, purpose and dates, nothing about who takes part."""
    account = _signed_in(user)
    if account is None or account.person_id is None:
        return Program.objects.none()
    return _open_enrolment()


def _open_enrolment() -> QuerySet[Program]:
    return Program.objects.filter(open_enrolment=True, phase__in=APPLY_PHASES)


# Every home page asks: composed once per connection (upward/queryshapes.py).
_OPEN_ENROLMENT_BY_START = QueryShape(lambda: _open_enrolment().order_by("starts_on", "name"))


def programs_open_to_by_start(*, user: AnyUser) -> list[Program]:
    """`programs_open_to`, soonest start first (then by name)."""
    account = _signed_in(user)
    if account is None or account.person_id is None:
        return []
    return _OPEN_ENROLMENT_BY_START()


def program_open_to_apply(
    *, user: AnyUser, slug: str = "", program_id: int | None = None
) -> Program:
    """An open program by slug or id for someone in the directory; 404 for anything else."""
    qs = programs_open_to(user=user)
    found = (
        qs.filter(slug=slug).first()
        if slug
        else qs.filter(pk=program_id).first()
        if program_id is not None
        else None
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# --- lists of programs -----------------------------------------------------------------------


def programs_visible_to(*, user: AnyUser) -> QuerySet[Program]:
    """Programs a user may open as a coordinator, org admin or sponsor."""
    qs = Program.objects.select_related("sponsor").prefetch_related("coordinators")
    account = _signed_in(user)
    if account is None:
        return qs.none()
    if is_org_admin(account):
        return qs
    return qs.filter(Q(coordinators=account) | Q(sponsor=account)).distinct()


def programs_managed_by(*, user: AnyUser) -> QuerySet[Program]:
    account = _signed_in(user)
    if account is None:
        return Program.objects.none()
    if is_org_admin(account):
        return Program.objects.all()
    if COORDINATOR not in user_roles(account):
        # Coordinates no program (the per-request roles know): no query to build or run.
        return Program.objects.none()
    return Program.objects.filter(coordinators=account)


def programs_in_space_of(*, user: AnyUser) -> QuerySet[Program]:
    account = _signed_in(user)
    if account is None:
        return Program.objects.none()
    program_ids = member_participations(account).values("program_id")
    return Program.objects.filter(
        Q(coordinators=account) | Q(pk__in=program_ids) | Q(sponsor=account)
    ).distinct()


def programs_for_insights(*, user: AnyUser) -> QuerySet[Program]:
    """Dashboards, survey results, exports, the report: aggregates only."""
    account = _signed_in(user)
    if account is None:
        return Program.objects.none()
    if is_org_admin(account) or account.is_sponsor:
        return Program.objects.all()
    return Program.objects.filter(Q(coordinators=account) | Q(sponsor=account)).distinct()


def programs_for_health(*, user: AnyUser) -> QuerySet[Program]:
    """The health board: coordinators of the program and org admins, never sponsors."""
    return programs_managed_by(user=user)


def can_view_insights(*, user: AnyUser, program: Program) -> bool:
    return programs_for_insights(user=user).filter(pk=program.pk).exists()


def can_view_health(*, user: AnyUser, program: Program) -> bool:
    return programs_for_health(user=user).filter(pk=program.pk).exists()


def can_manage_surveys(*, user: AnyUser, program: Program) -> bool:
    """Scheduling check-ins is the coordinator's job (and the org admin's)."""
    return can_view_health(user=user, program=program)


def can_record_behaviour_change(*, user: AnyUser, program: Program) -> bool:
    """Coordinators, org admins, and the program's own leaders log changes they made."""
    if can_view_health(user=user, program=program):
        return True
    account = _signed_in(user)
    if account is None:
        return False
    return Participant.objects.filter(
        program=program,
        user=account,
        role=Participant.Role.LEADER,
        status=Participant.Status.OPTED_IN,
    ).exists()


def participations_of_person_visible_to(*, user: AnyUser, person_id: int) -> QuerySet[Participant]:
    """A directory person's participations across programs, as far as `user` may see them: all
    of them to org admins and to the person themself, those in programs they manage to a
    coordinator, none to anyone else (sponsors see aggregates, never a person's enrolment)."""
    account = _signed_in(user)
    if account is None:
        return Participant.objects.none()
    qs = Participant.objects.select_related("program").filter(person_id=person_id)
    if is_org_admin(account) or account.person_id == person_id:
        return qs.order_by("-program__created_at")
    return qs.filter(program__coordinators=account).order_by("-program__created_at")

"""Personal data on request: export everything Upward stores about a person, erase a person;
and retention: the journal of a program that closed long ago is deleted.

Only org admins export or erase (`upward.access.can_handle_personal_data`); anyone else is told
the person does not exist (404), like everywhere else. Each export and erasure is written to the
audit log in the same transaction, naming the person by number only (never their name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.access import AnyUser, account, can_handle_personal_data
from upward.audit.services import declare, record
from upward.community.models import CheckInRSVP, Post, Reaction, Reply
from upward.errors import ServiceError
from upward.mentoring.models import (
    Action,
    AgendaItem,
    ClosureChoice,
    Concern,
    ConcernEntry,
    CoordinatorCheckIn,
    GrowthEntry,
    Insight,
    LearningGoal,
    Message,
    Note,
    Pair,
    PairNudge,
    Reflection,
)
from upward.mentoring.services.safety import pair_end_on_erasure
from upward.notifications.models import Delivery, DeliveryPreference, Notification
from upward.notifications.services import notice_send
from upward.people.models import ApiToken, Person, User
from upward.privacy.exporting import participations_of_person, person_document
from upward.programs.models import Intake, Participant, Program, ProgramPhaseChange

PERSON_EXPORTED = declare("person.exported", gettext_lazy("Personal data exported"))
PERSON_ERASED = declare("person.erased", gettext_lazy("Person erased"))
RETENTION_PURGED = declare(
    "retention.purged", gettext_lazy("Old journal entries deleted (retention)")
)

ERASED_NAME = "Erased person"
REMOVED_TEXT = "(removed at the writer's request)"
CELEBRATION_WITHOUT_NAMES = (
    "A celebration in this program; its names were removed at a participant's request."
)


def _require(actor: AnyUser) -> None:
    if not can_handle_personal_data(actor):
        raise Http404("No such person.")


def is_erased(person: Person) -> bool:
    return person.employee_id.startswith("erased-") and person.name == ERASED_NAME


# --- export ----------------------------------------------------------------------------------


@transaction.atomic
def person_export(*, actor: AnyUser, person: Person) -> dict[str, Any]:
    """Everything Upward stores about the person, as a JSON-ready document (see exporting.py)."""
    _require(actor)
    document = person_document(person)
    record(
        account(actor),
        PERSON_EXPORTED,
        target=f"Person #{person.pk}",
        details={"records": sum(len(rows) for rows in document["records"].values())},
    )
    return document


# --- erasure ---------------------------------------------------------------------------------


@dataclass
class Erasure:
    person_id: int
    employee_id: str = ""  # the scrubbed one, by which the anonymous row is found now
    deleted: dict[str, int] = field(default_factory=dict)
    scrubbed: dict[str, int] = field(default_factory=dict)
    pairs_ended: int = 0
    partners_told: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "employee_id": self.employee_id,
            "deleted": self.deleted,
            "scrubbed": self.scrubbed,
            "pairs_ended": self.pairs_ended,
            "partners_told": self.partners_told,
        }


def _pairs_of(participant_ids: list[int]) -> list[Pair]:
    return list(
        Pair.objects.filter(Q(leader_id__in=participant_ids) | Q(mentor_id__in=participant_ids))
        .select_related("program", "leader", "mentor")
        .order_by("pk")
    )


def _tell_partners(
    person: Person, pairs: list[Pair], participant_ids: set[int], open_ids: set[int]
) -> int:
    told = 0
    for pair in pairs:
        partner = pair.mentor if pair.leader_id in participant_ids else pair.leader
        if partner.user_id is None or partner.person_id == person.pk:
            continue
        notice_send(
            user_id=partner.user_id,
            key=f"partner_erased:p{pair.pk}:u{partner.user_id}",
            kind="partner_erased",
            program_id=pair.program_id,
            context={
                "program_name": pair.program.name,
                "pair_was_open": pair.pk in open_ids,
                "url": reverse("mentoring:room", args=[pair.pk]),
            },
        )
        told += 1
    return told


@transaction.atomic
def person_erase(*, actor: AnyUser, person: Person, confirm: str) -> Erasure:
    """Erase a person on request.

    Removed: what they wrote (notes, messages to their partner, growth entries, reflections,
    agenda items, posts, intake answers, final reflections, the words of their insights,
    actions, learning goals and concerns), their notifications and preferences, their API
    tokens, and every personal field of their directory row and account (name, e-mail, title,
    location, languages, manager, hire date, groups). Kept: records without personal content
    that aggregates count (their participations, pairs, meetings, survey completions), now
    attached to an anonymous row, and anonymous survey answers, which were never linked to
    them. Open pairs end and each partner is told, kindly. The account is deactivated and can
    no longer sign in.
    """
    _require(actor)
    if (confirm or "").strip() != person.employee_id:
        raise ServiceError(
            _("Type the person’s employee ID exactly to confirm the erasure."), field="confirm"
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    if is_erased(person):
        raise ServiceError(_("This person has already been erased."), field="confirm", status=409)
    result = Erasure(person_id=person.pk)
    user: User | None = User.objects.filter(person=person).first()
    participations = participations_of_person(person)
    participant_ids = {p.pk for p in participations}
    pairs = _pairs_of(list(participant_ids))
    pair_ids = [p.pk for p in pairs]
    open_ids = {p.pk for p in pairs if p.is_open}

    # Open pairs end first: cancelling their meetings tells both calendars while the
    # addresses still exist (the erased person's own deliveries are removed below).
    for pair in pairs:
        if pair.is_open:
            role = (
                Participant.Role.LEADER
                if pair.leader_id in participant_ids
                else Participant.Role.MENTOR
            )
            pair_end_on_erasure(pair=pair, erased_role=role)
            result.pairs_ended += 1

    deleted = result.deleted
    scrubbed = result.scrubbed
    if user is not None:
        for label, qs in (
            ("notes", Note.objects.filter(author=user)),
            ("pair_messages", Message.objects.filter(author=user)),
            ("growth_entries", GrowthEntry.objects.filter(author=user)),
            ("reflections", Reflection.objects.filter(author=user)),
            ("agenda_items", AgendaItem.objects.filter(author=user)),
            ("posts", Post.objects.filter(author=user)),
            ("replies", Reply.objects.filter(author=user)),
            ("reactions", Reaction.objects.filter(user=user)),
            ("checkin_answers", CheckInRSVP.objects.filter(user=user)),
            ("notifications", Notification.objects.filter(user=user)),
            ("deliveries", Delivery.objects.filter(user=user)),
            ("delivery_preferences", DeliveryPreference.objects.filter(user=user)),
            ("api_tokens", ApiToken.objects.filter(user=user)),
        ):
            deleted[label] = qs.delete()[0]
        # Kept as rows so that counts (themes, dashboards) stay right; their words go.
        scrubbed["insights"] = Insight.objects.filter(author=user).update(text=REMOVED_TEXT)
        scrubbed["learning_goals"] = LearningGoal.objects.filter(author=user).update(
            title=REMOVED_TEXT, description="", dropped_reason=""
        )
        scrubbed["closure_reflections"] = ClosureChoice.objects.filter(user=user).update(
            final_reflection=REMOVED_TEXT, celebrate_by_name=False
        )
        scrubbed["concerns"] = Concern.objects.filter(raised_by=user).update(text=REMOVED_TEXT)
        # Their words in concerns' threads (as a raiser or a coordinator), and the nudges and
        # check-in notes they wrote as a coordinator: the rows stay for the history.
        scrubbed["concern_replies"] = (
            ConcernEntry.objects.filter(author=user).exclude(body="").update(body=REMOVED_TEXT)
        )
        scrubbed["nudges"] = PairNudge.objects.filter(sent_by=user).update(body=REMOVED_TEXT)
        scrubbed["checkin_notes"] = CoordinatorCheckIn.objects.filter(author=user).update(
            note=REMOVED_TEXT
        )
    led = [p.pk for p in pairs if p.leader_id in participant_ids]
    scrubbed["actions"] = Action.objects.filter(pair_id__in=led).update(
        title=REMOVED_TEXT, description="", dropped_reason=""
    )
    # The mentor's credit names them on the board: withdrawn with their name.
    mentored = [p.pk for p in pairs if p.mentor_id in participant_ids]
    Action.objects.filter(pair_id__in=mentored).update(credit_mentor=False)
    # Celebrations about their pairs may carry their name: kept (they are counted), but reworded.
    scrubbed["celebrations"] = Post.objects.filter(
        Q(pair_id__in=pair_ids) | Q(action__pair_id__in=pair_ids), kind=Post.Kind.CELEBRATION
    ).update(body=CELEBRATION_WITHOUT_NAMES)
    intakes = Intake.objects.filter(participant_id__in=participant_ids)
    deleted["intake_answers"] = intakes.delete()[0]

    now = timezone.now()
    Participant.objects.filter(pk__in=participant_ids).exclude(
        program__phase=Program.Phase.CLOSED
    ).exclude(status=Participant.Status.WITHDRAWN).update(
        status=Participant.Status.WITHDRAWN, withdrawn_at=now
    )
    result.partners_told = _tell_partners(person, pairs, participant_ids, open_ids)

    # The directory row and the account: every personal field scrubbed; department and level
    # stay because dashboards count by them and they name nobody on their own.
    person.affinity_groups.clear()
    Person.objects.filter(manager=person).update(manager=None)
    person.employee_id = f"erased-{person.pk}"
    person.name = ERASED_NAME
    person.email = f"erased-{person.pk}@erased.invalid"
    person.title = ""
    person.location = ""
    person.timezone = "UTC"
    person.languages = []
    person.manager = None
    person.hire_date = None
    person.is_active = False
    person.left_on = person.left_on or timezone.localdate()
    person.updated_at = now
    person.save()
    result.employee_id = person.employee_id
    person.changes.all().delete()
    if user is not None:
        user.name = ""
        user.email = f"erased-user-{user.pk}@erased.invalid"
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.is_org_admin = False
        user.is_coordinator = False
        user.is_sponsor = False
        user.set_unusable_password()
        user.calendar_token = f"erased-{user.pk}-{now.timestamp():.0f}"
        user.save()
    record(account(actor), PERSON_ERASED, target=f"Person #{person.pk}", details=result.as_dict())
    return result


# --- retention -------------------------------------------------------------------------------


@dataclass
class Purge:
    programs: int = 0
    notes: int = 0
    growth_entries: int = 0
    reflections: int = 0

    @property
    def total(self) -> int:
        return self.notes + self.growth_entries + self.reflections


def retention_months() -> int:
    return max(int(getattr(settings, "UPWARD_RETENTION_MONTHS", 12)), 1)


def closed_programs_past_retention(*, now: dt.datetime) -> list[tuple[Program, dt.datetime]]:
    """Closed programs whose closing is older than the retention period, with when they closed
    (the last move to "closed"; without that record, the end of their end date)."""
    cutoff = now - relativedelta(months=retention_months())
    closed_at = dict(
        ProgramPhaseChange.objects.filter(to_phase=Program.Phase.CLOSED)
        .values_list("program_id")
        .annotate(at=Max("changed_at"))
        .values_list("program_id", "at")
    )
    due = []
    for program in Program.objects.filter(phase=Program.Phase.CLOSED).order_by("pk"):
        when = closed_at.get(program.pk)
        if when is None and program.ends_on is not None:
            when = dt.datetime.combine(
                program.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC
            )
        if when is not None and when <= cutoff:
            due.append((program, when))
    return due


@transaction.atomic
def retention_purge(*, now: dt.datetime | None = None) -> Purge:
    """Delete the private journal of programs closed longer ago than UPWARD_RETENTION_MONTHS:
    private notes, growth entries that were not published to the program, and reflections.
    Shared notes, published growth entries, actions and all counts stay. Run by the scheduler
    (subscriptions.py); safe to run any number of times."""
    now = now or timezone.now()
    purge = Purge()
    for program, closed in closed_programs_past_retention(now=now):
        notes = Note.objects.filter(pair__program=program, visibility="private").delete()[0]
        growth = (
            GrowthEntry.objects.filter(pair__program=program)
            .exclude(visibility=GrowthEntry.Visibility.PROGRAM)
            .delete()[0]
        )
        reflections = Reflection.objects.filter(meeting__pair__program=program).delete()[0]
        if notes or growth or reflections:
            purge.programs += 1
            purge.notes += notes
            purge.growth_entries += growth
            purge.reflections += reflections
            record(
                None,
                RETENTION_PURGED,
                target=f"Program #{program.pk}",
                program_id=program.pk,
                details={
                    "closed_at": closed.isoformat(),
                    "retention_months": retention_months(),
                    "notes": notes,
                    "growth_entries": growth,
                    "reflections": reflections,
                },
            )
    return purge

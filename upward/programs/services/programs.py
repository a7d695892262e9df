"""Writes for program design: create a program from a template, update its design."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from upward import events
from upward.access import AnyUser, account, can_create_program, require_manage
from upward.audit.services import declare, record
from upward.errors import ServiceError, stale_write
from upward.people.models import User
from upward.programs.catalog import DEFAULT_MATCHING_SETTINGS, PROGRAM_TEMPLATES
from upward.programs.events import ANSWERS_GIVEN, THRESHOLD_RAISED
from upward.programs.models import ANONYMITY_FLOOR, InterestReceipt, Program, Topic
from upward.programs.services.interest import interest_restore_after_threshold_raised
from upward.programs.services.objectives import objectives_from_specs

Phase = Program.Phase


# --- programs ---------------------------------------------------------------------------------


RESERVED_SLUGS = {"new", "open", "topics"}


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "program"
    if base in RESERVED_SLUGS:  # page addresses under /programs/ that are not programs
        base = f"{base}-program"
    slug, n = base, 2
    others = Program.objects.all() if exclude_pk is None else Program.objects.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def template_defaults(key: str) -> dict[str, Any]:
    """Initial form values for a program template (blank when the key is unknown)."""
    tpl = PROGRAM_TEMPLATES.get(key) or PROGRAM_TEMPLATES["blank"]
    settings = dict(DEFAULT_MATCHING_SETTINGS)
    if tpl.weights:
        settings["weights"] = dict(tpl.weights)
    return {
        "template": tpl.key,
        "name": "" if tpl.key == "blank" else tpl.label,
        "purpose": tpl.purpose,
        "objectives": tpl.objectives,
        "topics": list(Topic.objects.filter(slug__in=tpl.topics)),
        "duration_months": tpl.duration_months,
        "require_readiness": tpl.require_readiness,
        "consult_mentors": tpl.consult_mentors,
        "matching_settings": settings,
    }


PROGRAM_FIELDS = {
    "name",
    "purpose",
    "template",
    "sponsor",
    "starts_on",
    "ends_on",
    "duration_months",
    "cadence_days",
    "meeting_minutes",
    "mentor_capacity",
    "matching_settings",
    "anonymity_threshold",
    "require_readiness",
    "consult_mentors",
    "interest_survey_open",
    "open_enrolment",
}


def _check_program(values: dict[str, Any]) -> None:
    if not str(values.get("purpose", "x")).strip():
        raise ServiceError(_("A program needs one narrow purpose."), field="purpose")
    if "name" in values and not str(values["name"]).strip():
        raise ServiceError(_("Give the program a name."), field="name")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if isinstance(starts, date) and isinstance(ends, date) and ends <= starts:
        raise ServiceError(_("The end date must be after the start date."), field="ends_on")
    duration = values.get("duration_months")
    if duration is not None and not 1 <= int(duration) <= 24:
        raise ServiceError(_("Duration is between 1 and 24 months."), field="duration_months")
    minutes = values.get("meeting_minutes")
    if minutes is not None and not 15 <= int(minutes) <= 180:
        raise ServiceError(_("Meetings last 15 to 180 minutes."), field="meeting_minutes")
    cadence = values.get("cadence_days")
    if cadence is not None and not 7 <= int(cadence) <= 90:
        raise ServiceError(_("Meet every 7 to 90 days."), field="cadence_days")
    capacity = values.get("mentor_capacity")
    if capacity is not None and not 1 <= int(capacity) <= 5:
        raise ServiceError(_("A mentor takes 1 to 5 leaders."), field="mentor_capacity")
    threshold = values.get("anonymity_threshold")
    if threshold is not None and int(threshold) < ANONYMITY_FLOOR:
        raise ServiceError(
            _("Results need at least %(anonymity_floor)s answers to stay anonymous.")
            % {"anonymity_floor": ANONYMITY_FLOOR},
            field="anonymity_threshold",
        )
    if threshold is not None and int(threshold) > 50:
        raise ServiceError(
            _("At most 50: a higher threshold would hide every result."),
            field="anonymity_threshold",
        )
    sponsor = values.get("sponsor")
    if sponsor is not None and not isinstance(sponsor, User):
        raise ServiceError(_("Unknown sponsor."), field="sponsor")


def _check_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    """Program names are unique in the organisation, whatever their case."""
    others = Program.objects.filter(name__iexact=name.strip())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise _name_taken(name)


def _name_taken(name: str) -> ServiceError:
    return ServiceError(
        _("A program called %(name)s already exists; choose another name.")
        % {"name": repr(name.strip())},
        field="name",
        status=409,
    )


@transaction.atomic
def program_create(
    *,
    actor: AnyUser,
    name: str,
    purpose: str,
    template: str = "blank",
    coordinators: Iterable[User] = (),
    topics: Iterable[Topic] = (),
    **values: Any,
) -> Program:
    creator = account(actor)
    if not can_create_program(creator):
        # Nothing exists yet that could be hidden, so this refusal is a plain 403.
        raise PermissionDenied("Only coordinators and org admins create programs.")
    unknown = set(values) - PROGRAM_FIELDS
    if unknown:
        raise ServiceError(
            _("Unknown field %(field)s.") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0]
        )
    if template not in PROGRAM_TEMPLATES:
        raise ServiceError(
            _("Unknown template %(template)s.") % {"template": repr(template)}, field="template"
        )
    defaults = template_defaults(template)
    fields: dict[str, Any] = {
        "duration_months": defaults["duration_months"],
        "require_readiness": defaults["require_readiness"],
        "consult_mentors": defaults["consult_mentors"],
        "matching_settings": defaults["matching_settings"],
        **values,
    }
    _check_program({"name": name, "purpose": purpose, **fields})
    _check_name_free(name)
    try:
        # A savepoint: two people creating the same name at once both pass the check above;
        # the database's constraint lets one in and the other gets the same clear refusal.
        with transaction.atomic():
            program = Program.objects.create(
                name=name.strip(),
                slug=_unique_slug(name),
                template=template,
                purpose=purpose.strip(),
                created_by=creator,
                **fields,
            )
    except IntegrityError:
        if Program.objects.filter(name__iexact=name.strip()).exists():
            raise _name_taken(name) from None
        raise ServiceError(
            _("Another program was created with a similar address at the same moment; save again."),
            field="name",
            status=409,
        ) from None
    chosen_topics = list(topics) or defaults["topics"]
    program.topics.set(chosen_topics)
    program.coordinators.set(list(coordinators) or [creator])
    # The template's objectives, each with its measure and target; the coordinator adapts them
    # on the program page.
    objectives_from_specs(program=program, specs=defaults["objectives"])
    return program


THRESHOLD_CHANGED = declare(
    "program.anonymity_threshold_changed", "Changed a program's anonymity threshold"
)


def program_has_answers(program: Program) -> bool:
    """Whether anyone answered the program's interest survey or any of its surveys."""
    if InterestReceipt.objects.filter(program=program).exists():
        return True
    return any(events.publish(ANSWERS_GIVEN, program=program))


def _check_threshold_kept(program: Program, threshold: Any) -> None:
    """The threshold people answered under is a promise: it may rise, never fall."""
    if threshold is None or int(threshold) >= program.anonymity_threshold:
        return
    if program_has_answers(program):
        raise ServiceError(
            _(
                "People have already answered under an anonymity threshold of "
                "%(anonymity_threshold)s; it can be raised but never lowered."
            )
            % {"anonymity_threshold": program.anonymity_threshold},
            field="anonymity_threshold",
            status=409,
        )


@transaction.atomic
def program_update(
    *,
    actor: AnyUser,
    program: Program,
    coordinators: Iterable[User] | None = None,
    topics: Iterable[Topic] | None = None,
    version: int | None = None,
    **values: Any,
) -> Program:
    """Change a program's settings. `version` is the one the editor started from: if someone
    saved the program since, the edit is refused (409) naming each field whose saved value
    differs from what was sent, never silently overwritten."""
    require_manage(actor=actor, program=program)
    coordinators = list(coordinators) if coordinators is not None else None
    with transaction.atomic():
        saved = Program.objects.select_for_update().get(pk=program.pk)
        if version is not None and version != saved.version:
            changed = {
                key: getattr(saved, key)
                for key, value in values.items()
                if key in PROGRAM_FIELDS and getattr(saved, key) != value
            }
            if coordinators is not None:
                now = set(saved.coordinators.values_list("pk", flat=True))
                if now != {u.pk for u in coordinators}:
                    changed["coordinators"] = ", ".join(
                        sorted(saved.coordinators.values_list("email", flat=True))
                    )
            raise stale_write(
                pgettext("what someone else changed", "The program"),
                sent_version=version,
                current_version=saved.version,
                changed=changed,
            )
        program.version = saved.version + 1
        return _program_update(
            actor=actor, program=program, coordinators=coordinators, topics=topics, **values
        )


def _program_update(
    *,
    actor: AnyUser,
    program: Program,
    coordinators: Iterable[User] | None,
    topics: Iterable[Topic] | None,
    **values: Any,
) -> Program:
    unknown = set(values) - PROGRAM_FIELDS
    if unknown:
        raise ServiceError(
            _("Unknown field %(field)s.") % {"field": sorted(unknown)[0]}, field=sorted(unknown)[0]
        )
    if program.phase == Phase.CLOSED:
        raise ServiceError(_("A closed program can no longer be changed."), field="phase")
    merged = {"purpose": program.purpose, "starts_on": program.starts_on, **values}
    merged.setdefault("ends_on", program.ends_on)
    _check_program(merged)
    if "name" in values:
        _check_name_free(str(values["name"]), exclude_pk=program.pk)
    _check_threshold_kept(program, values.get("anonymity_threshold"))
    threshold_before = program.anonymity_threshold
    for key, value in values.items():
        setattr(program, key, value.strip() if isinstance(value, str) else value)
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise _name_taken(program.name) from None
    if program.anonymity_threshold > threshold_before:
        # The stored answers must hold the new k as well, not only the figures.
        interest_restore_after_threshold_raised(program=program)
        events.publish(THRESHOLD_RAISED, program=program)
    if program.anonymity_threshold != threshold_before:
        record(
            actor,
            THRESHOLD_CHANGED,
            target=f"program:{program.pk}",
            program_id=program.pk,
            details={"from": threshold_before, "to": program.anonymity_threshold},
        )
    if coordinators is not None:
        chosen = list(coordinators)
        if not chosen:
            raise ServiceError(_("A program needs at least one coordinator."), field="coordinators")
        program.coordinators.set(chosen)
    if topics is not None:
        program.topics.set(list(topics))
    return program

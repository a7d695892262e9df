"""Invitations in batches: typed lines, a CSV file, or a directory filter (issue 15 item 7).

A batch is never all-or-nothing: each line gets its own outcome (invited, already invited, not in
the directory, left the organisation...), the good lines are invited and the others come back to
the coordinator, named, to correct. Only a batch with nothing usable at all is refused as a whole
(the caller decides how: a 400 on the API, a field error on the page).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from upward import humane
from upward.access import AnyUser, require_manage
from upward.audit.services import declare, record
from upward.errors import ServiceError
from upward.people.models import Department, Person, User
from upward.programs.models import Participant, Program
from upward.programs.selectors import INVITABLE_PHASES, resend_available_at
from upward.programs.services.enrolment import REINVITABLE, participant_invite

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_TYPED = 200
MAX_FILE_ROWS = 1000
MAX_FILE_BYTES = 1_000_000
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Outcome:
    """What happened to one line of a batch; the first two are successes."""

    INVITED = "invited"
    INVITED_AGAIN = "invited_again"
    ALREADY_INVITED = "already_invited"
    ALREADY_IN = "already_taking_part"
    APPLIED = "applied"
    UNKNOWN_ADDRESS = "unknown_address"
    NOT_IN_DIRECTORY = "not_in_directory"
    LEFT = "left_organisation"
    DEACTIVATED = "account_deactivated"
    INVALID = "invalid"
    DUPLICATE = "listed_twice"

    SENT = frozenset({INVITED, INVITED_AGAIN})
    # What the participants page shows for each (the API returns the codes).
    LABELS: dict[str, StrOrPromise] = {
        INVITED: pgettext_lazy("batch outcome", "invited"),
        INVITED_AGAIN: pgettext_lazy("batch outcome", "invited again"),
        ALREADY_INVITED: pgettext_lazy("batch outcome", "already invited"),
        ALREADY_IN: pgettext_lazy("batch outcome", "already taking part"),
        APPLIED: pgettext_lazy("batch outcome", "applied"),
        UNKNOWN_ADDRESS: pgettext_lazy("batch outcome", "unknown address"),
        NOT_IN_DIRECTORY: pgettext_lazy("batch outcome", "not in directory"),
        LEFT: pgettext_lazy("batch outcome", "left organisation"),
        DEACTIVATED: pgettext_lazy("batch outcome", "account deactivated"),
        INVALID: pgettext_lazy("batch outcome", "invalid"),
        DUPLICATE: pgettext_lazy("batch outcome", "listed twice"),
    }
    # Lines the coordinator can do something about (typo, wrong person): they stay in the box.
    TO_CORRECT = frozenset({UNKNOWN_ADDRESS, NOT_IN_DIRECTORY, INVALID})


@dataclass
class LineResult:
    line: str  # what was typed (or the row's e-mail)
    outcome: str
    message: str
    row: int | None = None  # the CSV row, counting the header as row 1
    person: Person | None = None
    participant: Participant | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in Outcome.SENT

    @property
    def label(self) -> str:
        return str(Outcome.LABELS.get(self.outcome, self.outcome.replace("_", " ")))


@dataclass
class BatchResult:
    lines: list[LineResult] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(1 for line in self.lines if line.ok)

    @property
    def failed(self) -> list[LineResult]:
        return [line for line in self.lines if not line.ok]

    @property
    def to_correct(self) -> list[str]:
        """The typed lines worth correcting, to put back in the box."""
        return [line.line for line in self.lines if line.outcome in Outcome.TO_CORRECT]

    @property
    def nothing_valid(self) -> bool:
        """No line named someone who could take part: the whole batch was bad input."""
        return bool(self.lines) and all(
            line.outcome in Outcome.TO_CORRECT | {Outcome.DUPLICATE} for line in self.lines
        )


INVITATIONS_SENT = declare(
    "program.invitations_sent", "Invited a batch of people (typed, CSV file or directory filter)"
)


def _audit(actor: AnyUser, program: Program, source: str, result: BatchResult) -> BatchResult:
    if result.sent:
        record(
            actor,
            INVITATIONS_SENT,
            target=f"program:{program.pk}",
            program_id=program.pk,
            details={"source": source, "sent": result.sent, "not_sent": len(result.failed)},
        )
    return result


def split_lines(text: str) -> list[str]:
    """Employee ids or e-mail addresses separated by commas, semicolons, spaces or new lines."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def _check_batch(*, actor: AnyUser, program: Program, role: str) -> None:
    require_manage(actor=actor, program=program)
    if program.phase not in INVITABLE_PHASES:
        raise ServiceError(
            _("Invitations are closed for this program."), field="program", status=409
        )
    if role not in Participant.Role.values:
        raise ServiceError(_("Role is leader or mentor."), field="role")


def _already(participant: Participant) -> LineResult:
    name = participant.person.name
    if participant.status == Participant.Status.OPTED_IN:
        return LineResult(
            "", Outcome.ALREADY_IN, _("%(name)s already takes part (opted in).") % {"name": name}
        )
    if participant.status == Participant.Status.APPLIED:
        return LineResult(
            "",
            Outcome.APPLIED,
            _("%(name)s has applied: accept their application in the list below.") % {"name": name},
        )
    retry_at = resend_available_at(participant)
    sent = participant.invitation_sent_at or participant.invited_at
    if retry_at is None:
        message = (
            _(
                "%(name)s was already invited on %(day)s; use Resend in their row below to "
                "e-mail it again."
            )
            if sent
            else _(
                "%(name)s was already invited; use Resend in their row below to e-mail it again."
            )
        )
    else:
        message = (
            _(
                "%(name)s was already invited on %(day)s; Resend appears in their row below from "
                "%(when)s (once a day at most)."
            )
            if sent
            else _(
                "%(name)s was already invited; Resend appears in their row below from %(when)s "
                "(once a day at most)."
            )
        )
    values = {
        "name": name,
        "day": humane.day(timezone.localdate(sent)) if sent else "",
        "when": humane.when(retry_at) if retry_at else "",
    }
    return LineResult("", Outcome.ALREADY_INVITED, message % values)


_INVITED: dict[tuple[bool, bool], StrOrPromise] = {
    # (invited again, as a leader)
    (False, True): gettext_lazy("%(name)s invited as leader."),
    (False, False): gettext_lazy("%(name)s invited as mentor."),
    (True, True): gettext_lazy("%(name)s invited again as leader."),
    (True, False): gettext_lazy("%(name)s invited again as mentor."),
}


def invite_people(
    *,
    actor: AnyUser,
    program: Program,
    role: str,
    lines: Iterable[tuple[str, Person | None, int | None]],
    send: bool = True,
) -> BatchResult:
    """Invite each (line, person, row) where person was found; report every line. `person` is
    None for a line that named nobody (the caller has already classified why in `line`)."""
    _check_batch(actor=actor, program=program, role=role)
    result = BatchResult()
    lines = list(lines)
    people = [p for _, p, _ in lines if p is not None]
    existing = {
        p.person_id: p
        for p in Participant.objects.filter(program=program, person__in=people).select_related(
            "person"
        )
    }
    inactive_users = set(
        User.objects.filter(person__in=people, is_active=False).values_list("person_id", flat=True)
    )
    seen: set[int] = set()
    for line, person, row in lines:
        if person is None:
            result.lines.append(_unknown(line, row))
            continue
        if person.pk in seen:
            result.lines.append(
                LineResult(
                    line,
                    Outcome.DUPLICATE,
                    _("%(name)s is listed twice.") % {"name": person.name},
                    row,
                    person,
                )
            )
            continue
        seen.add(person.pk)
        found = existing.get(person.pk)
        if found is not None and found.status not in REINVITABLE:
            outcome = _already(found)
            outcome.line, outcome.row, outcome.person, outcome.participant = (
                line,
                row,
                person,
                found,
            )
            result.lines.append(outcome)
            continue
        if not person.is_active:
            result.lines.append(
                LineResult(
                    line,
                    Outcome.LEFT,
                    _("%(name)s has left the organisation.") % {"name": person.name},
                    row,
                    person,
                )
            )
            continue
        if person.pk in inactive_users:
            result.lines.append(
                LineResult(
                    line,
                    Outcome.DEACTIVATED,
                    _("%(name)s's account is deactivated; an org admin can reactivate it.")
                    % {"name": person.name},
                    row,
                    person,
                )
            )
            continue
        participant = participant_invite(
            actor=actor, program=program, person=person, role=role, send=send
        )
        again = found is not None
        result.lines.append(
            LineResult(
                line,
                Outcome.INVITED_AGAIN if again else Outcome.INVITED,
                _INVITED[(again, role == Participant.Role.LEADER)] % {"name": person.name},
                row,
                person,
                participant,
            )
        )
    return result


def _unknown(line: str, row: int | None) -> LineResult:
    if "@" in line:
        if EMAIL_RE.match(line):
            return LineResult(
                line,
                Outcome.UNKNOWN_ADDRESS,
                _("Nobody in the directory has the address %(line)s.") % {"line": line},
                row,
            )
        return LineResult(
            line,
            Outcome.INVALID,
            _("%(line)s is not an e-mail address.") % {"line": repr(line)},
            row,
        )
    if not line:
        return LineResult(line, Outcome.INVALID, _("No e-mail address on this row."), row)
    return LineResult(
        line,
        Outcome.NOT_IN_DIRECTORY,
        _("No employee id or address %(line)s in the directory.") % {"line": repr(line)},
        row,
    )


def _lookup(keys: list[str]) -> dict[str, Person]:
    """People by lower-cased employee id or e-mail, in two queries whatever the batch size."""
    lowered = {k.lower() for k in keys}
    found: dict[str, Person] = {}
    emails = [k for k in lowered if "@" in k]
    ids = [k for k in keys if "@" not in k]
    for person in Person.objects.filter(email__in=emails):
        found[person.email.lower()] = person
    if emails:
        # Stored addresses may keep their original case.
        query = Q()
        for email in emails:
            if email not in found:
                query |= Q(email__iexact=email)
        if query:
            for person in Person.objects.filter(query):
                found[person.email.lower()] = person
    if ids:
        query = Q()
        for key in ids:
            query |= Q(employee_id__iexact=key)
        for person in Person.objects.filter(query):
            found[person.employee_id.lower()] = person
    return found


def invitations_from_text(
    *, actor: AnyUser, program: Program, role: str, text: str | list[str], send: bool = True
) -> BatchResult:
    """Typed employee ids or e-mails, at most MAX_TYPED at a time."""
    keys = split_lines(text) if isinstance(text, str) else [k.strip() for k in text if k.strip()]
    _check_batch(actor=actor, program=program, role=role)
    if not keys:
        raise ServiceError(_("Name at least one person."), field="people")
    if len(keys) > MAX_TYPED:
        raise ServiceError(
            _("Invite at most %(max_typed)s people at a time.") % {"max_typed": MAX_TYPED},
            field="people",
        )
    found = _lookup(keys)
    result = invite_people(
        actor=actor,
        program=program,
        role=role,
        lines=[(k, found.get(k.lower()), None) for k in keys],
        send=send,
    )
    return _audit(actor, program, "typed", result)


def invitations_from_csv(
    *, actor: AnyUser, program: Program, role: str, data: bytes, send: bool = True
) -> BatchResult:
    """A CSV file with an `email` column (the directory export's header works as it is); a
    `role` column, when present, overrides `role` row by row. Messages name the row."""
    _check_batch(actor=actor, program=program, role=role)
    if len(data) > MAX_FILE_BYTES:
        raise ServiceError(_("The file is larger than 1 MB; split it."), field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(
            _("The file is not UTF-8 text; save it as CSV UTF-8."), field="file"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "email" not in headers:
        raise ServiceError(
            _("The file needs an email column (a header row with 'email')."), field="file"
        )
    reader.fieldnames = headers
    rows: list[tuple[int, str, str]] = []  # (row number, email, role)
    for number, raw in enumerate(reader, start=2):
        rows.append((number, (raw.get("email") or "").strip(), (raw.get("role") or "").strip()))
        if len(rows) > MAX_FILE_ROWS:
            raise ServiceError(
                _("At most %(max_file_rows)s rows per file.") % {"max_file_rows": MAX_FILE_ROWS},
                field="file",
            )
    if not rows:
        raise ServiceError(_("The file has a header but no rows."), field="file")
    found = _lookup([email for _row, email, _role in rows if email])
    result = BatchResult()
    by_role: dict[str, list[tuple[str, Person | None, int | None]]] = {}
    for number, email, row_role in rows:
        chosen = row_role.lower() or role
        if chosen not in Participant.Role.values:
            result.lines.append(
                LineResult(
                    email,
                    Outcome.INVALID,
                    _("Role %(row_role)s is not leader or mentor.") % {"row_role": repr(row_role)},
                    number,
                )
            )
            continue
        if email and "@" not in email:
            result.lines.append(
                LineResult(
                    email,
                    Outcome.INVALID,
                    _("%(email)s is not an e-mail address.") % {"email": repr(email)},
                    number,
                )
            )
            continue
        by_role.setdefault(chosen, []).append((email, found.get(email.lower()), number))
    seen_people: set[int] = set()
    for chosen, lines in by_role.items():
        # The same person on two rows with different roles is still listed twice.
        first_time: list[tuple[str, Person | None, int | None]] = []
        for email, person, row in lines:
            if person is not None and person.pk in seen_people:
                result.lines.append(
                    LineResult(
                        email,
                        Outcome.DUPLICATE,
                        _("%(name)s is listed twice.") % {"name": person.name},
                        row,
                        person,
                    )
                )
                continue
            if person is not None:
                seen_people.add(person.pk)
            first_time.append((email, person, row))
        batch = invite_people(
            actor=actor, program=program, role=chosen, lines=first_time, send=send
        )
        result.lines.extend(batch.lines)
    result.lines.sort(key=lambda line: line.row or 0)
    return _audit(actor, program, "csv", result)


@dataclass
class DirectoryFilter:
    department: Department | None = None
    level_min: int | None = None
    level_max: int | None = None
    location: str = ""

    def describe(self) -> str:
        parts = []
        if self.department is not None:
            parts.append(self.department.name)
        if self.level_min is not None or self.level_max is not None:
            low = self.level_min if self.level_min is not None else "any"
            high = self.level_max if self.level_max is not None else "any"
            parts.append(f"levels {low} to {high}")
        if self.location:
            parts.append(self.location)
        return ", ".join(parts) or "everyone"


def check_filter(flt: DirectoryFilter) -> None:
    if (
        flt.department is None
        and flt.level_min is None
        and flt.level_max is None
        and not (flt.location.strip())
    ):
        raise ServiceError(
            _("Choose at least one of department, level or location."), field="department"
        )
    if flt.level_min is not None and flt.level_max is not None and flt.level_min > flt.level_max:
        raise ServiceError(_("The lowest level is above the highest."), field="level_min")


def directory_matches(flt: DirectoryFilter) -> QuerySet[Person]:
    """Active people matching the filter (leavers are never invited)."""
    qs = Person.objects.filter(is_active=True)
    if flt.department is not None:
        qs = qs.filter(department=flt.department)
    if flt.level_min is not None:
        qs = qs.filter(level__gte=flt.level_min)
    if flt.level_max is not None:
        qs = qs.filter(level__lte=flt.level_max)
    if flt.location.strip():
        qs = qs.filter(location__iexact=flt.location.strip())
    return qs.order_by("name", "employee_id")


@dataclass
class DirectoryPreview:
    matching: int
    already: int  # already in the program (invited, applied or taking part)
    to_invite: int
    sample: list[str]
    too_many: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "matching": self.matching,
            "already_in_program": self.already,
            "to_invite": self.to_invite,
            "sample": self.sample,
            "too_many": self.too_many,
        }


def directory_preview(
    *, actor: AnyUser, program: Program, flt: DirectoryFilter
) -> DirectoryPreview:
    require_manage(actor=actor, program=program)
    check_filter(flt)
    matches = directory_matches(flt)
    taken = Participant.objects.filter(program=program).exclude(status__in=REINVITABLE)
    fresh = matches.exclude(pk__in=taken.values("person_id"))
    to_invite = fresh.count()
    return DirectoryPreview(
        matching=matches.count(),
        already=matches.filter(pk__in=taken.values("person_id")).count(),
        to_invite=to_invite,
        sample=list(fresh.values_list("name", flat=True)[:8]),
        too_many=to_invite > MAX_FILE_ROWS,
    )


def invitations_from_directory(
    *,
    actor: AnyUser,
    program: Program,
    role: str,
    flt: DirectoryFilter,
    expected: int | None = None,
    send: bool = True,
) -> BatchResult:
    """Invite everyone the filter matches who is not in the program yet. `expected` is the count
    the coordinator saw in the preview: if the directory changed since, nothing is sent (409) so
    that nobody is invited without having been counted."""
    _check_batch(actor=actor, program=program, role=role)
    preview = directory_preview(actor=actor, program=program, flt=flt)
    if preview.too_many:
        raise ServiceError(
            _("%(to_invite)s people match; narrow the filter to at most %(max_file_rows)s.")
            % {"to_invite": preview.to_invite, "max_file_rows": MAX_FILE_ROWS},
            field="department",
        )
    if expected is not None and expected != preview.to_invite:
        raise ServiceError(
            _(
                "The filter now matches %(to_invite)s people to invite, not %(expected)s: check "
                "the preview again."
            )
            % {"to_invite": preview.to_invite, "expected": expected},
            field="expected_count",
            status=409,
        )
    if preview.to_invite == 0:
        raise ServiceError(_("Nobody new matches this filter."), field="department")
    taken = Participant.objects.filter(program=program).exclude(status__in=REINVITABLE)
    people = list(directory_matches(flt).exclude(pk__in=taken.values("person_id")))
    result = invite_people(
        actor=actor,
        program=program,
        role=role,
        lines=[(p.email, p, None) for p in people],
        send=send,
    )
    return _audit(actor, program, "directory", result)

"""Writes for program spaces: posts, celebrations, group check-ins.

Each write on someone's behalf takes the `actor` and asks `upward.access` for their role in the
program's space; a refusal answers 404 like everything else a user may not do or see.
Celebrations are written by the platform itself (a pair closed, an action was published).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from upward import events
from upward.access import COORDINATOR, PARTICIPANT, AnyUser, account, program_space_role
from upward.community.events import CELEBRATION_POSTED, CHECKIN_SCHEDULED
from upward.community.models import CheckIn, CheckInRSVP, Post, Reaction, Reply
from upward.errors import ServiceError
from upward.mentoring.models import Action, Pair
from upward.programs.models import Program

# Roles in a program's space (`access.program_space_role`): sponsors read, members post.
POSTERS = (COORDINATOR, PARTICIPANT)


def _require_role(actor: AnyUser, program: Program, roles: tuple[str, ...], what: str) -> str:
    role = program_space_role(user=actor, program=program)
    if role not in roles:
        raise Http404(what)
    return role


def post_create(*, program: Program, actor: AnyUser, body: str, title: str = "") -> Post:
    role = _require_role(actor, program, POSTERS, _("No such program space."))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write something to share."), field="body")
    if len(body) > 5000:
        raise ServiceError(_("Keep posts under 5000 characters."), field="body")
    kind = Post.Kind.ANNOUNCEMENT if role == COORDINATOR else Post.Kind.POST
    return Post.objects.create(
        program=program,
        author=account(actor),
        kind=kind,
        title=(title or "").strip()[:200],
        body=body,
    )


def post_delete(*, post: Post, actor: AnyUser) -> None:
    """Authors delete their own posts; coordinators moderate their program's space."""
    role = program_space_role(user=actor, program=post.program)
    is_author = role is not None and post.author_id is not None and post.author_id == actor.pk
    if not is_author and role != COORDINATOR:
        raise Http404(_("No such post."))
    post.delete()


REPLY_MAX = 2000


def reply_create(*, post: Post, actor: AnyUser, body: str) -> Reply:
    """A reply under a post, by anyone who may post in the space (members and coordinators);
    a sponsor, who sees no posts, cannot answer one."""
    _require_role(actor, post.program, POSTERS, _("No such post."))
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a reply first."), field="body")
    if len(body) > REPLY_MAX:
        raise ServiceError(
            _("Keep replies under %(max)d characters.") % {"max": REPLY_MAX}, field="body"
        )
    return Reply.objects.create(post=post, author=account(actor), body=body)


def reply_delete(*, reply: Reply, actor: AnyUser) -> None:
    """Authors delete their own replies; coordinators moderate their program's space."""
    role = program_space_role(user=actor, program=reply.post.program)
    is_author = role is not None and reply.author_id is not None and reply.author_id == actor.pk
    if not is_author and role != COORDINATOR:
        raise Http404(_("No such reply."))
    reply.delete()


def reaction_set(*, post: Post, actor: AnyUser, kind: str, on: bool) -> bool:
    """Add (on) or take back (off) the actor's reaction of one kind; returns whether it is on.

    Setting a state rather than flipping it makes a double click or a retried request land
    where the person meant, and the unique constraint with ignore_conflicts makes two requests
    racing to add the same reaction store one row.
    """
    _require_role(actor, post.program, POSTERS, _("No such post."))
    if kind not in Reaction.Kind.values:
        raise ServiceError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Reaction.Kind.values)},
            field="kind",
        )
    user = account(actor)
    if on:
        Reaction.objects.bulk_create(
            [Reaction(post=post, user=user, kind=kind)], ignore_conflicts=True
        )
    else:
        Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    return on


def celebration_for_action_refresh(*, action: Action) -> Post | None:
    """Keep the celebration of a published action in step with it (credit, status, title)."""
    if not action.published:
        Post.objects.filter(action=action).delete()
        return None
    pair = action.pair
    done = action.status == Action.Status.DONE
    names = {"leader": pair.leader.person.name, "mentor": pair.mentor.person.name}
    names["title"] = action.title
    # A shared space is read by everyone in the program: the platform writes in the
    # organisation's language, whoever's request happened to publish the action.
    with translation.override(settings.LANGUAGE_CODE):
        if action.credit_mentor and done:
            body = _("%(leader)s with %(mentor)s did it: “%(title)s”.") % names
        elif action.credit_mentor:
            body = _("%(leader)s with %(mentor)s commits to it: “%(title)s”.") % names
        elif done:
            body = _("%(leader)s did it: “%(title)s”.") % names
        else:
            body = _("%(leader)s commits to it: “%(title)s”.") % names
        title = _("Listening turned into action")
    if action.description:
        body += f"\n\n{action.description}"
    post, created = Post.objects.update_or_create(
        action=action,
        defaults={
            "program": pair.program,
            "author": None,
            "kind": Post.Kind.CELEBRATION,
            "title": title,
            "body": body,
        },
    )
    if created:
        events.publish(CELEBRATION_POSTED, post=post)
    return post


def celebration_for_closure(*, pair: Pair) -> Post:
    """Names appear only when both people agreed to be celebrated by name."""
    choices = list(pair.closure_choices.all())
    by_name = len(choices) == 2 and all(c.celebrate_by_name for c in choices)
    held = pair.meetings.filter(status="held").count()
    published = pair.actions.filter(published=True).count()
    existing = Post.objects.filter(pair=pair, kind=Post.Kind.CELEBRATION).first()
    if existing:
        return existing
    # Written once for everyone in the program: in the organisation's language.
    with translation.override(settings.LANGUAGE_CODE):
        conversations = ngettext("%(n)d conversation", "%(n)d conversations", held) % {"n": held}
        actions = ngettext("%(n)d published action", "%(n)d published actions", published) % {
            "n": published
        }
        if by_name:
            body = _(
                "%(leader)s and %(mentor)s completed their reverse-mentoring partnership: "
                "%(conversations)s and %(actions)s. Thank you both."
            ) % {
                "leader": pair.leader.person.name,
                "mentor": pair.mentor.person.name,
                "conversations": conversations,
                "actions": actions,
            }
        else:
            body = _(
                "A pair in this program completed their reverse-mentoring partnership: "
                "%(conversations)s and %(actions)s. Thank you both."
            ) % {"conversations": conversations, "actions": actions}
        title = _("A partnership completed")
    post = Post.objects.create(
        program=pair.program,
        pair=pair,
        kind=Post.Kind.CELEBRATION,
        title=title,
        body=body,
    )
    events.publish(CELEBRATION_POSTED, post=post)
    return post


def celebration_on_pair_closed(*, pair: Pair, celebrate: bool) -> None:
    """`pair.closed` (mentoring): celebrate the pair unless it never met."""
    if celebrate:
        celebration_for_closure(pair=pair)


def _require_coordinator(actor: AnyUser, program: Program) -> None:
    # Only the program's coordinators organise group check-ins.
    _require_role(actor, program, (COORDINATOR,), _("No such check-in."))


def _check_when(starts_at: dt.datetime, duration: int) -> None:
    if timezone.is_naive(starts_at):
        raise ServiceError(_("Give the time with its time zone."), field="starts_at")
    if starts_at <= timezone.now():
        raise ServiceError(_("Pick a time in the future."), field="starts_at")
    if not 15 <= duration <= 240:
        raise ServiceError(_("Between 15 and 240 minutes."), field="duration_minutes")


def checkin_create(
    *,
    program: Program,
    actor: AnyUser,
    title: str,
    starts_at: dt.datetime,
    duration_minutes: int = 45,
    location: str = "",
    description: str = "",
) -> CheckIn:
    _require_coordinator(actor, program)
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Give the check-in a title."), field="title")
    _check_when(starts_at, duration_minutes)
    checkin = CheckIn.objects.create(
        program=program,
        title=title[:200],
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip()[:200],
        description=description.strip(),
        created_by=account(actor),
    )
    events.publish(CHECKIN_SCHEDULED, checkin=checkin)
    return checkin


def _bump(checkin: CheckIn, *fields: str) -> None:
    # Every change raises SEQUENCE under the same UID, so calendars update the event in place.
    changes = {name: getattr(checkin, name) for name in fields}
    CheckIn.objects.filter(pk=checkin.pk).update(sequence=F("sequence") + 1, **changes)
    checkin.refresh_from_db(fields=["sequence"])


def checkin_cancel(*, checkin: CheckIn, actor: AnyUser) -> CheckIn:
    _require_coordinator(actor, checkin.program)
    if checkin.cancelled:
        return checkin
    checkin.cancelled = True
    _bump(checkin, "cancelled")
    return checkin


@transaction.atomic
def checkin_reschedule(
    *,
    checkin: CheckIn,
    actor: AnyUser,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    location: str | None = None,
) -> CheckIn:
    """Move a check-in in place: same UID, SEQUENCE + 1, so feeds and invitations update.

    Answers given for the old time are kept but counted apart until people answer again.
    """
    _require_coordinator(actor, checkin.program)
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin.cancelled:
        raise ServiceError(
            _("A cancelled check-in cannot be moved; schedule a new one."),
            field="starts_at",
            status=409,
        )
    duration = duration_minutes or checkin.duration_minutes
    _check_when(starts_at, duration)
    changed = starts_at != checkin.starts_at or duration != checkin.duration_minutes
    if location is not None and location.strip()[:200] != checkin.location:
        checkin.location = location.strip()[:200]
        changed = True
    if not changed:
        return checkin
    checkin.starts_at = starts_at
    checkin.duration_minutes = duration
    _bump(checkin, "starts_at", "duration_minutes", "location")
    return checkin


def checkin_rsvp(*, checkin: CheckIn, actor: AnyUser, response: str) -> CheckInRSVP:
    """A participant says whether they are going; answering again replaces the answer.
    Coordinators see the counts and sponsors read: neither answers."""
    _require_role(actor, checkin.program, (PARTICIPANT,), _("No such check-in."))
    if response not in CheckInRSVP.Response.values:
        raise ServiceError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(CheckInRSVP.Response.values)},
            field="response",
        )
    if checkin.cancelled:
        raise ServiceError(_("This check-in was cancelled."), field="response", status=409)
    if checkin.starts_at <= timezone.now():
        raise ServiceError(_("This check-in has already started."), field="response", status=409)
    rsvp, _created = CheckInRSVP.objects.update_or_create(
        checkin=checkin,
        user=account(actor),
        defaults={
            "response": response,
            "answered_sequence": checkin.sequence,
            "updated_at": timezone.now(),
        },
    )
    return rsvp

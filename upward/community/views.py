from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import COORDINATOR, PARTICIPANT, AuthedRequest
from upward.community import selectors, services
from upward.community.forms import (
    CheckInForm,
    CheckInRescheduleForm,
    PostForm,
    ReactionForm,
    ReplyForm,
    RsvpForm,
)
from upward.community.models import CheckIn, Post
from upward.errors import ServiceError, form_error
from upward.mentoring.timezones import user_zone


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    spaces = list(selectors.spaces_of(user=request.user))
    if len(spaces) == 1:
        return redirect("community:space", spaces[0].slug)
    return render(request, "community/index.html", {"spaces": spaces})


@login_required
@require_http_methods(["GET", "POST"])
def space(request: AuthedRequest, slug: str) -> HttpResponse:
    program, role = selectors.space_for(user=request.user, slug=slug)
    with timezone.override(user_zone(request.user)):
        post_form = PostForm(request.POST if request.POST.get("form") == "post" else None)
        checkin_form = CheckInForm(request.POST if request.POST.get("form") == "checkin" else None)
        if request.method == "POST":
            try:
                if request.POST.get("form") == "post" and post_form.is_valid():
                    services.post_create(
                        program=program, actor=request.user, **post_form.cleaned_data
                    )
                    messages.success(request, _("Posted to the program space."))
                    return redirect("community:space", slug)
                if request.POST.get("form") == "checkin" and checkin_form.is_valid():
                    data = checkin_form.cleaned_data
                    services.checkin_create(
                        program=program,
                        actor=request.user,
                        title=data["title"],
                        starts_at=checkin_form.starts_at(),
                        duration_minutes=data["duration_minutes"],
                        location=data["location"],
                        description=data["description"],
                    )
                    messages.success(
                        request, _("Check-in scheduled; it is in members' calendar feeds.")
                    )
                    return redirect("community:space", slug)
            except ServiceError as exc:
                form_error(post_form if request.POST.get("form") == "post" else checkin_form, exc)
        show = request.GET.get("show", "")
        feed = selectors.feed_of(user=request.user, program=program, show=show)
        page = Paginator(feed, 20).get_page(request.GET.get("page"))
        on_page = [item for item in page if isinstance(item, Post)]
        social = selectors.social_of(user=request.user, posts=on_page)
        upcoming = list(
            selectors.checkins_of(user=request.user, program=program).filter(
                starts_at__gte=timezone.now()
            )
        )
        going = selectors.going_counts(user=request.user, checkins=upcoming)
        mine = selectors.my_rsvps(user=request.user, checkins=upcoming)
        response = render(
            request,
            "community/space.html",
            {
                "program": program,
                "role": role,
                "page": page,
                "entries": [(item, social.get(getattr(item, "pk", 0))) for item in page],
                "reply_form": ReplyForm(),
                "show": show,
                "post_form": post_form,
                "checkin_form": checkin_form,
                "checkins": [(c, going.get(c.pk, 0), mine.get(c.pk)) for c in upcoming],
                "can_post": role in services.POSTERS,
                "is_coordinator": role == COORDINATOR,
                # A sponsor sees the space's figures instead of its posts (issue 11).
                "summary": None
                if role in services.POSTERS
                else selectors.space_summary(user=request.user, program=program),
            },
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: AuthedRequest, post_id: int) -> HttpResponse:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    if request.method == "POST":
        services.post_delete(post=post, actor=request.user)
        messages.success(request, _("Post removed."))
        return redirect("community:space", post.program.slug)
    return render(request, "community/post_delete.html", {"post": post})


def _thread(
    request: AuthedRequest, post: Post, *, form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    """One post's replies and reactions (the htmx swap target under the post)."""
    role = selectors.program_space_role_of(user=request.user, program=post.program)
    return render(
        request,
        "community/_social.html",
        {
            "post": post,
            "social": selectors.social_of(user=request.user, posts=[post])[post.pk],
            "reply_form": form or ReplyForm(),
            "can_post": role in services.POSTERS,
            "is_coordinator": role == COORDINATOR,
        },
        status=status,
    )


def _back_to_post(post: Post) -> HttpResponse:
    return redirect(f"{reverse('community:space', args=[post.program.slug])}#post-{post.pk}")


@login_required
@require_POST
def post_reply(request: AuthedRequest, post_id: int) -> HttpResponse:
    """A reply under a post: the thread is swapped in place (htmx) or the page reloads at it."""
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_create(post=post, actor=request.user, body=form.cleaned_data["body"])
        except ServiceError as exc:
            form_error(form, exc)
    if request.htmx:
        if form.errors:
            return _thread(request, post, form=form)
        return _thread(request, post)
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _back_to_post(post)


@login_required
@require_http_methods(["GET", "POST"])
def reply_delete(request: AuthedRequest, reply_id: int) -> HttpResponse:
    reply = selectors.reply_in_space(user=request.user, reply_id=reply_id)
    post = reply.post
    if request.method == "POST":
        services.reply_delete(reply=reply, actor=request.user)
        if request.htmx:
            return _thread(request, post)
        messages.success(request, _("Reply removed."))
        return _back_to_post(post)
    return render(request, "community/reply_delete.html", {"reply": reply, "post": post})


@login_required
@require_POST
def post_react(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Add or take back one reaction (the button says which state it asks for)."""
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _thread(request, post, status=400)
        messages.error(request, _("Choose a reaction."))
        return _back_to_post(post)
    services.reaction_set(
        post=post, actor=request.user, kind=form.cleaned_data["kind"], on=form.cleaned_data["on"]
    )
    if request.htmx:
        return _thread(request, post)
    return _back_to_post(post)


def _reschedule_initial(checkin: CheckIn) -> dict[str, object]:
    local = timezone.localtime(checkin.starts_at)
    return {
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "duration_minutes": checkin.duration_minutes,
        "location": checkin.location,
    }


def _detail(
    request: AuthedRequest,
    checkin: CheckIn,
    role: str,
    *,
    reschedule_form: CheckInRescheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "community/checkin.html",
        {
            "program": checkin.program,
            "checkin": checkin,
            "is_coordinator": role == COORDINATOR,
            "can_answer": role == PARTICIPANT,
            "rsvp": selectors.my_rsvp(user=request.user, checkin=checkin),
            "counts": selectors.rsvp_counts(user=request.user, checkin=checkin),
            "is_past": checkin.starts_at <= timezone.now(),
            "reschedule_form": reschedule_form
            or CheckInRescheduleForm(initial=_reschedule_initial(checkin)),
        },
        status=status,
    )


@login_required
def checkin_detail(request: AuthedRequest, slug: str, checkin_id: int) -> HttpResponse:
    checkin, role = selectors.checkin_of_space(user=request.user, slug=slug, checkin_id=checkin_id)
    if request.GET.get("format") == "ics":
        ics = selectors.checkin_calendar_file(checkin=checkin)
        if ics is None:
            raise Http404(_("No calendar file for this check-in."))
        response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="checkin-{checkin.pk}.ics"'
        return response
    with timezone.override(user_zone(request.user)):
        return _detail(request, checkin, role)


@login_required
@require_POST
def checkin_rsvp(request: AuthedRequest, slug: str, checkin_id: int) -> HttpResponse:
    """Going / not going, from the check-in page (htmx swaps the answer box in place)."""
    checkin, role = selectors.checkin_of_space(user=request.user, slug=slug, checkin_id=checkin_id)
    form = RsvpForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose going or not going.")
    else:
        try:
            services.checkin_rsvp(
                checkin=checkin, actor=request.user, response=form.cleaned_data["response"]
            )
        except ServiceError as exc:
            error = exc.message
    if request.htmx:
        return render(
            request,
            "community/_rsvp.html",
            {
                "program": checkin.program,
                "checkin": checkin,
                "can_answer": role == PARTICIPANT,
                "rsvp": selectors.my_rsvp(user=request.user, checkin=checkin),
                "is_past": checkin.starts_at <= timezone.now(),
                "rsvp_error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thanks, your answer is saved."))
    return redirect("community:checkin", slug, checkin.pk)


@login_required
@require_POST
def checkin_reschedule(request: AuthedRequest, slug: str, checkin_id: int) -> HttpResponse:
    checkin, role = selectors.checkin_of_space(
        user=request.user, slug=slug, checkin_id=checkin_id, organise=True
    )
    with timezone.override(user_zone(request.user)):
        form = CheckInRescheduleForm(request.POST)
        if form.is_valid():
            try:
                services.checkin_reschedule(
                    checkin=checkin,
                    actor=request.user,
                    starts_at=form.starts_at(),
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    location=form.cleaned_data["location"],
                )
            except ServiceError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("Check-in moved; members' calendars update the same event.")
                )
                return redirect("community:checkin", slug, checkin.pk)
        return _detail(request, checkin, role, reschedule_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def checkin_cancel(request: AuthedRequest, slug: str, checkin_id: int) -> HttpResponse:
    """Cancelling affects everyone's calendar, so it asks for confirmation first."""
    checkin, _role = selectors.checkin_of_space(
        user=request.user, slug=slug, checkin_id=checkin_id, organise=True
    )
    if request.method == "POST":
        services.checkin_cancel(checkin=checkin, actor=request.user)
        messages.success(request, _("Check-in cancelled; calendars will remove it."))
        return redirect("community:space", slug)
    with timezone.override(user_zone(request.user)):
        return render(
            request,
            "community/checkin_cancel.html",
            {"program": checkin.program, "checkin": checkin},
        )

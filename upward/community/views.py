from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from upward.community import selectors, services
from upward.community.calendar import checkin_ics
from upward.community.forms import CheckInForm, PostForm
from upward.mentoring.selectors import COORDINATOR
from upward.mentoring.timezones import user_zone


def _field(form: PostForm | CheckInForm, exc: services.SpaceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    spaces = list(selectors.spaces_of(user=request.user))
    if len(spaces) == 1:
        return redirect("community:space", spaces[0].slug)
    return render(request, "community/index.html", {"spaces": spaces})


@login_required
@require_http_methods(["GET", "POST"])
def space(request: HttpRequest, slug: str) -> HttpResponse:
    program, role = selectors.space_for(user=request.user, slug=slug)
    with timezone.override(user_zone(request.user)):
        post_form = PostForm(request.POST if request.POST.get("form") == "post" else None)
        checkin_form = CheckInForm(request.POST if request.POST.get("form") == "checkin" else None)
        if request.method == "POST":
            try:
                if request.POST.get("form") == "post" and post_form.is_valid():
                    services.post_create(
                        program=program, user=request.user, **post_form.cleaned_data
                    )
                    messages.success(request, "Posted to the program space.")
                    return redirect("community:space", slug)
                if request.POST.get("form") == "checkin" and checkin_form.is_valid():
                    data = checkin_form.cleaned_data
                    services.checkin_create(
                        program=program,
                        user=request.user,
                        title=data["title"],
                        starts_at=checkin_form.starts_at(),
                        duration_minutes=data["duration_minutes"],
                        location=data["location"],
                        description=data["description"],
                    )
                    messages.success(
                        request, "Check-in scheduled; it is in members' calendar feeds."
                    )
                    return redirect("community:space", slug)
            except services.SpaceError as exc:
                _field(post_form if request.POST.get("form") == "post" else checkin_form, exc)
        show = request.GET.get("show", "")
        posts = selectors.posts_of(user=request.user, program=program)
        if show == "celebrations":
            posts = posts.filter(kind="celebration")
        page = Paginator(posts, 20).get_page(request.GET.get("page"))
        upcoming = selectors.checkins_of(user=request.user, program=program).filter(
            starts_at__gte=timezone.now()
        )
        response = render(
            request,
            "community/space.html",
            {
                "program": program,
                "role": role,
                "page": page,
                "show": show,
                "post_form": post_form,
                "checkin_form": checkin_form,
                "checkins": upcoming,
                "can_post": role in (COORDINATOR, "participant"),
                "is_coordinator": role == COORDINATOR,
            },
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_in_space(user=request.user, post_id=post_id)
    if request.method == "POST":
        try:
            services.post_delete(post=post, user=request.user)
        except PermissionDenied:
            raise Http404("No such post.") from None
        messages.success(request, "Post removed.")
        return redirect("community:space", post.program.slug)
    return render(request, "community/post_delete.html", {"post": post})


@login_required
@require_http_methods(["GET", "POST"])
def checkin_detail(request: HttpRequest, slug: str, checkin_id: int) -> HttpResponse:
    program, role = selectors.space_for(user=request.user, slug=slug)
    checkin = (
        selectors.checkins_of(user=request.user, program=program).filter(pk=checkin_id).first()
    )
    if checkin is None:
        raise Http404("No such check-in.")
    if request.GET.get("format") == "ics":
        response = HttpResponse(checkin_ics(checkin), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="checkin-{checkin.pk}.ics"'
        return response
    if request.method == "POST" and role == COORDINATOR:
        services.checkin_cancel(checkin=checkin, user=request.user)
        messages.success(request, "Check-in cancelled; calendars will remove it.")
        return redirect("community:space", slug)
    with timezone.override(user_zone(request.user)):
        return render(
            request,
            "community/checkin.html",
            {"program": program, "checkin": checkin, "is_coordinator": role == COORDINATOR},
        )

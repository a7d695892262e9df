"""Program-wide pages: the follow-through board, the coordinators' concern inbox, and closing
a program's pairs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.access import AuthedRequest, programs_in_space_of
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring import selectors
from upward.mentoring.forms import CloseProgramPairsForm, ConcernUpdateForm
from upward.mentoring.services import closing as closing_services
from upward.mentoring.services import safety


@login_required
def boards(request: AuthedRequest) -> HttpResponse:
    programs = programs_in_space_of(user=request.user)
    if programs.count() == 1:
        return redirect("mentoring:board", programs.get().slug)
    return render(request, "mentoring/boards.html", {"programs": programs})


@login_required
def board(request: AuthedRequest, slug: str) -> HttpResponse:
    program = selectors.program_for_board(user=request.user, slug=slug)
    actions = selectors.published_actions(user=request.user, program=program)
    status = request.GET.get("status", "")
    if status in ("planned", "in_progress", "done"):
        actions = actions.filter(status=status)
    page = Paginator(actions, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/board.html",
        {
            "program": program,
            "page": page,
            "themes": selectors.program_themes(user=request.user, program=program),
            "status": status,
            "threshold": program.anonymity_threshold,
            "entries": selectors.published_growth_entries(user=request.user, program=program)[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def concerns(request: AuthedRequest) -> HttpResponse:
    """The coordinators' inbox of confidential concerns for the programs they run."""
    programs = selectors.programs_with_concern_inbox(user=request.user)
    qs = selectors.concerns_for_coordinator(user=request.user)
    if request.method == "POST":
        concern_id = request.POST.get("concern", "")
        if not concern_id.isdigit():
            raise Http404("No such concern.")
        concern = selectors.concern_for_coordinator(user=request.user, concern_id=int(concern_id))
        form = ConcernUpdateForm(request.POST)
        if form.is_valid():
            try:
                safety.concern_update(concern=concern, actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                message_error(request, exc)
            else:
                messages.success(request, "Concern updated.")
        else:
            messages.error(request, "Choose a status.")
        return redirect("mentoring:concerns")
    show = request.GET.get("show", "open")
    if show == "open":
        qs = qs.exclude(status="resolved")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    rematch = [
        (program, selectors.participants_wanting_rematch(user=request.user, program=program))
        for program in programs
    ]
    return render(
        request,
        "mentoring/concerns.html",
        {"page": page, "show": show, "rematch": [r for r in rematch if r[1]]},
    )


# --- closing a program's pairs (coordinators) ----------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def closing(request: AuthedRequest, slug: str) -> HttpResponse:
    """Where each pair stands at the program's end; invite open pairs to close well."""
    program = selectors.program_for_closing(user=request.user, slug=slug)
    if request.method == "POST":
        try:
            invited = closing_services.pairs_closing_invite(program=program, actor=request.user)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            messages.success(
                request,
                f"{invited} pair(s) invited to write their final reflection."
                if invited
                else "Every open pair has already been invited.",
            )
        return redirect("mentoring:closing", program.slug)
    overview = selectors.closing_overview(user=request.user, program=program)
    return render(
        request,
        "mentoring/closing.html",
        {"program": program, "overview": overview, "phases": closing_services.CLOSING_PHASES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def closing_confirm(request: AuthedRequest, slug: str) -> HttpResponse:
    """Close the remaining pairs of a closed program, after a confirmation page."""
    program = selectors.program_for_closing(user=request.user, slug=slug)
    overview = selectors.closing_overview(user=request.user, program=program)
    form = CloseProgramPairsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            closed = closing_services.pairs_close_for_program(program=program, actor=request.user)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, f"{closed} pair(s) closed. Their rooms are kept read-only as a record."
            )
            return redirect("mentoring:closing", program.slug)
    return render(
        request,
        "mentoring/closing_confirm.html",
        {"program": program, "overview": overview, "form": form},
    )

"""The follow-through board: what the pairs of a program chose to publish."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from upward.access import (
    AuthedRequest,
    programs_in_space_of,
)
from upward.mentoring import selectors


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
            "show_names": selectors.board_shows_names(user=request.user, program=program),
            "threshold": program.anonymity_threshold,
            "entries": selectors.published_growth_entries(user=request.user, program=program)[:10],
        },
    )

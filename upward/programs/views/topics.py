"""The topic taxonomy pages: list and add, edit, delete (with a confirmation, refused when used)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from upward.access import AuthedRequest, can_create_program
from upward.errors import ServiceError, form_error, message_error
from upward.programs.forms import TopicForm
from upward.programs.models import Topic
from upward.programs.selectors import topic_usage, topics_with_usage
from upward.programs.services import topics


def _topic_for_editor(request: AuthedRequest, slug: str) -> Topic:
    if not can_create_program(request.user):
        raise PermissionDenied
    return get_object_or_404(Topic, slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request: AuthedRequest) -> HttpResponse:
    if not can_create_program(request.user):
        raise PermissionDenied
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = topics.topic_create(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Topic %(name)s added.") % {"name": topic.name})
            return redirect("programs:topics")
    return render(
        request,
        "programs/topics.html",
        {"form": form, "rows": topics_with_usage()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    topic = _topic_for_editor(request, slug)
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": topic.name,
            "description": topic.description,
            "sensitive": topic.sensitive,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            topics.topic_update(actor=request.user, topic=topic, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Topic %(name)s saved.") % {"name": topic.name})
            return redirect("programs:topics")
    return render(
        request,
        "programs/topic_edit.html",
        {"form": form, "topic": topic, "usage": topic_usage(topic=topic)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_delete(request: AuthedRequest, slug: str) -> HttpResponse:
    """GET asks for confirmation (or explains why the topic must stay); POST deletes."""
    topic = _topic_for_editor(request, slug)
    usage = topic_usage(topic=topic)
    if request.method == "POST":
        try:
            topics.topic_delete(actor=request.user, topic=topic)
        except ServiceError as exc:
            message_error(request, exc)
            return redirect("programs:topic_delete", topic.slug)
        messages.success(request, _("Topic %(name)s deleted.") % {"name": topic.name})
        return redirect("programs:topics")
    return render(request, "programs/topic_delete.html", {"topic": topic, "usage": usage})

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest
from upward.errors import ServiceError, form_error, message_error
from upward.i18n import remember_choice, supported
from upward.notifications import services
from upward.notifications.calendar import calendar_feed_for
from upward.notifications.forms import ChatChannelForm, PauseForm, PreferenceForm
from upward.notifications.models import ChatKind, DeliveryPreference
from upward.notifications.preferences import chat_providers_offered, preference_for
from upward.notifications.selectors import (
    can_see_delivery_problems,
    chat_channel_of,
    chat_posts_of,
    last_chat_problem,
    last_sweep,
    notification_of,
    notifications_of,
    problem_deliveries_visible_to,
    problem_delivery_for,
    program_for_nudges,
    programs_with_nudges_managed_by,
    unread_count,
)
from upward.people.models import User


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private, subscribable feed: the unguessable token in the URL is the credential."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404("Unknown calendar feed")
    response = HttpResponse(
        calendar_feed_for(user=user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="upward.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    qs = notifications_of(user=request.user, unread_only=unread_only)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread": unread_count(user=request.user),
        "manages_programs": can_see_delivery_problems(user=request.user),
    }
    template = "notifications/_list.html" if request.htmx else "notifications/list.html"
    return render(request, template, context)


@login_required
def notification_open(request: AuthedRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = notification_of(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404("No such notification.")
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def notification_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = notification_of(user=request.user, notification_id=notification_id)
    if notification is None:
        raise Http404("No such notification.")
    services.notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        return render(request, "notifications/_item.html", {"item": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request: AuthedRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext(
            "Marked %(count)d notification as read.",
            "Marked %(count)d notifications as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthedRequest) -> HttpResponse:
    user = request.user
    instance = DeliveryPreference.objects.filter(user=user).first() or DeliveryPreference(user=user)
    offered = chat_providers_offered()
    form = PreferenceForm(request.POST or None, instance=instance, chat_providers=offered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chat: dict[str, Any] = {}
        if offered:
            url = data["chat_webhook_url"].strip()
            chat = {
                "chat_enabled": data["chat_enabled"] and not data["chat_forget"],
                "chat_provider": data["chat_provider"],
                # Empty keeps the saved link (the page never shows it again); forget clears it.
                "chat_webhook_url": "" if data["chat_forget"] else (url or None),
            }
        try:
            services.preference_update(
                actor=user,
                email_enabled=data["email_enabled"],
                in_app_enabled=data["in_app_enabled"],
                quiet_start=data["quiet_start"],
                quiet_end=data["quiet_end"],
                timezone_name=data["timezone"],
                language=data["language"],
                **chat,
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            # The next page (and this message) already speaks the chosen language.
            remember_choice(request, data["language"])
            with translation.override(
                supported(data["language"]) or translation.get_language_from_request(request)
            ):
                messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    # The chat fields exist only where the organisation offers personal chat.
    choices: Any = getattr(form.fields.get("chat_provider"), "choices", [])
    apps = [str(label) for _code, label in choices] if offered else []
    context = {
        "form": form,
        "chat_offered": offered,
        "chat_apps": _("%(first)s or %(second)s") % {"first": apps[0], "second": apps[1]}
        if len(apps) == 2
        else ", ".join(apps),
        "saved_chat_url": instance.masked_chat_url if instance.pk else "",
        "chat_problem": last_chat_problem(user=user),
        "effective": preference_for(user),
        "directory_timezone": user.person.timezone if user.person is not None else "",
    }
    return render(
        request, "notifications/settings.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def notification_settings_chat_test(request: AuthedRequest) -> HttpResponse:
    try:
        services.preference_chat_test(actor=request.user)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("Test message sent: look for it in your chat."))
    return redirect("notifications:settings")


@login_required
def nudges_overview(request: AuthedRequest) -> HttpResponse:
    if not can_see_delivery_problems(user=request.user):
        raise PermissionDenied
    context = {
        "programs": programs_with_nudges_managed_by(user=request.user).order_by("name"),
        "problems": problem_deliveries_visible_to(user=request.user)[:10],
        "problem_total": problem_deliveries_visible_to(user=request.user).count(),
        "last_sweep": last_sweep(),
        "form": PauseForm(),
    }
    return render(request, "notifications/nudges.html", context)


@login_required
@require_POST
def program_pause(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_nudges(user=request.user, slug=slug)
    form = PauseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.program_nudges_pause(actor=request.user, program=program, reason=reason)
    messages.success(
        request,
        _("Nudges paused for %(program)s. Invitations still go out.") % {"program": program.name},
    )
    return redirect("notifications:nudges")


@login_required
@require_POST
def program_resume(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_nudges(user=request.user, slug=slug)
    services.program_nudges_resume(actor=request.user, program=program)
    messages.success(request, _("Nudges resumed for %(program)s.") % {"program": program.name})
    return redirect("notifications:nudges")


@login_required
def delivery_problems(request: AuthedRequest) -> HttpResponse:
    if not can_see_delivery_problems(user=request.user):
        raise PermissionDenied
    qs = problem_deliveries_visible_to(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/deliveries.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def delivery_retry(request: AuthedRequest, delivery_id: int) -> HttpResponse:
    """Retrying may repeat a message that did arrive, so it asks for confirmation first."""
    delivery = problem_delivery_for(user=request.user, delivery_id=delivery_id)
    if delivery is None:
        raise Http404("No such failed delivery.")
    if request.method == "POST":
        services.delivery_retry(actor=request.user, delivery=delivery)
        messages.success(request, _("Sending again to %(email)s.") % {"email": delivery.user.email})
        return redirect("notifications:deliveries")
    return render(request, "notifications/retry_confirm.html", {"delivery": delivery})


@login_required
@require_http_methods(["GET", "POST"])
def program_chat(request: AuthedRequest, slug: str) -> HttpResponse:
    """A program's Slack or Teams channel: connect it, choose what it gets, test it."""
    program = program_for_nudges(user=request.user, slug=slug)
    channel = chat_channel_of(program_id=program.pk)
    initial = (
        {"provider": channel.provider, "kinds": channel.kinds, "enabled": channel.enabled}
        if channel is not None
        else {"provider": "slack", "kinds": [k for k, _ in ChatKind.choices], "enabled": True}
    )
    form = ChatChannelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.chat_channel_save(
                actor=request.user,
                program=program,
                provider=data["provider"],
                webhook_url=data["webhook_url"],
                kinds=data["kinds"],
                enabled=data["enabled"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("Chat channel saved for %(program)s.") % {"program": program.name}
            )
            return redirect("notifications:chat", program.slug)
    context = {
        "program": program,
        "channel": channel,
        "form": form,
        "posts": chat_posts_of(program_id=program.pk)[:20],
    }
    return render(request, "notifications/chat.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def program_chat_test(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_nudges(user=request.user, slug=slug)
    try:
        services.chat_channel_test(actor=request.user, program=program)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("Test message posted: look for it in the channel."))
    return redirect("notifications:chat", program.slug)


@login_required
@require_POST
def program_chat_remove(request: AuthedRequest, slug: str) -> HttpResponse:
    program = program_for_nudges(user=request.user, slug=slug)
    services.chat_channel_remove(actor=request.user, program=program)
    messages.success(
        request, _("Disconnected the chat channel of %(program)s.") % {"program": program.name}
    )
    return redirect("notifications:nudges")

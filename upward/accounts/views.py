"""Accounts pages (org admins) and a person's own API tokens page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import AuthedRequest
from upward.accounts import selectors, services
from upward.accounts.forms import AccountFilterForm, ApiTokenForm, ProgramRoleForm
from upward.errors import ServiceError, form_error, message_error
from upward.people.selectors import api_tokens_of
from upward.people.services import api_token_create, api_token_revoke

PAGE_SIZE = 50


@login_required
def account_list(request: AuthedRequest) -> HttpResponse:
    form = AccountFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.accounts_search(
        actor=request.user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        role=filters.get("role", ""),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = [
        {
            "user": user,
            "status": selectors.account_status(user),
            "roles": selectors.account_roles(user).labels,
        }
        for user in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query_string": params.urlencode(),
        "status_labels": selectors.STATUS_LABELS,
    }
    template = "accounts/_results.html" if request.htmx else "accounts/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def account_invite(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    people = selectors.people_to_invite(actor=request.user, q=q)
    if request.method == "POST":
        try:
            user = services.account_invite(
                actor=request.user, person_id=_int(request.POST.get("person"))
            )
        except ServiceError as exc:
            message_error(request, exc)
            return redirect(f"{request.path}?q={q}" if q else request.path)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        return redirect("accounts:detail", user_id=user.pk)
    return render(request, "accounts/invite.html", {"q": q, "people": people})


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0


def _detail_context(request: AuthedRequest, user_id: int) -> dict[str, object]:
    user = selectors.account_get(actor=request.user, user_id=user_id)
    roles = selectors.account_roles(user)
    programs = list(selectors.programs_for_roles(actor=request.user).values_list("pk", "name"))
    return {
        "account": user,
        "status": selectors.account_status(user),
        "status_labels": selectors.STATUS_LABELS,
        "roles": roles,
        "coordinator_form": ProgramRoleForm(
            programs=[p for p in programs if p[0] not in {x.pk for x in roles.coordinator_of}],
            prefix="coordinator",
        ),
        "sponsor_form": ProgramRoleForm(
            programs=[p for p in programs if p[0] not in {x.pk for x in roles.sponsor_of}],
            prefix="sponsor",
        ),
        "is_self": user.pk == request.user.pk,
    }


@login_required
def account_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    return render(request, "accounts/detail.html", _detail_context(request, user_id))


@login_required
@require_POST
def account_org_admin(request: AuthedRequest, user_id: int) -> HttpResponse:
    grant = request.POST.get("value") == "on"
    try:
        user = services.org_admin_set(actor=request.user, user_id=user_id, value=grant)
    except ServiceError as exc:
        message_error(request, exc)
    else:
        text = (
            _("%(name)s is now an org admin.")
            if grant
            else _("%(name)s is no longer an org admin.")
        )
        messages.success(request, text % {"name": user})
    return redirect("accounts:detail", user_id=user_id)


def _program_role(request: AuthedRequest, user_id: int, role: str) -> HttpResponse:
    setter = services.coordinator_set if role == "coordinator" else services.sponsor_set
    grant = request.POST.get("value", "on") == "on"
    if grant:
        context = _detail_context(request, user_id)
        form = ProgramRoleForm(
            request.POST,
            programs=list(
                selectors.programs_for_roles(actor=request.user).values_list("pk", "name")
            ),
            prefix=role,
        )
        if not form.is_valid():
            context[f"{role}_form"] = form
            return render(request, "accounts/detail.html", context, status=400)
        program_id = form.cleaned_data["program"]
    else:
        program_id = _int(request.POST.get("program"))
    try:
        user = setter(actor=request.user, user_id=user_id, program_id=program_id, value=grant)
    except ServiceError as exc:
        if grant:
            context = _detail_context(request, user_id)
            form_error(context[f"{role}_form"], exc)  # type: ignore[arg-type]
            return render(request, "accounts/detail.html", context, status=exc.status)
        message_error(request, exc)
    else:
        if role == "coordinator":
            text = (
                _("%(name)s is now a coordinator of that program.")
                if grant
                else _("%(name)s is no longer a coordinator of that program.")
            )
        else:
            text = (
                _("%(name)s is now the sponsor of that program.")
                if grant
                else _("%(name)s is no longer the sponsor of that program.")
            )
        messages.success(request, text % {"name": user})
    return redirect("accounts:detail", user_id=user_id)


@login_required
@require_POST
def account_coordinator(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _program_role(request, user_id, "coordinator")


@login_required
@require_POST
def account_sponsor(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _program_role(request, user_id, "sponsor")


def _set_active(request: AuthedRequest, user_id: int, active: bool) -> HttpResponse:
    context = _detail_context(request, user_id)
    if request.method == "POST":
        try:
            user = services.account_set_active(actor=request.user, user_id=user_id, active=active)
        except ServiceError as exc:
            message_error(request, exc)
        else:
            text = _("%(name)s is reactivated.") if active else _("%(name)s is deactivated.")
            messages.success(request, text % {"name": user})
        return redirect("accounts:detail", user_id=user_id)
    context["active"] = active
    return render(request, "accounts/confirm_active.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_deactivate(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@login_required
@require_http_methods(["GET", "POST"])
def account_reactivate(request: AuthedRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)


# --- a person's own API tokens -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_token = api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                )
            except ServiceError as exc:
                form_error(form, exc)
                status = exc.status
            else:
                form = ApiTokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": api_tokens_of(user=request.user), "new_token": new_token}
    # The new token is rendered into this one response only (never redirected to, never stored).
    response = render(request, "accounts/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    revoked = api_token_revoke(actor=request.user, token_id=token_id)
    messages.success(
        request, _("Token “%(name)s” revoked.") % {"name": revoked.name or revoked.prefix}
    )
    return redirect("settings:tokens")

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import (
    AuthedRequest,
    can_browse_directory,
    can_handle_personal_data,
    can_manage_directory,
    participations_of_person_visible_to,
    programs_managed_by,
)
from upward.people import importing
from upward.people.exporting import people_export_csv_lines, people_template_csv
from upward.people.forms import DirectoryImportForm, PeopleFilterForm, SignInForm
from upward.people.hashing import SignInBusy, client_address, hashing_slot
from upward.people.models import AffinityGroup, Department, ImportBatch
from upward.people.ratelimit import (
    lockout_get,
    lockout_release,
    lockouts_visible_to,
    login_attempt,
    login_succeeded,
)
from upward.people.selectors import people_search, people_visible_to, person_reporting_line


def when_passwords_are_used(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Password set and reset pages exist only while password sign-in is on: with SSO only, a
    password set through them could never be used, and the pages would invite phishing."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.PASSWORD_LOGIN_ENABLED:
            context = {
                "sso_enabled": settings.OIDC_ENABLED,
                "sso_label": settings.OIDC_BUTTON_LABEL,
            }
            return render(request, "people/password_off.html", context, status=404)
        return view(request, *args, **kwargs)

    return wrapped


class SignInView(auth_views.LoginView):
    """Email + password sign-in, rate-limited per email and per client address: each attempt
    is counted before the password is checked (people/ratelimit.py), so a burst cannot slip
    past the limit."""

    form_class = SignInForm
    template_name = "people/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["sso_label"] = settings.OIDC_BUTTON_LABEL
        context["password_login"] = settings.PASSWORD_LOGIN_ENABLED
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PASSWORD_LOGIN_ENABLED:
            # Signing in is through the company account only (SSO); no password is checked.
            return self.render_to_response(self.get_context_data(), status=403)
        attempt = login_attempt(
            email=request.POST.get("username", ""), address=client_address(request)
        )
        if attempt.blocked:
            form = self.get_form()
            form.errors.clear()
            context = self.get_context_data(form=form, blocked=True, retry_at=attempt.retry_at)
            return self.render_to_response(context, status=429)
        try:
            # The password hash is the costly part: a bounded number at once per process.
            with hashing_slot():
                response = super().post(request, *args, **kwargs)
        except SignInBusy:
            # Not checked, so not a failure: the attempt is given back like a success.
            login_succeeded(attempt)
            form = self.get_form()
            form.errors.clear()
            response = self.render_to_response(
                self.get_context_data(form=form, busy=True), status=503
            )
            response["Retry-After"] = "5"
            return response
        if request.user.is_authenticated:
            login_succeeded(attempt)
        return response


@login_required
def people_list(request: AuthedRequest) -> HttpResponse:
    if not can_browse_directory(request.user):
        raise PermissionDenied
    form = PeopleFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    qs = people_search(user=request.user, **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "departments": Department.objects.values_list("name", flat=True),
        "groups": AffinityGroup.objects.values_list("name", flat=True),
        "query_string": _query_without_page(request),
        "can_manage": can_manage_directory(request.user),
    }
    template = "people/_results.html" if request.htmx else "people/list.html"
    return render(request, template, context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def person_detail(request: AuthedRequest, employee_id: str) -> HttpResponse:
    person = get_object_or_404(people_visible_to(user=request.user), employee_id=employee_id)
    context = {
        "person": person,
        "chain": person_reporting_line(person=person),
        "reports": person.reports.filter(is_active=True).order_by("name")[:50],
        "groups": person.affinity_groups.all(),
        "changes": person.changes.select_related("batch")[:20]
        if can_manage_directory(request.user)
        else [],
        "participations": participations_of_person_visible_to(
            user=request.user, person_id=person.pk
        ),
        "managed_program_ids": set(
            programs_managed_by(user=request.user).values_list("pk", flat=True)
        ),
        "can_handle_personal_data": can_handle_personal_data(request.user),
    }
    return render(request, "people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def people_import(request: AuthedRequest) -> HttpResponse:
    if not can_manage_directory(request.user):
        raise PermissionDenied
    errors: list[importing.RowError] = []
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.people_import_csv(
                data=upload.read(), source=upload.name, actor=request.user
            )
        except importing.DirectoryImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request, _("Directory imported: %(summary)s.") % {"summary": result.summary()}
            )
            return redirect("people:import")
    context = {
        "form": form,
        "errors": errors[:500],
        "error_count": len(errors),
        "columns": importing.COLUMNS,
        "batches": ImportBatch.objects.select_related("created_by")[:10],
    }
    status = 400 if errors else 200
    return render(request, "people/import.html", context, status=status)


@login_required
def people_template(request: AuthedRequest) -> HttpResponse:
    """The import's CSV template: its header and two example rows to replace."""
    if not can_manage_directory(request.user):
        raise PermissionDenied
    response = HttpResponse(people_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="directory-template.csv"'
    return response


@login_required
def people_export(request: AuthedRequest) -> StreamingHttpResponse:
    if not can_manage_directory(request.user):
        raise PermissionDenied
    response = StreamingHttpResponse(people_export_csv_lines(), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="people-{stamp}.csv"'
    return response


@login_required
def lockouts(request: AuthedRequest) -> HttpResponse:
    """Emails and addresses locked out of sign-in now; an org admin lifts a lockout early."""
    return render(
        request,
        "people/lockouts.html",
        {
            "lockouts": lockouts_visible_to(user=request.user),
            "limit": settings.LOGIN_RATE_LIMIT,
            "window_minutes": settings.LOGIN_RATE_WINDOW_SECONDS // 60,
        },
    )


@login_required
@require_POST
def lockout_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    lock = lockout_get(user=request.user, pk=pk)
    lockout_release(actor=request.user, lock=lock)
    messages.success(
        request,
        _("%(kind)s %(value)s may sign in again.")
        % {"kind": lock.get_kind_display(), "value": lock.value},
    )
    return redirect("people:lockouts")

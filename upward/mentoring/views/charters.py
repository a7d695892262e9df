"""The charter page: edit together, sign, and see earlier signed versions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from upward.access import (
    AuthedRequest,
    PairAccess,
)
from upward.errors import ServiceError, form_error, message_error
from upward.mentoring.forms import (
    CharterForm,
)
from upward.mentoring.services import charters
from upward.mentoring.views.common import room_view


@room_view()
@require_http_methods(["GET", "POST"])
def charter_page(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    pair = access.pair
    charter = charters.charter_get_or_create(pair=pair)
    editing = request.GET.get("edit") == "1" or request.method == "POST"
    form = CharterForm(request.POST or None, instance=charter, initial={"version": charter.version})
    if request.method == "POST" and form.is_valid():
        was_signed = charter.leader_signed_at or charter.mentor_signed_at
        try:
            updated = charters.charter_update(pair=pair, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            if was_signed and not updated.is_signed and updated.version > 1:
                messages.warning(
                    request,
                    _("Charter saved as a new version: both of you need to sign it again."),
                )
            else:
                messages.success(request, _("Charter saved."))
            return redirect("mentoring:charter", pair.pk)
    return render(
        request,
        "mentoring/charter.html",
        {
            "pair": pair,
            "access": access,
            "charter": charter,
            "form": form,
            "editing": editing and access.can_write,
            "versions": charter.versions.all(),
            "i_signed": charter.leader_signed_at
            if access.role == "leader"
            else charter.mentor_signed_at,
        },
    )


@room_view()
@require_POST
def charter_sign(request: AuthedRequest, access: PairAccess) -> HttpResponse:
    # The page sends the version it showed: the signature is for that wording only.
    sent = request.POST.get("version", "")
    try:
        if not sent.isdigit() or len(sent) > 9:
            raise ServiceError(
                _("Reload the charter and sign the version you read."), field="version"
            )
        charter = charters.charter_sign(pair=access.pair, actor=request.user, version=int(sent))
    except ServiceError as exc:
        message_error(request, exc)
    else:
        if charter.is_signed:
            messages.success(request, _("Signed by both of you. Your charter is in force."))
        else:
            messages.success(request, _("Signed. Your partner's signature is the last step."))
    return redirect("mentoring:charter", access.pair.pk)

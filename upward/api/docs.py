"""ReDoc for the API, beside ninja's Swagger UI (/api/v1/docs): both from local static files."""

from __future__ import annotations

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from upward.api.api import api


# ReDoc styles itself by injecting <style> elements at run time (styled-components) and runs
# its search in a blob: worker, so this one page allows inline styles and blob: workers; its
# scripts stay 'self' only, as everywhere.
@csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})
def redoc(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ninja/redoc.html",
        {
            "api": api,
            "openapi_json_url": reverse("api:openapi-json"),
            "redoc_settings_object": {},
        },
    )

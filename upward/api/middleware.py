"""The API answers JSON for every error, including the few Django or ninja answer themselves
(405 Method not allowed, a 4xx from a middleware) before any endpoint's handler runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            answer = JsonResponse(
                {"detail": f"{response.reason_phrase}."}, status=response.status_code
            )
            for header in ("Allow", "WWW-Authenticate", "Retry-After"):
                if header in response:
                    answer[header] = response[header]
            return answer
        return response

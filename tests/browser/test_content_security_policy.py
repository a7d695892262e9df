"""Under the strict Content-Security-Policy, the main pages of every role work with no violation.

Each role signs in and visits its navigation and the pages linked from them (a short crawl);
Chromium reports every blocked inline script, style or eval on the console and as a
`securitypolicyviolation` event, and the test collects both.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot, sign_in

ROLES = [
    "admin@example.com",
    "coordinator@example.com",
    "sponsor@example.com",
    "leader@example.com",
    "mentor@example.com",
]
PAGES_PER_ROLE = 18
SKIP = ("/logout", ".ics", "/export", ".csv", ".xlsx", "/admin/", "/api/", "/calendar/")

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.pathname}:${e.lineNumber}`);
});
"""


def _watch(page: Any) -> list[str]:
    problems: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)

    def on_console(message: Any) -> None:
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or "CSP violation" in text
        ):
            problems.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error {error}"))
    return problems


def _links(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if not any(s in h for s in SKIP)]


@pytest.mark.parametrize("email", ROLES)
def test_main_pages_of_each_role_raise_no_csp_violation(page: Any, email: str) -> None:
    problems = _watch(page)
    sign_in(page, email)
    todo = ["/", *_links(page)]
    seen: set[str] = set()
    while todo and len(seen) < PAGES_PER_ROLE:
        path = urlparse(todo.pop(0)).path
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(path)
        assert response is not None and response.status < 500, (
            f"{path}: {response and response.status}"
        )
        page.wait_for_load_state("networkidle")
        if len(seen) <= 6:
            todo.extend(_links(page))
    screenshot(page, f"csp-{email.split('@')[0]}")
    assert len(seen) >= 5
    assert problems == [], "\n".join(problems)


def test_api_docs_load_with_no_external_request_and_no_violation(page: Any) -> None:
    problems = _watch(page)
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("data:", "blob:"))
            or urlparse(request.url).hostname in {"localhost", "127.0.0.1"}
            else external.append(request.url)
        ),
    )
    for path, ready in (("/api/v1/docs", ".swagger-ui .info"), ("/api/v1/redoc", ".api-info")):
        page.goto(path)
        page.wait_for_selector(ready)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"api-docs{path.replace('/', '-')}.png"))
    # ReDoc's footer badge points at its vendor's logo; the policy blocks it (img-src 'self'),
    # so nothing is fetched from outside and the page works without it.
    badge = "cdn.redoc.ly/redoc/logo-mini.svg"
    assert [url for url in external if badge not in url] == []
    assert [p for p in problems if badge not in p] == [], "\n".join(problems)

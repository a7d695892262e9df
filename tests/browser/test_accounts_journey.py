"""The org admin makes a directory person a coordinator through the pages alone; that person
chooses a password from the invitation e-mail, signs in and runs the program."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.people.models import Person

PASSWORD = "a-fresh-coordinator-pass-42"


def test_admin_makes_a_directory_person_coordinator_who_then_runs_the_program(
    page: Any,
) -> None:
    # Someone in the demo directory who has never had an account.
    person = (
        Person.objects.filter(is_active=True, user__isnull=True, level__gte=5)
        .order_by("employee_id")
        .first()
    )
    assert person is not None

    sign_in(page, "admin@example.com")
    page.click("nav a:has-text('Accounts')")
    expect(page.locator("h1")).to_have_text("Accounts")
    screenshot(page, "accounts-list")

    page.click("a:has-text('Invite from the directory')")
    page.fill("input[name=q]", person.employee_id)
    page.click("button:has-text('Search')")
    expect(page.locator("main")).to_contain_text(person.name)
    screenshot(page, "accounts-invite")
    mail.outbox.clear()
    page.click(f"button[aria-label='Invite {person.name}']")
    expect(page.locator(".flash")).to_contain_text(f"Invitation sent to {person.email}")

    page.select_option("#id_coordinator-program", label="Reverse mentoring: workplace culture")
    page.click("button:has-text('Make coordinator')")
    expect(page.locator("#coordinator")).to_contain_text("workplace culture")
    screenshot(page, "accounts-detail")

    # The invitation: a link to choose a password.
    message = next(m for m in mail.outbox if m.to == [person.email])
    link = re.search(r"https?://\S+(/password-reset/\S+/)", message.body)
    assert link is not None
    page.context.clear_cookies()
    page.goto(link.group(1))
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.click("button:has-text('Save the new password')")
    sign_in(page, person.email, PASSWORD)

    # They run the program: open it and start a match run.
    page.click("nav a:has-text('Programs')")
    page.click("a:has-text('workplace culture')")
    page.click("main a[role=button]:has-text('Matching')")
    page.click("button:has-text('Start a match run')")
    expect(page.locator("main")).to_contain_text("Proposed pairs")
    screenshot(page, "accounts-new-coordinator-runs-matching")


def test_admin_sees_the_last_admin_rule_and_deactivation_asks_first(page: Any) -> None:
    sign_in(page, "admin@example.com")
    page.goto("/accounts/?q=admin%40example.com")
    page.click("a:has-text('@example.com'), td a >> nth=0")
    page.click("button:has-text('Revoke org admin')")
    expect(page.locator(".flash-error")).to_contain_text("last active org admin")
    page.click("a:has-text('Deactivate…')")
    expect(page.locator("h1")).to_contain_text("Deactivate")
    screenshot(page, "accounts-deactivate-confirm")
    page.click("a:has-text('Cancel')")
    expect(page.locator("h1")).to_contain_text("Active")


def test_a_person_makes_a_read_only_token_on_their_settings_page(page: Any) -> None:
    sign_in(page, "mentor@example.com")
    page.click("summary")
    page.click("a:has-text('API tokens')")
    page.fill("input[name=name]", "My calendar script")
    page.check("input[value=read]")
    page.click("button:has-text('Create token')")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("upw_")
    expect(page.locator("table")).to_contain_text("My calendar script")
    screenshot(page, "settings-api-tokens")
    response = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json()["email"] == "mentor@example.com"


def test_the_person_page_lists_their_programs(page: Any) -> None:
    sign_in(page, "admin@example.com")
    page.goto("/people/E0009/")  # the demo leader
    expect(page.locator("#programs")).to_contain_text("Leader")
    screenshot(page, "person-programs")
    page.goto("/people/import/")
    with page.expect_download() as download:
        page.click("a:has-text('Download a CSV template')")
    assert download.value.suggested_filename == "directory-template.csv"


def test_admin_makes_a_scim_token_for_the_identity_provider(page: Any) -> None:
    sign_in(page, "admin@example.com")
    page.click("nav a:has-text('Accounts')")
    page.click("a:has-text('SCIM provisioning')")
    page.fill("input[name=name]", "Entra ID")
    page.click("button:has-text('Create a SCIM token')")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("scim_")
    expect(page.locator("table")).to_contain_text("Entra ID")
    screenshot(page, "accounts-scim-tokens")
    response = page.request.get(
        "/scim/v2/Users?filter=" + 'userName eq "admin@example.com"',
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.json()["totalResults"] == 1


def test_the_sign_in_page_with_single_sign_on(page: Any) -> None:
    with override_settings(OIDC_ENABLED=True, PASSWORD_LOGIN_ENABLED=False):
        page.goto("/login/")
        expect(page.locator("a:has-text('Sign in with your company account')")).to_be_visible()
        assert page.locator("input[name=password]").count() == 0
        screenshot(page, "login-sso-only")
        page.goto("/login/sso/refused/")
        expect(page.locator("h1")).to_have_text("We could not sign you in")
        screenshot(page, "login-sso-refused")

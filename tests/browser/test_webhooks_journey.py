"""An org admin connects a webhook: registers it, copies the secret, sees a delivery arrive at a
receiver on this machine, and replays it."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in
from upward.mentoring.services.safety import pair_exit
from upward.mentoring.tests.factories import PairFactory, user_of
from upward.programs.tests.factories import ProgramFactory
from upward.webhooks.models import Endpoint
from upward.webhooks.sending import deliveries_send_due


def test_admin_registers_a_webhook_and_replays_a_delivery(page: Any) -> None:
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/upward"
    program = ProgramFactory(name="Webhook trial")
    try:
        with override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=True):
            sign_in(page, "admin@example.com")
            page.click("nav >> text=Integrations")
            page.fill("#id_url", url)
            page.check("input[value='pair.closed']")
            page.check("input[value='meeting.held']")
            page.select_option("#id_program", label="Webhook trial")
            page.fill("#id_description", "The HR data warehouse")
            screenshot(page, "webhooks-register")
            page.click("button:has-text('Register')")
            secret = page.locator("code.secret").inner_text()
            assert secret.startswith("whsec_")
            screenshot(page, "webhooks-secret")

            pair = PairFactory(program=program)
            pair_exit(pair=pair, actor=user_of(pair.leader), wants_rematch=False)
            deliveries_send_due()
            assert json.loads(received[0])["event"] == "pair.closed"

            page.click("text=I have copied it")
            expect(page.locator("#deliveries")).to_contain_text("Delivered")
            page.click("#deliveries button:has-text('Replay')")
            expect(page.locator(".messages")).to_contain_text("Sending pair.closed again")
            deliveries_send_due()
            page.reload()
            expect(page.locator("#deliveries")).to_contain_text("1 replay")
            assert secret not in page.content()
            screenshot(page, "webhooks-endpoint")
            assert len(received) == 2
    finally:
        server.shutdown()
        server.server_close()
        Endpoint.objects.filter(program=program).delete()
        program.pairs.all().delete()
        program.delete()

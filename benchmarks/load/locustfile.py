"""The roles' page mix for `make load` (issue 16): what each kind of person does, in proportion.

Run by `benchmarks/load/run.py` (headless, loopback only, bounded by `--run-time`), against the
organisation `upward seed_load` makes. Each simulated person signs in through the sign-in page
(argon2 included) as one of the seeded accounts, then browses with a think time of 0.5-2 s
between requests, as people do: mostly leaders and mentors in their pair rooms, a few
coordinators on the health board and dashboard, a sponsor, an org admin on the directory. Some
requests are API calls with the browser session (the same endpoints integrations use), and a
few are writes (a note, an action's status), so the task workers see work too.

Requests are named by page (`/pairs/[id]/notes/`), so the report gives one line per page.
`LOAD_HOSTS` (comma-separated base URLs) spreads the people over several app servers,
round-robin, the way a load balancer would.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import time
from typing import Any, ClassVar

import gevent
from locust import FastHttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "upward-load")
PAIRS = int(os.environ.get("LOAD_PAIRS", "2000"))
PEOPLE = int(os.environ.get("LOAD_PEOPLE", "20000"))
HOSTS = [h.rstrip("/") for h in os.environ.get("LOAD_HOSTS", "").split(",") if h.strip()]
PROGRAM_SLUG = "load"
# The suite's smoke test runs one person of each role, whatever the weights.
SMOKE = os.environ.get("LOAD_SMOKE") == "1"
SMOKE_ROLES = ("leader", "mentor", "coordinator", "sponsor", "admin")
_finished: list[str] = []
_hosts = itertools.cycle(range(len(HOSTS) or 1))
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_accounts: dict[str, itertools.count[int]] = {}


def _next_index(role: str, modulo: int) -> int:
    counter = _accounts.setdefault(role, itertools.count())
    return next(counter) % modulo


class Person(FastHttpUser):
    """Signs in as a seeded account of its role, then browses."""

    abstract = True
    wait_time = between(0.5, 2.0)
    role: ClassVar[str] = ""
    mix: ClassVar[list[Any]] = []
    accounts: ClassVar[int] = 1

    def email(self, k: int) -> str:
        return f"load-{self.role}-{k}@example.com"

    def on_start(self) -> None:
        if HOSTS:
            self.host = HOSTS[next(_hosts) % len(HOSTS)]
            self.client.base_url = self.host
        self.k = _next_index(self.role, self.accounts)
        self.sign_in()
        self.prepare()

    def prepare(self) -> None:
        """What a role looks up once signed in (its pair, its program)."""

    def every_page_once(self) -> None:
        """The suite's smoke test: each of the role's requests once; the last person of the
        five roles to finish ends the run."""
        for function in dict.fromkeys(self.mix):
            function(self)
        _finished.append(self.role)
        if len(_finished) >= len(SMOKE_ROLES) and self.environment.runner is not None:
            # From a greenlet of its own: quitting from this user's would stop it half-way.
            gevent.spawn_later(0.1, self.environment.runner.quit)
        while True:
            time.sleep(1)  # gevent's sleep: wait for the others

    def sign_in(self) -> None:
        """Sign in through the page; a "busy, try again in a moment" (503, Retry-After) counts
        as a failed request, and the person tries again as asked, up to three times."""
        for _attempt in range(3):
            page = self.client.get("/login/", name="/login/")
            match = _CSRF_INPUT.search(page.text or "")
            with self.client.post(
                "/login/",
                data={
                    "username": self.email(self.k),
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": match.group(1) if match else "",
                },
                headers={"Referer": f"{self.host}/login/"},
                name="/login/ (sign in)",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                status = response.status_code
                retry_after = response.headers.get("Retry-After") or "5"
                if status == 302:
                    response.success()
                else:
                    response.failure(f"sign-in refused: {status}")
            if status != 503:
                break
            time.sleep(float(retry_after) if retry_after.isdigit() else 5.0)
        self.csrf_token = _csrf_from(self.client)

    def page(self, url: str, name: str) -> Any:
        return self.client.get(url, name=name)

    def api(self, url: str, name: str) -> Any:
        return self.client.get(url, name=name, headers={"Accept": "application/json"})

    @task(1)
    def sign_out_and_in(self) -> None:
        """A few people sign out and back in during a session (sign-in cost stays in the mix)."""
        if SMOKE or random.random() < 0.2:
            self.client.post(
                "/logout/",
                data={"csrfmiddlewaretoken": self.csrf_token},
                headers={"Referer": f"{self.host}/", "X-CSRFToken": self.csrf_token},
                name="/logout/",
                allow_redirects=False,
            )
            self.sign_in()


def _csrf_from(client: Any) -> str:
    jar = getattr(client, "cookiejar", None)
    if jar is None:
        return ""
    for cookie in jar:
        if cookie.name == "csrftoken":
            return str(cookie.value)
    return ""


class PairMember(Person):
    """A leader or a mentor: home, their pair's room, meetings, notes, actions, learning."""

    abstract = True
    accounts = PAIRS

    def prepare(self) -> None:
        pairs = self.client.get("/api/v1/pairs", name="/api/v1/pairs").json()
        items = pairs.get("items", pairs) if isinstance(pairs, dict) else pairs
        self.pair_id = items[0]["id"] if items else None
        self.meeting_ids: list[int] = []

    @task(10)
    def home(self) -> None:
        self.page("/", "/")

    @task(8)
    def room(self) -> None:
        if self.pair_id:
            self.page(f"/pairs/{self.pair_id}/", "/pairs/[id]/")

    @task(4)
    def meetings(self) -> None:
        if self.pair_id:
            self.page(f"/pairs/{self.pair_id}/meetings/", "/pairs/[id]/meetings/")

    @task(3)
    def meeting(self) -> None:
        if not self.pair_id:
            return
        if not self.meeting_ids:
            found = self.api(
                f"/api/v1/pairs/{self.pair_id}/meetings", "/api/v1/pairs/[id]/meetings"
            )
            data = found.json() if found.status_code == 200 else []
            items = data.get("items", data) if isinstance(data, dict) else data
            self.meeting_ids = [m["id"] for m in items] or [0]
        meeting = random.choice(self.meeting_ids)
        if meeting:
            self.page(f"/pairs/{self.pair_id}/meetings/{meeting}/", "/pairs/[id]/meetings/[id]/")

    @task(3)
    def notes(self) -> None:
        if self.pair_id:
            self.page(f"/pairs/{self.pair_id}/notes/", "/pairs/[id]/notes/")

    @task(3)
    def actions(self) -> None:
        if self.pair_id:
            self.page(f"/pairs/{self.pair_id}/actions/", "/pairs/[id]/actions/")

    @task(1)
    def growth(self) -> None:
        if self.pair_id:
            self.page(f"/pairs/{self.pair_id}/growth/", "/pairs/[id]/growth/")

    @task(3)
    def notifications(self) -> None:
        self.page("/notifications/", "/notifications/")

    @task(2)
    def learn(self) -> None:
        self.page("/learn/", "/learn/")

    @task(1)
    def prompts(self) -> None:
        self.page("/learn/prompts/", "/learn/prompts/")

    @task(2)
    def community(self) -> None:
        self.page(f"/community/{PROGRAM_SLUG}/", "/community/[slug]/")

    @task(1)
    def surveys(self) -> None:
        self.page("/surveys/", "/surveys/")

    @task(2)
    def api_notifications(self) -> None:
        self.api("/api/v1/notifications", "/api/v1/notifications")

    @task(1)
    def api_me(self) -> None:
        self.api("/api/v1/me", "/api/v1/me")

    @task(1)
    def api_actions(self) -> None:
        if self.pair_id:
            self.api(f"/api/v1/pairs/{self.pair_id}/actions", "/api/v1/pairs/[id]/actions")

    @task(1)
    def write_note(self) -> None:
        """Write a private note through the API (a write; its events run in the transaction)."""
        if self.pair_id:
            self.client.post(
                f"/api/v1/pairs/{self.pair_id}/notes",
                json={"body": "Load test: what I learned today.", "visibility": "private"},
                headers={"X-CSRFToken": self.csrf_token, "Referer": f"{self.host}/"},
                name="/api/v1/pairs/[id]/notes (write)",
            )


class Leader(PairMember):
    weight = 1 if SMOKE else 45
    role = "leader"


class Mentor(PairMember):
    weight = 1 if SMOKE else 45
    role = "mentor"


class Coordinator(Person):
    """Runs the program: health board, dashboard, participants, surveys, nudges."""

    weight = 1 if SMOKE else 6
    role = "coordinator"
    accounts = 5

    def prepare(self) -> None:
        programs = self.api("/api/v1/programs", "/api/v1/programs").json()
        items = programs.get("items", programs) if isinstance(programs, dict) else programs
        self.program_id = next((p["id"] for p in items if p.get("slug") == PROGRAM_SLUG), None)

    @task(4)
    def home(self) -> None:
        self.page("/", "/")

    @task(3)
    def program(self) -> None:
        self.page(f"/programs/{PROGRAM_SLUG}/", "/programs/[slug]/")

    @task(4)
    def health(self) -> None:
        self.page(f"/insights/programs/{PROGRAM_SLUG}/health/", "/insights/programs/[slug]/health/")

    @task(3)
    def dashboard(self) -> None:
        self.page(f"/insights/programs/{PROGRAM_SLUG}/", "/insights/programs/[slug]/")

    @task(2)
    def participants(self) -> None:
        self.page(f"/programs/{PROGRAM_SLUG}/participants/", "/programs/[slug]/participants/")

    @task(1)
    def surveys(self) -> None:
        self.page(f"/surveys/programs/{PROGRAM_SLUG}/", "/surveys/programs/[slug]/")

    @task(1)
    def nudges(self) -> None:
        self.page("/notifications/nudges/", "/notifications/nudges/")

    @task(2)
    def api_metrics(self) -> None:
        if self.program_id:
            self.api(f"/api/v1/programs/{self.program_id}/metrics", "/api/v1/programs/[id]/metrics")

    @task(1)
    def api_health(self) -> None:
        if self.program_id:
            self.api(f"/api/v1/programs/{self.program_id}/health", "/api/v1/programs/[id]/health")


class Sponsor(Person):
    """Reads the figures: insights and the dashboard, aggregates only."""

    weight = 1 if SMOKE else 2
    role = "sponsor"

    def email(self, k: int) -> str:
        return "load-sponsor@example.com"

    @task(2)
    def home(self) -> None:
        self.page("/", "/")

    @task(1)
    def insights(self) -> None:
        self.page("/insights/", "/insights/")

    @task(3)
    def dashboard(self) -> None:
        self.page(f"/insights/programs/{PROGRAM_SLUG}/", "/insights/programs/[slug]/")


class Admin(Person):
    """Keeps the directory and the accounts: people list and search, a person, accounts."""

    weight = 1 if SMOKE else 2
    role = "admin"
    accounts = 2

    @task(2)
    def home(self) -> None:
        self.page("/", "/")

    @task(3)
    def people(self) -> None:
        self.page("/people/", "/people/")

    @task(2)
    def search(self) -> None:
        self.page(f"/people/?q=Costa+{random.randint(1, PEOPLE)}", "/people/?q=")

    @task(2)
    def person(self) -> None:
        # Seeded employee ids run from L000000; the first 2 x PAIRS are the pairs' members.
        n = random.randint(2 * PAIRS, max(2 * PAIRS, PEOPLE - 400))
        self.page(f"/people/L{n:06d}/", "/people/[id]/")

    @task(1)
    def accounts_page(self) -> None:
        self.page("/accounts/", "/accounts/")


def _smoke_only() -> None:
    for role in (Leader, Mentor, Coordinator, Sponsor, Admin):
        role.mix = list(role.tasks)
        role.tasks = [Person.every_page_once]


if SMOKE:
    _smoke_only()

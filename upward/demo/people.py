"""Demo directory and accounts: about 300 people, and the five named logins linked to them.

The directory goes through the same import service as a real HR file, so the demo exercises the
real code path (and re-importing the same rows changes nothing, which makes this idempotent).
"""

from __future__ import annotations

import random

from upward.demo.context import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoContext
from upward.people import importing
from upward.people.models import Person, User
from upward.people.services import user_create

DEPARTMENTS = ["Finance", "Marketing", "Engineering", "Sales", "Operations", "People", "Legal"]
LOCATIONS = [
    ("London", "Europe/London", ["en"]),
    ("Paris", "Europe/Paris", ["fr", "en"]),
    ("Berlin", "Europe/Berlin", ["de", "en"]),
    ("Madrid", "Europe/Madrid", ["es", "en"]),
    ("New York", "America/New_York", ["en"]),
    ("Toronto", "America/Toronto", ["en", "fr"]),
    ("Singapore", "Asia/Singapore", ["en"]),
]
AFFINITY_GROUPS = [
    "Women in Leadership",
    "Pride Network",
    "Black Professionals Network",
    "Disability & Neurodiversity",
    "Parents & Carers",
    "Veterans",
    "Early Careers",
]
FIRST = [
    "Amara",
    "Ben",
    "Chloé",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carmen",
    "Dara",
    "Emil",
    "Fatima",
]
LAST = [
    "Okafor",
    "Schmidt",
    "Dubois",
    "Patel",
    "García",
    "Nguyen",
    "Kowalski",
    "Haddad",
    "Silva",
    "Larsen",
    "Mensah",
    "Rossi",
    "Tanaka",
    "Brennan",
    "Costa",
    "Fischer",
    "Ivanova",
    "Khan",
    "Moreau",
    "Novak",
    "Osei",
    "Petrov",
    "Quinn",
    "Reyes",
    "Sato",
    "Turner",
    "Weber",
    "Yilmaz",
]
TITLES = {
    12: "Chief Executive Officer",
    11: "Chief {dept} Officer",
    10: "Vice President, {dept}",
    9: "Director, {dept}",
    8: "Senior Manager, {dept}",
    7: "Manager, {dept}",
    6: "Team Lead, {dept}",
    5: "Senior Specialist, {dept}",
    4: "Specialist, {dept}",
    3: "Associate, {dept}",
    2: "Junior Associate, {dept}",
    1: "Graduate, {dept}",
}


def directory_rows(seed: int = 7) -> list[dict[str, str]]:
    """About 300 people in a reporting tree six levels deep, deterministic for a given seed."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    counter = 0
    # Every first-last combination once, in a fixed shuffled order: no two people share a name
    # (a separate generator, so that levels, places and dates stay what they were).
    names = [(first, last) for first in FIRST for last in LAST]
    random.Random(seed + 1).shuffle(names)

    def add(level: int, dept: str, manager: str, loc_index: int | None = None) -> str:
        nonlocal counter
        counter += 1
        emp = f"E{counter:04d}"
        first, last = names[counter - 1]
        location, tz, langs = LOCATIONS[
            loc_index if loc_index is not None else rng.randrange(len(LOCATIONS))
        ]
        extra = rng.choice(["", "", "es", "pt", "hi", "ar", "zh"])
        groups = sorted(rng.sample(AFFINITY_GROUPS, k=rng.choice([0, 0, 1, 1, 2])))
        if level <= 3 and rng.random() < 0.6:
            groups = sorted({*groups, "Early Careers"})
        year = 2026 - min(25, max(0, level * 2 - rng.randrange(0, 4)))
        rows.append(
            {
                "employee_id": emp,
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}.{counter}@example.com".replace("é", "e")
                .replace("í", "i")
                .replace("ç", "c"),
                "title": TITLES[level].format(dept=dept),
                "level": str(level),
                "department": dept if level < 12 else "Executive Office",
                "manager_employee_id": manager,
                "location": location,
                "timezone": tz,
                "languages": ";".join(dict.fromkeys([*langs, *([extra] if extra else [])])),
                "affinity_groups": ";".join(groups),
                "hire_date": f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                "left_on": "",
            }
        )
        return emp

    ceo = add(12, "Executive Office", "", 0)
    for dept in DEPARTMENTS:
        head = add(11, dept, ceo)
        for _ in range(2):
            vp = add(rng.choice([9, 10]), dept, head)
            for _ in range(2):
                manager = add(rng.choice([7, 8]), dept, vp)
                for _ in range(2):
                    lead = add(rng.choice([5, 6]), dept, manager)
                    for _ in range(rng.choice([1, 2])):
                        add(rng.choice([1, 2, 3, 4]), dept, lead)
    # Top up with individual contributors so the organisation has a realistic junior base.
    leads = [r["employee_id"] for r in rows if r["level"] in {"5", "6"}]
    while counter < 295:
        manager = rng.choice(leads)
        dept = next(r["department"] for r in rows if r["employee_id"] == manager)
        add(rng.choice([1, 2, 3, 4]), dept, manager)
    # A few leavers, so retention figures and "keeps history of leavers" have something to show.
    for row in rows[-6:]:
        row["left_on"] = f"2026-{rng.randrange(3, 10):02d}-{rng.randrange(1, 28):02d}"
    return rows


def _shape_demo_people(rows: list[dict[str, str]]) -> None:
    """Give the named demo accounts their directory e-mails and fitting positions."""
    by_id = {r["employee_id"]: r for r in rows}
    for email, _, emp, _ in DEMO_ACCOUNTS:
        by_id[emp]["email"] = email
        by_id[emp]["left_on"] = ""
    by_id["E0290"].update(title="HR Systems Lead", department="People", level="6")
    by_id["E0291"].update(title="Learning & Development Partner", department="People", level="6")
    # The demo leader is a senior director (the active program pairs them with mentor@).
    by_id["E0009"].update(title="Director, Finance", department="Finance", level="9")
    _manager_above(rows)


def _manager_above(rows: list[dict[str, str]]) -> None:
    """Everyone reports to someone more senior: a person promoted to or above their manager's
    level (the named accounts above) reports instead to the nearest more senior manager up the
    chain, or in their own department when the chain leaves it."""
    by_id = {r["employee_id"]: r for r in rows}
    for row in rows:
        manager = by_id.get(row["manager_employee_id"])
        level = int(row["level"])
        if manager is None or int(manager["level"]) > level:
            continue
        while manager is not None and int(manager["level"]) <= level:
            manager = by_id.get(manager["manager_employee_id"])
        if manager is not None and manager["department"] != row["department"]:
            # A peer-or-senior manager of the person's own department fits better.
            same = [
                r
                for r in rows
                if r["department"] == row["department"]
                and int(r["level"]) > level
                and r["employee_id"] != row["employee_id"]
            ]
            if same:
                manager = min(same, key=lambda r: int(r["level"]))
        row["manager_employee_id"] = manager["employee_id"] if manager else ""


def _seed_directory(ctx: DemoContext) -> None:
    rows = directory_rows()
    _shape_demo_people(rows)
    result = importing.people_import(raw_rows=rows, source="demo")
    ctx.log(f"Directory: {result.summary()}.")
    ctx.people = {p.employee_id: p for p in Person.objects.all()}


def _seed_accounts(ctx: DemoContext) -> None:
    for email, _, emp, flags in DEMO_ACCOUNTS:
        person = ctx.people[emp]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email,
                password=DEMO_PASSWORD,
                person=person,
                is_org_admin=flags.get("is_org_admin", False),
                is_coordinator=flags.get("is_coordinator", False),
                is_sponsor=flags.get("is_sponsor", False),
            )
        ctx.users[email] = user


def seed(ctx: DemoContext) -> None:
    _seed_directory(ctx)
    _seed_accounts(ctx)

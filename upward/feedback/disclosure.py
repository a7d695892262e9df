"""What may be disclosed about anonymous answers: the one module that decides (docs/privacy.md).

Every figure drawn from anonymous answers, on any page, chart, export or API endpoint, is computed
from the cells this module lets through; nothing else reads answers for people to see.

Two decisions live here:

- **Storage** (`coarsen`): which group attributes a released batch of responses may keep. Every
  combination of attributes stored for a batch is shared by at least k responses of that batch,
  so joining the response table to the assignments (which know each person's role and pair) never
  narrows a response below k people.
- **Figures** (`visible_cells`): a *cell* is one filter combination (every cohort and every role,
  one cohort, one role, one cohort and role, ...). For each question, a cell is shown only if at
  least k people answered that question in it (primary suppression), and only if no group of
  fewer than k people can be worked out from the cells shown, by subtracting some from others
  (secondary suppression). The cells are decided once for all filter combinations together, so
  a reader who asks for every filter in turn learns nothing a single page would not tell them.

Why the secondary rule is enough: the figures are sums over people (counts per answer value,
totals). Whatever a reader adds and subtracts, the result is a weighted sum over *classes*:
people who fall in exactly the same shown cells. A reader cannot tell two people of one class
apart, so the smallest group they can single out is a class. `visible_cells` hides cells until
every class of people in at least one shown cell has k people or more.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import product
from typing import TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from upward.programs.models import ANONYMITY_FLOOR, Program

# The filter dimensions of survey figures, in the order of a cell key. A new filter (department,
# location, ...) is one more name here and one more attribute in `Response`, coarsened on release.
DIMENSIONS = ("cohort", "role")

# One filter combination: a value per dimension, None for "all".
CellKey = tuple[str | None, ...]
# A person's (or group's) value per dimension, None when not kept.
Attrs = tuple[str | None, ...]
Q = TypeVar("Q", bound=Hashable)
ALL: CellKey = (None,) * len(DIMENSIONS)

SUPPRESSED_MESSAGE = gettext_lazy("Not enough responses to show without identifying people")
HIDDEN_QUESTION = gettext_lazy(
    "Hidden: fewer than %(k)s people answered this in this group, or it could be worked out from "
    "the groups shown."
)


def threshold(program: Program) -> int:
    """The k in force for a program: its anonymity threshold, never below the floor."""
    return max(ANONYMITY_FLOOR, program.anonymity_threshold)


def privacy_note(*, anonymous: bool, program: Program) -> str:
    """The promise shown above every survey, with the threshold in force when it is read."""
    k = threshold(program)
    if anonymous:
        return _(
            "This survey is anonymous: we record that you answered, never which answers were "
            "yours. Results are shown only for groups of at least %(k)s people, for each question "
            "and each filter; this number can be raised but never lowered once people answer."
        ) % {"k": k}
    return _(
        "This survey is named: your answers are kept with your name so you can read them back. "
        "Coordinators see totals only, for groups of at least %(k)s people."
    ) % {"k": k}


def cohort_value(month: dt.date | None) -> str | None:
    return f"{month:%Y-%m}" if month else None


def cell_key(*, cohort: dt.date | None = None, role: str = "") -> CellKey:
    """The cell of a page's filters (None for a filter left at "all")."""
    return (cohort_value(cohort), role or None)


# --- storage ------------------------------------------------------------------------------------

Group = tuple[str, dt.date | None]


def coarsen(groups: Sequence[Group], k: int) -> list[Group]:
    """Each (role, cohort month) of a batch, coarsened so every stored value is shared by >= k.

    Whole groups are coarsened, never single rows, in steps: first the cohort is dropped, then
    the role. A group still too small after both pulls the smallest other group up a step with
    it. A batch of at least k ends with every stored combination shared by at least k rows; a
    smaller batch must not be released at all (`services.release` holds it).
    """
    levels = [0] * len(groups)

    def stored(i: int) -> Group:
        role, cohort = groups[i]
        if levels[i] == 0:
            return role, cohort
        if levels[i] == 1:
            return role, None
        return "", None

    while True:
        classes: dict[Group, list[int]] = defaultdict(list)
        for i in range(len(groups)):
            classes[stored(i)].append(i)
        small = sorted(
            ((len(rows), str(key), key) for key, rows in classes.items() if len(rows) < k),
            key=lambda t: t[:2],
        )
        if not small:
            return [stored(i) for i in range(len(groups))]
        _, _, key = small[0]
        rows = classes[key]
        if levels[rows[0]] == 1:
            # Cohort already dropped: join the smallest group of the same role that still keeps
            # its cohort before dropping the role too.
            same_role = sorted(
                (len(r), str(k2), k2)
                for k2, r in classes.items()
                if levels[r[0]] == 0 and k2[0] == key[0]
            )
            if same_role:
                for i in classes[same_role[0][2]]:
                    levels[i] = 1
                continue
        if levels[rows[0]] < 2:
            for i in rows:
                levels[i] += 1
            continue
        # Fully coarsened and still too small: bring the smallest other group up one step.
        others = sorted(
            ((len(r), str(k2), k2) for k2, r in classes.items() if k2 != key and levels[r[0]] < 2),
            key=lambda t: t[:2],
        )
        if not others:  # the whole batch is one group smaller than k: nothing more to merge
            return [stored(i) for i in range(len(groups))]
        for i in classes[others[0][2]]:
            levels[i] += 1


# --- figures ------------------------------------------------------------------------------------


def cells_of(attrs: tuple[str | None, ...]) -> list[CellKey]:
    """Every cell a person with these attribute values falls in (None: value not kept)."""
    return [tuple(c) for c in product(*[(None,) if a is None else (None, a) for a in attrs])]


def cell_members(people: Mapping[Hashable, tuple[str | None, ...]]) -> dict[CellKey, set[Hashable]]:
    """The people of every non-empty cell, from each person's attribute values."""
    members: dict[CellKey, set[Hashable]] = defaultdict(set)
    for person, attrs in people.items():
        for key in cells_of(attrs):
            members[key].add(person)
    return dict(members)


def _classes(
    members: Mapping[CellKey, set[Hashable]], shown: set[CellKey]
) -> dict[frozenset[CellKey], set[Hashable]]:
    """People grouped by the exact set of shown cells they fall in (their signature)."""
    signature: dict[Hashable, set[CellKey]] = defaultdict(set)
    for key in shown:
        for person in members[key]:
            signature[person].add(key)
    classes: dict[frozenset[CellKey], set[Hashable]] = defaultdict(set)
    for person, sig in signature.items():
        classes[frozenset(sig)].add(person)
    return classes


def visible_cells(
    members: Mapping[CellKey, set[Hashable]],
    k: int,
    weight: Mapping[Hashable, int] | None = None,
) -> set[CellKey]:
    """The cells whose figures may be shown, for one question (or one figure) and every filter.

    Primary suppression hides cells of fewer than k people; then, while some class of people
    (same shown cells) is smaller than k, the cheapest fix is applied: hide the cells that tell
    it apart from another class (the smallest complementary cell, in the one-filter case) or
    hide every cell it is in, whichever hides fewer people. Each step hides at least one cell, so
    it ends; it ends only when every class has k people or more.

    `weight`: when the members are groups of people rather than people (every answerer with the
    same attribute values falls in the same cells, so they can be counted together), how many
    people each stands for.
    """

    def size(group: Iterable[Hashable]) -> int:
        return sum(weight[p] for p in group) if weight is not None else len(list(group))

    sizes = {key: size(people) for key, people in members.items()}
    shown = {key for key, n in sizes.items() if n >= k}
    while True:
        classes = _classes(members, shown)
        small = sorted(
            (size(people), sorted(map(str, sig)), sig)
            for sig, people in classes.items()
            if size(people) < k
        )
        if not small:
            return shown
        _, _, sig = small[0]
        options: list[tuple[int, int, list[str], frozenset[CellKey]]] = [
            (sum(sizes[c] for c in sig), len(sig), sorted(map(str, sig)), sig)
        ]
        for other in classes:
            if other != sig:
                diff = frozenset(sig ^ other)
                cost = sum(sizes[c] for c in diff)
                options.append((cost, len(diff), sorted(map(str, diff)), diff))
        _, _, _, hide = min(options, key=lambda o: (o[0], o[1], o[2]))
        shown -= hide


def question_cells_by_count(
    counts: Mapping[Q, Mapping[Attrs, int]], k: int
) -> dict[Q, tuple[dict[CellKey, set[Hashable]], set[CellKey]]]:
    """For each question: the cells (as sets of attribute-value groups) and the cells to show.

    `counts` says how many people of each attribute values answered each question (a GROUP BY in
    the database, not one row per answer): people with the same values fall in exactly the same
    cells, so deciding on the groups, weighted by their size, decides for the people. Questions
    answered by the same people (every required question of a survey) share one decision.
    """
    decided: dict[
        frozenset[tuple[Attrs, int]],
        tuple[dict[CellKey, set[Hashable]], set[CellKey]],
    ] = {}
    out: dict[Q, tuple[dict[CellKey, set[Hashable]], set[CellKey]]] = {}
    for question, by_attrs in counts.items():
        key = frozenset((a, n) for a, n in by_attrs.items() if n)
        if key not in decided:
            atoms: dict[Hashable, tuple[str | None, ...]] = {a: a for a, _ in key}
            members = cell_members(atoms)
            decided[key] = (members, visible_cells(members, k, weight=dict(key)))
        out[question] = decided[key]
    return out

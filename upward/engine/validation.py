"""Turn a version-1 instance (parsed JSON) into a typed `Instance`, or say exactly what is wrong.

Every problem is collected rather than raised on first sight, so a coordinator fixing a file sees
all of them at once. Messages start with the field path (``mentors[3].capacity: ...``) because the
command line prints them one per line and the web app shows them next to the offending field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from upward.engine.instance import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    MAX_TOPIC_LEVEL,
    OBJECTIVES,
    PROPOSING,
    SETTINGS_KEYS,
    STYLE_RANGE,
    Instance,
    InstanceError,
    Person,
    Settings,
)
from upward.engine.reasons import Reason, render

MAX_LEVEL = 1_000_000
MAX_CAPACITY = 100_000
# Characters that would break "one line per problem" (or the terminal) when a message quotes
# the input: control characters, line and paragraph separators, direction overrides, lone
# surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` with every character that could break a line or a terminal shown as \\uXXXX."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _show(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        # 1e400 in JSON reads as infinity: say what the file said, roughly.
        return "a number too large to use" if not math.isnan(value) else "not a number"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return "a number too large to use"
    if isinstance(value, str):
        return f'"{value[:60]}…"' if len(value) > 60 else f'"{value}"'
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return repr(value)


def _is_number(value: Any) -> bool:
    # bool is an int subclass in Python, but `true` is never a sensible level or score.
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer with hundreds of digits: no float can hold it
        return False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.reasons: list[Reason] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(one_line(f"{path}: {message}"))

    def reason(self, locked_at: int, reason: Reason) -> None:
        """A problem with a locked pair: kept as data too, so an app can word it with names."""
        self.reasons.append(reason)
        self.add(f"locked[{locked_at}]", render(reason))

    def strings(self, value: Any, path: str) -> tuple[str, ...]:
        if type(value) is list and all(type(item) is str for item in value):
            # The usual case, at C speed; duplicates carry no meaning ("run", "run") and go.
            return tuple(dict.fromkeys(value))
        if not isinstance(value, list):
            self.add(path, f"must be a list of strings, got {_show(value)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                if item not in out:  # duplicates carry no meaning ("run", "run") and are dropped
                    out.append(item)
            else:
                self.add(f"{path}[{i}]", f"must be a string, got {_show(item)}")
        return tuple(out)

    def person(self, raw: Any, path: str, *, is_mentor: bool) -> Person | None:
        if not isinstance(raw, dict):
            self.add(path, f"must be an object, got {_show(raw)}")
            return None
        pid = raw.get("id")
        if not isinstance(pid, str) or not pid:
            self.add(f"{path}.id", f"must be a non-empty string, got {_show(pid)}")
            return None
        level = raw.get("level")
        if level is not None and not (
            _is_number(level) and float(level).is_integer() and 0 <= level <= MAX_LEVEL
        ):
            self.add(
                f"{path}.level", f"must be a whole number from 0 to {MAX_LEVEL}, got {_show(level)}"
            )
            level = None
        department = raw.get("department")
        if department is not None and not isinstance(department, str):
            self.add(f"{path}.department", f"must be a string, got {_show(department)}")
            department = None
        text = raw.get("text", "")
        if text is None:
            text = ""
        if not isinstance(text, str):
            self.add(f"{path}.text", f"must be a string, got {_show(text)}")
            text = ""
        topics: dict[str, int] = {}
        raw_topics = raw.get("topics", {})
        if not isinstance(raw_topics, dict):
            self.add(f"{path}.topics", f"must be an object of topic: 0-3, got {_show(raw_topics)}")
        else:
            for slug, amount in raw_topics.items():
                if not _is_int(amount) or not 0 <= amount <= MAX_TOPIC_LEVEL:
                    self.add(
                        f"{path}.topics.{slug}", f"must be an integer 0-3, got {_show(amount)}"
                    )
                elif amount > 0:
                    topics[slug] = amount
        style: list[float] = []
        raw_style = raw.get("style", [])
        if not isinstance(raw_style, list):
            self.add(f"{path}.style", f"must be a list of numbers 1-5, got {_show(raw_style)}")
        else:
            for i, item in enumerate(raw_style):
                if not _is_number(item) or not STYLE_RANGE[0] <= item <= STYLE_RANGE[1]:
                    self.add(f"{path}.style[{i}]", f"must be a number 1-5, got {_show(item)}")
                else:
                    style.append(float(item))
        capacity = 1
        if is_mentor and "capacity" in raw:
            raw_capacity = raw["capacity"]
            if not _is_int(raw_capacity) or raw_capacity < 0:
                self.add(
                    f"{path}.capacity",
                    f"must be a non-negative integer, got {_show(raw_capacity)}",
                )
            elif raw_capacity > MAX_CAPACITY:
                self.add(
                    f"{path}.capacity", f"must be at most {MAX_CAPACITY}, got {_show(raw_capacity)}"
                )
            else:
                capacity = raw_capacity
        manager_chain = self.strings(raw.get("manager_chain", []), f"{path}.manager_chain")
        if pid in manager_chain:
            self.add(
                f"{path}.manager_chain",
                f"contains the person's own id {_show(pid)} (nobody is their own manager)",
            )
            manager_chain = tuple(m for m in manager_chain if m != pid)
        return Person(
            id=pid,
            level=None if level is None else float(level),
            department=department or None,
            manager_chain=manager_chain,
            languages=self.strings(raw.get("languages", []), f"{path}.languages"),
            topics=topics,
            interests=self.strings(raw.get("interests", []), f"{path}.interests"),
            affinity_groups=self.strings(raw.get("affinity_groups", []), f"{path}.affinity_groups"),
            style=tuple(style),
            text=text,
            capacity=capacity,
        )

    def people(self, raw: Any, key: str, *, is_mentor: bool) -> list[Person]:
        if raw is None:
            self.add(key, "required: a list of people")
            return []
        if not isinstance(raw, list):
            self.add(key, f"must be a list of people, got {_show(raw)}")
            return []
        people: list[Person] = []
        first_seen: dict[str, int] = {}
        for i, item in enumerate(raw):
            person = self.person(item, f"{key}[{i}]", is_mentor=is_mentor)
            if person is None:
                continue
            if person.id in first_seen:
                self.add(
                    f"{key}[{i}].id",
                    f"duplicate id {_show(person.id)} (also {key}[{first_seen[person.id]}])",
                )
                continue
            first_seen[person.id] = i
            people.append(person)
        return people

    def settings(self, raw: Any) -> Settings:
        if raw is None:
            return Settings()
        if not isinstance(raw, dict):
            self.add("settings", f"must be an object, got {_show(raw)}")
            return Settings()
        for key in raw:
            if key not in SETTINGS_KEYS:
                self.add(
                    f"settings.{key}", f"unknown setting (expected {', '.join(SETTINGS_KEYS)})"
                )
        defaults = Settings()
        objective = raw.get("objective", defaults.objective)
        if objective not in OBJECTIVES:
            self.add(
                "settings.objective",
                f"must be one of {', '.join(OBJECTIVES)}, got {_show(objective)}",
            )
            objective = defaults.objective
        proposing = raw.get("proposing", defaults.proposing)
        if proposing not in PROPOSING:
            self.add(
                "settings.proposing",
                f"must be one of {', '.join(PROPOSING)}, got {_show(proposing)}",
            )
            proposing = defaults.proposing
        gap = raw.get("min_level_gap", defaults.min_level_gap)
        if not _is_number(gap):
            self.add("settings.min_level_gap", f"must be a number, got {_show(gap)}")
            gap = defaults.min_level_gap
        flags: dict[str, bool] = {}
        for name in ("exclude_reporting_line", "require_shared_language"):
            value = raw.get(name, getattr(defaults, name))
            if not isinstance(value, bool):
                self.add(f"settings.{name}", f"must be true or false, got {_show(value)}")
                value = getattr(defaults, name)
            flags[name] = value
        min_score = raw.get("min_score", defaults.min_score)
        if not _is_number(min_score) or not 0 <= min_score <= 1:
            self.add("settings.min_score", f"must be a number in [0, 1], got {_show(min_score)}")
            min_score = defaults.min_score
        return Settings(
            objective=objective,
            proposing=proposing,
            min_level_gap=float(gap),
            min_score=float(min_score),
            weights=self.weights(raw.get("weights")),
            **flags,
        )

    def weights(self, raw: Any) -> dict[str, float]:
        weights = dict(DEFAULT_WEIGHTS)
        if raw is None:
            return weights
        if not isinstance(raw, dict):
            self.add("settings.weights", f"must be an object, got {_show(raw)}")
            return weights
        # A weights object is complete: criteria it leaves out weigh 0, so {"topics": 1} means
        # "match on topics only" rather than silently mixing in the defaults.
        weights = dict.fromkeys(CRITERIA, 0.0)
        for key, value in raw.items():
            if key not in CRITERIA:
                self.add(
                    f"settings.weights.{key}", f"unknown criterion (expected {', '.join(CRITERIA)})"
                )
            elif not _is_number(value) or value < 0:
                self.add(
                    f"settings.weights.{key}", f"must be a non-negative number, got {_show(value)}"
                )
            else:
                weights[key] = float(value)
        if all(w == 0 for w in weights.values()) and not any(
            p.startswith("settings.weights") for p in self.problems
        ):
            self.add("settings.weights", "at least one weight must be positive")
        return weights

    def scores(
        self, raw: Any, leader_ix: Mapping[str, int], mentor_ix: Mapping[str, int]
    ) -> list[tuple[int, int, float]]:
        if raw is None:
            return []
        if not isinstance(raw, dict):
            self.add(
                "scores", f"must be an object of leader id: {{mentor id: score}}, got {_show(raw)}"
            )
            return []
        out: list[tuple[int, int, float]] = []
        for lid, row in raw.items():
            if lid not in leader_ix:
                self.add(f"scores.{lid}", f"unknown leader id {_show(lid)}")
                continue
            if not isinstance(row, dict):
                self.add(
                    f"scores.{lid}", f"must be an object of mentor id: score, got {_show(row)}"
                )
                continue
            for mid, value in row.items():
                if mid not in mentor_ix:
                    self.add(f"scores.{lid}.{mid}", f"unknown mentor id {_show(mid)}")
                elif not _is_number(value) or not 0 <= value <= 1:
                    self.add(
                        f"scores.{lid}.{mid}", f"must be a number in [0, 1], got {_show(value)}"
                    )
                else:
                    out.append((leader_ix[lid], mentor_ix[mid], float(value)))
        return out

    def preferences(
        self, raw: Any, leader_ix: Mapping[str, int], mentor_ix: Mapping[str, int]
    ) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]]]:
        if raw is None:
            return {}, {}
        if not isinstance(raw, dict):
            self.add("preferences", f"must be an object with leaders and mentors, got {_show(raw)}")
            return {}, {}
        for key in raw:
            if key not in PROPOSING:
                self.add(f"preferences.{key}", "unknown key (expected leaders, mentors)")
        sides = (
            ("leaders", leader_ix, mentor_ix, "mentor"),
            ("mentors", mentor_ix, leader_ix, "leader"),
        )
        result: list[dict[int, tuple[int, ...]]] = []
        for side, own_ix, other_ix, other_kind in sides:
            lists: dict[int, tuple[int, ...]] = {}
            block = raw.get(side, {})
            if not isinstance(block, dict):
                self.add(
                    f"preferences.{side}", f"must be an object of id: [ids], got {_show(block)}"
                )
                block = {}
            for pid, ranking in block.items():
                path = f"preferences.{side}.{pid}"
                if pid not in own_ix:
                    self.add(path, f"unknown {side[:-1]} id {_show(pid)}")
                    continue
                if not isinstance(ranking, list):
                    self.add(path, f"must be a list of {other_kind} ids, got {_show(ranking)}")
                    continue
                try:  # the usual case, checked at C speed: known ids, each once
                    ranked = list(map(other_ix.__getitem__, ranking))
                    if len(set(ranked)) == len(ranked):
                        lists[own_ix[pid]] = tuple(ranked)
                        continue
                except (KeyError, TypeError):  # unknown or unhashable: say which, below
                    pass
                ranked = []
                seen: set[int] = set()
                for i, other in enumerate(ranking):
                    if not isinstance(other, str) or other not in other_ix:
                        self.add(f"{path}[{i}]", f"unknown {other_kind} id {_show(other)}")
                    elif other_ix[other] in seen:
                        self.add(
                            f"{path}[{i}]", f"{_show(other)} is ranked twice (lists are strict)"
                        )
                    else:
                        ranked.append(other_ix[other])
                        seen.add(other_ix[other])
                lists[own_ix[pid]] = tuple(ranked)
            result.append(lists)
        return result[0], result[1]

    def pairs(
        self, raw: Any, key: str, leader_ix: Mapping[str, int], mentor_ix: Mapping[str, int]
    ) -> list[tuple[int, int]]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.add(key, f"must be a list of [leader id, mentor id] pairs, got {_show(raw)}")
            return []
        out: list[tuple[int, int]] = []
        for i, pair in enumerate(raw):
            if not isinstance(pair, list) or len(pair) != 2:
                self.add(f"{key}[{i}]", f"must be a [leader id, mentor id] pair, got {_show(pair)}")
                continue
            ok = True
            for j, (ix, kind) in enumerate(((leader_ix, "leader"), (mentor_ix, "mentor"))):
                if not isinstance(pair[j], str) or pair[j] not in ix:
                    self.add(f"{key}[{i}][{j}]", f"unknown {kind} id {_show(pair[j])}")
                    ok = False
            if ok:
                out.append((leader_ix[pair[0]], mentor_ix[pair[1]]))
        return out


def static_infeasibility(settings: Settings, leader: Person, mentor: Person) -> Reason | None:
    """Why rules 1-3 of the contract exclude this pair, or None. Used for locked pairs."""
    pair: Reason = {"code": "locked_infeasible", "leader": leader.id, "mentor": mentor.id}
    gap = settings.min_level_gap
    if leader.level is not None and mentor.level is not None and leader.level - mentor.level < gap:
        return {
            **pair,
            "rule": "level_gap",
            "gap": gap,
            "leader_level": leader.level,
            "mentor_level": mentor.level,
        }
    if settings.exclude_reporting_line and (
        leader.id in mentor.manager_chain or mentor.id in leader.manager_chain
    ):
        return {**pair, "rule": "reporting_line"}
    if (
        settings.require_shared_language
        and leader.languages
        and mentor.languages
        and not set(leader.languages) & set(mentor.languages)
    ):
        return {**pair, "rule": "no_shared_language"}
    return None


def validate_instance(data: Any) -> Instance:
    """Check a parsed version-1 instance against the contract and return it typed.

    Raises `InstanceError` listing every problem found. The minimum-score rule for locked pairs
    needs scores, so the engine checks it after scoring.
    """
    check = _Checker()
    if not isinstance(data, dict):
        raise InstanceError([f"instance: must be a JSON object, got {_show(data)}"])
    version = data.get("version")
    if not _is_int(version) or version != 1:
        check.add("version", f"must be 1, got {_show(version)}")
    settings = check.settings(data.get("settings"))
    leaders = check.people(data.get("leaders"), "leaders", is_mentor=False)
    mentors = check.people(data.get("mentors"), "mentors", is_mentor=True)
    leader_ix = {p.id: i for i, p in enumerate(leaders)}
    mentor_ix = {p.id: i for i, p in enumerate(mentors)}
    scores = check.scores(data.get("scores"), leader_ix, mentor_ix)
    leader_prefs, mentor_prefs = check.preferences(data.get("preferences"), leader_ix, mentor_ix)
    forbidden = check.pairs(data.get("forbidden"), "forbidden", leader_ix, mentor_ix)
    locked_raw = data.get("locked")
    locked = check.pairs(locked_raw, "locked", leader_ix, mentor_ix)
    # Positions in the input list, to name the offending entry; valid pairs keep their order.
    positions = [
        i
        for i, pair in enumerate(locked_raw if isinstance(locked_raw, list) else [])
        if isinstance(pair, list)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], str)
        and pair[0] in leader_ix
        and pair[1] in mentor_ix
    ]
    forbidden_set = set(forbidden)
    leader_locked_at: dict[int, int] = {}
    mentor_load: dict[int, int] = {}
    for pos, (li, mi) in zip(positions, locked, strict=True):
        leader, mentor = leaders[li], mentors[mi]
        if li in leader_locked_at:
            also = leader_locked_at[li]
            check.reason(pos, {"code": "locked_twice", "leader": leader.id, "also": also})
            continue
        leader_locked_at[li] = pos
        mentor_load[mi] = mentor_load.get(mi, 0) + 1
        if mentor_load[mi] > mentor.capacity:
            check.reason(
                pos,
                {
                    "code": "locked_beyond_capacity",
                    "mentor": mentor.id,
                    "times": mentor_load[mi],
                    "capacity": mentor.capacity,
                },
            )
        reason = static_infeasibility(settings, leader, mentor)
        if reason is None and (li, mi) in forbidden_set:
            reason = {
                "code": "locked_infeasible",
                "leader": leader.id,
                "mentor": mentor.id,
                "rule": "forbidden",
            }
        if reason is not None:
            check.reason(pos, reason)
    if check.problems:
        raise InstanceError(check.problems, check.reasons)
    return Instance(
        settings=settings,
        leaders=tuple(leaders),
        mentors=tuple(mentors),
        scores=tuple(scores),
        leader_preferences=leader_prefs,
        mentor_preferences=mentor_prefs,
        locked=tuple(dict.fromkeys(locked)),
        forbidden=tuple(dict.fromkeys(forbidden)),
    )

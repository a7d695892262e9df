"""The engine's reasons in the words people recognise: their names, the topics' titles, and the
reader's own language.

The engine explains with codes and facts in engine ids (``p12``, ``ai-tools``) and keeps one
English phrasebook (`upward.engine.render`) for the command line and the API. Runs store both:
the English sentences (``ProposedPair.reasons``, what the API shows) and the codes with their
facts (``ProposedPair.explanation``), which this module words at display time in the active
language (`words_for`, `annotate_proposals`). In English both read the same.

To add a reason code: word it in `_sentence` (and in the engine's phrasebook), then run
`scripts/messages.py --only matching` and translate the new entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf.locale import LANG_INFO
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from upward.engine import InstanceError, Naming, Reason, render
from upward.engine.reasons import NAMES_SHOWN
from upward.people.models import Person
from upward.programs.models import Topic

# --- the stored English (engine phrasebook): what the API shows --------------------------------


def naming(names: Mapping[str, str]) -> Naming:
    """People by name (``names``: engine id -> name), topics by title, settings in words."""
    titles = dict(Topic.objects.values_list("slug", "name"))
    return Naming(
        person=lambda engine_id: names.get(engine_id, engine_id),
        topic=lambda slug: titles.get(slug, slug),
        min_score="the minimum score",
        min_level_gap="the minimum level gap",
    )


def sentences(reasons: Iterable[Reason], words: Naming, *, locked_because: str = "") -> list[str]:
    """The engine's reasons in English words; a locked pair says why it is locked when the app
    knows (a consultation's yes is not the coordinator's lock)."""
    return [
        locked_because[:1].upper() + locked_because[1:]
        if reason.get("code") == "locked" and locked_because
        else render(reason, words)
        for reason in reasons
    ]


def explained(reasons: Iterable[Reason], *, locked_by: str = "") -> list[Reason]:
    """The reasons as stored for wording later; `locked_by` is the lock rule's source."""
    return [
        {**reason, "by": locked_by} if reason.get("code") == "locked" and locked_by else reason
        for reason in reasons
    ]


def problems(exc: InstanceError, words: Naming) -> list[str]:
    """What stops a run (stored with the run, in English): the coordinator's locked pairs in
    words, else the engine's own lines (those name the field to look at)."""
    return sentences(exc.reasons, words) if exc.reasons else list(exc.problems)


# --- the reader's words ------------------------------------------------------------------------

# The words for a stored English text the app writes itself (not the engine): shown translated.
UNMATCHED_BY_APP = {
    "pair forbidden by the coordinator; re-run to match": gettext_lazy(
        "pair forbidden by the coordinator; re-run to match"
    ),
    "asked for another match; re-run to match": gettext_lazy(
        "asked for another match; re-run to match"
    ),
}

NUMBER_WORDS = (
    pgettext_lazy("number of goals", "zero"),
    pgettext_lazy("number of goals", "one"),
    pgettext_lazy("number of goals", "two"),
    pgettext_lazy("number of goals", "three"),
    pgettext_lazy("number of goals", "four"),
    pgettext_lazy("number of goals", "five"),
    pgettext_lazy("number of goals", "six"),
    pgettext_lazy("number of goals", "seven"),
    pgettext_lazy("number of goals", "eight"),
    pgettext_lazy("number of goals", "nine"),
)


def language_name(code: str) -> str:
    """'ar' -> 'Arabic' / 'Arabisch' / 'arabe': Django's catalogues name every language it knows
    in the reader's language; an unknown code is shown as it is."""
    info = LANG_INFO.get(code.lower()) or LANG_INFO.get(code.split("-")[0].lower())
    if not info or "name" not in info:
        return code
    return _(info["name"])


def language_names(codes: Iterable[str]) -> list[str]:
    return [language_name(code) for code in codes]


@dataclass
class Words:
    """How the reader calls people and topics (by id and slug); the rest is gettext."""

    names: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)

    def person(self, engine_id: str) -> str:
        return self.names.get(engine_id, engine_id)

    def topic(self, slug: str) -> str:
        return self.titles.get(slug, slug)


PERSON_ID = re.compile(r"^p(\d+)$")


def _ids(reason: Reason) -> set[str]:
    found = {reason[k] for k in ("leader", "mentor", "person") if isinstance(reason.get(k), str)}
    found.update(p for p in reason.get("partners", []) if isinstance(p, str))
    best = reason.get("best")
    if isinstance(best, dict) and isinstance(best.get("with"), str):
        found.add(best["with"])
    return found


def words_for(reasons: Iterable[Reason]) -> Words:
    """Names and topic titles for the people and topics these reasons mention (two queries)."""
    person_ids = {
        int(m.group(1)) for r in reasons for eid in _ids(r) if (m := PERSON_ID.match(eid))
    }
    names = {
        f"p{pk}": name
        for pk, name in Person.objects.filter(pk__in=person_ids).values_list("pk", "name")
    }
    return Words(names=names, titles=dict(Topic.objects.values_list("slug", "name")))


def annotate_proposals(proposals: Iterable[Any], unmatched: Iterable[Any] = ()) -> None:
    """Give each proposal `shown_reasons` and each unmatched entry `shown_reason`: the stored
    codes worded in the active language (rows from before codes were stored keep their text)."""
    proposals, unmatched = list(proposals), list(unmatched)
    every = [r for p in proposals for r in (p.explanation or [])]
    every += [u.explanation for u in unmatched if u.explanation]
    words = words_for(every) if every else Words()
    for p in proposals:
        p.shown_reasons = [say(r, words) for r in p.explanation] if p.explanation else p.reasons
    for u in unmatched:
        if u.explanation:
            u.shown_reason = say(u.explanation, words)
        else:
            u.shown_reason = str(UNMATCHED_BY_APP.get(u.reason, u.reason))


# --- numbers and lists in the reader's language ---------------------------------------------------


def _num(value: float, places: int | None = None) -> str:
    """0.83 / 0,83: `places` decimals, or as few as needed (like ``:g``)."""
    if places is None:
        text = f"{value:g}"
        places = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True)


def _percent(value: float) -> str:
    return _("%(n)s%%") % {"n": formats.number_format(round(value * 100), use_l10n=True)}


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _or(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    sentence = items[0]
    for item in items[1:]:
        sentence = _("%(first)s or %(second)s") % {"first": sentence, "second": item}
    return sentence


def _count(n: int) -> str:
    return str(NUMBER_WORDS[n]) if 0 <= n < len(NUMBER_WORDS) else str(n)


def _names(shown: Sequence[str], total: int | None = None) -> str:
    total = len(shown) if total is None else total
    listed = ", ".join(shown[:NAMES_SHOWN])
    if total <= NAMES_SHOWN:
        return listed
    more = total - NAMES_SHOWN
    return ngettext("%(names)s and %(n)d more", "%(names)s and %(n)d more", more) % {
        "names": listed,
        "n": more,
    }


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10)
    return f"{n}{suffix or 'th'}"


ORDINALS: dict[str, Callable[[int], str]] = {
    "en": _english_ordinal,
    "fr": lambda n: "1er" if n == 1 else f"{n}e",
    "de": lambda n: f"{n}.",
    "es": lambda n: f"{n}.º",
}


def _ordinal(n: int) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return ORDINALS.get(language, _english_ordinal)(n)


# --- the phrasebook ------------------------------------------------------------------------------


def say(reason: Reason, words: Words) -> str:
    """One stored reason as a sentence in the active language."""
    sentence = _sentence(reason, words)
    if "capacity_left" in reason:  # an unmatched mentor's reason starts with what they have left
        return _("capacity left: %(n)s; %(reason)s") % {
            "n": reason["capacity_left"],
            "reason": sentence,
        }
    return sentence


def _sentence(r: Reason, w: Words) -> str:
    code = r["code"]
    person, topic = w.person, w.topic
    if code == "locked":
        if r.get("by") == "consultation":
            return _("Both accepted this match in the consultation")
        return _("Locked by the coordinator")
    if code == "stable_ranks":
        return _(
            "%(leader)s ranks %(mentor)s %(leader_rank)s and %(mentor)s ranks %(leader)s "
            "%(mentor_rank)s among the partners open to them"
        ) % {
            "leader": person(r["leader"]),
            "mentor": person(r["mentor"]),
            "leader_rank": _ordinal(r["leader_rank"]),
            "mentor_rank": _ordinal(r["mentor_rank"]),
        }
    if code == "no_topic_covered":
        return _("%(mentor)s cannot teach any of %(leader)s's goals (%(goals)s)") % {
            "mentor": person(r["mentor"]),
            "leader": person(r["leader"]),
            "goals": _names([topic(s) for s in r["goals"]]),
        }
    if code == "topics_covered":
        return _topics_covered(r, w)
    if code == "shared_interests":
        return _("Both enjoy %(interests)s") % {"interests": _and(r["interests"])}
    if code == "shared_affinity_groups":
        return ngettext(
            "Both belong to the %(groups)s affinity group",
            "Both belong to the %(groups)s affinity groups",
            len(r["groups"]),
        ) % {"groups": _and(r["groups"])}
    if code == "similar_style":
        return _("Similar working styles (%(match)s match)") % {"match": _percent(r["match"])}
    if code == "different_style":
        return _(
            "Different working styles (%(match)s match): agree early on how to work together"
        ) % {"match": _percent(r["match"])}
    if code == "different_departments":
        return _(
            "Different departments (%(leader_department)s / %(mentor_department)s): a view from "
            "outside the leader's world"
        ) % {
            "leader_department": r["leader_department"],
            "mentor_department": r["mentor_department"],
        }
    if code == "same_department":
        return _("Same department (%(department)s): less of an outside view") % {
            "department": r["department"]
        }
    if code == "shared_words":
        return _("Their own descriptions meet on %(terms)s") % {"terms": _and(r["terms"])}
    if code in ("locked_twice", "locked_beyond_capacity", "locked_infeasible"):
        return _locked(r, w)
    if code == "given_score":
        return _("Score %(score)s given in the input (the criteria alone give %(computed)s)") % {
            "score": _num(r["score"]),
            "computed": _num(r["computed"], 2),
        }
    return _unmatched(r, w)


def _topics_covered(r: Reason, w: Words) -> str:
    leader, covered = w.person(r["leader"]), r["covered"]
    facts = {
        "mentor": w.person(r["mentor"]),
        "leader": leader,
        "topics": _and([w.topic(s) for s in covered]),
        "count": _count(len(covered)),
        "goals": _count(r["goals"]),
    }
    if r["top"] and len(covered) == 1:
        sentence = _("%(mentor)s can teach %(topics)s, %(leader)s's top goal") % facts
    elif r["top"]:
        sentence = _("%(mentor)s can teach %(topics)s, %(leader)s's top %(count)s goals") % facts
    else:
        sentence = (
            _("%(mentor)s can teach %(topics)s, %(count)s of %(leader)s's %(goals)s goals") % facts
        )
    short = r.get("short")
    if not short:
        return sentence
    return _("%(reason)s (%(topic)s at level %(can)s where %(leader)s wants %(wants)s)") % {
        "reason": sentence,
        "topic": w.topic(short["topic"]),
        "can": short["can"],
        "leader": leader,
        "wants": short["wants"],
    }


def _locked(r: Reason, w: Words) -> str:
    """Problems with a coordinator's locked pairs (shown when a swap breaks a rule)."""
    person = w.person
    if r["code"] == "locked_twice":
        return _("leader %(leader)s is locked twice (also locked[%(also)s])") % {
            "leader": person(r["leader"]),
            "also": r["also"],
        }
    if r["code"] == "locked_beyond_capacity":
        return _("mentor %(mentor)s is locked %(times)s times, beyond capacity %(capacity)s") % {
            "mentor": person(r["mentor"]),
            "times": r["times"],
            "capacity": r["capacity"],
        }
    facts = {"leader": person(r["leader"]), "mentor": person(r["mentor"])}
    rule = r["rule"]
    if rule == "level_gap":
        why = _(
            "level gap %(gap)s is below the minimum level gap %(min)s (%(leader)s is level "
            "%(leader_level)s, %(mentor)s level %(mentor_level)s)"
        ) % {
            **facts,
            "gap": _num(r["leader_level"] - r["mentor_level"]),
            "min": _num(r["gap"]),
            "leader_level": _num(r["leader_level"]),
            "mentor_level": _num(r["mentor_level"]),
        }
    elif rule == "reporting_line":
        why = _("%(leader)s and %(mentor)s are in the same reporting line") % facts
    elif rule == "no_shared_language":
        why = _("%(leader)s and %(mentor)s share no language") % facts
    elif rule == "forbidden":
        why = _("the pair is also forbidden")
    else:
        why = _("score %(score)s is below the minimum score %(min)s") % {
            "score": _num(r["score"], 4),
            "min": _num(r["min_score"]),
        }
    return _("pair %(leader)s-%(mentor)s is infeasible: %(why)s") % {**facts, "why": why}


def _unmatched(r: Reason, w: Words) -> str:
    code = r["code"]
    person = w.person
    wants_mentor = r.get("other", "") == "mentor"  # a leader left without a mentor
    if code == "empty_pool":
        return _("no mentors in the pool") if wants_mentor else _("no leaders in the pool")
    if code == "no_capacity":
        return _("capacity 0: not taking a leader this round")
    if code == "all_leaders_locked":
        return _("every leader is already locked to a mentor")
    facts: dict[str, Any] = {"person": person(r["person"]) if "person" in r else ""}
    if code == "level_gap":
        facts["gap"] = _num(r["gap"])
        sentence = (
            _("no mentor at least %(gap)s levels below") % facts
            if wants_mentor
            else _("no leader at least %(gap)s levels above") % facts
        )
        if r.get("level") is None:
            return sentence
        return _("%(reason)s (%(person)s is level %(level)s)") % {
            **facts,
            "reason": sentence,
            "level": _num(r["level"]),
        }
    if code == "reporting_line":
        facts["gap"] = _num(r["gap"])
        if wants_mentor:
            return (
                _("every mentor at least %(gap)s levels below is in %(person)s's reporting line")
                % facts
            )
        return (
            _("every leader at least %(gap)s levels above is in %(person)s's reporting line")
            % facts
        )
    if code == "no_shared_language":
        facts["languages"] = _or(language_names(r["languages"]))
        if r["outside_reporting_line"]:
            return (
                _("no mentor outside the reporting line speaks %(languages)s") % facts
                if wants_mentor
                else _("no leader outside the reporting line speaks %(languages)s") % facts
            )
        return (
            _("no mentor speaks %(languages)s") % facts
            if wants_mentor
            else _("no leader speaks %(languages)s") % facts
        )
    if code == "forbidden":
        facts["partners"] = _names([person(p) for p in r["partners"]])
        if wants_mentor:
            return _("the only possible mentors (%(partners)s) are forbidden pairs") % facts
        return _("the only possible leaders (%(partners)s) are forbidden pairs") % facts
    if code == "below_min_score":
        facts["min"] = _num(r["min_score"])
        sentence = (
            _("no mentor reaches the minimum score %(min)s") % facts
            if wants_mentor
            else _("no leader reaches the minimum score %(min)s") % facts
        )
        best = r.get("best")
        if not best:
            return sentence
        return _("%(reason)s (best: %(score)s with %(person)s)") % {
            "reason": sentence,
            "score": _num(best["score"], 2),
            "person": person(best["with"]),
        }
    facts["partners"] = _names([person(p) for p in r.get("partners", [])], r.get("partner_count"))
    facts["n"] = count = r.get("partner_count", 0)
    if code == "no_mutual_choice":
        facts["n"] = r.get("feasible", 0)
        if not wants_mentor:
            return (
                _(
                    "no feasible leader left: none of the %(n)s feasible leaders is on "
                    "%(person)s's "
                    "list with %(person)s on theirs"
                )
                % facts
            )
        return (
            _(
                "none of the %(n)s feasible mentors is on %(person)s's list with %(person)s on "
                "theirs"
            )
            % facts
        )
    if code == "preferred_elsewhere":
        return _preferred_elsewhere(count, wants_mentor) % facts
    if code == "outscored":
        facts["n"] = feasible = r.get("feasible", 0)
        sentence = _outscored(feasible, wants_mentor) % facts
        if not count:
            return sentence
        if not wants_mentor:
            return _("%(reason)s (%(partners)s)") % {**facts, "reason": sentence}
        return _("%(reason)s (best for %(person)s: %(partners)s)") % {**facts, "reason": sentence}
    raise ValueError(f"unknown reason code {code!r}")


def _preferred_elsewhere(n: int, wants_mentor: bool) -> str:
    if not wants_mentor:
        if n == 1:
            return _(
                "no feasible leader left: the only leader %(person)s could pair with "
                "(%(partners)s) was matched with mentors they rank higher"
            )
        if n == 2:
            return _(
                "no feasible leader left: both leaders %(person)s could pair with "
                "(%(partners)s) were matched with mentors they rank higher"
            )
        return _(
            "no feasible leader left: all %(n)s leaders %(person)s could pair with "
            "(%(partners)s) were matched with mentors they rank higher"
        )
    if n == 1:
        return _(
            "the only mentor %(person)s could pair with (%(partners)s) was at capacity with "
            "leaders they rank higher"
        )
    if n == 2:
        return _(
            "both mentors %(person)s could pair with (%(partners)s) were at capacity with "
            "leaders they rank higher"
        )
    return _(
        "all %(n)s mentors %(person)s could pair with (%(partners)s) were at capacity with "
        "leaders they rank higher"
    )


def _outscored(n: int, wants_mentor: bool) -> str:
    if not wants_mentor:
        if n == 1:
            return _(
                "no feasible leader left: the only feasible leader was matched with "
                "better-scoring pairs"
            )
        if n == 2:
            return _(
                "no feasible leader left: both feasible leaders were matched with better-scoring "
                "pairs"
            )
        return _(
            "no feasible leader left: all %(n)s feasible leaders were matched with "
            "better-scoring pairs"
        )
    if n == 1:
        return _("the only feasible mentor was at capacity with better-scoring pairs")
    if n == 2:
        return _("both feasible mentors were at capacity with better-scoring pairs")
    return _("all %(n)s feasible mentors were at capacity with better-scoring pairs")


# Stages a run reports while it works (MatchRun.stage), for the progress line.
STAGES = (
    pgettext_lazy("match run stage", "preparing"),
    pgettext_lazy("match run stage", "scoring"),
    pgettext_lazy("match run stage", "explaining"),
    pgettext_lazy("match run stage", "saving"),
    pgettext_lazy("match run stage", "done"),
    pgettext_lazy("match run stage", "failed"),
    pgettext_lazy("match run stage", "cancelled"),
    pgettext_lazy("match run stage", "requeued: its worker stopped"),
    pgettext_lazy("match run stage", "working"),
)

"""Benchmark the matching engine against scipy alone, a greedy baseline and `matching` 1.4.3.

    python benchmarks/bench_matching.py          # full sizes (several minutes)
    python benchmarks/bench_matching.py --quick  # small sizes, a smoke test
    python benchmarks/bench_matching.py --whole  # only the whole-process `upward match` figures

The whole-process figures time `upward match IN.json --out OUT.json` as a user runs it (a fresh
interpreter: imports, reading, solving, explaining, writing; the median of three runs), each
printed beside its peer measured in the same run: scipy's bare `linear_sum_assignment` on the
same matrix for `max_total`, the `matching` package for `stable`.

Each case runs in its own subprocess so its peak memory (ru_maxrss) is its own. Instances are
random but realistic (levels, departments, reporting lines, languages, topics, interests,
affinity groups, styles, free text, capacities 1-3) and seeded, so runs are comparable.
Progress goes to stderr; the table to stdout. Figures are recorded in docs/benchmarks-matching.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from matching.games import HospitalResident
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from upward.engine import solve, validate_instance
from upward.engine.candidates import EXACT_PAIRS, Diagnostics, candidate_graph
from upward.engine.scoring import build_features

ROOT = Path(__file__).resolve().parents[1]

TOPICS = [
    "ai-tools",
    "social-media",
    "gen-z-consumers",
    "creator-economy",
    "hybrid-work",
    "mental-health",
    "inclusion",
    "career-paths",
    "automation",
    "sustainability",
    "gaming",
    "short-video",
    "data-literacy",
    "privacy",
    "no-code",
]
INTERESTS = [
    "cycling",
    "running",
    "chess",
    "film",
    "cooking",
    "climbing",
    "photography",
    "gaming",
    "yoga",
    "jazz",
    "football",
    "tennis",
    "reading",
    "podcasts",
    "travel",
    "gardening",
    "painting",
    "theatre",
    "hiking",
    "swimming",
    "baking",
    "poetry",
    "sailing",
    "skiing",
    "music",
    "dance",
    "coding",
    "volunteering",
    "languages",
    "board-games",
]
GROUPS = ["pride", "women", "vets", "parents", "neurodiversity", "black-employees"]
DEPARTMENTS = [
    "Finance",
    "Marketing",
    "Sales",
    "Engineering",
    "Operations",
    "HR",
    "Legal",
    "Product",
]
WORDS = [
    "brand",
    "tiktok",
    "video",
    "short",
    "team",
    "experiments",
    "audience",
    "growth",
    "social",
    "community",
    "creator",
    "data",
    "dashboard",
    "automation",
    "workflow",
    "tools",
    "prompt",
    "model",
    "learning",
    "coaching",
    "career",
    "mentoring",
    "wellbeing",
    "hybrid",
    "remote",
    "office",
    "meetings",
    "inclusion",
    "diversity",
    "gaming",
    "stream",
    "youtube",
    "instagram",
    "campaign",
    "customer",
    "insight",
    "research",
    "product",
    "launch",
    "analytics",
    "privacy",
    "security",
    "cloud",
    "code",
    "nocode",
    "spreadsheet",
    "climate",
    "energy",
    "sustainability",
    "recycling",
    "podcast",
    "newsletter",
    "writing",
    "design",
    "ux",
    "feedback",
    "culture",
    "budget",
    "forecast",
    "pricing",
    "retail",
    "supply",
    "chain",
    "hiring",
    "onboarding",
    "culture",
    "values",
    "strategy",
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def make_instance(n_leaders: int, n_mentors: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)

    def person(i: int, mentor: bool) -> dict[str, Any]:
        p: dict[str, Any] = {
            "id": f"{'M' if mentor else 'L'}{i}",
            "level": int(rng.integers(1, 7) if mentor else rng.integers(7, 13)),
            "department": str(rng.choice(DEPARTMENTS)),
            "manager_chain": [f"P{rng.integers(500)}" for _ in range(rng.integers(1, 4))],
            "languages": ["en"]
            if rng.random() < 0.85
            else [str(x) for x in rng.choice(["fr", "de", "es"], rng.integers(1, 3), False)],
            "topics": {
                str(t): int(rng.integers(1, 4))
                for t in rng.choice(TOPICS, rng.integers(1, 5), False)
            },
            "interests": [str(x) for x in rng.choice(INTERESTS, rng.integers(1, 5), False)],
            "affinity_groups": [str(x) for x in rng.choice(GROUPS, rng.integers(0, 3), False)],
            "style": [int(x) for x in rng.integers(1, 6, 3)],
            "text": " ".join(str(w) for w in rng.choice(WORDS, rng.integers(6, 16))),
        }
        if mentor:
            p["capacity"] = int(rng.choice([1, 1, 1, 1, 1, 1, 1, 2, 2, 3]))
            if rng.random() < 0.2:
                p["manager_chain"].append(f"L{rng.integers(n_leaders)}")
        return p

    forbidden = {
        (f"L{rng.integers(n_leaders)}", f"M{rng.integers(n_mentors)}")
        for _ in range(max(1, n_leaders // 100))
    }
    return {
        "version": 1,
        "settings": {"objective": "max_total"},
        "leaders": [person(i, False) for i in range(n_leaders)],
        "mentors": [person(j, True) for j in range(n_mentors)],
        "forbidden": [list(pair) for pair in sorted(forbidden)],
    }


def greedy_total(
    leaders: np.ndarray, mentors: np.ndarray, scores: np.ndarray, cap: np.ndarray
) -> tuple[int, float]:
    """Best-score-first: take each pair if both sides still have room."""
    room = cap.copy()
    taken = np.zeros(int(leaders.max(initial=-1)) + 1, dtype=bool)
    count, total = 0, 0.0
    for k in np.argsort(-scores, kind="stable"):
        leader, mentor = leaders[k], mentors[k]
        if not taken[leader] and room[mentor] > 0:
            taken[leader] = True
            room[mentor] -= 1
            count, total = count + 1, total + float(scores[k])
    return count, total


def feasible_matrix(instance: dict[str, Any]) -> tuple[np.ndarray, Any, np.ndarray, float]:
    """The capacity-expanded matrix of BIG + score over feasible pairs (0 elsewhere): what
    scipy alone gets, from the engine's own feasible scores."""
    inst = validate_instance(instance)
    n_l, n_m = len(inst.leaders), len(inst.mentors)
    features = build_features(inst)
    cap = np.array([m.capacity for m in inst.mentors])
    graph = candidate_graph(features, np.arange(n_l), cap, Diagnostics.empty(n_l, n_m), exact=True)
    big = n_l + 1.0
    slots = np.repeat(np.arange(n_m), np.minimum(cap, n_l))
    value = np.zeros((n_l, n_m))
    value[graph.leaders, graph.mentors] = big + graph.scores
    return value[:, slots], graph, cap, big


def bare_scipy(expanded: np.ndarray, runs: int = 1) -> tuple[float, Any, Any]:
    """Median seconds of scipy's linear_sum_assignment alone, and its answer."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        rows, cols = linear_sum_assignment(expanded, maximize=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows, cols


def case_max_total(n_l: int, n_m: int) -> dict[str, Any]:
    instance = make_instance(n_l, n_m, seed=1)
    started = time.perf_counter()
    result = solve(instance)
    engine_seconds = time.perf_counter() - started
    # The same feasible score matrix, handed to scipy alone and to the greedy baseline.
    expanded, graph, cap, big = feasible_matrix(instance)
    scipy_seconds, rows, cols = bare_scipy(expanded)
    chosen = expanded[rows, cols]
    scipy_total = float((chosen[chosen > 0] - big).sum())
    started = time.perf_counter()
    greedy_pairs, greedy = greedy_total(graph.leaders, graph.mentors, graph.scores, cap)
    greedy_seconds = time.perf_counter() - started
    engine_total = float(sum(p["score"] for p in result["pairs"]))
    return {
        "engine_seconds": engine_seconds,
        "engine_pairs": len(result["pairs"]),
        "engine_total": result["stats"]["total_score"],
        "scipy_seconds": scipy_seconds,
        "scipy_pairs": int((chosen > 0).sum()),
        "scipy_total": scipy_total,
        "greedy_seconds": greedy_seconds,
        "greedy_pairs": greedy_pairs,
        "greedy_total": greedy,
        "greedy_gap_pct": 100 * (engine_total - greedy) / engine_total,
    }


def stable_instance(
    n: int, length: int
) -> tuple[dict[str, Any], dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """n x n with random strict lists of ``length`` mentors per leader (mentors rank those who
    ranked them), capacities 1-2; the instance and the package's three dictionaries."""
    rng = np.random.default_rng(2)
    leader_prefs = {
        f"L{i}": [f"M{j}" for j in rng.choice(n, length, replace=False)] for i in range(n)
    }
    ranked_by: dict[str, list[str]] = {f"M{j}": [] for j in range(n)}
    for leader, ranking in leader_prefs.items():
        for mentor in ranking:
            ranked_by[mentor].append(leader)
    mentor_prefs = {m: [str(x) for x in rng.permutation(v)] for m, v in ranked_by.items()}
    capacities = {f"M{j}": int(rng.choice([1, 1, 2])) for j in range(n)}
    instance = {
        "version": 1,
        "settings": {
            "objective": "stable",
            "proposing": "leaders",
            "exclude_reporting_line": False,
            "require_shared_language": False,
        },
        "leaders": [{"id": f"L{i}"} for i in range(n)],
        "mentors": [{"id": f"M{j}", "capacity": capacities[f"M{j}"]} for j in range(n)],
        "preferences": {"leaders": leader_prefs, "mentors": mentor_prefs},
    }
    return instance, leader_prefs, mentor_prefs, capacities


def package_stable(
    leader_prefs: dict[str, list[str]],
    mentor_prefs: dict[str, list[str]],
    capacities: dict[str, int],
) -> tuple[float, set[tuple[str, str]]]:
    """Seconds for the `matching` package to build and solve the game, and its pairs."""
    mentor_prefs = {m: v for m, v in mentor_prefs.items() if v}
    # The package deep-copies its linked player objects recursively.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 200_000))
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(
            leader_prefs, mentor_prefs, {m: capacities[m] for m in mentor_prefs}
        )
        found = game.solve(optimal="resident")
    seconds = time.perf_counter() - started
    return seconds, {(r.name, h.name) for h, rs in found.items() for r in rs}


def whole_process(instance: dict[str, Any], runs: int = 3) -> tuple[float, dict[str, Any]]:
    """Median wall seconds of `upward match` in a fresh interpreter, and its result."""
    # An installed package ships compiled bytecode (pip compiles on install; `make setup`
    # compiles the editable checkout). Compile first so that the figure does not depend on
    # whether this checkout was edited since, nor on PYTHONDONTWRITEBYTECODE.
    compileall.compile_dir(ROOT / "upward", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.json", Path(folder) / "out.json"
        source.write_text(json.dumps(instance))
        command = [sys.executable, "-m", "upward", "match", str(source), "--out", str(target)]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([*command, "--quiet"], cwd=ROOT, check=True)
            times.append(time.perf_counter() - started)
        return statistics.median(times), json.loads(target.read_text())


def case_process_max_total(n_l: int, n_m: int) -> dict[str, Any]:
    instance = make_instance(n_l, n_m, seed=1)
    seconds, result = whole_process(instance)
    expanded, _, _, big = feasible_matrix(instance)
    scipy_seconds, rows, cols = bare_scipy(expanded, runs=3)
    chosen = expanded[rows, cols]
    return {
        "seconds": seconds,
        "pairs": result["stats"]["pairs"],
        "total": result["stats"]["total_score"],
        "scipy_seconds": scipy_seconds,
        "scipy_pairs": int((chosen > 0).sum()),
        "scipy_total": float((chosen[chosen > 0] - big).sum()),
    }


def case_process_stable(n: int, length: int) -> dict[str, Any]:
    instance, leader_prefs, mentor_prefs, capacities = stable_instance(n, length)
    seconds, result = whole_process(instance)
    package_seconds, theirs = package_stable(leader_prefs, mentor_prefs, capacities)
    ours = {(p["leader"], p["mentor"]) for p in result["pairs"]}
    return {
        "seconds": seconds,
        "pairs": len(ours),
        "package_seconds": package_seconds,
        "identical": ours == theirs,
    }


def case_stable(n: int, length: int) -> dict[str, Any]:
    instance, leader_prefs, mentor_prefs, capacities = stable_instance(n, length)
    started = time.perf_counter()
    result = solve(instance)
    engine_seconds = time.perf_counter() - started
    package_seconds, theirs = package_stable(leader_prefs, mentor_prefs, capacities)
    ours = {(p["leader"], p["mentor"]) for p in result["pairs"]}
    return {
        "engine_seconds": engine_seconds,
        "package_seconds": package_seconds,
        "pairs": len(ours),
        "identical": ours == theirs,
    }


def case_large(n_l: int, n_m: int) -> dict[str, Any]:
    instance = make_instance(n_l, n_m, seed=3)
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 5 or done == total:
            last[0] = time.perf_counter()
            log(f"{n_l}x{n_m} {stage} {done}/{total}")

    started = time.perf_counter()
    result = solve(instance, progress=progress)
    return {
        "seconds": time.perf_counter() - started,
        "pairs": result["stats"]["pairs"],
        "total": result["stats"]["total_score"],
    }


def case_gap(n_l: int, n_m: int) -> dict[str, Any]:
    instance = make_instance(n_l, n_m, seed=4)
    started = time.perf_counter()
    pruned = solve(instance, exact=False)
    pruned_seconds = time.perf_counter() - started
    started = time.perf_counter()
    exact = solve(instance, exact=True)
    exact_seconds = time.perf_counter() - started
    p, e = pruned["stats"], exact["stats"]
    return {
        "pruned_seconds": pruned_seconds,
        "exact_seconds": exact_seconds,
        "pruned_pairs": p["pairs"],
        "exact_pairs": e["pairs"],
        "pruned_total": p["total_score"],
        "exact_total": e["total_score"],
        "gap_pct": 100 * (e["total_score"] - p["total_score"]) / e["total_score"],
    }


CASES = {
    "max_total": case_max_total,
    "stable": case_stable,
    "large": case_large,
    "gap": case_gap,
    "process_max_total": case_process_max_total,
    "process_stable": case_process_stable,
}


def run_case(name: str, args: list[int]) -> dict[str, Any]:
    """Run one case in a fresh interpreter; add its wall time and peak RSS."""
    log(f"running {name} {args}")
    command = [sys.executable, __file__, "--case", name, *map(str, args)]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"case {name} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke test")
    parser.add_argument("--whole", action="store_true", help="only the whole-process figures")
    parser.add_argument("--case", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("sizes", nargs="*", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        out = CASES[args.case](*args.sizes)
        out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out))
        return
    q = args.quick
    if args.whole:
        print_table([HEADER, *whole_process_rows(q)])
        return
    sizes = {
        "max_total": [300, 300] if q else [2000, 2000],
        "stable": [300, 50] if q else [3000, 50],
        "large": [1000, 5000] if q else [10000, 50000],
        "gap": [300, 1500] if q else [3000, 15000],
    }
    r = {name: run_case(name, size) for name, size in sizes.items()}
    # Pruning under stress: fewer mentor slots than leaders (auto mode would solve this exactly).
    scarce = [400, 250] if q else [4000, 2500]
    sc = run_case("gap", scarce)
    mt, st, lg, gp = r["max_total"], r["stable"], r["large"], r["gap"]
    n1, n2 = sizes["max_total"]
    rows = [
        HEADER,
        (
            f"max_total {n1}x{n2}: engine end to end",
            f"{mt['engine_seconds']:.2f}",
            mt["engine_pairs"],
            f"{mt['engine_total']:.4f}",
            f"{mt['peak_mib']:.0f}",
            "target < 3 s",
        ),
        (
            "  scipy linear_sum_assignment alone",
            f"{mt['scipy_seconds']:.2f}",
            mt["scipy_pairs"],
            f"{mt['scipy_total']:.4f}",
            "",
            "same feasible scores, solve only",
        ),
        (
            "  greedy best-score-first",
            f"{mt['greedy_seconds']:.2f}",
            mt["greedy_pairs"],
            f"{mt['greedy_total']:.4f}",
            "",
            f"{mt['greedy_gap_pct']:.2f}% below optimum",
        ),
        (
            f"stable {sizes['stable'][0]}x{sizes['stable'][0]}, {sizes['stable'][1]}-long lists",
            f"{st['engine_seconds']:.2f}",
            st["pairs"],
            "",
            f"{st['peak_mib']:.0f}",
            "target < 1 s",
        ),
        (
            "  matching 1.4.3 HospitalResident",
            f"{st['package_seconds']:.2f}",
            st["pairs"],
            "",
            "",
            "identical result" if st["identical"] else "DIFFERENT RESULT",
        ),
        (
            f"max_total {sizes['large'][0]}x{sizes['large'][1]} "
            + (
                "(pruned top-k)"
                if sizes["large"][0] * sizes["large"][1] > EXACT_PAIRS
                else "(exact)"
            ),
            f"{lg['seconds']:.2f}",
            lg["pairs"],
            f"{lg['total']:.4f}",
            f"{lg['peak_mib']:.0f}",
            "target < 60 s, < 4096 MiB",
        ),
        (
            f"gap {sizes['gap'][0]}x{sizes['gap'][1]}: pruned",
            f"{gp['pruned_seconds']:.2f}",
            gp["pruned_pairs"],
            f"{gp['pruned_total']:.4f}",
            f"{gp['peak_mib']:.0f}",
            f"{gp['gap_pct']:.4f}% below exact",
        ),
        (
            "  exact (every feasible pair)",
            f"{gp['exact_seconds']:.2f}",
            gp["exact_pairs"],
            f"{gp['exact_total']:.4f}",
            "",
            "target gap < 0.5%",
        ),
    ]
    rows += [
        (
            f"gap {scarce[0]}x{scarce[1]} (scarce mentors): pruned",
            f"{sc['pruned_seconds']:.2f}",
            sc["pruned_pairs"],
            f"{sc['pruned_total']:.4f}",
            f"{sc['peak_mib']:.0f}",
            f"{sc['gap_pct']:.4f}% below exact",
        ),
        (
            "  exact (every feasible pair)",
            f"{sc['exact_seconds']:.2f}",
            sc["exact_pairs"],
            f"{sc['exact_total']:.4f}",
            "",
            "auto mode is exact at this size",
        ),
    ]
    print_table(rows + whole_process_rows(q))


HEADER = ("case", "time (s)", "pairs", "total score", "peak MiB", "note")


def print_table(rows: list[tuple[Any, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for k, row in enumerate(rows):
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
        if k == 0:
            print("-+-".join("-" * width for width in widths))


def whole_process_rows(quick: bool) -> list[tuple[Any, ...]]:
    """`upward match` as a user runs it, each beside its peer measured in the same run."""
    small_mt = run_case("process_max_total", [200, 200])
    small_st = run_case("process_stable", [200, 50])
    n_st = 300 if quick else 3000
    big_st = run_case("process_stable", [n_st, 50])
    n_mt = 300 if quick else 2000
    big_mt = run_case("process_max_total", [n_mt, n_mt])
    ratio = big_mt["seconds"] / big_mt["scipy_seconds"]
    rows: list[tuple[Any, ...]] = []
    for label, case, target in (
        ("max_total 200x200", small_mt, "target < 0.4 s"),
        (f"max_total {n_mt}x{n_mt}", big_mt, f"{ratio:.1f}x scipy alone; target < 4x"),
    ):
        rows += [
            (
                f"whole process: upward match, {label}",
                f"{case['seconds']:.2f}",
                case["pairs"],
                f"{case['total']:.4f}",
                "",
                target,
            ),
            (
                "  scipy linear_sum_assignment alone, same matrix",
                f"{case['scipy_seconds']:.2f}",
                case["scipy_pairs"],
                f"{case['scipy_total']:.4f}",
                "",
                "solve only, in process",
            ),
        ]
    for label, case, target in (
        ("stable 200x200, 50-long lists", small_st, "target < 0.4 s"),
        (f"stable {n_st}x{n_st}, 50-long lists", big_st, "target < 0.8 s"),
    ):
        rows += [
            (
                f"whole process: upward match, {label}",
                f"{case['seconds']:.2f}",
                case["pairs"],
                "",
                "",
                target,
            ),
            (
                "  matching 1.4.3 HospitalResident (build + solve)",
                f"{case['package_seconds']:.2f}",
                case["pairs"],
                "",
                "",
                "identical result" if case["identical"] else "DIFFERENT RESULT",
            ),
        ]
    return rows


if __name__ == "__main__":
    main()

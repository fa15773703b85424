"""Run the benchmarks: options in, a printed table and a JSON file out.

    python -m benchmarks [--cases bigtable,page] [--engines tmpl,mako] [--rounds N] [--quick]
                         [--clock wall|cpu] [--json PATH] [--keep-going] [--list]

(``python benchmarks/run.py ...`` works too.)  `run()` does the same from Python and returns
the results as a dict, which is also what the JSON file holds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

if __package__ in (None, ""):
    # Run as a script: import from the repository root (benchmarks' parent, and tmpl's home)
    # instead of benchmarks/ itself, where module names could shadow the standard library's.
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from benchmarks import engines as engines_mod  # noqa: E402
from benchmarks.cases import Case, Params, all_cases  # noqa: E402
from benchmarks.harness import (  # noqa: E402
    CLOCKS,
    REFERENCE,
    Bench,
    BenchmarkError,
    fmt_time,
    machine_info,
    pick_unit,
    sample,
)

DEFAULT_JSON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.json")
DEFAULT_ROUNDS = 20
QUICK_ROUNDS = 3
DEFAULT_TARGET_MS = 25.0
QUICK_TARGET_MS = 4.0


def _silent(line: str) -> None:
    pass


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def select_cases(names: Sequence[str] | None) -> list[Case]:
    """Cases by name; a prefix selects every case it starts (``coldstart`` selects both)."""
    cases = all_cases()
    if not names:
        return cases
    chosen = []
    for name in names:
        matches = [c for c in cases if c.name == name] or [
            c for c in cases if c.name.startswith(name)
        ]
        if not matches:
            known = ", ".join(c.name for c in cases)
            raise BenchmarkError(f"unknown case {name!r} (known: {known})")
        chosen.extend(c for c in matches if c not in chosen)
    return [c for c in cases if c in chosen]


def _ordered(names: set[str]) -> list[str]:
    order = ("baseline", *engines_mod.ALL_ENGINES)
    return sorted(names, key=lambda n: order.index(n) if n in order else len(order))


def run(
    cases: Sequence[str] | None = None,
    engines: Sequence[str] | None = None,
    rounds: int | None = None,
    quick: bool = False,
    json_path: str | None = None,
    keep_going: bool = False,
    target_ms: float | None = None,
    clock: str = "wall",
    log: Callable[[str], None] | None = print,
) -> dict[str, Any]:
    """Run the selected cases and return the results (see the module docstring).

    ``engines`` restricts the engines (Jinja2, the reference, always runs).  ``keep_going``
    turns a failing or mismatching engine into an error entry instead of stopping the run.
    ``clock`` is ``"wall"`` (``perf_counter_ns``) or ``"cpu"`` (this thread's CPU time; the
    children's for subprocess cases): CPU time keeps ratios stable on a busy machine.
    ``log`` receives the printed report line by line (``None``: silent).
    """
    if clock not in CLOCKS:
        raise BenchmarkError(f"unknown clock {clock!r} (known: {', '.join(CLOCKS)})")
    emit = log or _silent
    selected = select_cases(cases)
    wanted = set(engines) if engines else set(engines_mod.ALL_ENGINES)
    unknown = wanted - set(engines_mod.ALL_ENGINES)
    if unknown:
        raise BenchmarkError(
            f"unknown engines {sorted(unknown)} (known: {engines_mod.ALL_ENGINES})"
        )
    wanted.add(REFERENCE)
    statuses = engines_mod.probe_all(tuple(_ordered(wanted)))
    if not statuses[REFERENCE].available:
        raise BenchmarkError(f"{REFERENCE} is the reference and must be installed")
    available = {name for name, s in statuses.items() if s.available}
    target_ns = int((target_ms or (QUICK_TARGET_MS if quick else DEFAULT_TARGET_MS)) * 1e6)
    params = Params(quick=quick)
    versions = {name: s.version or f"unavailable: {s.reason}" for name, s in statuses.items()}
    results: dict[str, Any] = {
        "machine": machine_info(versions),
        "config": {
            "rounds": rounds,
            "quick": quick,
            "target_ms": target_ns / 1e6,
            "clock": clock,
            "cases": [c.name for c in selected],
            "command": " ".join(
                [os.path.basename(sys.executable), "-m", "benchmarks", *sys.argv[1:]]
            )
            if log is print
            else None,
        },
        "cases": {},
    }
    _print_machine(results["machine"], emit)
    emit(
        f"clock:   {clock} ({'perf_counter_ns' if clock == 'wall' else 'CPU time'}); "
        f"batches of ~{target_ns / 1e6:g} ms; times per call, median of the rounds"
    )
    emit("")
    started = time.perf_counter()
    for case in selected:
        n_rounds = rounds or (QUICK_ROUNDS if quick else DEFAULT_ROUNDS)
        results["cases"][case.name] = _run_case(
            case, available, params, n_rounds, target_ns, keep_going, emit, clock
        )
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    results["machine"]["loadavg_at_end"] = _loadavg()
    _print_summary(results, emit)
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        emit(f"results written to {json_path}")
    return results


def _first_outputs(
    case: Case, benches: list[Bench], keep_going: bool, errors: dict[str, str]
) -> tuple[list[Bench], dict[str, Any]]:
    """Call every bench once; an engine that raises is an error (or dropped with keep_going)."""
    outputs: dict[str, Any] = {}
    kept = []
    for bench in benches:
        try:
            outputs[bench.engine] = bench.fn()
        except Exception as exc:
            if not keep_going or bench.engine == REFERENCE:
                raise BenchmarkError(
                    f"{case.name}: {bench.engine} failed:\n{traceback.format_exc()}"
                ) from exc
            errors[bench.engine] = f"{type(exc).__name__}: {exc}"
            continue
        kept.append(bench)
    return kept, outputs


def _run_case(
    case: Case,
    available: set[str],
    params: Params,
    rounds: int,
    target_ns: int,
    keep_going: bool,
    emit: Callable[[str], None],
    clock: str,
) -> dict[str, Any]:
    engines = {e for e in case.engines if e in available}
    errors: dict[str, str] = {}
    progress = _progress if emit is not _silent else _silent
    progress(f"[{case.name}] building benches for {', '.join(_ordered(engines))}")
    with contextlib.ExitStack() as stack:
        try:
            benches = case.build(engines, params, stack)
        except BenchmarkError as exc:
            # A mismatch found while building (cold start compares in-process) names tmpl.
            if not keep_going or "tmpl" not in engines:
                raise
            errors["tmpl"] = str(exc)
            benches = case.build(engines - {"tmpl"}, params, stack)
        benches, outputs = _first_outputs(case, benches, keep_going, errors)
        try:
            notes = case.check(outputs)
        except BenchmarkError as exc:
            if not keep_going or "tmpl" not in outputs:
                raise
            errors["tmpl"] = str(exc)
            benches = [b for b in benches if b.engine != "tmpl"]
            notes = case.check({k: v for k, v in outputs.items() if k != "tmpl"})
        progress(f"[{case.name}] outputs checked; timing {rounds} rounds")
        sampled = sample(benches, rounds, target_ns, clock=clock)

    by_engine = {s.engine: s for s in sampled}
    base = by_engine.pop(case.baseline) if case.baseline in by_engine else None
    baseline = base.median_ns if base else 0.0
    ref = by_engine[REFERENCE]
    reference = ref.median_ns - baseline
    rows: dict[str, Any] = {}
    for name in _ordered(set(by_engine)):
        s = by_engine[name]
        q1, q3 = s.quartiles()
        net = s.median_ns - baseline
        # Per-round ratios pair samples taken moments apart: a second opinion on the ratio
        # of medians that is less sensitive to load that changes during the run.
        paired = [
            (x - b) / (r - b)
            for x, r, b in zip(
                s.samples_ns,
                ref.samples_ns,
                base.samples_ns if base else [0.0] * len(s.samples_ns),
                strict=True,
            )
            if r > b
        ]
        rows[name] = {
            "median_ns": round(net, 1),
            # A net time at or below zero is start-up noise, not a speed: no ratio.
            "ratio": round(net / reference, 3) if reference > 0 and net > 0 else None,
            "paired_ratio": round(statistics.median(paired), 3) if paired else None,
            "min_ns": round(min(s.samples_ns) - baseline, 1),
            "iqr_pct": round(100 * (q3 - q1) / s.median_ns, 1),
            "batch": s.batch,
            "samples_ns": [round(x, 1) for x in s.samples_ns],
            "note": s.note,
        }
        if base:
            rows[name]["gross_median_ns"] = round(s.median_ns, 1)
    if base:
        notes = [
            *notes,
            *(f"{n}: within start-up noise" for n, r in rows.items() if r["ratio"] is None),
        ]
    result = {
        "title": case.title,
        "rounds": rounds,
        "quick": params.quick,
        "baseline_median_ns": round(baseline, 1) if base else None,
        "baseline_samples_ns": [round(x, 1) for x in base.samples_ns] if base else None,
        "engines": rows,
        "errors": errors,
        "notes": notes,
    }
    _print_case(case, result, emit)
    return result


def _loadavg() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None


def _print_machine(machine: dict[str, Any], emit: Callable[[str], None]) -> None:
    emit(f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['python']}")
    emit(
        "engines: "
        + ", ".join(
            f"{name} {version}"
            for name, version in machine["engines"].items()
            if name not in ("python", "python-str")
        )
    )
    load = machine["loadavg_at_start"]
    emit(
        f"commit:  {machine['commit'] or '?'}   "
        f"load average at start: {' '.join(f'{x:.2f}' for x in load) if load else '?'}"
    )


def _print_case(case: Case, result: dict[str, Any], emit: Callable[[str], None]) -> None:
    rows = result["engines"]
    # One unit per case, the one that reads best for the reference engine.
    unit = pick_unit([max(rows[REFERENCE]["median_ns"], 1.0)])
    quick = ", --quick: smaller inputs" if result["quick"] and case.quick_shrinks else ""
    emit(f"{case.name}: {result['title']} ({result['rounds']} rounds{quick})")
    if case.baseline:
        emit(
            f"  times are net of the baseline process ({fmt_time(result['baseline_median_ns'], unit)})"
        )
    emit(f"  {'engine':<12}{'median':>12}{'vs jinja2':>11}{'paired':>8}{'IQR':>8}{'batch':>8}")
    for name, row in rows.items():
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] is not None else "-"
        paired = f"{row['paired_ratio']:.2f}x" if row["paired_ratio"] is not None else "-"
        note = f"  ({row['note']})" if row["note"] else ""
        emit(
            f"  {name:<12}{fmt_time(row['median_ns'], unit):>12}{ratio:>11}{paired:>8}"
            f"{row['iqr_pct']:>7.1f}%{row['batch']:>8}{note}"
        )
    for name, error in result["errors"].items():
        emit(f"  {name:<12}ERROR: {error.splitlines()[0]}")
    for note in result["notes"]:
        emit(f"  note: {note}")
    emit("")


def _print_summary(results: dict[str, Any], emit: Callable[[str], None]) -> None:
    cases = results["cases"]
    engines = _ordered({e for c in cases.values() for e in c["engines"]} - {REFERENCE})
    if not cases:
        return
    emit("ratio to jinja2 (engine time / jinja2 time; lower is better)")
    width = max(len(n) for n in cases) + 2
    emit(" " * width + "".join(f"{e:>12}" for e in engines))
    for name, case in cases.items():
        cells = []
        for e in engines:
            row = case["engines"].get(e)
            if row and row["ratio"] is not None:
                cells.append(f"{row['ratio']:.2f}x")
            else:
                cells.append("ERROR" if e in case["errors"] else "-")
        emit(f"{name:<{width}}" + "".join(f"{c:>12}" for c in cells))
    load = results["machine"]["loadavg_at_end"]
    emit(
        f"(total {results['elapsed_s']} s; load average at end: "
        f"{' '.join(f'{x:.2f}' for x in load) if load else '?'})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Interleaved benchmarks of tmpl against Jinja2 and other engines.",
    )
    parser.add_argument("--cases", help="comma-separated case names or prefixes")
    parser.add_argument("--engines", help="comma-separated engines (jinja2 always runs)")
    parser.add_argument(
        "--rounds",
        type=int,
        help=f"rounds per case (default {DEFAULT_ROUNDS}; {QUICK_ROUNDS} with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="few rounds, short batches")
    parser.add_argument("--target-ms", type=float, help="duration of one timed batch")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: perf_counter_ns (default); cpu: CPU time, steadier on a busy machine",
    )
    parser.add_argument("--json", default=DEFAULT_JSON, help="where to write the results")
    parser.add_argument(
        "--keep-going", action="store_true", help="report a failing tmpl instead of stopping"
    )
    parser.add_argument("--list", action="store_true", help="list the cases and engines")
    args = parser.parse_args(argv)
    if args.list:
        for case in all_cases():
            print(f"{case.name:<20}{case.title}  [{', '.join(case.engines)}]")
        for name, status in engines_mod.probe_all().items():
            print(f"{name:<12}{status.version or 'unavailable: ' + status.reason}")
        return 0
    try:
        run(
            cases=args.cases.split(",") if args.cases else None,
            engines=args.engines.split(",") if args.engines else None,
            rounds=args.rounds,
            quick=args.quick,
            json_path=args.json,
            keep_going=args.keep_going,
            target_ms=args.target_ms,
            clock=args.clock,
        )
    except BenchmarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

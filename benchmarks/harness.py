"""The measuring instrument: benches in, interleaved samples and statistics out.

A *bench* is one engine doing one unit of work for one case (render a template once, compile a
source once, start a subprocess once).  The harness

1. calls every bench once and hands the outputs to the case's check (tmpl and Jinja2 must agree
   byte for byte; other engines get a sanity check),
2. sizes a batch per in-process bench so that one sample lasts ``target_ms`` (20-50 ms by
   default; subprocess benches are one call per sample),
3. runs ``rounds`` rounds, and in each round one sample of every bench, rotating which engine
   goes first, so that machine noise (other processes on a shared two-core box, frequency
   changes, a slow neighbour) lands on all engines alike,
4. reduces the samples to per-call medians and ratios against Jinja2.
"""

from __future__ import annotations

import difflib
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

REFERENCE = "jinja2"


class BenchmarkError(Exception):
    """A bench could not run, or its output is wrong: the run stops."""


class OutputMismatch(BenchmarkError):
    """tmpl and Jinja2 rendered different text for the same case."""


@dataclass
class Bench:
    """One engine's unit of work for one case.

    ``fn`` does the work once and returns its output (rendered text, or anything the case's
    check understands).  ``batchable`` is false for work that is one process start per call.
    """

    engine: str
    fn: Callable[[], Any]
    batchable: bool = True
    note: str = ""


@dataclass
class Sampled:
    """The samples of one bench: per-call nanoseconds, one number per round."""

    engine: str
    batch: int
    samples_ns: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median_ns(self) -> float:
        return statistics.median(self.samples_ns)

    def quartiles(self) -> tuple[float, float]:
        if len(self.samples_ns) < 4:
            return min(self.samples_ns), max(self.samples_ns)
        q = statistics.quantiles(self.samples_ns, n=4)
        return q[0], q[2]


# -- verification ---------------------------------------------------------------------------


def diff_text(expected: str, actual: str, a_name: str, b_name: str, limit: int = 60) -> str:
    """A short unified diff plus the first differing offset, for a mismatch report."""
    first = next(
        (i for i, (x, y) in enumerate(zip(expected, actual, strict=False)) if x != y),
        min(len(expected), len(actual)),
    )
    lines = list(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            a_name,
            b_name,
            n=2,
        )
    )
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)\n"]
    around = slice(max(0, first - 40), first + 40)
    return (
        f"lengths {len(expected)} ({a_name}) vs {len(actual)} ({b_name}); "
        f"first difference at offset {first}:\n"
        f"  {a_name}: {expected[around]!r}\n  {b_name}: {actual[around]!r}\n" + "".join(lines)
    )


def require_identical(case: str, outputs: dict[str, Any], engine: str = "tmpl") -> None:
    """Raise `OutputMismatch` unless ``engine`` produced exactly Jinja2's output."""
    if engine not in outputs or REFERENCE not in outputs:
        return
    expected, actual = outputs[REFERENCE], outputs[engine]
    if expected != actual:
        if not isinstance(expected, str) or not isinstance(actual, str):
            raise OutputMismatch(f"{case}: {engine} gave {actual!r}, {REFERENCE} gave {expected!r}")
        raise OutputMismatch(
            f"{case}: {engine} output differs from {REFERENCE}\n"
            + diff_text(expected, actual, REFERENCE, engine)
        )


# -- timing ---------------------------------------------------------------------------------


def _children_cpu_ns() -> int:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return int((usage.ru_utime + usage.ru_stime) * 1e9)


CLOCKS: dict[str, Callable[[], int]] = {
    # Wall time: what the user waits for; on a busy machine it also measures the scheduler.
    "wall": time.perf_counter_ns,
    # CPU time of this thread (in-process benches) or of the finished child processes
    # (subprocess benches): time spent descheduled is not counted, so ratios stay stable
    # while other work competes for the cores.
    "cpu": time.thread_time_ns,
}


def _time_batch(fn: Callable[[], Any], n: int, clock: str = "wall", batchable: bool = True) -> int:
    perf = CLOCKS[clock] if batchable or clock == "wall" else _children_cpu_ns
    if n == 1:
        start = perf()
        fn()
        return perf() - start
    loop = range(n)
    start = perf()
    for _ in loop:
        fn()
    return perf() - start


def calibrate(fn: Callable[[], Any], target_ns: int) -> int:
    """The number of calls that takes about ``target_ns`` (at least one)."""
    n = 1
    while True:
        elapsed = _time_batch(fn, n)
        if elapsed >= target_ns / 4 or n >= 1 << 24:
            break
        n *= 4 if elapsed < target_ns / 40 else 2
    # One more measurement at the estimated size smooths out a lucky first guess.
    n = max(1, round(n * target_ns / max(elapsed, 1)))
    elapsed = _time_batch(fn, n)
    return max(1, round(n * target_ns / max(elapsed, 1)))


def sample(
    benches: Sequence[Bench],
    rounds: int,
    target_ns: int,
    progress: Callable[[str], None] | None = None,
    clock: str = "wall",
) -> list[Sampled]:
    """Interleave ``benches`` for ``rounds`` rounds; one sample per bench per round."""
    results = []
    for bench in benches:
        batch = calibrate(bench.fn, target_ns) if bench.batchable else 1
        results.append(Sampled(bench.engine, batch, note=bench.note))
    k = len(benches)
    for r in range(rounds):
        # Rotate the starting engine so none always runs right after a particular other.
        order = list(range(k))[r % k :] + list(range(k))[: r % k]
        for i in order:
            # The collector stays on (templates make garbage in real use too), but each sample
            # starts from a clean heap rather than paying for the previous engine's garbage.
            gc.collect()
            bench = benches[i]
            elapsed = _time_batch(bench.fn, results[i].batch, clock, bench.batchable)
            results[i].samples_ns.append(elapsed / results[i].batch)
        if progress:
            progress(f"round {r + 1}/{rounds}")
    return results


# -- reporting ------------------------------------------------------------------------------

_UNITS = (("s", 1e9), ("ms", 1e6), ("us", 1e3), ("ns", 1.0))


def pick_unit(values_ns: Sequence[float]) -> tuple[str, float]:
    """The largest unit in which the smallest value is at least 1."""
    smallest = min(values_ns)
    for name, scale in _UNITS:
        if smallest >= scale:
            return name, scale
    return "ns", 1.0


def fmt_time(ns: float, unit: tuple[str, float]) -> str:
    name, scale = unit
    value = ns / scale
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{digits}f} {name}"


def machine_info(engine_versions: dict[str, str]) -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            cwd=os.path.dirname(os.path.abspath(__file__)),
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "executable": sys.executable,
        "loadavg_at_start": load,
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "engines": engine_versions,
    }

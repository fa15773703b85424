"""Profile one engine on one case: case and engine in, cProfile's top functions out.

    python -m benchmarks.profiling page                 # tmpl, sorted by own time
    python -m benchmarks.profiling bigtable --engine jinja2 --sort cumulative --top 40
    python -m benchmarks.profiling small --code          # also print tmpl's generated code

The bench is the same one the suite times (same template, same data); it runs for about
``--seconds`` under ``cProfile``.  Subprocess cases (cold start, import) cannot be profiled here:
use ``python -X importtime`` or run ``benchmarks/coldstart_child.py`` under ``-m cProfile``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import sys
import time

from benchmarks.cases import Params, all_cases
from benchmarks.engines import probe


def profile(case_name: str, engine: str, seconds: float, sort: str, top: int) -> str:
    case = next((c for c in all_cases() if c.name == case_name), None)
    if case is None or case.subprocess:
        names = ", ".join(c.name for c in all_cases() if not c.subprocess)
        raise SystemExit(f"cannot profile {case_name!r}; in-process cases: {names}")
    status = probe(engine)
    if not status.available:
        raise SystemExit(f"{engine}: {status.reason}")
    with contextlib.ExitStack() as stack:
        (bench,) = [b for b in case.build({engine}, Params(), stack) if b.engine == engine]
        bench.fn()
        start = time.perf_counter()
        calls = 0
        while time.perf_counter() - start < seconds / 10 or calls < 3:
            bench.fn()
            calls += 1
        calls = max(1, calls * 10)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            bench.fn()
        profiler.disable()
    out = io.StringIO()
    print(f"{engine} on {case_name}: {calls} calls", file=out)
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def generated_code(case_name: str) -> str:
    """tmpl's generated Python for the case's templates (``Environment.compile(raw=True)``)."""
    import tmpl
    from benchmarks.cases import bigtable, compiling, page, small

    env = tmpl.Environment(autoescape=True)
    if case_name == "page":
        env = tmpl.Environment(loader=tmpl.FileSystemLoader(page.TEMPLATES), autoescape=True)
        sources = {
            name: env.loader.get_source(env, name)[0]
            for name in ("page.html", "layout.html", "base.html", "_macros.html", "_nav.html")
        }
    elif case_name == "compile":
        with open(compiling.SOURCE_PATH, encoding="utf-8") as f:
            sources = {"dashboard.html": f.read()}
    else:
        sources = {case_name: {"bigtable": bigtable.JINJA, "small": small.JINJA}[case_name]}
    chunks = []
    for name, source in sources.items():
        # raw=True: the generated module as Python source (``ast.unparse``), for reading.
        chunks.append(f"# ---- {name}\n{env.compile(source, name, raw=True)}")
    return "\n\n".join(chunks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling")
    parser.add_argument("case")
    parser.add_argument("--engine", default="tmpl")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--sort", default="tottime", help="pstats key: tottime, cumulative, ...")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--code", action="store_true", help="print tmpl's generated code")
    args = parser.parse_args(argv)
    print(profile(args.case, args.engine, args.seconds, args.sort, args.top))
    if args.code:
        print(generated_code(args.case))
    return 0


if __name__ == "__main__":
    sys.exit(main())

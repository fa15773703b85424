"""tmpl's benchmark suite: tmpl against Jinja2 (and MiniJinja, Mako, Chameleon where installed).

Command line: ``python -m benchmarks --help``.  From Python::

    from benchmarks import run_benchmarks
    results = run_benchmarks(cases=["small"], quick=True, log=None)
    results["cases"]["small"]["engines"]["tmpl"]["ratio"]

Layout: `harness` (timing, interleaving, statistics), `engines` (what is installed),
`cases/` (one module per case), `run` (options, printing, JSON), `templates/` (the page and
compile templates), `coldstart_child` (the process the cold-start case starts).
"""

from __future__ import annotations

from typing import Any


def run_benchmarks(**options: Any) -> dict[str, Any]:
    """Run the suite and return the results dict; options as for `benchmarks.run.run`."""
    from benchmarks.run import run

    return run(**options)

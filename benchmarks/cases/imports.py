"""import: ``import <engine>`` in a fresh interpreter, minus a bare ``python -c pass``.

Each sample is one process's wall time; the ``baseline`` bench (``-c pass``) runs in the same
rounds and its median is subtracted from the others.  Mako and Chameleon import the module a
user needs to make a template (``mako.template``, ``chameleon``).
"""

from __future__ import annotations

import contextlib
from typing import Any

from benchmarks.cases import Case, Params
from benchmarks.cases.coldstart import child_env, run_child
from benchmarks.harness import Bench

STATEMENTS = {
    "baseline": "pass",
    "tmpl": "import tmpl",
    "jinja2": "import jinja2",
    "minijinja": "import minijinja",
    "mako": "import mako.template",
    "chameleon": "import chameleon",
}


def build(engines: set[str], params: Params, stack: contextlib.ExitStack) -> list[Bench]:
    env = child_env()
    benches = []
    for name, statement in STATEMENTS.items():
        if name == "baseline" or name in engines:
            args = ["-c", statement]
            run_child(args, env)  # warm-up: the engine's .pyc files exist from here on
            benches.append(Bench(name, lambda a=args: run_child(a, env), False))
    return benches


def check(outputs: dict[str, Any]) -> list[str]:
    return []


CASE = Case(
    name="import",
    title="import the engine in a fresh interpreter",
    engines=("tmpl", "jinja2", "minijinja", "mako", "chameleon"),
    build=build,
    check=check,
    subprocess=True,
    baseline="baseline",
)

"""The benchmark cases: a registry of `Case` objects, in the order they are run and printed.

Each case module builds one `harness.Bench` per engine it supports and checks their outputs.
tmpl and Jinja2 render the very same template files and must agree byte for byte; the other
engines render the same page in their own syntax and only get a sanity check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.harness import Bench


@dataclass(frozen=True)
class Params:
    """Knobs shared by all cases.  ``quick`` (a smoke test) renders 10 cold-start templates
    instead of 50."""

    quick: bool = False


@dataclass(frozen=True)
class Case:
    """One benchmark case.

    ``build(engines, params, stack)`` returns a bench for each engine in ``engines`` that the case
    supports (temporary files go on ``stack``).  ``check(outputs)`` raises on a wrong output and
    returns notes worth printing.  ``baseline`` names a bench whose median is subtracted from the
    others (bare interpreter start-up for the subprocess cases); it is reported but not ranked.
    """

    name: str
    title: str
    engines: tuple[str, ...]
    build: Callable[[set[str], Params, contextlib.ExitStack], list[Bench]]
    check: Callable[[dict[str, Any]], list[str]]
    subprocess: bool = False
    baseline: str | None = None
    quick_shrinks: bool = False  # --quick uses smaller inputs (so its numbers are not comparable)


def all_cases() -> list[Case]:
    from benchmarks.cases import bigtable, coldstart, compiling, imports, page, small

    return [
        bigtable.CASE,
        page.CASE,
        small.CASE,
        compiling.CASE,
        coldstart.CASE_NOCACHE,
        coldstart.CASE_BCCACHE,
        imports.CASE,
    ]

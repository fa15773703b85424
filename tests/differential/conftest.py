"""pytest wiring for the differential suite (the harness itself is ``diffharness.py``).

Makes the harness importable whatever the import mode, and offers ``--diff-report=PATH``:
every case where tmpl and Jinja2 disagree is written there as Markdown (template, context,
options, expected, actual), for the engine's authors.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from diffharness import Case, Mismatch  # noqa: E402

_MISMATCHES: list[tuple[str, Mismatch]] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--diff-report",
        default=None,
        metavar="PATH",
        help="write every tmpl/Jinja2 disagreement of the differential suite to PATH (Markdown)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    outcome = yield
    if call.when == "call" and call.excinfo is not None:
        exc = call.excinfo.value
        if isinstance(exc, Mismatch):
            _MISMATCHES.append((item.nodeid, exc))
    return outcome


def _fence(text: str) -> str:
    return "```\n" + text + ("\n" if not text.endswith("\n") else "") + "```"


def _describe(nodeid: str, mismatch: Mismatch) -> str:
    c: Case = mismatch.case
    lines = [f"### `{nodeid}`", ""]
    if c.name is not None:
        lines += [f"rendered template: `{c.name}`", ""]
    elif c.source is not None:
        lines += ["template:", _fence(c.source), ""]
    if c.render is not None:
        try:
            hook = inspect.getsource(c.render).strip()
        except (OSError, TypeError):
            hook = repr(c.render)
        lines += ["render hook:", _fence(hook), ""]
    if c.context:
        lines += [f"context: `{dict(c.context)!r}`", ""]
    if c.options:
        lines += [f"options: `{dict(c.options)!r}`", ""]
    lines += [
        f"expected (jinja2): `{mismatch.expected.describe()}`",
        "",
        f"actual (tmpl): `{mismatch.actual.describe()}`",
        "",
    ]
    return "\n".join(lines)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("--diff-report", default=None)
    if not path:
        return
    header = f"# tmpl vs Jinja2: {len(_MISMATCHES)} differential failure(s)\n\n"
    body = "\n".join(_describe(nodeid, m) for nodeid, m in _MISMATCHES)
    Path(path).write_text(header + body, encoding="utf-8")

"""The differential harness: one case in, the same case rendered by tmpl and by Jinja2 out.

A :class:`Case` is a template (an inline source, or a name in a ``loader`` dict), a context and
environment options.  :func:`check` builds one environment per engine from the same options,
renders, and asserts that tmpl produced exactly Jinja2's text, or, when Jinja2 raises, that tmpl
raised an exception of the same class name.

Jinja2 is the oracle, and the oracle is checked too: a case says up front whether it renders
(the default) or which exception it expects (``raises=``), so a table entry that fails in Jinja2
by accident is reported as a broken case rather than silently compared.

Options are written once, engine-neutrally, and translated per engine:

* ``loader={"name": "source", ...}`` builds each engine's ``DictLoader``;
* ``extensions=["jinja2.ext.do"]`` (or ``"tmpl.ext.do"``, or just ``"do"``) names the engine's
  own extension module;
* ``undefined="StrictUndefined"`` names a class exported by the engine's top-level package;
* ``env_class="sandbox.SandboxedEnvironment"`` picks another environment class, named by its
  module inside the engine's package;
* ``filters=``, ``tests=``, ``globals=``, ``policies=`` dicts are merged into the
  environment's after creation;
* any value (option or context) may be a :class:`ByEngine` (built from the engine's package,
  e.g. ``ByEngine(lambda m: m.select_autoescape(["html"]))``) or a :class:`Fresh` factory
  (called anew for every render, for generators and other one-shot values).

A case can also render through a ``render`` hook (to exercise the Python API), carry its own
expected output for constructs Jinja2 cannot compile (``expect=``, ``oracle=False``), or pin a
deliberate difference listed in COMPATIBILITY.md (``differs=Differs(...)``: Jinja2's outcome
is still checked, and tmpl must give the documented one).

Adding cases: put them in the table of the area they belong to; the test fails with
``BrokenCase`` if Jinja2 does not do what the case declares.  Run
``python -m pytest tests/differential --diff-report=PATH`` to get every disagreement as
Markdown.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

#: The engines, oracle first.
ORACLE = "jinja2"
SUBJECT = "tmpl"

#: Option keys that are not ``Environment`` keyword arguments but dicts merged afterwards.
_MERGED = ("filters", "tests", "globals", "policies")


def _where(function: Callable[..., Any]) -> str:
    code = getattr(function, "__code__", None)
    if code is None:
        return repr(function)
    return f"{code.co_name} at {code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}"


@dataclass(frozen=True)
class ByEngine:
    """A value built from the engine's top-level package: ``make(jinja2)`` / ``make(tmpl)``."""

    make: Callable[[types.ModuleType], Any]

    def __repr__(self) -> str:
        return f"ByEngine({_where(self.make)})"


@dataclass(frozen=True)
class Fresh:
    """A value built anew for every render (generators, iterators, objects with state)."""

    make: Callable[[], Any]

    def __repr__(self) -> str:
        return f"Fresh({_where(self.make)})"


@dataclass(frozen=True)
class Differs:
    """A deliberate difference from Jinja2, documented in COMPATIBILITY.md.

    The case still checks Jinja2's outcome (so the difference stays real and explicit), and
    then checks tmpl against this documented outcome instead: ``text`` (exact output) or
    ``raises`` (a class name in the exception's hierarchy).  ``reason`` cites the entry.
    """

    reason: str
    text: str | None = None
    raises: str | None = None


@dataclass(frozen=True)
class Case:
    """One differential case.

    ``source`` is rendered with ``from_string`` unless ``name`` is given, in which case
    ``get_template(name)`` is rendered (the ``loader`` option must then hold it).
    ``raises`` is the class name Jinja2 is expected to raise (``None``: it must render).
    ``expect``, when given, is the exact output; with ``oracle=False`` it is the only reference
    (for constructs Jinja2 itself cannot compile, such as very deep nesting).
    ``differs`` marks a documented deliberate difference (see :class:`Differs`).
    ``render``, when given, replaces ``template.render(context)``: it is called as
    ``render(engine_package, environment, template, context)`` and may return any value (a
    value that is not a string is compared by type name and ``repr``).  With ``source=None``
    and no ``name`` it receives ``template=None``.
    """

    id: str
    source: str | None
    context: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    raises: str | None = None
    name: str | None = None
    expect: str | None = None
    oracle: bool = True
    differs: Differs | None = None
    render: Callable[..., Any] | None = None


def case(
    id: str,
    source: str | None,
    context: Mapping[str, Any] | None = None,
    *,
    raises: str | None = None,
    name: str | None = None,
    expect: str | None = None,
    oracle: bool = True,
    differs: Differs | None = None,
    render: Callable[..., Any] | None = None,
    **options: Any,
) -> Case:
    """Build a :class:`Case`; keyword arguments other than the named ones are options."""
    return Case(
        id, source, dict(context or {}), options, raises, name, expect, oracle, differs, render
    )


def params(cases: Iterable[Case]) -> Any:
    """``pytest.mark.parametrize("case", ...)`` over ``cases`` with their ids (unique)."""
    cases = list(cases)
    seen: set[str] = set()
    for c in cases:
        if c.id in seen:
            raise ValueError(f"duplicate differential case id {c.id!r}")
        seen.add(c.id)
    return pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in cases])


def engine(name: str) -> types.ModuleType:
    """The top-level package of engine ``name`` (``"jinja2"`` or ``"tmpl"``)."""
    return importlib.import_module(name)


def resolve(module: types.ModuleType, value: Any) -> Any:
    """Turn :class:`ByEngine` / :class:`Fresh` values (also inside lists, tuples, dicts) into
    the value for ``module``'s engine."""
    if isinstance(value, ByEngine):
        return value.make(module)
    if isinstance(value, Fresh):
        return value.make()
    if type(value) is list:
        return [resolve(module, v) for v in value]
    if type(value) is tuple:
        return tuple(resolve(module, v) for v in value)
    if type(value) is dict:
        return {k: resolve(module, v) for k, v in value.items()}
    return value


def extension_name(module: types.ModuleType, name: Any) -> Any:
    """``jinja2.ext.X`` <-> ``tmpl.ext.X``; a bare ``X`` means the engine's ``ext.X``."""
    if not isinstance(name, str):
        return name
    for prefix in (f"{ORACLE}.", f"{SUBJECT}."):
        if name.startswith(prefix):
            return f"{module.__name__}.{name[len(prefix) :]}"
    if "." not in name:
        return f"{module.__name__}.ext.{name}"
    return name


def make_environment(module: types.ModuleType, options: Mapping[str, Any]) -> Any:
    """An ``Environment`` of ``module``'s engine built from engine-neutral ``options``."""
    kwargs: dict[str, Any] = {}
    merged: dict[str, dict[str, Any]] = {}
    env_class = module.Environment
    for key, raw in options.items():
        value = resolve(module, raw)
        if key == "env_class":
            where, _, cls_name = value.rpartition(".")
            env_class = getattr(importlib.import_module(f"{module.__name__}.{where}"), cls_name)
        elif key in _MERGED:
            merged[key] = value
        elif key == "loader" and isinstance(value, dict):
            kwargs[key] = module.DictLoader(value)
        elif key == "extensions":
            kwargs[key] = [extension_name(module, e) for e in value]
        elif key == "undefined" and isinstance(value, str):
            kwargs[key] = getattr(module, value)
        else:
            kwargs[key] = value
    env = env_class(**kwargs)
    for key, extra in merged.items():
        getattr(env, key).update(extra)
    return env


@dataclass(frozen=True)
class Outcome:
    """What one engine did with a case: the text it rendered, or the exception it raised."""

    text: str | None = None
    error: str | None = None
    message: str | None = None
    #: The names of the exception's class and its bases (for :class:`Differs` checks).
    lineage: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.error is None:
            return repr(self.text)
        return f"{self.error}: {self.message}"


def render(module: types.ModuleType, c: Case) -> Any:
    """Render ``c`` with ``module``'s engine (exceptions propagate)."""
    env = make_environment(module, c.options)
    context = {k: resolve(module, v) for k, v in c.context.items()}
    template = None
    if c.name is not None:
        template = env.get_template(c.name)
    elif c.source is not None:
        template = env.from_string(c.source)
    if c.render is not None:
        return c.render(module, env, template, context)
    assert template is not None, f"case {c.id} has neither source nor name"
    return template.render(context)


def outcome(module: types.ModuleType, c: Case) -> Outcome:
    """:func:`render`, with an exception turned into its class name and message."""
    try:
        text = render(module, c)
    except RecursionError as exc:
        return Outcome(error=type(exc).__name__, message="maximum recursion depth exceeded")
    except Exception as exc:  # noqa: BLE001 - every exception is a result to compare
        lineage = tuple(cls.__name__ for cls in type(exc).__mro__)
        return Outcome(error=type(exc).__name__, message=str(exc), lineage=lineage)
    if type(text) is not str:
        # Not exactly str (a native value, Markup, a str subclass): compare type and repr.
        text = f"{type(text).__name__}: {text!r}"
    return Outcome(text=text)


class BrokenCase(AssertionError):
    """Jinja2 did not do what the case says it does: the table entry itself is wrong."""


class Mismatch(AssertionError):
    """tmpl and Jinja2 disagree on a case; carries both outcomes for the failure report."""

    def __init__(self, c: Case, expected: Outcome, actual: Outcome) -> None:
        self.case = c
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"case {c.id}\n  template: {c.source if c.name is None else c.name!r}"
            f"\n  expected (jinja2): {expected.describe()}\n  actual (tmpl):     {actual.describe()}"
        )


def oracle(c: Case) -> Outcome:
    """Jinja2's outcome for ``c``, after checking it matches what the case declares."""
    result = outcome(engine(ORACLE), c)
    if not c.oracle:
        if result.error is None and c.expect is not None and result.text != c.expect:
            raise BrokenCase(f"{c.id}: Jinja2 rendered {result.text!r}, case expects {c.expect!r}")
        return Outcome(text=c.expect) if c.raises is None else Outcome(error=c.raises)
    if result.error != c.raises:
        if c.raises is None:
            raise BrokenCase(f"{c.id}: Jinja2 raised {result.describe()}; the case expects output")
        raise BrokenCase(f"{c.id}: Jinja2 gave {result.describe()}; the case expects {c.raises}")
    if c.expect is not None and result.text != c.expect:
        raise BrokenCase(f"{c.id}: Jinja2 rendered {result.text!r}, case expects {c.expect!r}")
    return result


def same(expected: Outcome, actual: Outcome) -> bool:
    """Same text, or the same exception class name (messages may differ)."""
    if expected.error is not None:
        return actual.error == expected.error
    return actual.error is None and actual.text == expected.text


def documented(differs: Differs, actual: Outcome) -> bool:
    """Whether tmpl's outcome is the one a documented difference promises."""
    if differs.raises is not None:
        return differs.raises in actual.lineage
    return actual.error is None and actual.text == differs.text


def check(c: Case) -> None:
    """Assert that tmpl's outcome for ``c`` is Jinja2's (or ``c.expect`` without an oracle, or
    the documented outcome of a deliberate difference)."""
    expected = oracle(c)
    actual = outcome(engine(SUBJECT), c)
    if c.differs is not None:
        if same(expected, actual):
            raise BrokenCase(f"{c.id}: tmpl now matches Jinja2; drop the documented difference")
        if not documented(c.differs, actual):
            promised = c.differs.raises or repr(c.differs.text)
            raise Mismatch(c, Outcome(text=f"(documented: {promised})"), actual)
        return
    if not same(expected, actual):
        raise Mismatch(c, expected, actual)

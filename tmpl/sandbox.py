"""A sandbox for templates written by untrusted users.

In: template source from someone you do not trust, and the values you choose to pass it.
Out: rendered text, or a :class:`~tmpl.exceptions.SecurityError` when the template reaches
for Python internals, mutates what it must not, or exceeds a resource limit.

Two layers, both reached through hooks the generated code calls when
``environment.sandboxed`` is true:

- **What a template may touch** (Jinja2's sandbox semantics): every attribute, item, call and
  intercepted operator goes through :class:`SandboxedEnvironment`'s ``getattr``, ``getitem``,
  ``call``, ``call_binop``/``call_unop``.  Private and internal attributes, ``str.format``
  reaching attributes, and (in :class:`ImmutableSandboxedEnvironment`) mutation of lists,
  dicts, sets and deques are refused.
- **How much a render may consume** (beyond Jinja2): a per-render budget
  (:class:`SandboxLimits`) for output, loop iterations, nesting depth, wall-clock time, the size
  of any one value and the total size of everything built.  The budget lives in a context
  variable for the duration of a render; :class:`SandboxedTemplate` installs it around the
  root render function, so includes, imports, ``extends`` and macros called later share it.
  Nothing relies on the operating system: the checks run in the hooks, between operations.

This module is the public one: the environments and their template, the limits, Jinja2's
sandbox API, and the limit errors (re-exported).  The machinery lives in
``tmpl.sandbox_budget`` (the per-render budget, measuring values, the limit errors),
``tmpl.sandbox_guards`` (the checks around filters, tests, output, loops and operators) and
``tmpl.sandbox_codegen`` (the code generator that emits the hooks).
"""

from __future__ import annotations

import operator
import sys
import types
from _string import formatter_field_name_split  # type: ignore[import-not-found]
from collections import abc, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from itertools import chain
from string import Formatter
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import EscapeFormatter, Markup

from . import sandbox_budget
from .defaults import (
    BLOCK_END_STRING,
    BLOCK_START_STRING,
    COMMENT_END_STRING,
    COMMENT_START_STRING,
    KEEP_TRAILING_NEWLINE,
    LINE_COMMENT_PREFIX,
    LINE_STATEMENT_PREFIX,
    LSTRIP_BLOCKS,
    NEWLINE_SEQUENCE,
    TRIM_BLOCKS,
    VARIABLE_END_STRING,
    VARIABLE_START_STRING,
)
from .environment import Environment, Template
from .exceptions import SecurityError
from .runtime import (
    BlockReference,
    Context,
    LoopContext,
    Macro,
    Undefined,
    markup_join,
    str_join,
    t_call,
)
from .sandbox_budget import (
    _HASHED,
    _SCALARS,
    _SIZED,
    _WALKED,
    MAX_NESTING,
    AllocationLimitExceeded,
    ArithmeticLimitExceeded,
    IterationLimitExceeded,
    OutputLimitExceeded,
    RangeLimitExceeded,
    RecursionLimitExceeded,
    ResourceLimitExceeded,
    TimeLimitExceeded,
    _argument,
    _as_int,
    _Budget,
    _drive,
    _guard_structure,
    _join_estimate,
    _nested,
    _percent_padding,
    _spec_padding,
    _text_method_estimate,
)
from .sandbox_codegen import SandboxedCodeGenerator
from .sandbox_guards import (
    _bounded_lipsum,
    _check_power,
    _check_product,
    _checked_concat,
    _checked_escape,
    _checked_join,
    _checked_str,
    _CountedIterator,
    _GuardedRegistry,
    _timed,
    _timed_constructor_arguments,
)
from .utils import PassArg

if TYPE_CHECKING:
    from .bccache import BytecodeCache
    from .ext import Extension
    from .loaders import BaseLoader

# The rest of what this module defined before it was split, importable from here as before
# (nothing below uses it).
from .sandbox_budget import (  # noqa: F401
    _DICT_VIEWS,
    _END,
    _LEAF_TYPES,
    _UNLIMITED,
    _cap,
    _children,
    _count_number,
    _expanded_size,
    _flat_size,
    _fresh_bytes,
    _leaf_size,
)
from .sandbox_codegen import _calls_hook  # noqa: F401
from .sandbox_guards import (  # noqa: F401
    _COMPARING_TESTS,
    _FILTER_CHECKS,
    _PASS_THROUGH_FILTERS,
    _SHALLOW_FUNCTIONS,
    _check_batch,
    _check_center,
    _check_format,
    _check_indent,
    _check_join,
    _check_replace,
    _check_slice,
    _check_tojson,
    _check_unique,
    _check_urlize,
    _check_wordwrap,
    _guarded_function,
    _sum_sequences,
    _TimedIterator,
)

# The running render's budget (see tmpl.sandbox_budget), bound by assignment rather than
# imported by name: CPython compiles ``name.method()`` on a name an import statement binds as
# an attribute load and a call (it expects a module's function there), not as a method call,
# which would add ~30 ns to every ``_active.get()`` the hooks make.
_active = sandbox_budget._active

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_NESTING",
    "MAX_RANGE",
    "AllocationLimitExceeded",
    "ArithmeticLimitExceeded",
    "ImmutableSandboxedEnvironment",
    "IterationLimitExceeded",
    "OutputLimitExceeded",
    "RangeLimitExceeded",
    "RecursionLimitExceeded",
    "ResourceLimitExceeded",
    "SandboxLimits",
    "SandboxedCodeGenerator",
    "SandboxedEnvironment",
    "SandboxedEscapeFormatter",
    "SandboxedFormatter",
    "SandboxedTemplate",
    "SecurityError",
    "TimeLimitExceeded",
    "is_internal_attribute",
    "modifies_known_mutable",
    "safe_range",
    "unsafe",
]

#: Attributes of functions that expose internals (Python 2 spellings; every Python 3
#: internal is a dunder, refused by name).
UNSAFE_FUNCTION_ATTRIBUTES: set[str] = {
    "func_closure",
    "func_code",
    "func_dict",
    "func_defaults",
    "func_globals",
}
#: Attributes of bound methods that expose internals (Python 2 spellings, as above).
UNSAFE_METHOD_ATTRIBUTES: set[str] = {"im_class", "im_func", "im_self"}
# The three sets below are Jinja2's public names, kept for code that reads them; the policy
# refuses every attribute with the prefix.
#: Generator attributes reaching frames and code (every ``gi_`` attribute is refused).
UNSAFE_GENERATOR_ATTRIBUTES = {"gi_frame", "gi_code", "gi_yieldfrom"}
#: Coroutine attributes reaching frames and code (every ``cr_`` attribute is refused).
UNSAFE_COROUTINE_ATTRIBUTES = {"cr_frame", "cr_code", "cr_await"}
#: Async generator attributes reaching frames and code (every ``ag_`` attribute is refused).
UNSAFE_ASYNC_GENERATOR_ATTRIBUTES = {"ag_code", "ag_frame", "ag_await"}

# Methods that change a builtin mutable object.  deque comes first: it is registered as a
# MutableSequence, and its own methods (appendleft...) would otherwise be missed.
_MUTABLE_SPEC: tuple[tuple[type, frozenset[str]], ...] = (
    (
        deque,
        frozenset(
            {
                "append", "appendleft", "clear", "extend", "extendleft", "insert", "pop",
                "popleft", "remove", "reverse", "rotate",
            }
        ),
    ),
    (
        abc.MutableSet,
        frozenset(
            {
                "add", "clear", "difference_update", "discard", "intersection_update", "pop",
                "remove", "symmetric_difference_update", "update",
            }
        ),
    ),
    (
        abc.MutableMapping,
        frozenset(
            {"clear", "move_to_end", "pop", "popitem", "setdefault", "subtract", "update"}
        ),
    ),
    (
        abc.MutableSequence,
        frozenset({"append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort"}),
    ),
)  # fmt: skip

# Objects whose every attribute is internal: frames, code, tracebacks, and the engine's
# own configuration and render state (a template has no business reconfiguring either).
_INTERNAL_TYPES = (types.CodeType, types.TracebackType, types.FrameType, Environment, Context)
# Attribute names of plain dicts: ``d.name`` on a dict is its item unless it names a method.
_DICT_ATTRIBUTES = frozenset(dir(dict))


# --- limits -----------------------------------------------------------------------------------

#: The most items ``range`` may produce in a sandbox when no render limits say otherwise
#: (Jinja2's value; the per-render limit is ``SandboxLimits.max_range``).
MAX_RANGE = 100_000


@dataclass(frozen=True)
class SandboxLimits:
    """The resource limits of one render.  ``None`` lifts a limit.

    The defaults are meant to be safe for untrusted templates on a shared server: a template
    that hits one is almost certainly hostile or broken.
    """

    #: Characters the render may output (what ``render`` returns or ``generate`` yields).
    max_output: int | None = 10_000_000
    #: Loop iterations per render, all ``{% for %}`` loops together.
    max_iterations: int | None = 1_000_000
    #: Items one ``range(...)`` call may produce.
    max_range: int | None = MAX_RANGE
    #: How deeply calls (macros, ``caller``, ``loop(...)``, ``self.block()``...) and
    #: includes, imports and ``extends`` may nest.
    max_depth: int | None = 100
    #: Wall-clock seconds per render.
    timeout: float | None = 5.0
    #: The largest value one operation may build or process: characters of a string, items
    #: of a container (counted through nested containers, strings by their length).
    max_size: int | None = 10_000_000
    #: Bytes (as ``sys.getsizeof`` counts them) of all strings and containers the render
    #: builds, added up; text buffered in macros, ``{% set %}`` blocks and loops included.
    max_allocation: int | None = 100_000_000
    #: Bits of an integer result of ``*`` or ``**``.
    max_int_bits: int | None = 65_536

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None and (isinstance(value, bool) or value < 0):
                raise ValueError(f"{field.name} must be a non-negative number or None")

    def replace(self, **changes: int | float | None) -> SandboxLimits:
        """A copy with ``changes`` applied."""
        return replace(self, **changes)  # type: ignore[arg-type]


#: The limits of a :class:`SandboxedEnvironment` created without ``limits=``.
DEFAULT_LIMITS = SandboxLimits()

# Per-render overrides of an environment's limits: (environment, limits) pairs, innermost last.
_overrides: ContextVar[tuple[tuple[SandboxedEnvironment, SandboxLimits], ...]] = ContextVar(
    "tmpl_sandbox_overrides", default=()
)


# --- public helpers (Jinja2's sandbox API) ----------------------------------------------------


def safe_range(*args: int) -> range:
    """``range`` for sandboxed templates: refuses ranges longer than the render's
    ``max_range`` (``MAX_RANGE`` outside a render) with :class:`RangeLimitExceeded`."""
    rng = range(*args)
    budget = _active.get()
    limit = budget.max_range if budget is not None else MAX_RANGE
    try:
        too_big = len(rng) > limit
    except OverflowError:
        too_big = True
    if too_big:
        raise RangeLimitExceeded(
            f"range too big: the sandbox allows ranges of at most {limit} items (limit: max_range)"
        )
    return rng


def unsafe(f: F) -> F:
    """Mark a function or method as never callable from a sandboxed template (put
    ``@unsafe`` above the ``def`` of, say, a model's ``delete`` method)."""
    f.unsafe_callable = True  # type: ignore[attr-defined]
    return f


def is_internal_attribute(obj: Any, attr: str) -> bool:
    """Whether ``attr`` of ``obj`` exposes Python internals: any dunder, every attribute of
    frames, code objects, tracebacks, environments and contexts, ``gi_``/``cr_``/``ag_``
    attributes of generators and coroutines, ``mro`` of classes.  For overriding
    :meth:`SandboxedEnvironment.is_safe_attribute`.

    >>> is_internal_attribute(str, "mro")
    True
    >>> is_internal_attribute(str, "upper")
    False
    """
    if attr.startswith("__"):
        return True
    policy = _attribute_policy(type(obj))
    if policy is None or policy is True:
        return policy is True
    if isinstance(policy, str):
        return attr.startswith(policy)
    return isinstance(policy, frozenset) and attr in policy


_POLICIES: dict[type, bool | str | frozenset[str] | None] = {}


def _attribute_policy(kind: type) -> bool | str | frozenset[str] | None:
    """Which non-dunder attributes of ``kind``'s instances are internal: all (True), those
    with a prefix (str), those named (frozenset), or none.  Cached per type: it is asked
    for every attribute a template reads."""
    try:
        return _POLICIES[kind]
    except KeyError:
        pass
    if len(_POLICIES) > 4096:  # classes made on the fly must not grow the cache for ever
        _POLICIES.clear()
    policy = _POLICIES[kind] = _find_attribute_policy(kind)
    return policy


def _find_attribute_policy(kind: type) -> bool | str | frozenset[str] | None:
    if issubclass(kind, _INTERNAL_TYPES):
        return True
    if issubclass(kind, types.FunctionType):
        return frozenset(UNSAFE_FUNCTION_ATTRIBUTES)
    if issubclass(kind, types.MethodType):
        return frozenset(UNSAFE_FUNCTION_ATTRIBUTES | UNSAFE_METHOD_ATTRIBUTES)
    if issubclass(kind, type):
        return frozenset({"mro"})
    if issubclass(kind, types.GeneratorType):
        return "gi_"
    if issubclass(kind, types.CoroutineType):
        return "cr_"
    if issubclass(kind, types.AsyncGeneratorType):
        return "ag_"
    return None


def modifies_known_mutable(obj: Any, attr: str) -> bool:
    """Whether calling ``obj.attr`` would change a builtin mutable object (list, dict, set,
    deque, bytearray or anything registered with the matching ``collections.abc`` class).
    ``obj`` may be the class itself: ``dict.update(d, ...)`` changes ``d``.

    >>> modifies_known_mutable({}, "clear")
    True
    >>> modifies_known_mutable({}, "keys")
    False
    >>> modifies_known_mutable([], "append")
    True
    >>> modifies_known_mutable(dict, "update")
    True
    >>> modifies_known_mutable("foo", "upper")
    False
    """
    for kind, methods in _MUTABLE_SPEC:
        if isinstance(obj, kind) or (isinstance(obj, type) and issubclass(obj, kind)):
            return attr in methods
    return False


# --- the sandboxed str.format ----------------------------------------------------------------


class SandboxedFormatter(Formatter):
    """``str.format`` for sandboxed templates: fields like ``{0.attr}`` and ``{0[key]}``
    are looked up through the environment's ``getattr``/``getitem``, and widths, precisions
    and the values printed are checked against the render's limits."""

    def __init__(self, env: Environment, **kwargs: Any) -> None:
        self._env = env
        super().__init__(**kwargs)

    def get_field(
        self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> tuple[Any, str]:
        first, rest = formatter_field_name_split(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, key in rest:
            obj = self._env.getattr(obj, key) if is_attr else self._env.getitem(obj, key)
        return obj, first

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        _guard_structure(_budget_for(self._env), value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = _budget_for(self._env)
        budget.check_size(_spec_padding(format_spec), "the format spec " + repr(format_spec[:20]))
        _guard_structure(budget, value)
        rv = super().format_field(value, format_spec)
        budget.charge_value(rv, "str.format")
        return rv


class SandboxedEscapeFormatter(SandboxedFormatter, EscapeFormatter):
    """:class:`SandboxedFormatter` that escapes what it inserts (``Markup.format``)."""


def _budget_for(env: Environment) -> _Budget:
    """The running render's budget, or a fresh one with ``env``'s limits for an operation
    done outside any render (its per-operation limits still apply)."""
    budget = _active.get()
    if budget is None:
        limits = (
            env._effective_limits() if isinstance(env, SandboxedEnvironment) else DEFAULT_LIMITS
        )
        budget = _Budget(limits)
    return budget


# --- the template -----------------------------------------------------------------------------


class _SandboxedMacro(Macro):
    """A macro of a sandboxed template.  Called by the application after the render (from
    ``template.module``), it runs under a budget of its own."""

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        if _active.get() is not None:
            return super().__call__(*args, **kwargs)
        token = _active.set(_budget_for(self._environment))
        try:
            return super().__call__(*args, **kwargs)
        finally:
            _active.reset(token)

    __call__.jinja_pass_arg = PassArg.eval_context  # type: ignore[attr-defined]


_NO_ASYNC = (
    "sandboxed environments render synchronously only: the render limits are not enforced"
    " on async renders yet"
)

# The names generated code uses for output and buffers, swapped for checked versions in the
# namespace of every sandboxed template (``str`` is the builtin the code calls to print).
_CHECKED_RUNTIME: dict[str, Any] = {
    "str": _checked_str,
    "t_escape": _checked_escape,
    "t_concat": _checked_concat,
    "t_str_join": _checked_join(str_join),
    "t_markup_join": _checked_join(markup_join),
    "t_Macro": _SandboxedMacro,
}


class SandboxedTemplate(Template):
    """A template of a sandboxed environment: each render (``render``, ``generate``,
    ``stream``, ``module``, ``render_block``...) runs under a fresh budget from the
    environment's limits; templates it includes, imports or extends share it."""

    @classmethod
    def from_code(
        cls,
        environment: Environment,
        code: types.CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        rv = super().from_code(environment, code, globals, uptodate)
        _install_budget(rv, rv.root_render_func.__globals__)
        return rv

    @classmethod
    def from_module_dict(
        cls,
        environment: Environment,
        module_dict: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> Template:
        rv = super().from_module_dict(environment, module_dict, globals)
        _install_budget(rv, module_dict)
        return rv

    def generate_block(self, name: str, *args: Any, **kwargs: Any) -> Iterator[str]:
        pieces = super().generate_block(name, *args, **kwargs)
        if _active.get() is not None:
            return pieces
        return _drive(pieces, _budget_for(self.environment))


def _install_budget(template: Template, namespace: MutableMapping[str, Any]) -> None:
    if template.environment.is_async:
        raise NotImplementedError(_NO_ASYNC)
    namespace.update(_CHECKED_RUNTIME)
    root = template.root_render_func
    environment = template.environment

    def root_render_func(context: Context) -> Iterator[str]:
        budget = _active.get()
        if budget is None:
            return _drive(root(context), _budget_for(environment))
        return _nested(root(context), budget)

    template.root_render_func = root_render_func


# --- the environments -------------------------------------------------------------------------

# List methods that compare items (``l.count(x)`` compares x with every item).
_COMPARING_METHODS = frozenset({"count", "index", "remove", "sort"})
# Methods of sets and dicts that hash every item of their arguments.
_HASHING_METHODS = frozenset(
    {
        "update", "union", "intersection", "difference", "symmetric_difference",
        "intersection_update", "difference_update", "symmetric_difference_update",
        "issubset", "issuperset", "isdisjoint",
    }
)  # fmt: skip


# Methods whose calls _check_method_call looks at (any other goes straight through).
_CHECKED_METHODS = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "translate", "join", "to_bytes"}
    | _HASHING_METHODS
    | _COMPARING_METHODS
)

# Builtin methods that hand back an item the container already holds.
_ACCESSOR_METHODS = frozenset({"get", "pop", "popitem", "popleft", "setdefault"})
_BUILTIN_CALLABLES = (
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.MethodWrapperType,
    types.ClassMethodDescriptorType,
    type,
)
_TEMPLATE_CALLABLES = (Macro, LoopContext, BlockReference)
# Callables that cannot carry an ``unsafe_callable`` or ``alters_data`` mark.
_ATTRIBUTELESS_CALLABLES = frozenset(
    {
        types.BuiltinFunctionType, types.MethodDescriptorType, types.WrapperDescriptorType,
        types.MethodWrapperType, types.ClassMethodDescriptorType,
    }
)  # fmt: skip
# What a str.format method can be: bound (builtin or, for Markup, Python), or unbound.
_METHOD_TYPES = frozenset(
    {types.MethodType, types.BuiltinMethodType, types.MethodDescriptorType, types.FunctionType}
)
_MUTABLE_CONTAINERS = (list, dict, set, deque, bytearray)
_MUTATING_METHODS = frozenset().union(*(methods for _, methods in _MUTABLE_SPEC))
# Receivers whose methods build new values the budget counts (an application object's
# methods may hand out what it already holds, and are its own business).
_BUILTIN_VALUES = (*_SIZED, int, float)

# How call_binop's errors name the operators.
_OPERATOR_NAMES = {op: f"the {op} operator" for op in ("+", "-", "*", "/", "//", "%", "**")}


def _receiver(func: Any, args: tuple[Any, ...]) -> tuple[Any, str | None]:
    """The object a method call works on and the method's name (``None`` if not a method
    of a builtin type)."""
    if isinstance(func, types.BuiltinMethodType | types.MethodType):
        receiver = getattr(func, "__self__", None)
        if receiver is not None and not isinstance(receiver, type | types.ModuleType):
            return receiver, func.__name__
    elif isinstance(func, types.MethodDescriptorType) and args:
        if isinstance(args[0], func.__objclass__):
            return args[0], func.__name__
    return None, None


class SandboxedEnvironment(Environment):
    """An :class:`~tmpl.Environment` whose templates cannot reach Python internals and
    cannot exhaust the server.

    Attribute and item access refuse private and internal names (an undefined value that
    raises :class:`SecurityError` when used), ``str.format`` is sandboxed wherever it is
    called from, callables marked :func:`unsafe` (or ``alters_data``) raise, ``range`` is
    bounded.  Each render runs under ``limits`` (a :class:`SandboxLimits`; per render, see
    :meth:`limits_override`).  Subclasses override :meth:`is_safe_attribute`,
    :meth:`is_safe_callable`, :meth:`call_binop` and :meth:`call_unop` to tune the policy.
    """

    sandboxed = True
    code_generator_class = SandboxedCodeGenerator
    template_class: type[Template]

    #: The callbacks for binary operators; each instance gets a copy as ``binop_table``.
    default_binop_table: dict[str, Callable[[Any, Any], Any]] = {
        "+": operator.add,
        "-": operator.sub,
        "*": operator.mul,
        "/": operator.truediv,
        "//": operator.floordiv,
        "**": operator.pow,
        "%": operator.mod,
    }
    #: The callbacks for unary operators; each instance gets a copy as ``unop_table``.
    default_unop_table: dict[str, Callable[[Any], Any]] = {
        "+": operator.pos,
        "-": operator.neg,
    }
    #: Binary operators routed through :meth:`call_binop` (any of ``+ - * / // % **``).
    #: Jinja2 intercepts none by default; the sandbox needs these four for its size limits.
    intercepted_binops: frozenset[str] = frozenset({"+", "*", "**", "%"})
    #: Unary operators routed through :meth:`call_unop` (``+``, ``-``).
    intercepted_unops: frozenset[str] = frozenset()

    def __init__(
        self,
        block_start_string: str = BLOCK_START_STRING,
        block_end_string: str = BLOCK_END_STRING,
        variable_start_string: str = VARIABLE_START_STRING,
        variable_end_string: str = VARIABLE_END_STRING,
        comment_start_string: str = COMMENT_START_STRING,
        comment_end_string: str = COMMENT_END_STRING,
        line_statement_prefix: str | None = LINE_STATEMENT_PREFIX,
        line_comment_prefix: str | None = LINE_COMMENT_PREFIX,
        trim_blocks: bool = TRIM_BLOCKS,
        lstrip_blocks: bool = LSTRIP_BLOCKS,
        newline_sequence: str = NEWLINE_SEQUENCE,
        keep_trailing_newline: bool = KEEP_TRAILING_NEWLINE,
        extensions: Sequence[str | type[Extension]] = (),
        optimized: bool = True,
        undefined: type[Undefined] = Undefined,
        finalize: Callable[..., Any] | None = None,
        autoescape: bool | Callable[[str | None], bool] = False,
        loader: BaseLoader | None = None,
        cache_size: int = 400,
        auto_reload: bool = True,
        bytecode_cache: BytecodeCache | None = None,
        enable_async: bool = False,
        *,
        limits: SandboxLimits = DEFAULT_LIMITS,
    ) -> None:
        super().__init__(
            block_start_string, block_end_string, variable_start_string, variable_end_string,
            comment_start_string, comment_end_string, line_statement_prefix,
            line_comment_prefix, trim_blocks, lstrip_blocks, newline_sequence,
            keep_trailing_newline, extensions, optimized, undefined, finalize, autoescape,
            loader, cache_size, auto_reload, bytecode_cache, enable_async,
        )  # fmt: skip
        if enable_async:
            raise NotImplementedError(_NO_ASYNC)
        #: The limits every render starts from.
        self.limits = limits
        self.globals["range"] = safe_range
        self.globals["lipsum"] = _bounded_lipsum
        self.binop_table = dict(self.default_binop_table)
        self.unop_table = dict(self.default_unop_table)

    # The registries are wrapped whenever they are assigned, so a replaced dict is guarded too.
    @property
    def filters(self) -> dict[str, Callable[..., Any]]:
        """The filters, each wrapped so the render's limits apply to it."""
        return self._guarded_filters

    @filters.setter
    def filters(self, value: Mapping[str, Callable[..., Any]]) -> None:
        self._guarded_filters = _GuardedRegistry(value, "filter")

    @property
    def tests(self) -> dict[str, Callable[..., Any]]:
        """The tests, each wrapped so the render's limits apply to it."""
        return self._guarded_tests

    @tests.setter
    def tests(self, value: Mapping[str, Callable[..., Any]]) -> None:
        self._guarded_tests = _GuardedRegistry(value, "test")

    # -- limits ------------------------------------------------------------------------------

    def _effective_limits(self) -> SandboxLimits:
        for env, limits in reversed(_overrides.get()):
            if env is self:
                return limits
        return self.limits

    @contextmanager
    def limits_override(self, **changes: int | float | None) -> Iterator[SandboxLimits]:
        """Change this environment's limits for the renders started inside the ``with``
        block (in this thread or task only)::

            with env.limits_override(timeout=0.5, max_output=100_000):
                html = template.render(user=user)

        Overrides nest; the limits in force are yielded.
        """
        limits = self._effective_limits().replace(**changes)
        token = _overrides.set((*_overrides.get(), (self, limits)))
        try:
            yield limits
        finally:
            _overrides.reset(token)

    # -- policy --------------------------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may read ``obj.attr`` (which is ``value``).  Refused: names
        starting with ``_``, :func:`is_internal_attribute`, and values that are frames, code
        objects, tracebacks, environments or render contexts."""
        if attr.startswith("_") or is_internal_attribute(obj, attr):
            return False
        return _attribute_policy(type(value)) is not True

    def is_safe_callable(self, obj: Any) -> bool:
        """Whether a template may call ``obj``: not if it is marked :func:`unsafe` or, as
        Django does, ``alters_data``."""
        if type(obj) in _ATTRIBUTELESS_CALLABLES:
            return True
        return not (getattr(obj, "unsafe_callable", False) or getattr(obj, "alters_data", False))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """The value of an unsafe attribute: undefined, raising :class:`SecurityError`
        when used."""
        return self.undefined(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    # -- lookups -------------------------------------------------------------------------------

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` for sandboxed code (falling back to the item), if safe."""
        budget = _active.get()
        if budget is not None:
            budget.check_time()
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                pass
        else:
            return self._checked_attribute(obj, attribute, value)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]`` for sandboxed code (falling back to a safe attribute for
        string keys)."""
        budget = _active.get()
        if budget is not None:
            budget.check_time()
            _guard_structure(budget, argument)
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if isinstance(argument, str):
                try:
                    attr = str(argument)
                except Exception:
                    pass
                else:
                    try:
                        value = getattr(obj, attr)
                    except AttributeError:
                        pass
                    else:
                        return self._checked_attribute(obj, attr, value)
        return self.undefined(obj=obj, name=argument)

    def _checked_attribute(self, obj: Any, attribute: str, value: Any) -> Any:
        formatter = self.wrap_str_format(value)
        if formatter is not None:
            return formatter
        if self.is_safe_attribute(obj, attribute, value):
            return value
        return self.unsafe_undefined(obj, attribute)

    # -- str.format ----------------------------------------------------------------------------

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """If ``value`` is ``format`` or ``format_map`` of a string (bound, or the unbound
        ``str.format``), a function doing the same through :meth:`format_string`; else
        None.  Done when the method is looked up, so it is sandboxed however it is called
        later (stored in a variable, passed to a filter, called by Python code)."""
        kind = type(value)
        if kind not in _METHOD_TYPES:
            return None
        if value is str.format or value is str.format_map:
            name, bound = value.__name__, None
        elif value is Markup.format or value is Markup.format_map:
            name, bound = value.__name__, None
        elif kind is types.MethodType or kind is types.BuiltinMethodType:
            name = getattr(value, "__name__", "")
            bound = getattr(value, "__self__", None)
            if name not in ("format", "format_map") or not isinstance(bound, str):
                return None
        else:
            return None

        def format(*args: Any, **kwargs: Any) -> str:
            if bound is None:
                if not args or not isinstance(args[0], str):
                    raise TypeError(f"{name}() needs a string to format")
                text, args = args[0], args[1:]
            else:
                text = bound
            if name == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return self.format_string(text, (), args[0])
            return self.format_string(text, args, kwargs)

        format.__name__ = name
        format.__doc__ = f"``{name}`` sandboxed: fields go through the environment's lookups."
        return format

    def format_string(
        self,
        s: str,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        format_func: Callable[..., Any] | None = None,
    ) -> str:
        """``s.format(*args, **kwargs)`` (or ``s.format_map(kwargs)``) with fields looked
        up through the sandbox; a :class:`~markupsafe.Markup` ``s`` escapes what it inserts."""
        formatter: SandboxedFormatter
        if isinstance(s, Markup):
            formatter = SandboxedEscapeFormatter(self, escape=s.escape)
        else:
            formatter = SandboxedFormatter(self)
        if format_func is not None and format_func.__name__ == "format_map":
            if len(args) != 1 or kwargs:
                raise TypeError("format_map() takes exactly one argument")
            kwargs = args[0]
            args = ()
        rv = type(s)(formatter.vformat(s, args, kwargs))
        _budget_for(self).charge_value(rv, "str.format")
        return rv

    # -- hooks generated code calls -----------------------------------------------------------

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``obj`` from sandboxed code, if :meth:`is_safe_callable`, within the
        render's depth, time and size limits."""
        budget = _active.get()
        if budget is not None:
            budget.check_time()
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} is not safely callable")
        formatter = self.wrap_str_format(obj)
        if formatter is not None:
            obj = formatter
        if budget is None:
            return t_call(context, obj, *args, **kwargs)
        if isinstance(obj, _TEMPLATE_CALLABLES):
            # Macros, caller, loop(...), self.block(): template code, guarded by its own hooks.
            budget.enter()
            try:
                return t_call(context, obj, *args, **kwargs)
            finally:
                budget.depth -= 1
        for arg in chain(args, kwargs.values()):
            if type(arg) not in _SCALARS:
                _guard_structure(budget, arg)
        receiver, method = _receiver(obj, args)
        if method is not None:
            args = self._check_method_call(budget, receiver, method, obj, args, kwargs)
        else:
            args = _timed_constructor_arguments(budget, obj, args)
        mutates = method in _MUTATING_METHODS and isinstance(receiver, _MUTABLE_CONTAINERS)
        size_before = sys.getsizeof(receiver) if mutates else 0
        budget.enter()
        try:
            rv = t_call(context, obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        if mutates:
            budget.check_size(len(receiver), f"{type(receiver).__name__}.{method}")
            budget.charge(max(sys.getsizeof(receiver) - size_before, 0))
        if isinstance(receiver, _BUILTIN_VALUES):
            if method not in _ACCESSOR_METHODS:
                budget.charge_value(rv, f"{type(receiver).__name__}.{method}")
        elif isinstance(obj, _BUILTIN_CALLABLES):
            budget.charge_value(rv, getattr(obj, "__name__", "a call"))
        return rv

    def _check_method_call(
        self,
        budget: _Budget,
        receiver: Any,
        method: str,
        func: Any,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
    ) -> tuple[Any, ...]:
        """Pre-check a method call of a builtin type whose result can dwarf its inputs; the
        (possibly materialized) arguments to call with."""
        if method not in _CHECKED_METHODS:
            return args
        what = f"{type(receiver).__name__}.{method}"
        # An unbound method descriptor takes the receiver as its first argument.
        offset = 1 if isinstance(func, types.MethodDescriptorType) else 0
        rest = args[offset:]
        if isinstance(receiver, str | bytes | bytearray):
            if method == "join" and rest:
                items = rest[0] if isinstance(rest[0], list | tuple) else list(rest[0])
                budget.check_size(_join_estimate(receiver, items), what)
                return (*args[:offset], items, *rest[1:])
            estimate = _text_method_estimate(receiver, method, rest, kwargs)
            if estimate is not None:
                budget.check_size(estimate, what)
        elif type(receiver) is int and method == "to_bytes":
            length = _as_int(_argument(rest, kwargs, 0, "length", 1))
            budget.check_size(length or 0, what)
        elif isinstance(receiver, list | tuple | deque) and method in _COMPARING_METHODS:
            _guard_structure(budget, receiver)
        elif (
            isinstance(receiver, set | frozenset | dict)
            and method in _HASHING_METHODS
            # The builtin methods; an application's own update() gets what it was given.
            and type(func) in _ATTRIBUTELESS_CALLABLES
        ):
            pairs = isinstance(receiver, dict)
            return (*args[:offset], *(_timed(arg, budget, pairs) for arg in rest))
        return args

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Apply an intercepted binary operator, refusing results beyond the render's
        size limits (``'x' * 10**9``, ``2 ** 10**9``, ``'%999999999s' % x``)."""
        budget = _active.get()
        if budget is None:
            budget = _budget_for(self)
        else:
            budget.check_time()
        what = _OPERATOR_NAMES.get(operator, "an operator")
        if operator == "*":
            _check_product(budget, left, right, what)
        elif operator == "**":
            _check_power(budget, left, right, what)
        elif operator == "%" and isinstance(left, str | bytes):
            _guard_structure(budget, right)
            budget.check_size(len(left) + _percent_padding(str(left), right), what)
        elif operator == "+" and isinstance(left, _SIZED) and isinstance(right, _SIZED):
            budget.check_size(len(left) + len(right), what)
        rv = self.binop_table[operator](left, right)
        budget.charge_value(rv, what)
        return rv

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        """Apply an intercepted unary operator."""
        return self.unop_table[operator](arg)

    def guard_iter(self, context: Context, iterable: Iterable[Any]) -> Iterable[Any]:
        """A loop's iterable, counted against the render's ``max_iterations`` and checked
        against its deadline every 64 items (the loop body's own calls and lookups check it
        too)."""
        return _CountedIterator(iterable, _budget_for(self))

    def guard_output(self, context: Context, piece: str) -> str:
        """An output piece as it is made (before it is yielded or buffered), counted
        against the render's ``max_allocation`` by its length: most pieces are yielded and
        freed at once, and the per-object overhead of those kept in buffers is bounded by
        ``max_iterations``."""
        budget = _active.get()
        if budget is not None:
            budget.charge(len(piece))
        return piece

    def guard_operand(self, context: Context, value: Any) -> Any:
        """An operand of a comparison or a dict-literal key, refused if comparing or
        hashing it would walk more than ``max_size`` items."""
        budget = _active.get()
        if budget is not None and isinstance(value, _WALKED):
            _guard_structure(budget, value)
        return value

    def guard_value(self, context: Context, value: Any) -> Any:
        """A value built by code the other hooks do not see (a slice: ``items[1:]``),
        counted against the render's ``max_size`` and ``max_allocation``."""
        budget = _active.get()
        if budget is not None:
            budget.charge_value(value, "a slice")
        return value

    def guard_container(self, context: Context, value: Any) -> Any:
        """The right operand of ``in``: like :meth:`guard_operand`, except that a set or a
        mapping answers by hashing the left operand and is not walked."""
        if isinstance(value, _HASHED):
            return value
        return self.guard_operand(context, value)


class ImmutableSandboxedEnvironment(SandboxedEnvironment):
    """A :class:`SandboxedEnvironment` in which templates cannot change lists, dicts, sets,
    deques or bytearrays (see :func:`modifies_known_mutable`), whether through a method
    looked up on the object, through the class (``dict.update(d, ...)``) or through a
    bound method passed in from outside."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not modifies_known_mutable(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, types.MethodDescriptorType):
            return not modifies_known_mutable(obj.__objclass__, obj.__name__)
        receiver, method = _receiver(obj, ())
        return method is None or not modifies_known_mutable(receiver, method)


SandboxedEnvironment.template_class = SandboxedTemplate
SandboxedTemplate.environment_class = SandboxedEnvironment

"""The runtime contract: the only names that generated template code calls.

In: values from the render context.  Out: the objects templates see (``loop``, macros,
``self``, ``super()``, undefined values) and the helpers generated code uses for lookups,
calls and output (``t_call``, ``t_str_join``...).  The compiler imports nothing else at render
time, so this module is the complete list of what a template can reach beyond its context.
"""

from __future__ import annotations

from collections import ChainMap, abc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from types import FunctionType, MethodType
from typing import TYPE_CHECKING, Any, NoReturn

from markupsafe import Markup, escape, soft_str

from .exceptions import TemplateNotFound, TemplateRuntimeError, UndefinedError
from .utils import (
    Namespace,
    PassArg,
    concat,
    escape_text,
    internalcode,
    mapping_keys,
    missing,
    object_type_repr,
)

if TYPE_CHECKING:
    import logging

    from .environment import Environment

__all__ = [
    "LoopContext",
    "TemplateReference",
    "Macro",
    "Markup",
    "TemplateRuntimeError",
    "TemplateNotFound",
    "missing",
    "escape",
    "markup_join",
    "str_join",
    "identity",
    "Namespace",
    "Undefined",
    "internalcode",
    "Context",
    "new_context",
]

BlockFunc = Callable[["Context"], Iterator[str]]


def identity(x: Any) -> Any:
    """Return the argument unchanged (the default ``finalize``)."""
    return x


def markup_join(seq: Iterable[Any]) -> str:
    """Join values as text, switching to Markup escaping once a Markup value appears."""
    buf: list[str] = []
    iterator = map(soft_str, seq)
    for arg in iterator:
        buf.append(arg)
        if hasattr(arg, "__html__"):
            return Markup("").join(chain(buf, iterator))
    return concat(buf)


def str_join(seq: Iterable[Any]) -> str:
    """Join values converted with ``str``."""
    return concat(map(str, seq))


def new_context(
    environment: Environment,
    template_name: str | None,
    blocks: Mapping[str, BlockFunc],
    vars: Mapping[str, Any] | None = None,
    shared: bool = False,
    globals: Mapping[str, Any] | None = None,
    locals: Mapping[str, Any] | None = None,
) -> Context:
    """Create the context for one render: globals overlaid by ``vars`` (unless ``shared``).

    Every render comes through here, so the common case (template globals in a ChainMap,
    no locals) is written out without helper calls.
    """
    parent: dict[str, Any]
    if shared:
        parent = {} if vars is None else vars  # type: ignore[assignment]
    else:
        if type(globals) is ChainMap:
            # Merged map by map: much cheaper than iterating the ChainMap key by key.
            parent = {}
            for layer in reversed(globals.maps):
                parent.update(layer)
        else:
            parent = dict(globals) if globals else {}
        if vars:
            parent.update(vars)
    if locals:
        if shared:
            parent = dict(parent)
        for key, value in locals.items():
            if value is not missing:
                parent[key] = value
    return environment.context_class(environment, parent, template_name, blocks, globals)


class TemplateReference:
    """The ``self`` variable in templates: ``self.blockname()`` renders a block."""

    def __init__(self, context: Context) -> None:
        self.__context = context

    def __getitem__(self, name: str) -> BlockReference:
        return BlockReference(name, self.__context, self.__context.blocks[name], 0)

    def __getattr__(self, name: str) -> BlockReference:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.__context.name!r}>"


class EvalContext:
    """Holds evaluation-time information (autoescape, volatility) for one render.

    Filters decorated with ``pass_eval_context`` receive it, and ``{% autoescape %}`` blocks
    change it for their body.
    """

    def __init__(self, environment: Environment, template_name: str | None = None) -> None:
        self.environment = environment
        if callable(environment.autoescape):
            self.autoescape = environment.autoescape(template_name)
        else:
            self.autoescape = environment.autoescape
        self.volatile = False

    def save(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def revert(self, old: dict[str, Any]) -> None:
        self.__dict__.clear()
        self.__dict__.update(old)


@abc.Mapping.register
class Context:
    """The variables of one render: what was passed in (``parent``) and what the template
    set at top level (``vars``, of which ``exported_vars`` are exported).

    Functions marked with ``pass_context`` receive it.  It supports read-only mapping access
    and ``resolve``; override ``resolve_or_missing`` to customise lookups.
    """

    def __init__(
        self,
        environment: Environment,
        parent: dict[str, Any],
        name: str | None,
        blocks: Mapping[str, BlockFunc],
        globals: Mapping[str, Any] | None = None,
    ) -> None:
        self.parent = parent
        self.vars: dict[str, Any] = {}
        self.environment = environment
        self.exported_vars: set[str] = set()
        self.name = name
        self._globals = globals
        # Each block name maps to its implementations, child first; inheritance appends.
        self.blocks = {k: [v] for k, v in blocks.items()} if blocks else {}

    def __getattr__(self, name: str) -> Any:
        # ``eval_ctx`` is made on first use: many renders of small templates never touch it.
        if name == "eval_ctx":
            eval_ctx = self.eval_ctx = EvalContext(self.environment, self.name)
            return eval_ctx
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # ``resolve`` may skip the ``resolve_or_missing`` call only if it is not customised.
        cls._plain_lookup = cls.resolve_or_missing is Context.resolve_or_missing

    _plain_lookup = True
    eval_ctx: EvalContext  # set by __getattr__ on first use

    @property
    def globals_keys(self) -> set[str]:
        """The names of the template's globals (computed when first asked for)."""
        return set() if self._globals is None else mapping_keys(self._globals)

    def super(self, name: str, current: BlockFunc) -> BlockReference | Undefined:
        """The parent implementation of block ``name`` relative to ``current``."""
        try:
            blocks = self.blocks[name]
            index = blocks.index(current) + 1
            blocks[index]
        except LookupError:
            return self.environment.undefined(
                f"there is no parent block called {name!r}.", name="super"
            )
        return BlockReference(name, self, blocks, index)

    def get(self, key: str, default: Any = None) -> Any:
        """The variable ``key``, or ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def resolve(self, key: str) -> Any:
        """The variable ``key``, or an Undefined naming it."""
        if self._plain_lookup:
            # Generated code resolves every context name through here: stay call-free.
            if key in self.vars:
                return self.vars[key]
            if key in self.parent:
                return self.parent[key]
            return self.environment.undefined(name=key)
        rv = self.resolve_or_missing(key)
        if rv is missing:
            return self.environment.undefined(name=key)
        return rv

    def resolve_or_missing(self, key: str) -> Any:
        """The variable ``key``, or ``missing``.  All lookups go through this method."""
        if key in self.vars:
            return self.vars[key]
        if key in self.parent:
            return self.parent[key]
        return missing

    def get_exported(self) -> dict[str, Any]:
        """A new dict of the exported top-level variables."""
        return {k: self.vars[k] for k in self.exported_vars}

    def get_all(self) -> dict[str, Any]:
        """The complete context as a dict (not necessarily a copy)."""
        if not self.vars:
            return self.parent
        if not self.parent:
            return self.vars
        return dict(self.parent, **self.vars)

    @internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Call ``__obj``, passing the context, eval context or environment first if it
        was marked with ``pass_context`` and co."""
        return t_call(__self, __obj, *args, **kwargs)

    def derived(self, locals: Mapping[str, Any] | None = None) -> Context:
        """A new independent context over the same variables, plus ``locals``."""
        context = new_context(self.environment, self.name, {}, self.get_all(), True, None, locals)
        context.eval_ctx = self.eval_ctx
        context.blocks.update((k, list(v)) for k, v in self.blocks.items())
        return context

    def keys(self) -> Any:
        """The variable names."""
        return self.get_all().keys()

    def values(self) -> Any:
        """The variable values."""
        return self.get_all().values()

    def items(self) -> Any:
        """The ``(name, value)`` pairs."""
        return self.get_all().items()

    def __contains__(self, name: object) -> bool:
        return name in self.vars or name in self.parent

    def __getitem__(self, key: str) -> Any:
        item = self.resolve_or_missing(key)
        if item is missing:
            raise KeyError(key)
        return item

    def __iter__(self) -> Iterator[str]:
        return iter(self.get_all())

    def __len__(self) -> int:
        return len(self.get_all())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.get_all()!r} of {self.name!r}>"


class BlockReference:
    """One block reachable from ``self`` or ``super()``; calling it renders it."""

    def __init__(self, name: str, context: Context, stack: list[BlockFunc], depth: int) -> None:
        self.name = name
        self._context = context
        self._stack = stack
        self._depth = depth

    @property
    def super(self) -> BlockReference | Undefined:
        """The parent implementation of this block."""
        if self._depth + 1 >= len(self._stack):
            return self._context.environment.undefined(
                f"there is no parent block called {self.name!r}.", name="super"
            )
        return BlockReference(self.name, self._context, self._stack, self._depth + 1)

    async def _async_call(self) -> str:
        rv = concat([x async for x in self._stack[self._depth](self._context)])  # type: ignore[attr-defined]
        if self._context.eval_ctx.autoescape:
            return Markup(rv)
        return rv

    @internalcode
    def __call__(self) -> str:
        if self._context.environment.is_async:
            return self._async_call()  # type: ignore[return-value]
        rv = concat(self._stack[self._depth](self._context))
        if self._context.eval_ctx.autoescape:
            return Markup(rv)
        return rv


class LoopContext:
    """The ``loop`` variable: position in the iteration, look-behind and look-ahead,
    ``cycle``, ``changed`` and (for recursive loops) calling it to recurse."""

    #: Iteration number, starting at 1.
    index: int
    #: Iteration number, starting at 0.
    index0: int
    #: Whether this is the first iteration.
    first: bool

    def __init__(
        self,
        iterable: Iterable[Any],
        undefined: type[Undefined],
        recurse: Callable[..., Any] | None = None,
        depth0: int = 0,
    ) -> None:
        self._iterable = iterable
        self._iterator = self._to_iterator(iterable)
        self._undefined = undefined
        self._recurse = recurse
        self.depth0 = depth0
        # The position is kept in plain attributes, updated by ``__next__``, rather than
        # computed by properties: a property read through ``environment.getattr`` costs a
        # call from C into Python, and loop bodies read ``loop.index`` and ``loop.first`` per
        # item.  They are all set here, none left to a class default: CPython does not
        # specialize reads and writes of an instance attribute the class also defines, and
        # with defaults on the class each step of a loop cost 40% more.
        self.index = 0
        self.index0 = -1
        self.first = False
        self._length: int | None = None
        self._after: Any = missing
        self._current: Any = missing
        self._before: Any = missing
        self._last_changed_value: Any = missing

    @staticmethod
    def _to_iterator(iterable: Iterable[Any]) -> Iterator[Any]:
        return iter(iterable)

    @property
    def length(self) -> int:
        """The number of items; an iterator without a length is consumed to count it."""
        if self._length is not None:
            return self._length
        try:
            self._length = len(self._iterable)  # type: ignore[arg-type]
        except TypeError:
            rest = list(self._iterator)
            self._iterator = self._to_iterator(rest)
            self._length = len(rest) + self.index + (self._after is not missing)
        return self._length

    def __len__(self) -> int:
        return self.length

    @property
    def depth(self) -> int:
        """Recursion depth, starting at 1."""
        return self.depth0 + 1

    @property
    def revindex0(self) -> int:
        """Iterations left after this one."""
        return self.length - self.index

    @property
    def revindex(self) -> int:
        """Iterations left including this one."""
        return self.length - self.index0

    def _peek_next(self) -> Any:
        if self._after is missing:
            self._after = next(self._iterator, missing)
        return self._after

    @property
    def last(self) -> bool:
        """Whether this is the last iteration (looks one item ahead)."""
        # _peek_next's two lines, without its call: loop bodies ask this every iteration.
        if self._after is missing:
            self._after = next(self._iterator, missing)
        return self._after is missing

    @property
    def previtem(self) -> Any:
        """The previous item, undefined on the first iteration."""
        if self.first:
            return self._undefined("there is no previous item")
        return self._before

    @property
    def nextitem(self) -> Any:
        """The next item, undefined on the last iteration."""
        rv = self._peek_next()
        if rv is missing:
            return self._undefined("there is no next item")
        return rv

    def cycle(self, *args: Any) -> Any:
        """One of ``args``, chosen by the iteration number."""
        if not args:
            raise TypeError("no items for cycling given")
        return args[self.index0 % len(args)]

    def changed(self, *value: Any) -> bool:
        """True the first time and whenever ``value`` differs from the previous call's."""
        if self._last_changed_value != value:
            self._last_changed_value = value
            return True
        return False

    def __iter__(self) -> LoopContext:
        return self

    def __next__(self) -> tuple[Any, LoopContext]:
        if self._after is not missing:
            rv = self._after
            self._after = missing
        else:
            rv = next(self._iterator)
        self.index = index = self.index + 1
        self.index0 = index - 1
        self.first = index == 1
        self._before = self._current
        self._current = rv
        return rv, self

    @internalcode
    def __call__(self, iterable: Iterable[Any]) -> str:
        """Render the loop body again over ``iterable`` (``recursive`` loops only)."""
        if self._recurse is None:
            raise TypeError("The loop must have the 'recursive' marker to be called recursively.")
        return self._recurse(iterable, self._recurse, depth=self.depth)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.index}/{self.length}>"


class Macro:
    """A template macro (or the ``caller`` of a call block) as a callable."""

    def __init__(
        self,
        environment: Environment,
        func: Callable[..., str],
        name: str,
        arguments: list[str],
        catch_kwargs: bool,
        catch_varargs: bool,
        caller: bool,
        default_autoescape: bool | None = None,
    ) -> None:
        self._environment = environment
        self._func = func
        self._argument_count = len(arguments)
        self.name = name
        self.arguments = arguments
        self.catch_kwargs = catch_kwargs
        self.catch_varargs = catch_varargs
        self.caller = caller
        self.explicit_caller = "caller" in arguments
        # Calls with exactly the declared positional arguments need no rearranging.
        self._plain_signature = not (caller or catch_kwargs or catch_varargs)
        if default_autoescape is None:
            if callable(environment.autoescape):
                default_autoescape = environment.autoescape(None)
            else:
                default_autoescape = environment.autoescape
        self._default_autoescape = default_autoescape

    @internalcode
    def __call__(self, *args: Any, **kwargs: Any) -> str:
        # Called from a template, the first argument is the caller's eval context, whose
        # autoescape setting (not the macro's definition site) decides the result's type.
        if args and isinstance(args[0], EvalContext):
            autoescape = args[0].autoescape
            args = args[1:]
        else:
            autoescape = self._default_autoescape
        # Calls the function directly (no helper frame): deeply nested call blocks recurse
        # through here once per level.
        rv = self._func(*self._bind(args, kwargs))
        return Markup(rv) if autoescape else rv

    __call__.jinja_pass_arg = PassArg.eval_context  # type: ignore[attr-defined]

    def _call_from_template(
        self, as_markup: bool, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> str:
        """``__call__`` for generated code, which knows what the caller's eval context wants
        (``as_markup``: its autoescape setting; ``False`` where the text goes straight into
        autoescaped output, which would only unwrap the Markup again)."""
        if self._plain_signature and not kwargs and len(args) <= self._argument_count:
            # The common call, positional arguments only: skip _bind's frame.  The macro
            # function's parameters default to ``missing``: arguments may be left out.
            rv = self._func(*args)
        else:
            rv = self._func(*self._bind(args, kwargs))
        return Markup(rv) if as_markup else rv

    def _bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Sequence[Any]:
        """Arrange the call's arguments in the order the macro function takes them:
        declared arguments, then ``caller``, ``kwargs`` and ``varargs`` when used."""
        count = self._argument_count
        if self._plain_signature and not kwargs and len(args) == count:
            return args
        arguments = list(args[:count])
        found_caller = False
        if len(arguments) != count:
            for name in self.arguments[len(arguments) :]:
                arguments.append(kwargs.pop(name, missing))
                if name == "caller":
                    found_caller = True
        else:
            found_caller = self.explicit_caller
        if self.caller and not found_caller:
            caller = kwargs.pop("caller", None)
            if caller is None:
                caller = self._environment.undefined("No caller defined", name="caller")
            arguments.append(caller)
        if self.catch_kwargs:
            arguments.append(kwargs)
        elif kwargs:
            if "caller" in kwargs:
                raise TypeError(
                    f"macro {self.name!r} was invoked with two values for the special"
                    " caller argument. This is most likely a bug."
                )
            raise TypeError(f"macro {self.name!r} takes no keyword argument {next(iter(kwargs))!r}")
        if self.catch_varargs:
            arguments.append(args[count:])
        elif len(args) > count:
            raise TypeError(
                f"macro {self.name!r} takes not more than {len(self.arguments)} argument(s)"
            )
        return arguments

    def __repr__(self) -> str:
        name = "anonymous" if self.name is None else repr(self.name)
        return f"<{type(self).__name__} {name}>"


class Undefined:
    """The value of a variable or attribute that does not exist.

    It prints as the empty string, iterates as empty and is false; any other use raises
    :class:`UndefinedError` naming what was undefined.
    """

    __slots__ = ("_undefined_hint", "_undefined_obj", "_undefined_name", "_undefined_exception")

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> None:
        self._undefined_hint = hint
        self._undefined_obj = obj
        self._undefined_name = name
        self._undefined_exception = exc

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is missing:
            return f"{self._undefined_name!r} is undefined"
        if not isinstance(self._undefined_name, str):
            return (
                f"{object_type_repr(self._undefined_obj)} has no"
                f" element {self._undefined_name!r}"
            )
        return f"{object_type_repr(self._undefined_obj)!r} has no attribute {self._undefined_name!r}"

    @internalcode
    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Raise the undefined error; every operation that needs a real value ends here."""
        raise self._undefined_exception(self._undefined_message)

    @internalcode
    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__":
            raise AttributeError(name)
        return self._fail_with_undefined_error()

    __add__ = __radd__ = __sub__ = __rsub__ = _fail_with_undefined_error
    __mul__ = __rmul__ = __div__ = __rdiv__ = _fail_with_undefined_error
    __truediv__ = __rtruediv__ = _fail_with_undefined_error
    __floordiv__ = __rfloordiv__ = _fail_with_undefined_error
    __mod__ = __rmod__ = _fail_with_undefined_error
    __pos__ = __neg__ = _fail_with_undefined_error
    __call__ = __getitem__ = _fail_with_undefined_error
    __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error
    __int__ = __float__ = __complex__ = _fail_with_undefined_error
    __pow__ = __rpow__ = _fail_with_undefined_error

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return id(type(self))

    def __str__(self) -> str:
        return ""

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        yield from ()

    async def __aiter__(self) -> Any:
        for _ in ():
            yield

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "Undefined"


def make_logging_undefined(
    logger: logging.Logger | None = None, base: type[Undefined] = Undefined
) -> type[Undefined]:
    """An Undefined subclass of ``base`` that logs to ``logger`` whenever it is used."""
    if logger is None:
        import logging

        logger = logging.getLogger(__name__)
        logger.addHandler(logging.StreamHandler())
    log = logger

    def _log_message(undef: Undefined) -> None:
        log.warning("Template variable warning: %s", undef._undefined_message)

    class LoggingUndefined(base):  # type: ignore[valid-type,misc]
        __slots__ = ()

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
            try:
                super()._fail_with_undefined_error(*args, **kwargs)
            except self._undefined_exception as e:
                log.error("Template variable error: %s", e)
                raise e
            raise AssertionError("_fail_with_undefined_error returned")  # it always raises

        def __str__(self) -> str:
            _log_message(self)
            return super().__str__()  # type: ignore[no-any-return]

        def __iter__(self) -> Iterator[Any]:
            _log_message(self)
            return super().__iter__()  # type: ignore[no-any-return]

        def __bool__(self) -> bool:
            _log_message(self)
            return super().__bool__()  # type: ignore[no-any-return]

    return LoggingUndefined


class ChainableUndefined(Undefined):
    """An Undefined whose attributes and items are Undefined too, so ``a.b.c`` is empty."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)

    def __getattr__(self, name: str) -> ChainableUndefined:
        if name[:2] == "__":
            raise AttributeError(name)
        return self

    def __getitem__(self, _name: Any) -> ChainableUndefined:  # type: ignore[override]
        return self


class DebugUndefined(Undefined):
    """An Undefined that prints as a marker naming the missing value."""

    __slots__ = ()

    def __str__(self) -> str:
        if self._undefined_hint:
            message = f"undefined value printed: {self._undefined_hint}"
        elif self._undefined_obj is missing:
            message = self._undefined_name  # type: ignore[assignment]
        else:
            message = (
                f"no such element: {object_type_repr(self._undefined_obj)}"
                f"[{self._undefined_name!r}]"
            )
        return f"{{{{ {message} }}}}"


class StrictUndefined(Undefined):
    """An Undefined that raises on printing, iteration, truth tests and comparison too."""

    __slots__ = ()
    __iter__ = __str__ = __len__ = Undefined._fail_with_undefined_error
    __eq__ = __ne__ = __bool__ = __hash__ = Undefined._fail_with_undefined_error
    __contains__ = Undefined._fail_with_undefined_error


# --- helpers called by generated code -------------------------------------------------------

_plain_callables = frozenset(
    {type(len), type("".join), type(str.join), type(dict.__dict__["fromkeys"]), type}
)


def _pass_arg_of(obj: Any) -> PassArg | None:
    kind = type(obj)
    if kind is FunctionType:
        # Most functions have an empty __dict__: no marker, nothing to look up.
        return PassArg.from_obj(obj) if obj.__dict__ else None
    if kind is MethodType:
        func = obj.__func__
        if type(func) is FunctionType and not func.__dict__:
            return None
        return PassArg.from_obj(func)
    call = getattr(kind, "__call__", None)  # noqa: B004
    if call is not None and PassArg.from_obj(call) is not None:
        return PassArg.from_obj(call)
    return PassArg.from_obj(obj)


def t_call(context: Context, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``func`` from a template, passing context/eval context/environment first when
    it asks for one; a StopIteration escaping the call becomes an Undefined."""
    try:
        kind = type(func)
        if kind is Macro:
            # The caller's eval context decides whether the macro returns Markup.
            return func._call_from_template(context.eval_ctx.autoescape, args, kwargs)
        if kind not in _plain_callables and not (
            # A bound method (``loop.cycle``, ``user.full_name``) of a function without a
            # marker in its ``__dict__`` asks for nothing: known here without a call.
            kind is MethodType
            and type(func.__func__) is FunctionType
            and not func.__func__.__dict__
        ):
            pass_arg = _pass_arg_of(func)
            if pass_arg is not None:
                args = (_passed_for(context, pass_arg), *args)
        return func(*args, **kwargs)
    except StopIteration:
        return _stopped(context)


def t_call_scoped(
    context: Context, scope: dict[str, Any], func: Any, *args: Any, **kwargs: Any
) -> Any:
    """``t_call`` after a ``{% set %}`` in a loop body or block: a ``pass_context`` callable
    gets a context that also has ``scope``, the variables set there (as in Jinja2)."""
    if scope and _pass_arg_of(func) is PassArg.context:
        context = context.derived(scope)
    return t_call(context, func, *args, **kwargs)


def t_scoped_context(context: Context, scope: dict[str, Any]) -> Context:
    """``context`` with the variables of ``scope`` added (if any were set), for the sandbox's
    ``call``, which takes the context to pass."""
    return context.derived(scope) if scope else context


def _passed_for(context: Context, pass_arg: PassArg) -> Any:
    """What a callable marked with ``pass_arg`` receives first.

    Callers test ``pass_arg is not None`` themselves: most callables ask for nothing, and
    every read of an Enum member (``PassArg.context``) costs as much as a function call.
    """
    if pass_arg is PassArg.context:
        return context
    if pass_arg is PassArg.eval_context:
        return context.eval_ctx
    return context.environment


def _stopped(context: Context) -> Undefined:
    """What a call that raised StopIteration evaluates to (as in Jinja2)."""
    return context.environment.undefined(
        "value was undefined because a callable raised a StopIteration exception"
    )


# str.__new__(Markup, text) makes the same Markup as Markup(text) for a plain str, without
# running Markup.__new__'s Python code (its __html__ check and encoding argument).
_new_str = str.__new__


def do_escape(s: Any, /) -> Markup:
    """HTML-escape ``s``: ``&``, ``<``, ``>``, ``'`` and ``"`` become entities.

    The ``e`` and ``escape`` filters, the same as :func:`markupsafe.escape` (it lives here,
    beside :func:`t_escape`, which generated code calls in its place where the result is
    printed at once: :func:`t_escape_filtered`).  A value with
    ``__html__`` is trusted and only wrapped, anything else is converted with ``str()``
    and escaped.  The result is ``Markup``; ``s`` is positional-only, as there.
    """
    kind = type(s)
    if kind is str:
        return _new_str(Markup, escape_text(s))
    if kind is Markup:
        return _new_str(Markup, s)
    if kind is int or kind is float:
        return _new_str(Markup, str(s))  # digits, sign, dot, "e", inf, nan: nothing to escape
    if hasattr(s, "__html__"):
        return Markup(s.__html__())
    text = str(s)
    if type(text) is str:
        return _new_str(Markup, escape_text(text))
    # A __str__ that returned a str subclass: Markup() looks for its __html__, as markupsafe.
    return Markup(escape_text(text))


#: The text of the non-negative ints below the limit that autoescaped output has met, filled
#: as they are met (building it at import would cost every program that never outputs one).
_small_int_text: dict[int, str] = {}
_SMALL_INT_LIMIT = 4096


def t_escape(value: Any) -> str:
    """Autoescape one output value into plain ``str`` (``markupsafe.escape`` would build a
    Markup object per value only for it to be joined into the output and dropped)."""
    kind = type(value)
    if kind is str:
        return escape_text(value)
    if kind is Markup:
        # Safe already (|safe, |e, super()...).  As a plain ``str``: an f-string formats a
        # ``str`` subclass through its ``__format__``, which costs twice this copy.
        return str(value)
    if kind is int:
        # Digits and a sign: nothing to escape.  Small numbers (counters, indexes, years)
        # recur in every render, and a dict lookup costs a third of converting one again.
        text = _small_int_text.get(value)
        if text is None:
            text = str(value)
            if 0 <= value < _SMALL_INT_LIMIT:
                _small_int_text[value] = text
        return text
    if kind is float:
        return str(value)  # digits, sign, dot, exponent, inf, nan: nothing to escape
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()  # type: ignore[no-any-return]
    return escape_text(str(value))


def t_escape_filtered(escape_filter: Any, value: Any) -> str:
    """``t_escape(escape_filter(value))``, for ``{{ value|e }}`` (or ``|escape``) printed
    under autoescape: while the environment's filter is the built-in one, the value is
    escaped once, into plain ``str``, without the ``Markup`` that the filter would make only
    for it to be printed."""
    if escape_filter is do_escape:
        return t_escape(value)
    return t_escape(escape_filter(value))


def t_call_escaped(context: Context, func: Any, *args: Any) -> str:
    """``t_escape(t_call(context, func, ...))``, for calls with positional arguments only
    whose result goes straight into autoescaped output: a macro's text is already escaped,
    so it is used as it is, without the Markup wrapper that ``t_escape`` would only take off
    again.  (``t_call``'s steps are repeated here rather than called: passing the arguments
    on costs a quarter of a call; and no ``**kwargs``, whose empty dict costs a third.)
    Calls with one or two arguments have their own entry points, below."""
    try:
        if type(func) is Macro:
            if func._plain_signature and len(args) <= func._argument_count:
                # The macro function directly, one Python call less per macro call (pages
                # call macros in loops); its parameters default to ``missing``.
                return func._func(*args)
            return func._call_from_template(False, args, {})
        kind = type(func)
        if kind not in _plain_callables and not (
            kind is MethodType
            and type(func.__func__) is FunctionType
            and not func.__func__.__dict__
        ):
            pass_arg = _pass_arg_of(func)
            if pass_arg is not None:
                args = (_passed_for(context, pass_arg), *args)
        rv = func(*args)
    except StopIteration:
        rv = _stopped(context)
    if type(rv) is str:
        return escape_text(rv)  # t_escape's first case, without its call
    return t_escape(rv)


# A call with ``*args`` (into a function that takes them, or passing them on) is one the
# interpreter cannot make in place: it goes through C and costs a third more.  Macros called
# in loops, ``loop.cycle(a, b)`` and ``obj.method(x)`` take one or two arguments, so printed
# calls with one or two get entry points of their own, for macros and for bound methods of
# functions without a ``pass_*`` marker (``t_call``'s test for those, inline: a call to a
# helper costs as much as these entry points save); anything else goes the general way.


def t_call_escaped_1(context: Context, func: Any, arg: Any) -> str:
    """``t_call_escaped(context, func, arg)``."""
    try:
        if type(func) is Macro:
            if func._plain_signature and func._argument_count:
                return func._func(arg)
        elif (
            type(func) is MethodType
            and type(func.__func__) is FunctionType
            and not func.__func__.__dict__
        ):
            rv = func(arg)
            if type(rv) is str:
                return escape_text(rv)
            return t_escape(rv)
    except StopIteration:
        return t_escape(_stopped(context))
    return t_call_escaped(context, func, arg)


def t_call_escaped_2(context: Context, func: Any, arg1: Any, arg2: Any) -> str:
    """``t_call_escaped(context, func, arg1, arg2)``."""
    try:
        if type(func) is Macro:
            if func._plain_signature and func._argument_count >= 2:
                return func._func(arg1, arg2)
        elif (
            type(func) is MethodType
            and type(func.__func__) is FunctionType
            and not func.__func__.__dict__
        ):
            rv = func(arg1, arg2)
            if type(rv) is str:
                return escape_text(rv)
            return t_escape(rv)
    except StopIteration:
        return t_escape(_stopped(context))
    return t_call_escaped(context, func, arg1, arg2)


def t_inherit_blocks(context: Context, parent: Any) -> None:
    """Register a parent template's blocks behind the child's (``{% extends %}``)."""
    for name, block in parent.blocks.items():
        context.blocks.setdefault(name, []).append(block)


def t_import_name(module: Any, name: str, message: str, undefined: type[Undefined]) -> Any:
    """``name`` from an imported template module, or an Undefined explaining its absence."""
    value = getattr(module, name, missing)
    if value is missing:
        return undefined(message % module.__name__, name=name)
    return value


def t_resolve_global(environment: Environment, globals: Mapping[str, Any], name: str) -> Any:
    """A name the render's variables lack, for ``render_direct``: the template's global of
    that name, or an Undefined naming it (what ``Context.resolve`` gives)."""
    if name in globals:
        return globals[name]
    return environment.undefined(name=name)


def t_lookup(registry: Mapping[str, Any], name: str, kind: str) -> Any:
    """A filter or test by name; if it is gone, a function that fails when called."""
    try:
        return registry[name]
    except KeyError:

        def fail(*args: Any, **kwargs: Any) -> NoReturn:
            raise TemplateRuntimeError(f"No {kind} named {name!r} found.")

        return fail


def t_lookup_all(registry: Mapping[str, Any], names: tuple[str, ...], kind: str) -> tuple[Any, ...]:
    """``t_lookup`` of each of ``names``: a function's filters (or tests) in one statement of
    its prologue, which costs less to compile than a statement each."""
    return tuple([t_lookup(registry, name, kind) for name in names])


#: The version of the contract between generated code and this module, stored with every
#: cached code object: bumped whenever the generated code changes shape, so cached code is
#: never run against a runtime (or compiler) it was not made for.  It lives here rather than
#: in the compiler so that checking a cache entry does not import the compiler.
CODE_FORMAT_VERSION = 9

#: Everything generated code may reference besides ``environment``.
RUNTIME_NAMESPACE: dict[str, Any] = {
    "t_missing": missing,
    "t_call_escaped": t_call_escaped,
    "t_call_escaped_1": t_call_escaped_1,
    "t_call_escaped_2": t_call_escaped_2,
    "t_LoopContext": LoopContext,
    "t_Macro": Macro,
    "t_Markup": Markup,
    "t_escape": t_escape,
    "t_escape_filtered": t_escape_filtered,
    "t_concat": concat,
    "t_markup_join": markup_join,
    "t_str_join": str_join,
    "t_identity": identity,
    "t_Namespace": Namespace,
    "t_TemplateReference": TemplateReference,
    "t_TemplateRuntimeError": TemplateRuntimeError,
    "t_TemplateNotFound": TemplateNotFound,
    "t_Undefined": Undefined,
    "t_call": t_call,
    "t_call_scoped": t_call_scoped,
    "t_scoped_context": t_scoped_context,
    "t_inherit_blocks": t_inherit_blocks,
    "t_import_name": t_import_name,
    "t_lookup": t_lookup,
    "t_lookup_all": t_lookup_all,
    "t_resolve_global": t_resolve_global,
}

"""The public entry points: :class:`Environment` (settings, registries, loading, compiling)
and :class:`Template` (rendering).

In: template source (from a string or a loader) and render contexts.  Out: rendered text,
streams, template modules.  Compilation goes source -> ``lexer`` -> ``parser`` ->
``compiler`` -> Python code object; rendering executes that code object's ``root`` function
with a ``runtime.Context``.

The compiling half (``ast``, lexer, parser, compiler) is imported on first use: a process
whose templates all come from a bytecode cache or ``ModuleLoader`` never loads it.
"""

from __future__ import annotations

import os
import weakref
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from functools import lru_cache, partial
from types import CodeType
from typing import IO, TYPE_CHECKING, Any

from markupsafe import Markup

from .defaults import (
    BLOCK_END_STRING,
    BLOCK_START_STRING,
    COMMENT_END_STRING,
    COMMENT_START_STRING,
    DEFAULT_FILTERS,
    DEFAULT_NAMESPACE,
    DEFAULT_POLICIES,
    DEFAULT_TESTS,
    KEEP_TRAILING_NEWLINE,
    LINE_COMMENT_PREFIX,
    LINE_STATEMENT_PREFIX,
    LSTRIP_BLOCKS,
    NEWLINE_SEQUENCE,
    TRIM_BLOCKS,
    VARIABLE_END_STRING,
    VARIABLE_START_STRING,
)
from .exceptions import (
    TemplateNotFound,
    TemplateRuntimeError,
    TemplatesNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from .runtime import RUNTIME_NAMESPACE, Context, EvalContext, Undefined, new_context
from .utils import LRUCache, PassArg, concat, consume, import_string, mapping_keys, missing

if TYPE_CHECKING:
    import ast

    from . import nodes
    from .bccache import BytecodeCache
    from .compiler import CodeGenerator
    from .ext import Extension
    from .lexer import TokenStream
    from .loaders import BaseLoader

_env_undefined = object()

# Attributes of plain dicts.  ``d.name`` on a dict looks these up as attributes first (so
# ``d.items`` is the method); any other name goes straight to the key, skipping a failed
# attribute lookup and its exception.
_DICT_ATTRIBUTES = frozenset(dir(dict))


@lru_cache(maxsize=10)
def get_spontaneous_environment(cls: type[Environment], *args: Any) -> Environment:
    """A shared environment for ``Template(source)`` made without one, cached by settings."""
    env = cls(*args)
    env.shared = True
    return env


def create_cache(size: int) -> MutableMapping[Any, Template] | None:
    """The template cache for ``cache_size``: none, unbounded, or LRU."""
    if size == 0:
        return None
    if size < 0:
        return {}
    return LRUCache(size)  # type: ignore[return-value]


def copy_cache(
    cache: MutableMapping[Any, Template] | None,
) -> MutableMapping[Any, Template] | None:
    if cache is None:
        return None
    if type(cache) is dict:
        return {}
    return LRUCache(cache.capacity)  # type: ignore[attr-defined,return-value]


def load_extensions(
    environment: Environment, extensions: Sequence[str | type[Extension]]
) -> dict[str, Extension]:
    """Instantiate extensions (import paths or classes) keyed by their identifier."""
    if not extensions:
        return {}  # the common case, without importing the extension machinery
    from .ext import resolve_extension

    result = {}
    for extension in extensions:
        cls = resolve_extension(extension)
        result[cls.identifier] = cls(environment)
    return result


def _environment_config_check(environment: Environment) -> None:
    if environment.block_start_string == environment.variable_start_string:
        raise ValueError("block and variable start strings must be different.")
    if environment.block_start_string == environment.comment_start_string:
        raise ValueError("block and comment start strings must be different.")
    if environment.variable_start_string == environment.comment_start_string:
        raise ValueError("variable and comment start strings must be different.")
    if environment.newline_sequence not in {"\r", "\r\n", "\n"}:
        raise ValueError("'newline_sequence' must be one of '\\n', '\\r\\n', or '\\r'.")


class _DefaultCodeGenerator:
    """``Environment.code_generator_class`` until a subclass or instance sets its own: the
    compiler's ``CodeGenerator``, imported when first asked for."""

    #: What ``bccache.settings_fingerprint`` records, without importing the compiler.
    label = "tmpl.compiler.CodeGenerator"

    def __get__(self, instance: object, owner: type | None = None) -> type[CodeGenerator]:
        from .compiler import CodeGenerator

        return CodeGenerator


def inlines_getattr(environment: Environment) -> bool:
    """Whether code compiled for ``environment`` looks attributes up itself (``getattr(obj,
    name, missing)``, with ``Environment._item_or_undefined`` on a miss) instead of calling
    ``environment.getattr``: only where that is Environment's own, which the inline code
    reproduces (a sandbox or a subclass's override is called for every lookup)."""
    own = getattr(environment.getattr, "__func__", None) is Environment.getattr
    return own and not environment.sandboxed


class Environment:
    """The shared configuration of a set of templates: syntax, registries of filters,
    tests and globals, the loader, caches and autoescaping.  Jinja2's constructor
    arguments, with the same meanings and defaults."""

    sandboxed = False
    overlayed = False
    linked_to: Environment | None = None
    shared = False
    code_generator_class: type[CodeGenerator] = _DefaultCodeGenerator()  # type: ignore[assignment]
    concat = "".join
    context_class: type[Context] = Context
    template_class: type[Template]

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
    ) -> None:
        self.block_start_string = block_start_string
        self.block_end_string = block_end_string
        self.variable_start_string = variable_start_string
        self.variable_end_string = variable_end_string
        self.comment_start_string = comment_start_string
        self.comment_end_string = comment_end_string
        self.line_statement_prefix = line_statement_prefix
        self.line_comment_prefix = line_comment_prefix
        self.trim_blocks = trim_blocks
        self.lstrip_blocks = lstrip_blocks
        self.newline_sequence = newline_sequence
        self.keep_trailing_newline = keep_trailing_newline
        self.undefined: type[Undefined] = undefined
        self.optimized = optimized
        self.finalize = finalize
        self.autoescape = autoescape
        self.filters: dict[str, Callable[..., Any]] = DEFAULT_FILTERS.copy()
        self.tests: dict[str, Callable[..., bool]] = DEFAULT_TESTS.copy()
        self.globals: dict[str, Any] = DEFAULT_NAMESPACE.copy()
        self.loader = loader
        self.cache = create_cache(cache_size)
        self.bytecode_cache = bytecode_cache
        self.auto_reload = auto_reload
        self.policies: dict[str, Any] = DEFAULT_POLICIES.copy()
        self.extensions = load_extensions(self, extensions)
        self.is_async = enable_async
        _environment_config_check(self)

    def add_extension(self, extension: str | type[Extension]) -> None:
        """Add an extension after the environment was created."""
        self.extensions.update(load_extensions(self, [extension]))

    def extend(self, **attributes: Any) -> None:
        """Add attributes to the environment that are not there yet (for extensions)."""
        for key, value in attributes.items():
            if not hasattr(self, key):
                setattr(self, key, value)

    def overlay(self, **options: Any) -> Environment:
        """A new environment sharing this one's data, with ``options`` changed."""
        extensions = options.pop("extensions", ())
        enable_async = options.pop("enable_async", None)
        cache_size = options.pop("cache_size", _env_undefined)
        rv = object.__new__(self.__class__)
        rv.__dict__.update(self.__dict__)
        rv.overlayed = True
        rv.linked_to = self
        for key, value in options.items():
            setattr(rv, key, value)
        if cache_size is not _env_undefined:
            rv.cache = create_cache(cache_size)
        else:
            rv.cache = copy_cache(self.cache)
        rv.extensions = {}
        for key, value in self.extensions.items():
            rv.extensions[key] = value.bind(rv)
        if extensions:
            rv.extensions.update(load_extensions(rv, extensions))
        if enable_async is not None:
            rv.is_async = enable_async
        _environment_config_check(rv)
        return rv

    @property
    def lexer(self) -> Any:
        """The lexer for this environment's settings."""
        from .lexer import get_lexer

        return get_lexer(self)

    def iter_extensions(self) -> Iterator[Extension]:
        """The extensions, by priority."""
        return iter(sorted(self.extensions.values(), key=lambda x: x.priority))

    # -- lookups used by generated code ----------------------------------------------------

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]``, falling back to the attribute for string keys."""
        try:
            return obj[argument]
        except (AttributeError, TypeError, LookupError):
            if isinstance(argument, str):
                try:
                    attr = str(argument)
                except Exception:
                    pass
                else:
                    try:
                        return getattr(obj, attr)
                    except AttributeError:
                        pass
            return self.undefined(obj=obj, name=argument)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``, falling back to the item."""
        if type(obj) is not dict or attribute in _DICT_ATTRIBUTES:
            # (A dict's keys skip the attempt: a failed attribute lookup raises.)
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        return self._item_or_undefined(obj, attribute)

    def _item_or_undefined(self, obj: Any, attribute: str) -> Any:
        """``obj[attribute]`` for ``obj.attribute`` when ``obj`` has no such attribute, or
        an Undefined.  (Generated code calls it directly after its own ``getattr(obj,
        attribute, missing)``: the attribute lookup inline, a Python call only on a miss.)"""
        # The Undefined is made with positional arguments (hint, obj, name: the documented
        # order): keyword arguments make the constructor call twice as slow, and optional
        # keys are missing often.
        if type(obj) is dict:
            # A membership test, not try/except: a raised KeyError costs ten times the lookup.
            if attribute in obj:
                return obj[attribute]
            return self.undefined(None, obj, attribute)
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(None, obj, attribute)

    def _filter_test_common(
        self,
        name: str | Undefined,
        value: Any,
        args: Sequence[Any] | None,
        kwargs: Mapping[str, Any] | None,
        context: Context | None,
        eval_ctx: EvalContext | None,
        is_filter: bool,
    ) -> Any:
        env_map = self.filters if is_filter else self.tests
        type_name = "filter" if is_filter else "test"
        func = env_map.get(name)  # type: ignore[arg-type]  # an Undefined name is reported below
        if func is None:
            msg = f"No {type_name} named {name!r}."
            if isinstance(name, Undefined):
                try:
                    name._fail_with_undefined_error()
                except Exception as e:
                    msg = f"{msg} ({e}; did you forget to quote the callable name?)"
            raise TemplateRuntimeError(msg)
        args = [value, *(args if args is not None else ())]
        kwargs = kwargs if kwargs is not None else {}
        pass_arg = PassArg.from_obj(func)
        if pass_arg is PassArg.context:
            if context is None:
                raise TemplateRuntimeError(
                    f"Attempted to invoke a context {type_name} without context."
                )
            args.insert(0, context)
        elif pass_arg is PassArg.eval_context:
            if eval_ctx is None:
                if context is not None:
                    eval_ctx = context.eval_ctx
                else:
                    eval_ctx = EvalContext(self)
            args.insert(0, eval_ctx)
        elif pass_arg is PassArg.environment:
            args.insert(0, self)
        return func(*args, **kwargs)

    def call_filter(
        self,
        name: str,
        value: Any,
        args: Sequence[Any] | None = None,
        kwargs: Mapping[str, Any] | None = None,
        context: Context | None = None,
        eval_ctx: EvalContext | None = None,
    ) -> Any:
        """Invoke a filter by name, as a template would."""
        return self._filter_test_common(name, value, args, kwargs, context, eval_ctx, True)

    def call_test(
        self,
        name: str,
        value: Any,
        args: Sequence[Any] | None = None,
        kwargs: Mapping[str, Any] | None = None,
        context: Context | None = None,
        eval_ctx: EvalContext | None = None,
    ) -> Any:
        """Invoke a test by name, as a template would."""
        return self._filter_test_common(name, value, args, kwargs, context, eval_ctx, False)

    # -- front end ---------------------------------------------------------------------------

    def parse(
        self, source: str, name: str | None = None, filename: str | None = None
    ) -> nodes.Template:
        """The template AST of ``source`` (for extensions and tools)."""
        try:
            return self._parse(source, name, filename)
        except TemplateSyntaxError as error:
            raise self._with_source(error, source) from None

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        from .parser import Parser

        return Parser(self, source, name, filename).parse()

    def lex(
        self, source: str, name: str | None = None, filename: str | None = None
    ) -> Iterator[tuple[int, str, str]]:
        """The raw ``(lineno, token_type, value)`` triples of ``source``."""
        source = str(source)
        try:
            return self.lexer.tokeniter(source, name, filename)  # type: ignore[no-any-return]
        except TemplateSyntaxError as error:
            raise self._with_source(error, source) from None

    def preprocess(self, source: str, name: str | None = None, filename: str | None = None) -> str:
        """``source`` after every extension's ``preprocess``."""
        for ext in self.iter_extensions():
            source = ext.preprocess(source, name, filename)
        return source

    def _tokenize(
        self,
        source: str,
        name: str | None,
        filename: str | None = None,
        state: str | None = None,
    ) -> TokenStream:
        from .lexer import TokenStream

        source = self.preprocess(source, name, filename)
        stream: TokenStream = self.lexer.tokenize(source, name, filename, state)
        for ext in self.iter_extensions():
            stream = ext.filter_stream(stream)
            if not isinstance(stream, TokenStream):
                stream = TokenStream(stream, name, filename)
        return stream

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
        source_text: str | None = None,
    ) -> ast.Module:
        from .compiler import generate

        return generate(source, self, name, filename, source_text, defer_init)

    def _compile(self, module: ast.Module, filename: str) -> CodeType:
        return compile(module, filename, "exec")

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Compile a template (source or AST) to a code object.

        With ``raw=True`` the generated module is returned as Python source text, for
        reading only; tmpl never compiles from text.
        """
        from .compiler import compiling

        source_text = source if isinstance(source, str) else None
        code_filename = _code_filename(name, filename)
        try:
            with compiling():
                if isinstance(source, str):
                    source = self._parse(source, name, filename)
                module = self._generate(source, name, filename, defer_init, source_text)
                if raw:
                    from .pyast import unparse

                    return unparse(module)
                code = self._compile(module, code_filename)
                # Drop the trees while the collector is still paused: freed now by reference
                # counting, they are not there for the collection that resuming it triggers.
                del module, source
        except TemplateSyntaxError as error:
            raise self._with_source(error, source_text) from None
        except RecursionError:
            too_deep = TemplateSyntaxError(
                "the template nests too deeply to compile",
                1,
                name,
                filename,
                hint="split long chains of operators, filters or elif branches",
            )
            raise self._with_source(too_deep, source_text) from None
        if source_text is not None:
            _register_source(code_filename, source_text)
        return code

    @staticmethod
    def _with_source(error: TemplateSyntaxError, source: str | None) -> TemplateSyntaxError:
        if error.source is None and source is not None:
            error.source = source
        return error

    def check(
        self, source: str, name: str | None = None, filename: str | None = None
    ) -> list[TemplateSyntaxError]:
        """Every syntax error in ``source`` (not only the first), in source order; ``[]``
        if it compiles.  Each error carries its position, the source and, where the cause is
        known, a hint."""
        from .diagnostics import check_source

        return check_source(self, source, name, filename)

    def compile_expression(self, source: str, undefined_to_none: bool = True) -> TemplateExpression:
        """A callable that evaluates the expression ``source`` with the given variables."""
        from .parser import Parser

        parser = Parser(self, source, state="variable")
        try:
            expr = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError(
                    "chunk after expression", parser.stream.current.lineno, None, None
                )
            expr.set_environment(self)
        except TemplateSyntaxError as error:
            raise self._with_source(error, source) from None
        from . import nodes

        body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
        template = self.from_string(nodes.Template(body, lineno=1))
        return TemplateExpression(template, undefined_to_none)

    def compile_templates(
        self,
        target: str | os.PathLike[str],
        extensions: Iterable[str] | None = None,
        filter_func: Callable[[str], bool] | None = None,
        zip: str | None = "deflated",
        log_function: Callable[[str], None] | None = None,
        ignore_errors: bool = True,
    ) -> None:
        """Compile every template the loader can list into ``target`` for ``ModuleLoader``."""
        from .loaders import compile_templates

        compile_templates(self, target, extensions, filter_func, zip, log_function, ignore_errors)

    def list_templates(
        self,
        extensions: Iterable[str] | None = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """The names of the loader's templates, optionally filtered."""
        assert self.loader is not None, "No loader configured."
        names = self.loader.list_templates()
        if extensions is not None:
            if filter_func is not None:
                raise TypeError("either extensions or filter_func can be passed, but not both")
            wanted = tuple(extensions)

            def filter_func(x: str) -> bool:
                return "." in x and x.rsplit(".", 1)[1] in wanted

        if filter_func is not None:
            names = [name for name in names if filter_func(name)]
        return names

    def handle_exception(self, source: str | None = None) -> Any:
        """Re-raise the exception being handled.  tmpl needs no traceback rewriting: the
        generated code already carries template positions."""
        raise  # noqa: PLE0704

    def join_path(self, template: str, parent: str) -> str:
        """How a template name referenced from ``parent`` resolves (override for relative
        paths).  The default ignores ``parent``, like Jinja2."""
        return template

    # -- loading ---------------------------------------------------------------------------

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        cache_key = (weakref.ref(self.loader), name)
        if self.cache is not None:
            template = self.cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        template = self.loader.load(self, name, self.make_globals(globals))
        if self.cache is not None:
            self.cache[cache_key] = template
        return template

    def get_template(
        self,
        name: str | Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Load a template by name from the loader (cached)."""
        if isinstance(name, Template):
            return name
        if parent is not None:
            name = self.join_path(name, parent)
        return self._load_template(name, globals)

    def select_template(
        self,
        names: Iterable[str | Template],
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """The first of ``names`` that exists."""
        if isinstance(names, Undefined):
            names._fail_with_undefined_error()
        if not names:
            raise TemplatesNotFound(message="Tried to select from an empty list of templates.")
        for name in names:
            if isinstance(name, Template):
                return name
            if parent is not None:
                name = self.join_path(name, parent)
            try:
                return self._load_template(name, globals)
            except (TemplateNotFound, UndefinedError):
                pass
        raise TemplatesNotFound(names)  # type: ignore[arg-type]

    def get_or_select_template(
        self,
        template_name_or_list: str | Template | list[str | Template],
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """``get_template`` for a name, ``select_template`` for a list."""
        if isinstance(template_name_or_list, str | Undefined):
            return self.get_template(template_name_or_list, parent, globals)
        if isinstance(template_name_or_list, Template):
            return template_name_or_list
        return self.select_template(template_name_or_list, parent, globals)

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """A template from source text (not cached)."""
        gs = self.make_globals(globals)
        cls = template_class or self.template_class
        return cls.from_code(self, self.compile(source), gs, None)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The globals of a template: ``d`` layered over the environment's."""
        if d is None:
            d = {}
        return ChainMap(d, self.globals)


def _code_filename(name: str | None, filename: str | None) -> str:
    if filename is not None:
        return filename
    if name is not None:
        return f"<template:{name}>"
    return "<template>"


def _register_source(filename: str, source: str) -> None:
    """Let tracebacks show template lines: ``linecache`` serves the source for the code's
    file name (``mtime=None`` keeps ``checkcache`` from evicting it)."""
    import linecache

    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _async_runtime_namespace() -> dict[str, Any]:
    """The names generated code of async templates uses beyond ``RUNTIME_NAMESPACE``
    (imported on first use, so sync applications never load the async modules)."""
    from .asyncfilters import async_variant
    from .asyncsupport import ASYNC_RUNTIME_NAMESPACE

    return {**ASYNC_RUNTIME_NAMESPACE, "t_async_variant": async_variant}


class Template:
    """A compiled template.  ``render`` it with variables; ``generate``/``stream`` it
    piece by piece; ``module`` exposes its macros and exported variables."""

    environment_class: type[Environment] = Environment

    environment: Environment
    globals: MutableMapping[str, Any]
    name: str | None
    filename: str | None
    blocks: dict[str, Callable[[Context], Iterator[str]]]
    root_render_func: Callable[[Context], Iterator[str]]
    # ``render_direct`` of the generated code, when the template has one and this class
    # makes its contexts the standard way (see ``render``).
    _render_direct: Callable[[dict[str, Any], Mapping[str, Any]], str] | None
    _module: TemplateModule | None
    _uptodate: Callable[[], bool] | None

    def __new__(
        cls,
        source: str | nodes.Template,
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
        enable_async: bool = False,
    ) -> Any:
        env = get_spontaneous_environment(
            cls.environment_class,  # type: ignore[arg-type]
            block_start_string,
            block_end_string,
            variable_start_string,
            variable_end_string,
            comment_start_string,
            comment_end_string,
            line_statement_prefix,
            line_comment_prefix,
            trim_blocks,
            lstrip_blocks,
            newline_sequence,
            keep_trailing_newline,
            frozenset(extensions),
            optimized,
            undefined,  # type: ignore[arg-type]  # classes hash; mypy sees Undefined.__hash__
            finalize,
            autoescape,
            None,
            0,
            False,
            None,
            enable_async,
        )
        return env.from_string(source, template_class=cls)

    @classmethod
    def from_code(
        cls,
        environment: Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> Template:
        """A template from a code object made by ``Environment.compile``."""
        namespace = {"environment": environment, "__file__": code.co_filename}
        namespace.update(RUNTIME_NAMESPACE)
        if environment.is_async:
            namespace.update(_async_runtime_namespace())
        exec(code, namespace)
        rv = cls._from_namespace(environment, namespace, globals)
        rv._uptodate = uptodate
        return rv

    @classmethod
    def from_module_dict(
        cls,
        environment: Environment,
        module_dict: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> Template:
        """A template from the namespace of an executed template module."""
        return cls._from_namespace(environment, module_dict, globals)

    @classmethod
    def _from_namespace(
        cls,
        environment: Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> Template:
        t: Template = object.__new__(cls)
        t.environment = environment
        t.globals = globals
        t.name = namespace["name"]
        t.filename = namespace["__file__"]
        t.blocks = namespace["blocks"]
        t.root_render_func = namespace["root"]
        t._render_direct = (
            namespace.get("render_direct") if cls.new_context is Template.new_context else None
        )
        t._module = None
        t._uptodate = None
        namespace["environment"] = environment
        namespace["__tmpl_template__"] = t
        return t

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render with the variables given like ``dict(*args, **kwargs)``."""
        direct = self._render_direct
        if direct is not None and self.environment.context_class is Context:
            # A template that only looks names up renders without a Context.  It only reads
            # the variables, so a dict passed in is used as it is instead of copied.
            if args:
                if len(args) == 1 and not kwargs and type(args[0]) is dict:
                    return direct(args[0], self.globals)
                kwargs = dict(*args, **kwargs)
            return direct(kwargs, self.globals)
        if self.environment.is_async:
            import asyncio

            return asyncio.run(self.render_async(*args, **kwargs))
        ctx = self.new_context(dict(*args, **kwargs) if args else kwargs)
        return concat(self.root_render_func(ctx))

    async def render_async(self, *args: Any, **kwargs: Any) -> str:
        """Render in an async environment."""
        if not self.environment.is_async:
            raise RuntimeError("The environment was not created with async mode enabled.")
        ctx = self.new_context(dict(*args, **kwargs))
        return concat([n async for n in self.root_render_func(ctx)])  # type: ignore[attr-defined]

    def stream(self, *args: Any, **kwargs: Any) -> TemplateStream:
        """A :class:`TemplateStream` over ``generate``."""
        return TemplateStream(self.generate(*args, **kwargs))

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        """Render piece by piece, yielding strings as they are produced."""
        if self.environment.is_async:
            import asyncio

            async def to_list() -> list[str]:
                return [x async for x in self.generate_async(*args, **kwargs)]

            yield from asyncio.run(to_list())
            return
        ctx = self.new_context(dict(*args, **kwargs))
        yield from self.root_render_func(ctx)

    async def generate_async(self, *args: Any, **kwargs: Any) -> Any:
        """The async version of ``generate``."""
        if not self.environment.is_async:
            raise RuntimeError("The environment was not created with async mode enabled.")
        ctx = self.new_context(dict(*args, **kwargs))
        async for event in self.root_render_func(ctx):  # type: ignore[attr-defined]
            yield event

    def render_block(self, name: str, *args: Any, **kwargs: Any) -> str:
        """Render only block ``name`` (with inheritance and ``super()`` resolved), for
        partial page updates."""
        return concat(self.generate_block(name, *args, **kwargs))

    def generate_block(self, name: str, *args: Any, **kwargs: Any) -> Iterator[str]:
        """Stream only block ``name``; see :meth:`render_block`."""
        ctx = self.new_context(dict(*args, **kwargs))
        ctx = self._context_with_inheritance(ctx)
        try:
            block = ctx.blocks[name][0]
        except KeyError:
            raise TemplateRuntimeError(
                f"template {self.name!r} has no block named {name!r}"
            ) from None
        yield from block(ctx)

    def _context_with_inheritance(self, ctx: Context) -> Context:
        """Run the template's top level without output so ``extends`` registers the parent
        blocks and top-level variables are set, as a full render would."""
        consume(self.root_render_func(ctx))
        return ctx

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        """A render context for this template."""
        return new_context(
            self.environment, self.name, self.blocks, vars, shared, self.globals, locals
        )

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        """The template as a module: its exported variables and macros as attributes."""
        ctx = self.new_context(vars, shared, locals)
        return TemplateModule(self, ctx)

    async def make_module_async(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        """The async version of ``make_module``."""
        ctx = self.new_context(vars, shared, locals)
        body = [x async for x in self.root_render_func(ctx)]  # type: ignore[attr-defined]
        return TemplateModule(self, ctx, body)

    async def _get_default_module_async(self, ctx: Context | None = None) -> TemplateModule:
        """The async version of ``_get_default_module`` (imports in async templates)."""
        if ctx is not None:
            keys = ctx.globals_keys - mapping_keys(self.globals)
            if keys:
                return await self.make_module_async({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = await self.make_module_async()
        return self._module

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        """The module made without a context (cached), or with the caller's globals if the
        template declares globals of its own."""
        if self.environment.is_async:
            raise RuntimeError("Module is not available in async mode.")
        if ctx is not None:
            keys = ctx.globals_keys - mapping_keys(self.globals)
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module

    @property
    def module(self) -> TemplateModule:
        """The template's module (see ``make_module``), made once."""
        return self._get_default_module()

    def get_corresponding_lineno(self, lineno: int) -> int:
        """The template line for a line of generated code: the same number, since
        generated code carries template positions."""
        return lineno

    @property
    def is_up_to_date(self) -> bool:
        """False if the source changed since the template was loaded."""
        if self._uptodate is None:
            return True
        return self._uptodate()

    @property
    def debug_info(self) -> list[tuple[int, int]]:
        """Kept for Jinja2 compatibility: tmpl needs no line mapping."""
        return []

    def __repr__(self) -> str:
        name = "memory:" + format(id(self), "x") if self.name is None else repr(self.name)
        return f"<{type(self).__name__} {name}>"


class TemplateModule:
    """A rendered template's exports as attributes; ``str()`` gives its output."""

    def __init__(
        self, template: Template, context: Context, body_stream: Iterable[str] | None = None
    ) -> None:
        if body_stream is None:
            if context.environment.is_async:
                raise RuntimeError(
                    "Async mode requires a body stream to be passed to a template module."
                    " Use the async methods of the API you are using."
                )
            body_stream = list(template.root_render_func(context))
        self._body_stream = body_stream
        self.__dict__.update(context.get_exported())
        self.__name__ = template.name

    def __html__(self) -> Markup:
        return Markup(concat(self._body_stream))

    def __str__(self) -> str:
        return concat(self._body_stream)

    def __repr__(self) -> str:
        name = "memory:" + format(id(self), "x") if self.__name__ is None else repr(self.__name__)
        return f"<{type(self).__name__} {name}>"


class TemplateExpression:
    """A compiled expression (``Environment.compile_expression``); call it with variables."""

    def __init__(self, template: Template, undefined_to_none: bool) -> None:
        self._template = template
        self._undefined_to_none = undefined_to_none

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        context = self._template.new_context(dict(*args, **kwargs))
        consume(self._template.root_render_func(context))
        rv = context.vars["result"]
        if self._undefined_to_none and isinstance(rv, Undefined):
            rv = None
        return rv


class TemplateStream:
    """Iterates a template's output; ``enable_buffering`` groups small pieces and ``dump``
    writes everything to a file or file name."""

    def __init__(self, gen: Iterator[str]) -> None:
        self._gen = gen
        self.disable_buffering()

    def dump(
        self,
        fp: str | IO[Any],
        encoding: str | None = None,
        errors: str | None = "strict",
    ) -> None:
        """Write the whole stream to ``fp`` (a file name or an open file)."""
        close = False
        if isinstance(fp, str):
            if encoding is None:
                encoding = "utf-8"
            real_fp: IO[Any] = open(fp, "wb")  # noqa: SIM115
            close = True
        else:
            real_fp = fp
        try:
            if encoding is not None:
                iterable: Iterable[Any] = (x.encode(encoding, errors) for x in self)  # type: ignore[arg-type]
            else:
                iterable = self
            if hasattr(real_fp, "writelines"):
                real_fp.writelines(iterable)
            else:
                for item in iterable:
                    real_fp.write(item)
        finally:
            if close:
                real_fp.close()

    def disable_buffering(self) -> None:
        """Yield pieces as the template produces them."""
        self._next = partial(next, self._gen)
        self.buffered = False

    def _buffered_generator(self, size: int) -> Iterator[str]:
        buf: list[str] = []
        c_size = 0
        push = buf.append
        while True:
            try:
                while c_size < size:
                    c = next(self._gen)
                    push(c)
                    if c:
                        c_size += 1
            except StopIteration:
                if not c_size:
                    return
            yield concat(buf)
            del buf[:]
            c_size = 0

    def enable_buffering(self, size: int = 5) -> None:
        """Group ``size`` pieces into each yielded string."""
        if size <= 1:
            raise ValueError("buffer size too small")
        self.buffered = True
        self._next = partial(next, self._buffered_generator(size))

    def __iter__(self) -> TemplateStream:
        return self

    def __next__(self) -> str:
        return self._next()  # type: ignore[no-any-return]


Environment.template_class = Template

__all__ = [
    "Environment",
    "Template",
    "TemplateModule",
    "TemplateExpression",
    "TemplateStream",
    "get_spontaneous_environment",
    "create_cache",
    "copy_cache",
    "load_extensions",
    "import_string",
    "missing",
]

"""The extension API and the extensions that ship with tmpl.

In: a parser positioned on one of an extension's tags.  Out: template nodes (``tmpl.nodes``)
that the compiler turns into code like any other.  Extensions written against Jinja2's API
(``tags``, ``parse(parser)``, ``attr``, ``call_method``, ``preprocess``, ``filter_stream``)
work unchanged with ``import tmpl as jinja2``.
"""

from __future__ import annotations

import pprint
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from . import nodes
from .exceptions import TemplateAssertionError
from .i18n import (
    FORMAT_FILTERS,
    GETTEXT_FUNCTIONS,
    GettextTranslations,
    Message,
    babel_extract,
    extract_from_ast,
    gettext_alias,
    gettext_functions,
    translations_functions,
)
from .utils import import_string, pass_context

if TYPE_CHECKING:
    from .environment import Environment
    from .lexer import Token, TokenStream
    from .parser import Parser
    from .runtime import Context


class Extension:
    """Base class of extensions: subclass it, list the statement names in ``tags`` and
    build nodes in ``parse``."""

    identifier: ClassVar[str]
    tags: set[str] = set()
    priority = 100

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.identifier = f"{cls.__module__}.{cls.__name__}"

    def __init__(self, environment: Environment) -> None:
        self.environment = environment

    def bind(self, environment: Environment) -> Extension:
        """A copy of this extension attached to another (overlay) environment."""
        rv = object.__new__(self.__class__)
        rv.__dict__.update(self.__dict__)
        rv.environment = environment
        return rv

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        """Change the source before it is lexed."""
        return source

    def filter_stream(self, stream: TokenStream) -> TokenStream:
        """Change the token stream (may return any iterable of tokens)."""
        return stream

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        """Parse one of ``tags``; the parser's current token is the tag name."""
        raise NotImplementedError()

    def attr(self, name: str, lineno: int | None = None) -> nodes.ExtensionAttribute:
        """A node reading attribute ``name`` of this extension at render time."""
        return nodes.ExtensionAttribute(self.identifier, name, lineno=lineno)

    def call_method(
        self,
        name: str,
        args: list[nodes.Expr] | None = None,
        kwargs: list[nodes.Keyword] | None = None,
        dyn_args: nodes.Expr | None = None,
        dyn_kwargs: nodes.Expr | None = None,
        lineno: int | None = None,
    ) -> nodes.Call:
        """A node calling method ``name`` of this extension at render time."""
        return nodes.Call(
            self.attr(name, lineno=lineno),
            args or [],
            kwargs or [],
            dyn_args,
            dyn_kwargs,
            lineno=lineno,
        )


class ExprStmtExtension(Extension):
    """``{% do expression %}``: evaluate an expression for its side effect."""

    tags = {"do"}

    def parse(self, parser: Parser) -> nodes.ExprStmt:
        token = next(parser.stream)
        node = nodes.ExprStmt(lineno=token.lineno, span=token.span)
        node.node = parser.parse_tuple()
        return node


class LoopControlExtension(Extension):
    """``{% break %}`` and ``{% continue %}`` inside loops."""

    tags = {"break", "continue"}

    def parse(self, parser: Parser) -> nodes.Break | nodes.Continue:
        token = next(parser.stream)
        if token.value == "break":
            return nodes.Break(lineno=token.lineno, span=token.span)
        return nodes.Continue(lineno=token.lineno, span=token.span)


class DebugExtension(Extension):
    """``{% debug %}``: print the context, filters and tests available at that point."""

    tags = {"debug"}

    def parse(self, parser: Parser) -> nodes.Output:
        token = next(parser.stream)
        context = nodes.ContextReference()
        result = self.call_method("_render", [context], lineno=token.lineno)
        return nodes.Output([result], lineno=token.lineno, span=token.span)

    def _render(self, context: Context) -> str:
        result = {
            "context": context.get_all(),
            "filters": sorted(self.environment.filters.keys()),
            "tests": sorted(self.environment.tests.keys()),
        }
        return pprint.pformat(result, depth=3, compact=True)


_WHITESPACE_WITH_NEWLINE = re.compile(r"\s*\n\s*")


class InternationalizationExtension(Extension):
    """``{% trans %}`` blocks and the gettext functions (``_``, ``gettext``, ``ngettext``,
    ``pgettext``, ``npgettext``), as Jinja2's i18n extension, plus Babel-backed
    ``format_*`` filters.

    Adds to the environment: ``install_gettext_translations``,
    ``install_gettext_callables``, ``install_null_translations``,
    ``uninstall_gettext_translations``, ``extract_translations``, ``newstyle_gettext``,
    and, beyond Jinja2, ``i18n_context`` (per-render translations, locale and time zone as
    render variables) and the ``i18n_locale`` / ``i18n_timezone`` defaults of the format
    filters (each a value or a zero-argument callable).
    """

    tags = {"trans"}

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["_"] = gettext_alias
        for name, function in FORMAT_FILTERS.items():
            # A filter the application registered under the same name stays in charge.
            environment.filters.setdefault(name, function)
        environment.extend(
            install_gettext_translations=self._install,
            install_null_translations=self._install_null,
            install_gettext_callables=self._install_callables,
            uninstall_gettext_translations=self._uninstall,
            extract_translations=self._extract,
            i18n_context=self._context,
            newstyle_gettext=False,
            i18n_locale=None,
            i18n_timezone=None,
        )

    # -- what the environment methods do ------------------------------------------------------

    def _newstyle(self, newstyle: bool | None) -> bool:
        if newstyle is not None:
            self.environment.newstyle_gettext = newstyle  # type: ignore[attr-defined]
        return bool(self.environment.newstyle_gettext)  # type: ignore[attr-defined]

    def _install(self, translations: GettextTranslations, newstyle: bool | None = None) -> None:
        """``install_gettext_translations``: use a :mod:`gettext` or Babel translations
        object for every render; ``newstyle`` switches newstyle gettext on or off."""
        functions = translations_functions(translations, self._newstyle(newstyle))
        self.environment.globals.update(functions)

    def _install_null(self, newstyle: bool | None = None) -> None:
        """``install_null_translations``: render the messages untranslated."""
        # Imported here because install_gettext_callables has a parameter named gettext.
        import gettext

        self._install(gettext.NullTranslations(), newstyle)

    def _install_callables(
        self,
        gettext: Callable[[str], str],
        ngettext: Callable[[str, str, int], str],
        newstyle: bool | None = None,
        pgettext: Callable[[str, str], str] | None = None,
        npgettext: Callable[[str, str, str, int], str] | None = None,
    ) -> None:
        """``install_gettext_callables``: use these functions; they are called at every
        render, so they may pick the translations for the current request themselves."""
        functions = gettext_functions(
            gettext, ngettext, pgettext, npgettext, self._newstyle(newstyle)
        )
        self.environment.globals.update(functions)

    def _uninstall(self, translations: GettextTranslations | None = None) -> None:
        """``uninstall_gettext_translations``: remove the installed gettext functions."""
        for name in ("gettext", "ngettext", "pgettext", "npgettext"):
            self.environment.globals.pop(name, None)

    def _extract(
        self,
        source: str | nodes.Template,
        gettext_functions: Sequence[str] = GETTEXT_FUNCTIONS,
    ) -> Iterator[tuple[int, str, Message]]:
        """``extract_translations``: the messages of a template source or AST, as
        :func:`extract_from_ast` gives them."""
        if isinstance(source, str):
            source = self.environment.parse(source)
        return extract_from_ast(source, gettext_functions)

    def _context(
        self,
        translations: GettextTranslations | None = None,
        *,
        locale: Any = None,
        timezone: Any = None,
    ) -> dict[str, Any]:
        """``i18n_context``: render variables that switch this one render to other
        translations, locale and time zone (``template.render(env.i18n_context(de,
        locale="de_DE"), user=user)``).  Render variables win over the installed globals, so
        nothing shared changes and concurrent renders do not interfere."""
        rv: dict[str, Any] = {}
        if translations is not None:
            newstyle = bool(self.environment.newstyle_gettext)  # type: ignore[attr-defined]
            rv.update(translations_functions(translations, newstyle))
        if locale is not None:
            rv["i18n_locale"] = locale
        if timezone is not None:
            rv["i18n_timezone"] = timezone
        return rv

    # -- {% trans %} ----------------------------------------------------------------------------

    def parse(self, parser: Parser) -> nodes.Node:
        """``{% trans ["context"] [trimmed|notrimmed] [name[=expr], ...] %}singular
        [{% pluralize [name] %}plural]{% endtrans %}``."""
        stream = parser.stream
        tag = next(stream)
        context_token = stream.next_if("string")
        msgctxt = None if context_token is None else context_token.value

        variables: dict[str, nodes.Expr] = {}
        # The variable whose value picks the plural form: the one named by pluralize, else
        # the first one declared in the tag, else the first one used in the singular text.
        count_name: str | None = None
        trimmed: bool | None = None
        while stream.current.type != "block_end":
            if variables:
                stream.expect("comma")
            # A colon may end the tag, as it may end Python-style block tags.
            if stream.skip_if("colon"):
                break
            # Errors are raised before the name is consumed, so they point at it.
            if stream.current.test("name") and stream.current.value in variables:
                parser.fail(
                    f"translatable variable {stream.current.value!r} defined twice.",
                    exc=TemplateAssertionError,
                )
            name = stream.expect("name").value
            if stream.skip_if("assign"):
                variables[name] = parser.parse_expression()
            elif trimmed is None and name in ("trimmed", "notrimmed"):
                trimmed = name == "trimmed"
                continue
            else:
                variables[name] = nodes.Name(name, "load")
            if count_name is None:
                count_name = name
        stream.expect("block_end")

        singular, singular_names = self._parse_text(parser, allow_pluralize=True)
        if count_name is None and singular_names:
            count_name = singular_names[0]
        plural: str | None = None
        plural_names: list[str] = []
        if stream.current.test("name:pluralize"):
            next(stream)
            if stream.current.type != "block_end":
                if stream.current.test("name") and stream.current.value not in variables:
                    name = stream.current.value
                    parser.fail(
                        f"unknown variable {name!r} for pluralization",
                        exc=TemplateAssertionError,
                        hint=f"the count must be declared in the trans tag, e.g."
                        f" {{% trans {name}={name} %}}",
                    )
                count_name = stream.expect("name").value
            stream.expect("block_end")
            plural, plural_names = self._parse_text(parser, allow_pluralize=False)
            if count_name is None:
                parser.fail("pluralize without variables", tag.lineno)
        next(stream)  # endtrans; the parser consumes the block_end after it

        referenced = singular_names + plural_names
        for name in referenced:
            variables.setdefault(name, nodes.Name(name, "load"))

        if trimmed is None:
            trimmed = bool(self.environment.policies["ext.i18n.trimmed"])
        if trimmed:
            singular = _trim(singular)
            plural = None if plural is None else _trim(plural)

        return self._translation(
            tag, singular, plural, msgctxt, variables, count_name if plural is not None else None
        )

    def _parse_text(self, parser: Parser, allow_pluralize: bool) -> tuple[str, list[str]]:
        """The message text up to ``{% pluralize %}`` or ``{% endtrans %}`` (left current),
        with ``{{ name }}`` turned into ``%(name)s`` and ``%`` doubled; and the names used."""
        stream = parser.stream
        names: list[str] = []
        text: list[str] = []
        while True:
            token = stream.current
            if token.type == "data":
                text.append(token.value.replace("%", "%%"))
                next(stream)
            elif token.type == "variable_begin":
                next(stream)
                name = self._placeholder(parser)
                names.append(name)
                text.append(f"%({name})s")
            elif token.type == "block_begin":
                next(stream)
                current = stream.current
                block = current.value if current.type == "name" else None
                if block == "endtrans":
                    break
                if block == "pluralize":
                    if allow_pluralize:
                        break
                    parser.fail("a translatable section can have only one pluralize section")
                if block == "trans":
                    parser.fail("trans blocks can't be nested; did you mean `endtrans`?")
                parser.fail(
                    f"control structures in translatable sections are not allowed; saw `{block}`",
                    hint="compute the value before the trans block and use its name",
                )
            elif stream.eos:
                parser.fail("unclosed translation block", hint="close it with endtrans")
            else:
                raise RuntimeError(f"internal parser error: unexpected {token.type} token")
        return "".join(text), names

    @staticmethod
    def _placeholder(parser: Parser) -> str:
        """The name in a ``{{ name }}`` placeholder (the ``{{`` is consumed)."""
        stream = parser.stream
        name_token = stream.next_if("name")
        if name_token is not None and stream.current.type == "variable_end":
            next(stream)
            return str(name_token.value)
        parser.fail(
            "only plain variable names can be used inside trans blocks",
            hint="bind the expression in the tag and use its name, e.g."
            " {% trans name=user.name %}Hello {{ name }}{% endtrans %}",
        )

    def _translation(
        self,
        tag: Token,
        singular: str,
        plural: str | None,
        msgctxt: str | None,
        variables: dict[str, nodes.Expr],
        count_name: str | None,
    ) -> nodes.Node:
        """The nodes rendering one trans block: a call of ``gettext``, ``ngettext``,
        ``pgettext`` or ``npgettext`` looked up by name at render time (so render variables
        can replace the installed functions, and extraction finds the call)."""
        newstyle = bool(self.environment.newstyle_gettext)  # type: ignore[attr-defined]
        # The count is needed twice (to choose the plural form and as a variable); evaluate
        # it once unless it is a plain name or constant, so a call in it runs once.
        binding: nodes.Name | None = None
        if count_name is not None:
            count = variables[count_name]
            if not isinstance(count, (nodes.Name, nodes.Const)):
                binding = nodes.Name(_unused_name(variables.values()), "store")
                variables[count_name] = nodes.Name(binding.name, "load")

        if not variables and not newstyle:
            # Nothing will %-format the message, so it is written with single percent signs.
            singular = singular.replace("%%", "%")
            plural = None if plural is None else plural.replace("%%", "%")

        args: list[nodes.Expr] = [nodes.Const(singular)]
        function = "gettext"
        if msgctxt is not None:
            args.insert(0, nodes.Const(msgctxt))
            function = "pgettext"
        if plural is not None and count_name is not None:
            args += [nodes.Const(plural), variables[count_name]]
            function = "n" + function
        call = nodes.Call(nodes.Name(function, "load"), args, [], None, None)

        output: nodes.Expr
        if newstyle:
            # Newstyle functions format and escape themselves; they set %(num)s from the count.
            call.kwargs = [
                nodes.Keyword(key, value)
                for key, value in variables.items()
                if not (key == "num" and count_name == "num")
            ]
            output = call
        else:
            output = nodes.MarkSafeIfAutoescape(call)
            if variables:
                pairs = [nodes.Pair(nodes.Const(k), v) for k, v in variables.items()]
                output = nodes.Mod(output, nodes.Dict(pairs))

        result: nodes.Node = nodes.Output([output])
        if binding is not None:
            result = nodes.With([binding], [count], [result])
        _locate(result, tag)
        return result


def _trim(text: str) -> str:
    """``trimmed``: strip the ends and turn each line break with its indentation into one
    space."""
    return _WHITESPACE_WITH_NEWLINE.sub(" ", text.strip())


def _unused_name(expressions: Iterable[nodes.Expr]) -> str:
    """A variable name none of ``expressions`` reads, for binding the plural count."""
    used: set[str] = set()
    for expr in expressions:
        if isinstance(expr, nodes.Name):
            used.add(expr.name)
        used.update(name.name for name in expr.find_all(nodes.Name))
    name, suffix = "_trans", 0
    while name in used:
        suffix += 1
        name = f"_trans{suffix}"
    return name


def _locate(node: nodes.Node, tag: Token) -> None:
    """Give the nodes a trans block made the position of its ``trans`` tag (expressions
    parsed from the tag keep their own)."""
    node.set_lineno(tag.lineno)
    for child in (node, *node.find_all(nodes.Node)):
        if child.span is None:
            child.span = tag.span


_JINJA2_PREFIX = "jinja2.ext."


def resolve_extension(extension: str | type[Extension]) -> type[Extension]:
    """The extension class for an import path or class; ``jinja2.ext.X`` means ``tmpl.ext.X``
    so configurations written for Jinja2 keep working."""
    if isinstance(extension, str):
        if extension.startswith(_JINJA2_PREFIX):
            extension = "tmpl.ext." + extension[len(_JINJA2_PREFIX) :]
        return import_string(extension)  # type: ignore[no-any-return]
    return extension


# Short names, as in Jinja2 (``extensions=["tmpl.ext.do"]``).
i18n = InternationalizationExtension
do = ExprStmtExtension
loopcontrols = LoopControlExtension
debug = DebugExtension

__all__ = [
    "GETTEXT_FUNCTIONS",
    "Extension",
    "InternationalizationExtension",
    "ExprStmtExtension",
    "LoopControlExtension",
    "DebugExtension",
    "pass_context",
    "resolve_extension",
    "babel_extract",
    "extract_from_ast",
    "i18n",
    "do",
    "loopcontrols",
    "debug",
]

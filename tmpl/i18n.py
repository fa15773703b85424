"""Internationalisation at render time and message extraction.

In: gettext callables or translations objects, values to format, template ASTs and template
files.  Out: the functions the ``{% trans %}`` tag and ``_()`` call at render time (including
Jinja2's "newstyle" gettext), Babel-backed ``format_*`` filters that follow the current locale
and time zone, and the message catalogue entries Babel's extractor protocol expects.

The tag itself (template source -> nodes) lives in :mod:`tmpl.ext` with the other extensions;
this module holds everything that runs after parsing.  Babel is optional: it is imported only
when a format filter first runs, so ``{% trans %}`` with stdlib :mod:`gettext` translations works
without it, and importing tmpl stays cheap.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeAlias

from markupsafe import Markup

from . import nodes
from .exceptions import TemplateSyntaxError
from .utils import missing, pass_context

if TYPE_CHECKING:
    from .runtime import Context

#: The function names whose calls are translatable messages (``extract_from_ast`` default).
GETTEXT_FUNCTIONS: tuple[str, ...] = ("_", "gettext", "ngettext", "pgettext", "npgettext")

#: What one extracted message is: a string, or a tuple with ``None`` for non-string arguments.
Message: TypeAlias = str | None | tuple[str | None, ...]


class GettextTranslations(Protocol):
    """What ``install_gettext_translations`` needs: :mod:`gettext` and Babel translations
    both qualify.  ``pgettext``/``npgettext`` are used when present."""

    def gettext(self, message: str) -> str:
        """The translation of ``message``."""

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The translation of ``singular``/``plural`` for the count ``n``."""


# -- gettext at render time --------------------------------------------------------------------


@pass_context
def gettext_alias(context: Context, /, *args: Any, **kwargs: Any) -> Any:
    """``_()`` in templates: whatever ``gettext`` is in the render context, so a ``gettext``
    passed to ``render`` takes over ``_`` too."""
    return context.call(context.resolve("gettext"), *args, **kwargs)


def _interpolate(context: Context, translated: str, variables: dict[str, Any]) -> str:
    # Markup escapes the variables as they are formatted in, and keeps markup the translator
    # wrote.  The result is always %-formatted, even without variables, so a literal percent
    # sign is always written %% in the message, whatever the call.
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


def newstyle_gettext(func: Callable[[str], str]) -> Callable[..., str]:
    """``func`` as a newstyle ``gettext``: ``gettext("Hello %(name)s", name=user)``
    translates, then formats with the keyword arguments, escaping them under autoescape."""

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        return _interpolate(context, context.call(func, message), variables)

    return gettext


def newstyle_ngettext(func: Callable[[str, str, int], str]) -> Callable[..., str]:
    """``func`` as a newstyle ``ngettext``; ``%(num)s`` is the count unless given."""

    @pass_context
    def ngettext(
        context: Context, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        return _interpolate(context, context.call(func, singular, plural, num), variables)

    return ngettext


def newstyle_pgettext(func: Callable[[str, str], str]) -> Callable[..., str]:
    """``func`` as a newstyle ``pgettext``; ``%(context)s`` is the message context."""

    @pass_context
    def pgettext(context: Context, msgctxt: str, message: str, /, **variables: Any) -> str:
        variables.setdefault("context", msgctxt)
        return _interpolate(context, context.call(func, msgctxt, message), variables)

    return pgettext


def newstyle_npgettext(func: Callable[[str, str, str, int], str]) -> Callable[..., str]:
    """``func`` as a newstyle ``npgettext``; ``%(context)s`` and ``%(num)s`` are set."""

    @pass_context
    def npgettext(
        context: Context, msgctxt: str, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("context", msgctxt)
        variables.setdefault("num", num)
        rv = context.call(func, msgctxt, singular, plural, num)
        return _interpolate(context, rv, variables)

    return npgettext


def gettext_functions(
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    pgettext: Callable[[str, str], str] | None = None,
    npgettext: Callable[[str, str, str, int], str] | None = None,
    newstyle: bool = False,
) -> dict[str, Callable[..., str]]:
    """The four template-level functions (``gettext``, ``ngettext``, ``pgettext``,
    ``npgettext``) for the given callables, wrapped for newstyle gettext if asked.

    Without ``pgettext``/``npgettext`` the message context is ignored and the context-free
    function is used, so ``{% trans "menu" %}`` still renders with translations that predate
    message contexts.
    """
    if pgettext is None:

        def pgettext(msgctxt: str, message: str) -> str:
            return gettext(message)

    if npgettext is None:

        def npgettext(msgctxt: str, singular: str, plural: str, n: int) -> str:
            return ngettext(singular, plural, n)

    if not newstyle:
        return {
            "gettext": gettext,
            "ngettext": ngettext,
            "pgettext": pgettext,
            "npgettext": npgettext,
        }
    return {
        "gettext": newstyle_gettext(gettext),
        "ngettext": newstyle_ngettext(ngettext),
        "pgettext": newstyle_pgettext(pgettext),
        "npgettext": newstyle_npgettext(npgettext),
    }


def translations_functions(
    translations: GettextTranslations, newstyle: bool = False
) -> dict[str, Callable[..., str]]:
    """:func:`gettext_functions` for a :mod:`gettext` or Babel translations object."""
    return gettext_functions(
        translations.gettext,
        translations.ngettext,
        getattr(translations, "pgettext", None),
        getattr(translations, "npgettext", None),
        newstyle,
    )


# -- locale-aware formatting -------------------------------------------------------------------

#: Render-context variables (and ``Environment`` attributes) that choose the locale and time
#: zone of the format filters.
LOCALE_VARIABLE = "i18n_locale"
TIMEZONE_VARIABLE = "i18n_timezone"


def _babel(module: str, feature: str) -> ModuleType:
    """Import ``babel.<module>`` or explain which extra provides it."""
    try:
        return importlib.import_module(f"babel.{module}")
    except ImportError as error:
        raise ModuleNotFoundError(
            f"the {feature} filter needs Babel, which is not installed; install tmpl with"
            " the i18n extra: pip install 'tmpl[i18n]'",
            name="babel",
        ) from error


def _setting(context: Context, name: str) -> Any:
    # The render context wins over the environment, so one environment serves every locale;
    # either may hold a zero-argument callable (e.g. reading a contextvar) instead of a value.
    value = context.resolve_or_missing(name)
    if value is missing or value is None:
        value = getattr(context.environment, name, None)
    if callable(value):
        value = value()
    return value


def current_locale(context: Context) -> Any:
    """The locale the format filters use for this render: the render context's
    ``i18n_locale``, else ``environment.i18n_locale`` (a value or a callable), else ``None``
    (Babel's default locale)."""
    return _setting(context, LOCALE_VARIABLE)


def current_timezone(context: Context) -> tzinfo | None:
    """The time zone the format filters convert to, chosen like :func:`current_locale`
    from ``i18n_timezone``; names such as ``"Europe/Berlin"`` are looked up with Babel.
    ``None`` means UTC."""
    return _zone(context, None, "format_datetime")


def _locale(context: Context, explicit: Any) -> Any:
    return explicit if explicit is not None else current_locale(context)


def _zone(context: Context, explicit: Any, feature: str) -> tzinfo | None:
    value = explicit if explicit is not None else _setting(context, TIMEZONE_VARIABLE)
    if isinstance(value, str):
        return _babel("dates", feature).get_timezone(value)  # type: ignore[no-any-return]
    return value  # type: ignore[no-any-return]


@pass_context
def format_date(
    context: Context,
    value: date | None = None,
    format: str = "medium",
    locale: Any = None,
    *,
    tzinfo: Any = None,
) -> str:
    """``{{ day|format_date("long") }}``: Babel's ``format_date`` in the current locale.
    A datetime is first converted to the current time zone (naive ones are UTC), so the
    date is the one the reader's clock shows."""
    dates = _babel("dates", "format_date")
    zone = _zone(context, tzinfo, "format_date")
    if zone is not None and isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(zone)
    return dates.format_date(value, format, _locale(context, locale))  # type: ignore[no-any-return]


@pass_context
def format_datetime(
    context: Context,
    value: datetime | float | None = None,
    format: str = "medium",
    tzinfo: Any = None,
    locale: Any = None,
) -> str:
    """``{{ moment|format_datetime }}``: Babel's ``format_datetime`` in the current locale
    and time zone (naive datetimes are UTC)."""
    dates = _babel("dates", "format_datetime")
    return dates.format_datetime(  # type: ignore[no-any-return]
        value,
        format,
        tzinfo=_zone(context, tzinfo, "format_datetime"),
        locale=_locale(context, locale),
    )


@pass_context
def format_time(
    context: Context,
    value: time | datetime | float | None = None,
    format: str = "medium",
    tzinfo: Any = None,
    locale: Any = None,
) -> str:
    """``{{ moment|format_time("short") }}``: Babel's ``format_time`` in the current locale
    and time zone."""
    dates = _babel("dates", "format_time")
    return dates.format_time(  # type: ignore[no-any-return]
        value,
        format,
        tzinfo=_zone(context, tzinfo, "format_time"),
        locale=_locale(context, locale),
    )


@pass_context
def format_timedelta(
    context: Context,
    value: timedelta | int,
    granularity: str = "second",
    threshold: float = 0.85,
    add_direction: bool = False,
    format: str = "long",
    locale: Any = None,
) -> str:
    """``{{ elapsed|format_timedelta }}``: Babel's ``format_timedelta`` ("3 hours") in the
    current locale."""
    dates = _babel("dates", "format_timedelta")
    return dates.format_timedelta(  # type: ignore[no-any-return]
        value,
        granularity=granularity,
        threshold=threshold,
        add_direction=add_direction,
        format=format,
        locale=_locale(context, locale),
    )


@pass_context
def format_number(context: Context, value: Any, locale: Any = None) -> str:
    """``{{ n|format_number }}``: the number with the locale's separators (Babel's
    ``format_decimal`` with the default pattern; Babel deprecated its ``format_number``)."""
    numbers = _babel("numbers", "format_number")
    return numbers.format_decimal(value, locale=_locale(context, locale))  # type: ignore[no-any-return]


@pass_context
def format_decimal(
    context: Context, value: Any, format: str | None = None, locale: Any = None, **options: Any
) -> str:
    """``{{ n|format_decimal("#,##0.00") }}``: Babel's ``format_decimal`` in the current
    locale; other keyword arguments (``decimal_quantization``...) go to Babel."""
    numbers = _babel("numbers", "format_decimal")
    return numbers.format_decimal(  # type: ignore[no-any-return]
        value, format, _locale(context, locale), **options
    )


@pass_context
def format_percent(
    context: Context, value: Any, format: str | None = None, locale: Any = None, **options: Any
) -> str:
    """``{{ ratio|format_percent }}``: Babel's ``format_percent`` in the current locale."""
    numbers = _babel("numbers", "format_percent")
    return numbers.format_percent(  # type: ignore[no-any-return]
        value, format, _locale(context, locale), **options
    )


@pass_context
def format_currency(
    context: Context,
    value: Any,
    currency: str,
    format: str | None = None,
    locale: Any = None,
    **options: Any,
) -> str:
    """``{{ price|format_currency("EUR") }}``: Babel's ``format_currency`` in the current
    locale; other keyword arguments (``format_type``, ``currency_digits``...) go to Babel."""
    numbers = _babel("numbers", "format_currency")
    return numbers.format_currency(  # type: ignore[no-any-return]
        value, currency, format, _locale(context, locale), **options
    )


#: The filters the i18n extension adds to its environment.
FORMAT_FILTERS: dict[str, Callable[..., str]] = {
    "format_date": format_date,
    "format_datetime": format_datetime,
    "format_time": format_time,
    "format_timedelta": format_timedelta,
    "format_number": format_number,
    "format_decimal": format_decimal,
    "format_percent": format_percent,
    "format_currency": format_currency,
}


# -- extraction --------------------------------------------------------------------------------


def _string_or_none(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    return None


def extract_from_ast(
    ast: nodes.Template,
    gettext_functions: Container[str] = GETTEXT_FUNCTIONS,
    babel_style: bool = True,
) -> Iterator[tuple[int, str, Message]]:
    """The translatable messages of a template AST as ``(lineno, function, message)``.

    Every call of a name in ``gettext_functions`` counts, ``{% trans %}`` blocks included
    (they become ``gettext``/``ngettext``/``pgettext``/``npgettext`` calls).  In Babel style
    (the default) ``message`` is the only argument's string, or a tuple with ``None`` for
    each argument that is not a string literal (keyword and ``*``/``**`` arguments
    included), which is what Babel's keyword specifications index into.  With
    ``babel_style=False`` it is always a tuple of just the string literals, and calls without
    any are left out.  Comments are not in the AST; :func:`babel_extract` finds them.
    """
    for call in ast.find_all(nodes.Call):
        callee = call.node
        if not isinstance(callee, nodes.Name) or callee.name not in gettext_functions:
            continue
        strings = [_string_or_none(arg) for arg in call.args]
        extra = len(call.kwargs) + (call.dyn_args is not None) + (call.dyn_kwargs is not None)
        strings.extend([None] * extra)
        message: Message
        if babel_style:
            message = strings[0] if len(strings) == 1 else tuple(strings)
        else:
            message = tuple(s for s in strings if s is not None)
            if not message:
                continue
        yield call.lineno, callee.name, message


class _TranslatorComments:
    """Pairs messages with the translator comments before them.

    Messages are looked up in the order the extractor meets them; each lookup scans the
    tokens from where the previous one stopped up to the message's line, and takes the last
    comment there that starts with a comment tag.  A comment therefore belongs to the first
    message after it, and never to two messages.
    """

    def __init__(self, tokens: Sequence[tuple[int, str, str]], tags: Sequence[str]) -> None:
        self._tokens = tokens
        # "NOTE" and "NOTE:" are the same tag, whichever way the comment or the command line
        # spells it.
        self._tags = {tag.rstrip(":") for tag in tags if tag.rstrip(":")}
        self._start = 0

    def _text(self, comment: str) -> str | None:
        parts = comment.split(None, 1)
        if len(parts) == 2 and parts[0].rstrip(":") in self._tags:
            return parts[1].rstrip()
        return None

    def before(self, lineno: int) -> list[str]:
        """The translator comment for a message on line ``lineno`` (at most one)."""
        if not self._tags:
            return []
        end = self._start
        while end < len(self._tokens) and self._tokens[end][0] <= lineno:
            end += 1
        window = self._tokens[self._start : end]
        self._start = end
        for _, kind, value in reversed(window):
            if kind in ("comment", "linecomment"):
                text = self._text(value)
                if text is not None:
                    return [text]
        return []


def _flag(options: Mapping[str, Any], key: str, default: bool = False) -> bool:
    # babel.cfg hands every option over as a string; callers from Python may pass bools.
    value = options.get(key, default)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "on", "yes", "true"}
    return bool(value)


def babel_extract(
    fileobj: IO[bytes],
    keywords: Container[str],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, Message, list[str]]]:
    """Babel's extraction method for tmpl templates (``[tmpl: templates/**.html]`` in a
    ``babel.cfg``, or ``tmpl.ext:babel_extract`` by path).

    Yields ``(lineno, function, message, comments)`` for every call of a function in
    ``keywords`` and every ``{% trans %}`` block; ``comments`` holds the template comment
    (``{# NOTE: ... #}``, or a line comment) before the message that starts with one of
    ``comment_tags``, tag removed.

    ``options`` (strings, as in ``babel.cfg``): ``extensions`` (comma-separated import
    paths; the i18n extension is always added), ``trimmed`` and ``newstyle_gettext`` (as the
    environment would have them when rendering, since both change the message text),
    ``encoding`` (default UTF-8), ``silent`` (default true: a template with a syntax error
    is skipped with a warning instead of failing the whole run), and the environment's
    syntax settings: the six delimiter strings, ``line_statement_prefix``,
    ``line_comment_prefix``, ``trim_blocks``, ``lstrip_blocks``, ``keep_trailing_newline``.
    """
    # Imported here: tmpl.ext imports this module to build the {% trans %} nodes.
    from . import defaults
    from .environment import Environment
    from .ext import Extension, InternationalizationExtension, resolve_extension

    extensions: list[type[Extension]] = []
    for name in str(options.get("extensions", "")).split(","):
        if name.strip():
            extension = resolve_extension(name.strip())
            if extension not in extensions:
                extensions.append(extension)
    if InternationalizationExtension not in extensions:
        extensions.append(InternationalizationExtension)

    def setting(key: str, default: str) -> str:
        return str(options.get(key) or default)

    environment = Environment(
        block_start_string=setting("block_start_string", defaults.BLOCK_START_STRING),
        block_end_string=setting("block_end_string", defaults.BLOCK_END_STRING),
        variable_start_string=setting("variable_start_string", defaults.VARIABLE_START_STRING),
        variable_end_string=setting("variable_end_string", defaults.VARIABLE_END_STRING),
        comment_start_string=setting("comment_start_string", defaults.COMMENT_START_STRING),
        comment_end_string=setting("comment_end_string", defaults.COMMENT_END_STRING),
        line_statement_prefix=options.get("line_statement_prefix") or None,
        line_comment_prefix=options.get("line_comment_prefix") or None,
        trim_blocks=_flag(options, "trim_blocks", defaults.TRIM_BLOCKS),
        lstrip_blocks=_flag(options, "lstrip_blocks", defaults.LSTRIP_BLOCKS),
        keep_trailing_newline=_flag(
            options, "keep_trailing_newline", defaults.KEEP_TRAILING_NEWLINE
        ),
        extensions=extensions,
        cache_size=0,
        auto_reload=False,
    )
    if _flag(options, "trimmed"):
        environment.policies["ext.i18n.trimmed"] = True
    if _flag(options, "newstyle_gettext"):
        environment.newstyle_gettext = True  # type: ignore[attr-defined]

    source = fileobj.read().decode(str(options.get("encoding") or "utf-8"))
    try:
        template = environment.parse(source)
        tokens = list(environment.lex(environment.preprocess(source)))
    except TemplateSyntaxError as error:
        if not _flag(options, "silent", True):
            raise
        name = getattr(fileobj, "name", "<template>")
        warnings.warn(
            f"skipped {name}: {error}; set the option silent = false to fail instead",
            stacklevel=2,
        )
        return
    comments = _TranslatorComments(tokens, comment_tags)
    for lineno, function, message in extract_from_ast(template, keywords):
        yield lineno, function, message, comments.before(lineno)


__all__ = [
    "FORMAT_FILTERS",
    "GETTEXT_FUNCTIONS",
    "GettextTranslations",
    "LOCALE_VARIABLE",
    "Message",
    "TIMEZONE_VARIABLE",
    "babel_extract",
    "current_locale",
    "current_timezone",
    "extract_from_ast",
    "format_currency",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_number",
    "format_percent",
    "format_time",
    "format_timedelta",
    "gettext_alias",
    "gettext_functions",
    "newstyle_gettext",
    "newstyle_ngettext",
    "newstyle_npgettext",
    "newstyle_pgettext",
    "translations_functions",
]

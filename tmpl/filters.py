"""The built-in filters, used as ``value|name(args)`` in templates.

In: the value left of ``|`` and the filter's arguments (plus the environment, eval context
or context for filters marked with ``pass_*``).  Out: the transformed value.  The
environment starts from :data:`FILTERS` (``Environment.filters``).  Names, arguments,
results and errors follow Jinja2 3.1, including ``Markup`` handling under autoescape.

Async support: filters that consume a whole iterable (``join``, ``sum``, ``list``,
``first``, ``unique``, ``groupby``, ``slice``, ``sort``...) read their input with one plain
iteration, and ``map``/``select``/``reject``/``selectattr``/``rejectattr`` build their per-item
function with :func:`prepare_map` / :func:`prepare_select_or_reject`.  An async layer wraps
them by materialising the input first (``await auto_to_list(value)``) and reusing those
helpers; the functions here stay as they are.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, groupby
from typing import TYPE_CHECKING, Any, Literal

from markupsafe import Markup, soft_str

from .exceptions import FilterArgumentError
from .runtime import Undefined, do_escape
from .utils import (
    escape_text,
    htmlsafe_json_dumps,
    pass_context,
    pass_environment,
    pass_eval_context,
    pformat,
    url_quote,
    urlize,
)

if TYPE_CHECKING:
    from .environment import Environment
    from .runtime import Context, EvalContext


# --- attribute lookups shared by sort, groupby, map, unique, min, max, sum, join... -------


def ignore_case(value: Any) -> Any:
    """Lowercase ``value`` if it is a string (the case-insensitive sort and group key)."""
    if isinstance(value, str):
        return value.lower()
    return value


def _attribute_path(attribute: str | int | None) -> list[str | int]:
    """Split a dotted ``attribute`` (``"address.city"``, ``"items.0"``) into lookup steps.

    All-digit parts become ``int`` so they index sequences.
    """
    if attribute is None:
        return []
    if isinstance(attribute, str):
        return [int(part) if part.isdigit() else part for part in attribute.split(".")]
    return [attribute]


def make_attrgetter(
    environment: Environment,
    attribute: str | int | None,
    postprocess: Callable[[Any], Any] | None = None,
    default: Any | None = None,
) -> Callable[[Any], Any]:
    """Return a function looking up the dotted ``attribute`` path on its argument.

    Each step goes through ``environment.getitem`` (so the sandbox applies).  If ``default``
    is not ``None`` it replaces an undefined result at any step.  ``postprocess`` is applied
    to the final value (``ignore_case`` for case-insensitive keys).
    """
    path = _attribute_path(attribute)
    getitem = environment.getitem

    def attrgetter(item: Any) -> Any:
        for step in path:
            item = getitem(item, step)
            if default is not None and isinstance(item, Undefined):
                item = default
        if postprocess is not None:
            item = postprocess(item)
        return item

    return attrgetter


def make_multi_attrgetter(
    environment: Environment,
    attribute: str | int | None,
    postprocess: Callable[[Any], Any] | None = None,
) -> Callable[[Any], list[Any]]:
    """Like :func:`make_attrgetter` for a comma-separated list of dotted paths.

    The returned function gives a list with one value per path, to use as a sort key
    (``sort(attribute="age,name")``).
    """
    if isinstance(attribute, str):
        paths = [_attribute_path(part) for part in attribute.split(",")]
    else:
        paths = [_attribute_path(attribute)]
    getitem = environment.getitem

    def attrgetter(item: Any) -> list[Any]:
        values = []
        for path in paths:
            value = item
            for step in path:
                value = getitem(value, step)
            if postprocess is not None:
                value = postprocess(value)
            values.append(value)
        return values

    return attrgetter


def _key_postprocess(case_sensitive: bool) -> Callable[[Any], Any] | None:
    return None if case_sensitive else ignore_case


# --- strings --------------------------------------------------------------------------

# str.__new__(Markup, text) makes the same Markup as Markup(text) for a plain str, without
# running Markup.__new__'s Python code (its __html__ check and encoding argument).  The ``e``
# filter itself, :func:`do_escape`, lives in the runtime beside ``t_escape``.
_new_str = str.__new__


def do_forceescape(value: Any) -> Markup:
    """HTML-escape ``value`` even if it is already marked safe."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    text = str(value)
    if type(text) is str:
        return _new_str(Markup, escape_text(text))
    return do_escape(text)  # a str subclass from __str__, which may have __html__ itself


def do_urlencode(value: str | Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """Percent-encode ``value`` for a URL.

    A string (or any non-iterable) is quoted as a path segment (``/`` kept).  A dict or an
    iterable of ``(key, value)`` pairs becomes a query string ``k=v&k2=v2``.
    """
    if isinstance(value, str) or not isinstance(value, Iterable):
        return url_quote(value)
    items: Iterable[tuple[Any, Any]] = value.items() if isinstance(value, dict) else value  # type: ignore[assignment]
    return "&".join(f"{url_quote(k, for_qs=True)}={url_quote(v, for_qs=True)}" for k, v in items)


@pass_eval_context
def do_replace(eval_ctx: EvalContext, s: str, old: str, new: str, count: int | None = None) -> str:
    """Replace occurrences of ``old`` with ``new`` in ``s`` (the first ``count`` only, if given).

    Under autoescape, a plain string ``s`` is escaped before a safe ``old`` or ``new`` is
    put into it, so the result can be marked safe.
    """
    if count is None:
        count = -1
    if not eval_ctx.autoescape:
        return str(s).replace(str(old), str(new), count)
    if type(s) is str and type(old) is str and type(new) is str:
        return s.replace(old, new, count)  # nothing safe: what the general case comes to
    if hasattr(old, "__html__") or (hasattr(new, "__html__") and not hasattr(s, "__html__")):
        s = do_escape(s)
    else:
        s = soft_str(s)
    return s.replace(soft_str(old), soft_str(new), count)


def do_upper(s: str) -> str:
    """Convert ``s`` to uppercase."""
    return soft_str(s).upper()


def do_lower(s: str) -> str:
    """Convert ``s`` to lowercase."""
    return soft_str(s).lower()


def do_capitalize(s: str) -> str:
    """Uppercase the first character of ``s`` and lowercase the rest."""
    return soft_str(s).capitalize()


# The regular expressions below are kept as pattern strings and compiled through ``re``'s
# own cache on first use: compiling them all at import time would slow down
# ``import tmpl`` for filters most programs never call.

# A word starts after any run of these; the separators are kept by the capturing split.
_TITLE_SPLIT = r"([-\s({\[<]+)"
_title_split: Callable[[str], list[str]] | None = None  # compiled on the first |title
# The class of each ASCII character for |title, as a bytes.translate table: "a" for a
# letter, " " for a word separator (_TITLE_SPLIT's, \x1c-\x1f included), "." for the rest.
_title_classes: bytes | None = None


def _make_title_classes() -> bytes:
    separator = re.compile(_TITLE_SPLIT).match
    classes = bytearray(b"." * 256)
    for code in range(128):
        char = chr(code)
        if char.isalpha():
            classes[code] = ord("a")
        elif separator(char):
            classes[code] = ord(" ")
    return bytes(classes)


def do_title(s: str) -> str:
    """Start every word of ``s`` with an uppercase letter, the rest lowercase.

    Words begin after whitespace, hyphens and opening brackets (``"o'neil"`` stays one word).
    """
    global _title_split, _title_classes
    text = s if type(s) is str else soft_str(s)
    if text.isascii():
        # bytes.title does it in C, but starts a word after any non-letter: "o'neil" would
        # become "O'Neil", "3d" "3D".  Every other letter comes out as here, so only the
        # letters right after a character that is neither a letter nor a separator are
        # lowercased again (splitting the text into words would cost four times as much).
        if _title_classes is None:
            _title_classes = _make_title_classes()
        raw = text.encode()
        classes = raw.translate(_title_classes).decode()
        if ".a" not in classes:
            return raw.title().decode()
        titled = bytearray(raw).title()
        position = classes.find(".a")
        while position >= 0:
            titled[position + 1] |= 0x20  # the ASCII lowercase bit
            position = classes.find(".a", position + 2)
        return titled.decode()
    if _title_split is None:
        # Kept rather than looked up in re's cache on every call: pages title many values.
        _title_split = re.compile(_TITLE_SPLIT).split
    return "".join([part[0].upper() + part[1:].lower() for part in _title_split(text) if part])


def do_center(value: str, width: int = 80) -> str:
    """Center ``value`` in a field of ``width`` characters."""
    return soft_str(value).center(width)


def do_trim(value: str, chars: str | None = None) -> str:
    """Strip leading and trailing whitespace (or the characters in ``chars``) from ``value``."""
    return soft_str(value).strip(chars)


def do_striptags(value: Any) -> str:
    """Remove SGML/XML tags from ``value`` and collapse runs of whitespace to one space."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    return Markup(str(value)).striptags()


def do_format(value: str, *args: Any, **kwargs: Any) -> str:
    """Apply printf-style formatting: ``"%s - %s"|format(a, b)`` is ``"%s - %s" % (a, b)``.

    Positional arguments fill ``%s`` placeholders, keyword arguments ``%(name)s`` ones; not
    both at once.  A safe format string escapes the values it receives.
    """
    if kwargs:
        if args:
            raise FilterArgumentError(
                "can't handle positional and keyword arguments at the same time"
            )
        return soft_str(value) % kwargs
    if type(value) is str:
        return value % args  # what soft_str(value) gives, without the call
    return soft_str(value) % args


def do_indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """Indent every line of ``s`` but the first by ``width`` spaces (or by the string
    ``width``).

    ``first=True`` indents the first line too; ``blank=True`` indents empty lines too.
    A safe ``s`` gives a safe result.
    """
    indentation = width if isinstance(width, str) else " " * width
    newline = "\n"
    if isinstance(s, Markup):
        indentation = Markup(indentation)
        newline = Markup(newline)
    # The extra newline makes splitlines() yield a final empty line when s ends with one,
    # which is then joined back and keeps the trailing newline.
    lines = (s + newline).splitlines()
    if blank:
        result = (newline + indentation).join(lines)
    else:
        result = lines[0]
        if len(lines) > 1:
            result += newline + newline.join(
                [indentation + line if line else line for line in lines[1:]]
            )
    if first:
        result = indentation + result
    return result


@pass_environment
def do_truncate(
    env: Environment,
    s: str,
    length: int = 255,
    killwords: bool = False,
    end: str = "...",
    leeway: int | None = None,
) -> str:
    """Shorten ``s`` to ``length`` characters, ``end`` included.

    Strings at most ``leeway`` characters over ``length`` are left alone (the leeway
    defaults to the ``truncate.leeway`` policy, 5).  The cut happens at the last space
    unless ``killwords=True``.
    """
    if leeway is None:
        leeway = env.policies["truncate.leeway"]
    # Jinja2 checks these with assert; raising AssertionError explicitly keeps the same
    # error class without depending on the interpreter's -O flag.
    if length < len(end):
        raise AssertionError(f"expected length >= {len(end)}, got {length}")
    if leeway < 0:
        raise AssertionError(f"expected leeway >= 0, got {leeway}")
    if len(s) <= length + leeway:
        return s
    if killwords:
        return s[: length - len(end)] + end
    return s[: length - len(end)].rsplit(" ", 1)[0] + end


@pass_environment
def do_wordwrap(
    environment: Environment,
    s: str,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    """Wrap ``s`` into lines of at most ``width`` characters, paragraph by paragraph.

    Lines are joined with ``wrapstring`` (default: the environment's newline sequence).
    Existing line breaks are kept; words longer than ``width`` are split unless
    ``break_long_words=False``; hyphens are break points unless ``break_on_hyphens=False``.
    """
    import textwrap

    if wrapstring is None:
        wrapstring = environment.newline_sequence
    # textwrap ignores existing newlines, so wrap each existing line separately.
    return wrapstring.join(
        [
            wrapstring.join(
                textwrap.wrap(
                    line,
                    width=width,
                    expand_tabs=False,
                    replace_whitespace=False,
                    break_long_words=break_long_words,
                    break_on_hyphens=break_on_hyphens,
                )
            )
            for line in s.splitlines()
        ]
    )


_WORD = r"\w+"


def do_wordcount(s: str) -> int:
    """Count the words (runs of word characters) in ``s``."""
    return len(re.findall(_WORD, soft_str(s)))


# Scheme prefixes accepted by |urlize(extra_schemes=...): "tel:", "ftp://", "x-y+z.v:/".
_URI_SCHEME = r"^([\w.+-]{2,}:(/){0,2})$"


@pass_eval_context
def do_urlize(
    eval_ctx: EvalContext,
    value: str,
    trim_url_limit: int | None = None,
    nofollow: bool = False,
    target: str | None = None,
    rel: str | None = None,
    extra_schemes: Iterable[str] | None = None,
) -> str:
    """Turn web and e-mail addresses in ``value`` into links (see :func:`tmpl.utils.urlize`).

    ``rel`` values are merged with ``nofollow`` and the ``urlize.rel`` policy; ``target``
    and ``extra_schemes`` default to the ``urlize.target`` and ``urlize.extra_schemes``
    policies.  The result is safe under autoescape.
    """
    policies = eval_ctx.environment.policies
    rel_values = set((rel or "").split())
    if nofollow:
        rel_values.add("nofollow")
    rel_values.update((policies["urlize.rel"] or "").split())
    rel = " ".join(sorted(rel_values)) or None
    if target is None:
        target = policies["urlize.target"]
    if extra_schemes is None:
        extra_schemes = policies["urlize.extra_schemes"] or ()
    for scheme in extra_schemes:
        if re.fullmatch(_URI_SCHEME, scheme) is None:
            raise FilterArgumentError(f"{scheme!r} is not a valid URI scheme prefix.")
    result = urlize(
        value, trim_url_limit=trim_url_limit, rel=rel, target=target, extra_schemes=extra_schemes
    )
    if eval_ctx.autoescape:
        return Markup(result)
    return result


# Characters that would end an attribute name in HTML (whitespace, "/", ">", "=").
_ATTR_KEY_END = r"[\s/>=]"


@pass_eval_context
def do_xmlattr(eval_ctx: EvalContext, d: Mapping[str, Any], autospace: bool = True) -> str:
    """Render the dict ``d`` as HTML/XML attributes: ``{"id": 1}`` gives `` id="1"``.

    ``None`` and undefined values are left out; keys and values are escaped; a key that
    contains whitespace, ``/``, ``>`` or ``=`` raises ``ValueError``.  With ``autospace``
    the result starts with a space unless empty.  Safe under autoescape.
    """
    parts = []
    for key, value in d.items():
        if value is None or isinstance(value, Undefined):
            continue
        if re.search(_ATTR_KEY_END, key, re.ASCII) is not None:
            raise ValueError(f"Invalid character in attribute name: {key!r}")
        parts.append(f'{do_escape(key)}="{do_escape(value)}"')
    result = " ".join(parts)
    if autospace and result:
        result = " " + result
    if eval_ctx.autoescape:
        return Markup(result)
    return result


@pass_eval_context
def do_tojson(eval_ctx: EvalContext, value: Any, indent: int | None = None) -> Markup:
    """Dump ``value`` as JSON that is safe inside HTML ``<script>`` tags.

    Uses the ``json.dumps_function`` and ``json.dumps_kwargs`` policies (by default
    :func:`json.dumps` with ``sort_keys=True``); ``indent`` pretty-prints.
    """
    policies = eval_ctx.environment.policies
    kwargs = policies["json.dumps_kwargs"]
    if indent is not None:
        kwargs = {**kwargs, "indent": indent}
    return htmlsafe_json_dumps(value, dumps=policies["json.dumps_function"], **kwargs)


def do_mark_safe(value: str) -> Markup:
    """Mark ``value`` as safe HTML so autoescape leaves it alone."""
    return Markup(value)


def do_pprint(value: Any) -> str:
    """Pretty-print ``value`` (for debugging)."""
    return pformat(value)


# --- numbers --------------------------------------------------------------------------


def do_filesizeformat(value: str | float, binary: bool = False) -> str:
    """Format a byte count for humans: ``13 kB``, ``4.1 MB``, ``102 Bytes``.

    Decimal prefixes (powers of 1000) by default, binary ones (``KiB``, powers of 1024)
    with ``binary=True``.
    """
    size = float(value)
    base = 1024 if binary else 1000
    if size == 1:
        return "1 Byte"
    if size < base:
        return f"{int(size)} Bytes"
    prefixes = ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi") if binary else "kMGTPEZY"
    for exponent, prefix in enumerate(prefixes, start=2):
        unit = base**exponent
        if size < unit:
            return f"{base * size / unit:.1f} {prefix}B"
    # Past yottabytes the largest prefix is used with a larger number.
    return f"{base * size / unit:.1f} {prefixes[-1]}B"


def do_int(value: Any, default: int = 0, base: int = 10) -> int:
    """Convert ``value`` to an ``int``, or return ``default`` if that is impossible.

    Strings are parsed in ``base`` (``"0x1A"|int(0, 16)``; base 0 reads the prefix).
    Decimal strings such as ``"42.23"`` are truncated toward zero.
    """
    try:
        if isinstance(value, str):
            return int(value, base)
        return int(value)
    except (TypeError, ValueError):
        # A float-looking string: int("42.23") fails but the value is clearly 42.
        try:
            return int(float(value))
        except (TypeError, ValueError, OverflowError):
            return default


def do_float(value: Any, default: float = 0.0) -> float:
    """Convert ``value`` to a ``float``, or return ``default`` if that is impossible."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def do_round(
    value: float, precision: int = 0, method: Literal["common", "ceil", "floor"] = "common"
) -> float:
    """Round ``value`` to ``precision`` decimal places.

    ``method`` is ``"common"`` (Python's :func:`round`), ``"ceil"`` (always up) or
    ``"floor"`` (always down).  The result is a float even for ``precision=0``.
    """
    if method == "common":
        return round(value, precision)
    rounder: Callable[[float], int]
    if method == "ceil":
        rounder = math.ceil
    elif method == "floor":
        rounder = math.floor
    else:
        raise FilterArgumentError("method must be common, ceil or floor")
    scale: float = 10**precision
    return rounder(value * scale) / scale


# --- mappings -------------------------------------------------------------------------


def do_items(value: Mapping[Any, Any] | Undefined) -> Iterator[tuple[Any, Any]]:
    """Iterate over the ``(key, value)`` pairs of a mapping; undefined gives nothing.

    Like Jinja2 this is a generator, so a non-mapping raises ``TypeError`` when iterated.
    """
    if isinstance(value, Undefined):
        return
    if not isinstance(value, Mapping):
        raise TypeError("Can only get item pairs from a mapping.")
    yield from value.items()


def do_dictsort(
    value: Mapping[Any, Any],
    case_sensitive: bool = False,
    by: Literal["key", "value"] = "key",
    reverse: bool = False,
) -> list[tuple[Any, Any]]:
    """Return the ``(key, value)`` pairs of a dict sorted by key, or by value with
    ``by="value"``; case-insensitively unless ``case_sensitive=True``.
    """
    if by == "key":
        position = 0
    elif by == "value":
        position = 1
    else:
        raise FilterArgumentError('You can only sort by either "key" or "value"')

    if case_sensitive:

        def sort_key(pair: tuple[Any, Any]) -> Any:
            return pair[position]

    else:

        def sort_key(pair: tuple[Any, Any]) -> Any:
            return ignore_case(pair[position])

    return sorted(value.items(), key=sort_key, reverse=reverse)


@pass_environment
def do_attr(environment: Environment, obj: Any, name: str) -> Any:
    """Get the attribute ``name`` of ``obj`` without falling back to ``obj[name]``.

    Goes through ``environment.getattr`` so the sandbox applies; a missing attribute gives
    an undefined value.
    """
    from inspect import getattr_static

    # environment.getattr would try obj[name] when the attribute is missing, so check for
    # the attribute first.  getattr_static does not run properties; only if it finds
    # nothing is hasattr used, to see attributes made by __getattr__.
    try:
        getattr_static(obj, name)
    except AttributeError:
        if not hasattr(obj, name):
            return environment.undefined(obj=obj, name=name)
    return environment.getattr(obj, name)


# --- sequences ------------------------------------------------------------------------


@pass_environment
def do_sort(
    environment: Environment,
    value: Iterable[Any],
    reverse: bool = False,
    case_sensitive: bool = False,
    attribute: str | int | None = None,
) -> list[Any]:
    """Return the items of ``value`` sorted, case-insensitively unless
    ``case_sensitive=True``.

    ``attribute`` sorts by a (dotted) attribute or item of each element; several
    comma-separated attributes sort by each in turn (``attribute="age,name"``).
    """
    key = make_multi_attrgetter(environment, attribute, _key_postprocess(case_sensitive))
    return sorted(value, key=key, reverse=reverse)


@pass_environment
def do_unique(
    environment: Environment,
    value: Iterable[Any],
    case_sensitive: bool = False,
    attribute: str | int | None = None,
) -> Iterator[Any]:
    """Yield the items of ``value`` without duplicates, keeping the first of each.

    Strings compare case-insensitively unless ``case_sensitive=True``; ``attribute``
    compares by that attribute of each item.
    """
    key = make_attrgetter(environment, attribute, _key_postprocess(case_sensitive))
    seen = set()
    for item in value:
        item_key = key(item)
        if item_key not in seen:
            seen.add(item_key)
            yield item


def _min_or_max(
    environment: Environment,
    value: Iterable[Any],
    func: Callable[..., Any],
    case_sensitive: bool,
    attribute: str | int | None,
) -> Any:
    items = iter(value)
    try:
        first = next(items)
    except StopIteration:
        return environment.undefined("No aggregated item, sequence was empty.")
    key = make_attrgetter(environment, attribute, _key_postprocess(case_sensitive))
    return func(chain([first], items), key=key)


@pass_environment
def do_min(
    environment: Environment,
    value: Iterable[Any],
    case_sensitive: bool = False,
    attribute: str | int | None = None,
) -> Any:
    """Return the smallest item of ``value`` (undefined if it is empty).

    Strings compare case-insensitively unless ``case_sensitive=True``; ``attribute``
    compares by that attribute of each item.
    """
    return _min_or_max(environment, value, min, case_sensitive, attribute)


@pass_environment
def do_max(
    environment: Environment,
    value: Iterable[Any],
    case_sensitive: bool = False,
    attribute: str | int | None = None,
) -> Any:
    """Return the largest item of ``value`` (undefined if it is empty).

    Strings compare case-insensitively unless ``case_sensitive=True``; ``attribute``
    compares by that attribute of each item.
    """
    return _min_or_max(environment, value, max, case_sensitive, attribute)


def do_default(value: Any, default_value: Any = "", boolean: bool = False) -> Any:
    """Return ``default_value`` if ``value`` is undefined (or, with ``boolean=True``,
    merely falsy); otherwise ``value``.
    """
    if isinstance(value, Undefined) or (boolean and not value):
        return default_value
    return value


# |join's items when none is safe and none needs str(): the common case, joined as it is.
_ONLY_STR = frozenset((str,))


@pass_eval_context
def do_join(
    eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: str | int | None = None
) -> str:
    """Concatenate the items of ``value`` as strings, separated by ``d``.

    ``attribute`` joins that attribute of each item.  Under autoescape, if any item is
    safe the plain items and the separator are escaped and the result is safe.
    """
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    if not eval_ctx.autoescape:
        return str(d).join(map(str, value))
    if hasattr(d, "__html__"):
        return soft_str(d).join(map(soft_str, value))
    items = list(value)
    if _ONLY_STR.issuperset(map(type, items)):
        return str(d).join(items)  # plain strings only: what the loop below comes to
    any_safe = False
    for index, item in enumerate(items):
        if hasattr(item, "__html__"):
            any_safe = True
        else:
            items[index] = str(item)
    if not any_safe:
        return str(d).join(items)
    # What escape(d).join(items) gives (Markup.join escapes every item, the safe ones by
    # only wrapping them), without a Markup per plain item.
    escaped = [escape_text(item) if type(item) is str else do_escape(item) for item in items]
    return _new_str(Markup, str.join(do_escape(d), escaped))


@pass_environment
def do_first(environment: Environment, seq: Iterable[Any]) -> Any:
    """Return the first item of ``seq`` (undefined if it is empty)."""
    try:
        return next(iter(seq))
    except StopIteration:
        return environment.undefined("No first item, sequence was empty.")


@pass_environment
def do_last(environment: Environment, seq: Sequence[Any]) -> Any:
    """Return the last item of ``seq`` (undefined if it is empty).

    ``seq`` must support ``reversed()``; use ``|list|last`` for generators.
    """
    try:
        return next(iter(reversed(seq)))
    except StopIteration:
        return environment.undefined("No last item, sequence was empty.")


@pass_context
def do_random(context: Context, seq: Sequence[Any]) -> Any:
    """Return a random item of ``seq`` (undefined if it is empty)."""
    import random

    try:
        return random.choice(seq)
    except IndexError:
        return context.environment.undefined("No random item, sequence was empty.")


def do_slice(value: Iterable[Any], slices: int, fill_with: Any = None) -> Iterator[list[Any]]:
    """Split ``value`` into ``slices`` lists of nearly equal length (for columns).

    The first lists get the extra items; with ``fill_with`` the shorter ones are padded by
    one item.
    """
    items = list(value)
    per_slice, with_extra = divmod(len(items), slices)
    start = 0
    for number in range(slices):
        end = start + per_slice + (1 if number < with_extra else 0)
        chunk = items[start:end]
        if fill_with is not None and number >= with_extra:
            chunk.append(fill_with)
        start = end
        yield chunk


def do_batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Iterator[list[Any]]:
    """Split ``value`` into lists of ``linecount`` items (for rows); the last list may be
    shorter, or padded with ``fill_with`` if given.
    """
    batch: list[Any] = []
    for item in value:
        if len(batch) == linecount:
            yield batch
            batch = []
        batch.append(item)
    if batch:
        if fill_with is not None and len(batch) < linecount:
            batch += [fill_with] * (linecount - len(batch))
        yield batch


# collections.namedtuple rather than typing.NamedTuple: the same class at a third of the
# import-time cost.
class _GroupTuple(namedtuple("_GroupTuple", ("grouper", "list"))):
    """One group made by ``groupby``: the shared value (``grouper``) and the items having it
    (``list``)."""

    __slots__ = ()

    # Print as a plain tuple, as users debugging a template expect.
    def __repr__(self) -> str:
        return tuple.__repr__(self)

    def __str__(self) -> str:
        return tuple.__str__(self)


@pass_environment
def do_groupby(
    environment: Environment,
    value: Iterable[Any],
    attribute: str | int,
    default: Any | None = None,
    case_sensitive: bool = False,
) -> list[_GroupTuple]:
    """Group the items of ``value`` by a (dotted) attribute, sorted by that attribute.

    Each group is a ``(grouper, list)`` named tuple.  Items lacking the attribute use
    ``default``.  Strings group case-insensitively unless ``case_sensitive=True``; the
    grouper then is the value of the group's first item.
    """
    key = make_attrgetter(
        environment, attribute, postprocess=_key_postprocess(case_sensitive), default=default
    )
    groups = [_GroupTuple(k, list(items)) for k, items in groupby(sorted(value, key=key), key)]
    if not case_sensitive:
        # Show the original spelling, not the lowercased key.
        grouper = make_attrgetter(environment, attribute, default=default)
        groups = [_GroupTuple(grouper(items[0]), items) for _, items in groups]
    return groups


@pass_environment
def do_sum(
    environment: Environment,
    iterable: Iterable[Any],
    attribute: str | int | None = None,
    start: Any = 0,
) -> Any:
    """Add up the items of ``iterable`` (or their ``attribute``), starting from ``start``."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    return sum(iterable, start)


def do_list(value: Iterable[Any]) -> list[Any]:
    """Convert ``value`` to a list (a string gives its characters)."""
    return list(value)


def do_reverse(value: Any) -> Any:
    """Reverse ``value``: a string gives a string, anything else an iterator or list."""
    if isinstance(value, str):
        return value[::-1]
    try:
        return reversed(value)
    except TypeError:
        try:
            items = list(value)
        except TypeError as error:
            raise FilterArgumentError("argument must be iterable") from error
        items.reverse()
        return items


# --- map, select, reject --------------------------------------------------------------


def prepare_map(
    context: Context, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Callable[[Any], Any]:
    """Build the per-item function of ``map`` from its arguments.

    ``map(attribute="name", default=...)`` looks up an attribute; ``map("filter", *args,
    **kwargs)`` applies a filter through ``environment.call_filter``.
    """
    if not args and "attribute" in kwargs:
        attribute = kwargs.pop("attribute")
        default = kwargs.pop("default", None)
        if kwargs:
            raise FilterArgumentError(f"Unexpected keyword argument {next(iter(kwargs))!r}")
        return make_attrgetter(context.environment, attribute, default=default)
    if not args:
        raise FilterArgumentError("map requires a filter argument")
    name, filter_args = args[0], args[1:]
    call_filter = context.environment.call_filter

    def apply_filter(item: Any) -> Any:
        return call_filter(name, item, filter_args, kwargs, context=context)

    return apply_filter


def prepare_select_or_reject(
    context: Context,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    modfunc: Callable[[Any], Any],
    lookup_attr: bool,
) -> Callable[[Any], Any]:
    """Build the per-item predicate of ``select``/``reject`` and their ``*attr`` forms.

    ``args`` is ``(attribute, test_name, *test_args)`` when ``lookup_attr``, else
    ``(test_name, *test_args)``; without a test name the item's truth value is used.
    ``modfunc`` negates the result for the ``reject`` filters.
    """
    if lookup_attr:
        if not args:
            raise FilterArgumentError("Missing parameter for attribute name")
        transform: Callable[[Any], Any] = make_attrgetter(context.environment, args[0])
        args = args[1:]
    else:

        def transform(item: Any) -> Any:
            return item

    test: Callable[[Any], Any]
    if args:
        name, test_args = args[0], args[1:]
        call_test = context.environment.call_test

        def test(item: Any) -> Any:
            return call_test(name, item, test_args, kwargs, context=context)

    else:
        test = bool

    return lambda item: modfunc(test(transform(item)))


def select_or_reject(
    context: Context,
    value: Iterable[Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    modfunc: Callable[[Any], Any],
    lookup_attr: bool,
) -> Iterator[Any]:
    """Yield the items of ``value`` the predicate built by
    :func:`prepare_select_or_reject` accepts.  A falsy ``value`` (undefined, empty) yields
    nothing without looking at the arguments.
    """
    if value:
        predicate = prepare_select_or_reject(context, args, kwargs, modfunc, lookup_attr)
        for item in value:
            if predicate(item):
                yield item


def _identity(value: Any) -> Any:
    return value


def _negate(value: Any) -> bool:
    return not value


@pass_context
def do_map(context: Context, value: Iterable[Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
    """Apply a filter to every item of ``value``, or look up an attribute of every item.

    ``users|map(attribute="name", default="?")`` or ``names|map("upper")``.
    """
    if value:
        func = prepare_map(context, args, kwargs)
        for item in value:
            yield func(item)


@pass_context
def do_select(context: Context, value: Iterable[Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
    """Keep the items passing a test: ``numbers|select("odd")``; with no test, the truthy
    items.
    """
    return select_or_reject(context, value, args, kwargs, _identity, False)


@pass_context
def do_reject(context: Context, value: Iterable[Any], *args: Any, **kwargs: Any) -> Iterator[Any]:
    """Drop the items passing a test: ``numbers|reject("odd")``; with no test, the truthy
    items.
    """
    return select_or_reject(context, value, args, kwargs, _negate, False)


@pass_context
def do_selectattr(
    context: Context, value: Iterable[Any], *args: Any, **kwargs: Any
) -> Iterator[Any]:
    """Keep the items whose attribute passes a test: ``users|selectattr("age", ">", 18)``;
    with no test, those whose attribute is truthy.
    """
    return select_or_reject(context, value, args, kwargs, _identity, True)


@pass_context
def do_rejectattr(
    context: Context, value: Iterable[Any], *args: Any, **kwargs: Any
) -> Iterator[Any]:
    """Drop the items whose attribute passes a test: ``users|rejectattr("is_admin")``;
    with no test, those whose attribute is truthy.
    """
    return select_or_reject(context, value, args, kwargs, _negate, True)


FILTERS: dict[str, Callable[..., Any]] = {
    "abs": abs,
    "attr": do_attr,
    "batch": do_batch,
    "capitalize": do_capitalize,
    "center": do_center,
    "count": len,
    "d": do_default,
    "default": do_default,
    "dictsort": do_dictsort,
    "e": do_escape,
    "escape": do_escape,
    "filesizeformat": do_filesizeformat,
    "first": do_first,
    "float": do_float,
    "forceescape": do_forceescape,
    "format": do_format,
    "groupby": do_groupby,
    "indent": do_indent,
    "int": do_int,
    "items": do_items,
    "join": do_join,
    "last": do_last,
    "length": len,
    "list": do_list,
    "lower": do_lower,
    "map": do_map,
    "max": do_max,
    "min": do_min,
    "pprint": do_pprint,
    "random": do_random,
    "reject": do_reject,
    "rejectattr": do_rejectattr,
    "replace": do_replace,
    "reverse": do_reverse,
    "round": do_round,
    "safe": do_mark_safe,
    "select": do_select,
    "selectattr": do_selectattr,
    "slice": do_slice,
    "sort": do_sort,
    "string": soft_str,
    "striptags": do_striptags,
    "sum": do_sum,
    "title": do_title,
    "tojson": do_tojson,
    "trim": do_trim,
    "truncate": do_truncate,
    "unique": do_unique,
    "upper": do_upper,
    "urlencode": do_urlencode,
    "urlize": do_urlize,
    "wordcount": do_wordcount,
    "wordwrap": do_wordwrap,
    "xmlattr": do_xmlattr,
}
"""Every built-in filter by name, aliases included; the environment starts from a copy."""

"""Small helpers shared by the engine and exposed to templates and extensions.

Nothing goes in or out of a pipeline stage here: this module holds the ``missing`` sentinel,
the ``pass_*`` decorators and :class:`PassArg`, :func:`escape_text` (markupsafe's
escaping step, ``str`` to ``str``), the template globals (:class:`Cycler`,
:class:`Joiner`, :class:`Namespace`, :func:`generate_lorem_ipsum`), text helpers used by the
filters (:func:`urlize`, :func:`url_quote`, :func:`htmlsafe_json_dumps`, :func:`pformat`),
:class:`LRUCache` and :func:`select_autoescape`.

``import tmpl.utils`` is on the start-up path of every program that uses tmpl, so anything
expensive (``json``, ``pprint``, ``random``, ``urllib``, compiling the URL regular
expressions) is imported or built on first use.
"""

from __future__ import annotations

import os
import re

# ``threading.Lock`` is this very function; importing it from ``_thread`` avoids loading the
# whole ``threading`` module just for a lock.
from _thread import allocate_lock
from collections import ChainMap, OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping
from typing import IO, Any, ClassVar, TypeVar

from markupsafe import Markup, escape

F = TypeVar("F", bound=Callable[..., Any])

try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # markupsafe without its C extension, or older than 3.0

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))


#: HTML-escape a plain ``str`` into a plain ``str``: markupsafe's escaping step, without the
#: Markup object ``markupsafe.escape`` wraps it in (output that is joined right away, and
#: filters that build their Markup themselves, do not need one).
escape_text = _escape_inner


class _MissingType:
    """The type of :data:`missing`; there is exactly one instance."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "missing"

    def __reduce__(self) -> str:
        # Pickles as a reference to the module global, so unpickling keeps the identity.
        return "missing"


missing: Any = _MissingType()
"""The "no value given" sentinel, distinct from ``None`` (which is a real value)."""

concat = "".join
"""Joins rendered string fragments; generated code and filters share this one helper."""


class PassArg:
    """What a template-callable wants as its first argument when called while rendering.

    The ``pass_*`` decorators store one of the three instances (``PassArg.context``,
    ``PassArg.eval_context``, ``PassArg.environment``) on the function as
    ``jinja_pass_arg``.  Plain instances rather than an Enum: reading an Enum member costs
    about a function call, and calls from templates read them; creating the Enum class
    cost a tenth of a millisecond at import.
    """

    __slots__ = ("name",)
    context: ClassVar[PassArg]
    eval_context: ClassVar[PassArg]
    environment: ClassVar[PassArg]

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<PassArg.{self.name}>"

    @classmethod
    def from_obj(cls, obj: Any) -> PassArg | None:
        """Return what ``obj`` asked to be passed, or ``None`` if it asked for nothing.

        Functions marked by Jinja2's own decorators carry a ``jinja2.utils._PassArg`` member;
        those are translated by member name so Jinja2 filters and globals work unchanged.
        """
        marker = getattr(obj, "jinja_pass_arg", None)
        if marker is None or isinstance(marker, cls):
            return marker
        return _PASS_ARGS.get(getattr(marker, "name", None))  # type: ignore[arg-type]


PassArg.context = PassArg("context")
PassArg.eval_context = PassArg("eval_context")
PassArg.environment = PassArg("environment")
_PASS_ARGS = {arg.name: arg for arg in (PassArg.context, PassArg.eval_context, PassArg.environment)}


def pass_context(f: F) -> F:
    """Mark ``f`` to receive the active :class:`~tmpl.runtime.Context` as first argument.

    Works for filters, tests and globals.  Prefer :func:`pass_eval_context` or
    :func:`pass_environment` when the whole context is not needed: calls that take the
    context cannot be constant-folded at compile time.
    """
    f.jinja_pass_arg = PassArg.context  # type: ignore[attr-defined]
    return f


def pass_eval_context(f: F) -> F:
    """Mark ``f`` to receive the :class:`~tmpl.runtime.EvalContext` (autoescape state etc.)."""
    f.jinja_pass_arg = PassArg.eval_context  # type: ignore[attr-defined]
    return f


def pass_environment(f: F) -> F:
    """Mark ``f`` to receive the :class:`~tmpl.environment.Environment` as first argument."""
    f.jinja_pass_arg = PassArg.environment  # type: ignore[attr-defined]
    return f


def internalcode(f: F) -> F:
    """Return ``f`` unchanged.

    Jinja2 uses this to hide its own frames when rewriting tracebacks.  tmpl never rewrites
    tracebacks, so the decorator only exists for code written against Jinja2's API.
    """
    return f


def is_undefined(obj: Any) -> bool:
    """Return whether ``obj`` is an :class:`~tmpl.runtime.Undefined` (of any flavour).

    Handy in custom filters and tests that treat missing values specially.
    """
    from .runtime import Undefined

    return isinstance(obj, Undefined)


def consume(iterable: Iterable[Any]) -> None:
    """Exhaust ``iterable``, discarding its items (for their side effects)."""
    for _ in iterable:
        pass


def mapping_keys(mapping: Mapping[str, Any]) -> set[str]:
    """The keys of ``mapping`` as a set; a ChainMap's are gathered map by map, as iterating
    one (or asking it for a key) runs Python code for every key."""
    if type(mapping) is ChainMap:
        return set().union(*mapping.maps)
    return set(mapping)


def clear_caches() -> None:
    """Drop tmpl's process-wide caches (shared environments, lexers).

    Nothing depends on calling this; it is useful when measuring memory use.
    """
    from .environment import get_spontaneous_environment
    from .lexer import _lexer_cache

    get_spontaneous_environment.cache_clear()
    _lexer_cache.clear()


def import_string(import_name: str, silent: bool = False) -> Any:
    """Import and return the object named by ``import_name``.

    Accepts ``package.module.attribute`` or ``package.module:attribute``; a name without a
    dot or colon imports that module.  With ``silent=True`` a failed import returns ``None``
    instead of raising ``ImportError`` / ``AttributeError``.
    """
    try:
        if ":" in import_name:
            module_name, attribute = import_name.split(":", 1)
        elif "." in import_name:
            module_name, _, attribute = import_name.rpartition(".")
        else:
            return __import__(import_name)
        module = __import__(module_name, None, None, [attribute])
        return getattr(module, attribute)
    except (ImportError, AttributeError):
        if not silent:
            raise
        return None


def open_if_exists(filename: str, mode: str = "rb") -> IO[Any] | None:
    """Open ``filename`` in ``mode`` if it is an existing file, else return ``None``."""
    if not os.path.isfile(filename):
        return None
    return open(filename, mode)


def object_type_repr(obj: Any) -> str:
    """Describe ``obj``'s type for error messages (``"int object"``, ``"None"``...)."""
    if obj is None:
        return "None"
    if obj is Ellipsis:
        return "Ellipsis"
    cls = type(obj)
    if cls.__module__ == "builtins":
        return f"{cls.__name__} object"
    return f"{cls.__module__}.{cls.__name__} object"


def pformat(obj: Any) -> str:
    """Pretty-print ``obj`` with :func:`pprint.pformat`."""
    from pprint import pformat as _pformat

    return _pformat(obj)


# --- urlize -----------------------------------------------------------------------------

_URL_PATTERNS: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _url_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compile (once) the patterns recognising a web address and an e-mail address."""
    global _URL_PATTERNS
    if _URL_PATTERNS is None:
        web = re.compile(
            r"""
            ^(?:
                # an explicit http(s) scheme or "www.", optional subdomains, then a TLD
                (?:https?://|www\.) (?:[\w%-]+\.)* (?:[a-z]{2,63} | xn--[\w%]{2,59})
              | # a bare domain, only for the well-known generic TLDs
                (?:[\w%-]{2,63}\.)+ (?:com|net|int|edu|gov|org|info|mil)
              | # an http(s) scheme followed by an IPv4 or bracketed IPv6 address
                https?:// (?:
                    \d{1,3} (?:\.\d{1,3}){3}
                  | \[ (?:[\da-f]{0,4}:){2} (?:[\da-f]{0,4}:?){1,6} \]
                )
            )
            (?::\d{1,5})?      # port
            (?:[/?\#]\S*)?     # path, query and fragment
            $
            """,
            re.IGNORECASE | re.VERBOSE,
        )
        email = re.compile(r"^\S+@\w[\w.-]*\.\w+$")
        _URL_PATTERNS = web, email
    return _URL_PATTERNS


# Opening and closing characters that may wrap a link without being part of it, in the
# HTML-escaped form the words have by the time they are examined.
_URL_BRACKETS = (("(", ")"), ("<", ">"), ("&lt;", "&gt;"))


def _split_url_punctuation(word: str) -> tuple[str, str, str]:
    """Split ``word`` into leading punctuation, the candidate link, and trailing punctuation.

    A closing bracket stays part of the link when the link contains its opening partner
    (``https://en.wikipedia.org/wiki/Foo_(bar)``).
    """
    # Positions are tracked instead of slicing in the loops, so a word made of thousands of
    # brackets costs linear time.
    start = 0
    while True:
        for opener in ("(", "<", "&lt;"):
            if word.startswith(opener, start):
                start += len(opener)
                break
        else:
            break

    end = len(word)
    while end > start:
        # "&gt;" before ">" so the entity is taken whole.
        for closer in ("&gt;", ")", ">", ".", ",", "\n"):
            if word.endswith(closer, start, end):
                end -= len(closer)
                break
        else:
            break
    head, middle, tail = word[:start], word[start:end], word[end:]

    for opener, closer in _URL_BRACKETS:
        openers = middle.count(opener)
        if openers <= middle.count(closer):
            continue
        # Move closers (and the punctuation before each) from the tail back into the link,
        # up to as many as the link has openers -- Jinja2's rule, kept for identical output.
        moves = min(openers, tail.count(closer))
        if moves:
            cut = -1
            for _ in range(moves):
                cut = tail.index(closer, cut + 1)
            cut += len(closer)
            middle += tail[:cut]
            tail = tail[cut:]
    return head, middle, tail


def urlize(
    text: str,
    trim_url_limit: int | None = None,
    rel: str | None = None,
    target: str | None = None,
    extra_schemes: Iterable[str] | None = None,
) -> str:
    """Escape ``text`` and turn the web addresses and e-mail addresses in it into links.

    Recognises ``http://``, ``https://`` and ``www.`` addresses, bare domains under the
    common generic TLDs, ``mailto:`` links, plain e-mail addresses, and words starting with
    one of ``extra_schemes``.  Surrounding punctuation and brackets are kept outside the link
    unless the link itself opens the bracket.  Links without a scheme get ``https://``.

    :param trim_url_limit: shorten the *displayed* address to this many characters plus
        ``...``.
    :param rel: value of the ``rel`` attribute of web links.
    :param target: value of the ``target`` attribute of web links.
    :param extra_schemes: additional scheme prefixes (``"ftp:"``, ``"tel:"``...) to link.

    The result is HTML; callers decide whether to mark it safe.
    """
    web_re, email_re = _url_patterns()
    rel_attr = f' rel="{escape(rel)}"' if rel else ""
    target_attr = f' target="{escape(target)}"' if target else ""
    attrs = rel_attr + target_attr

    def shown(url: str) -> str:
        if trim_url_limit is not None and len(url) > trim_url_limit:
            return f"{url[:trim_url_limit]}..."
        return url

    # Splitting with a capturing group keeps the whitespace runs at the odd indexes.
    words = re.split(r"(\s+)", str(escape(text)))
    for index in range(0, len(words), 2):
        head, middle, tail = _split_url_punctuation(words[index])
        if web_re.match(middle):
            href = middle if middle.startswith(("https://", "http://")) else f"https://{middle}"
            middle = f'<a href="{href}"{attrs}>{shown(middle)}</a>'
        elif middle.startswith("mailto:") and email_re.match(middle[7:]):
            middle = f'<a href="{middle}">{middle[7:]}</a>'
        elif (
            "@" in middle
            and not middle.startswith(("www.", "@"))
            and ":" not in middle
            and email_re.match(middle)
        ):
            middle = f'<a href="mailto:{middle}">{middle}</a>'
        elif extra_schemes is not None:
            for scheme in extra_schemes:
                if middle != scheme and middle.startswith(scheme):
                    middle = f'<a href="{middle}"{attrs}>{middle}</a>'
                    break
        words[index] = f"{head}{middle}{tail}"
    return "".join(words)


# --- lorem ipsum --------------------------------------------------------------------------

_LOREM_WORDS = """
lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut
labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris
nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse
cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui
officia deserunt mollit anim id est laborum perspiciatis unde omnis iste natus error
voluptatem accusantium doloremque laudantium totam rem aperiam eaque ipsa quae ab illo
inventore veritatis quasi architecto beatae vitae dicta explicabo nemo ipsam quia voluptas
aspernatur aut odit fugit consequuntur magni dolores eos ratione sequi nesciunt neque porro
quisquam dolorem adipisci numquam eius modi tempora incidunt magnam quaerat at vero accusamus
iusto odio dignissimos ducimus blanditiis praesentium voluptatum deleniti atque corrupti quos
quas molestias excepturi occaecati cupiditate similique mollitia animi harum quidem rerum
facilis expedita distinctio nam libero tempore cum soluta nobis eligendi optio cumque nihil
impedit quo minus maxime placeat facere possimus assumenda repellendus temporibus autem
quibusdam officiis debitis necessitatibus saepe eveniet repudiandae recusandae itaque earum
hic tenetur sapiente delectus reiciendis voluptatibus maiores alias perferendis doloribus
asperiores repellat
"""


def generate_lorem_ipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Return ``n`` paragraphs of random lorem ipsum text (``lipsum()`` in templates).

    Each paragraph has between ``min`` and ``max - 1`` words, made into sentences with
    capitals, commas and full stops.  With ``html=True`` the paragraphs are wrapped in
    ``<p>`` tags and returned as :class:`~markupsafe.Markup`; otherwise they are separated by
    blank lines.
    """
    import random

    vocabulary = _LOREM_WORDS.split()
    paragraphs = []
    for _ in range(n):
        words: list[str] = []
        previous = None
        # Word indexes of the last comma and the last sentence end; a sentence end counts
        # double toward the comma spacing, so commas are rarer right after a full stop.
        last_comma = last_stop = 0
        capitalize = True
        for index in range(random.randrange(min, max)):
            word = random.choice(vocabulary)
            while word == previous:
                word = random.choice(vocabulary)
            previous = word
            if capitalize:
                word = word.capitalize()
                capitalize = False
            if index - random.randrange(3, 8) > last_comma:
                last_comma = index
                last_stop += 2
                word += ","
            if index - random.randrange(10, 20) > last_stop:
                last_comma = last_stop = index
                word += "."
                capitalize = True
            words.append(word)
        paragraph = " ".join(words).removesuffix(",")
        if not paragraph.endswith("."):
            paragraph += "."
        paragraphs.append(paragraph)

    if not html:
        return "\n\n".join(paragraphs)
    return Markup("\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs))


def url_quote(obj: Any, charset: str = "utf-8", for_qs: bool = False) -> str:
    """Percent-encode ``obj`` for use in a URL.

    ``bytes`` are quoted as they are; anything else is converted to ``str`` and encoded with
    ``charset``.  With ``for_qs=True`` (query-string keys and values) ``/`` is quoted too and
    spaces become ``+``.
    """
    from urllib.parse import quote_from_bytes

    if not isinstance(obj, bytes):
        obj = str(obj).encode(charset)
    if for_qs:
        return quote_from_bytes(obj, b"").replace("%20", "+")
    return quote_from_bytes(obj, b"/")


# Registered rather than inherited: the ``Mapping`` mixins would add value equality and make
# caches unhashable, which Jinja2's cache is not.
@MutableMapping.register
class LRUCache:
    """A thread-safe mapping that keeps at most ``capacity`` items, evicting the least
    recently used one first.

    Reading (``cache[key]``, :meth:`get`) and writing both count as a use.  Iteration,
    :meth:`keys`, :meth:`values` and :meth:`items` go from the most to the least recently used.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        # The last entry is the most recently used one.
        self._mapping: OrderedDict[Any, Any] = OrderedDict()
        self._lock = allocate_lock()

    def __getstate__(self) -> dict[str, Any]:
        # Locks cannot be pickled; a fresh one is made on unpickling.
        return {"capacity": self.capacity, "_mapping": self._mapping}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = allocate_lock()

    def __getnewargs__(self) -> tuple[Any, ...]:
        return (self.capacity,)

    def copy(self) -> LRUCache:
        """Return a shallow copy with the same capacity and usage order."""
        clone = self.__class__(self.capacity)
        with self._lock:
            clone._mapping.update(self._mapping)
        return clone

    __copy__ = copy

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the value for ``key`` (marking it used), or ``default`` if absent."""
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """Return the value for ``key``; if absent, store ``default`` first and return it."""
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return default

    def clear(self) -> None:
        """Remove every item."""
        with self._lock:
            self._mapping.clear()

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is cached; does not count as a use."""
        return key in self._mapping

    def __len__(self) -> int:
        return len(self._mapping)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {dict(self._mapping)!r}>"

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            value = self._mapping[key]
            self._mapping.move_to_end(key)
            return value

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            mapping = self._mapping
            mapping[key] = value
            mapping.move_to_end(key)
            while len(mapping) > self.capacity:
                mapping.popitem(last=False)

    def __delitem__(self, key: Any) -> None:
        with self._lock:
            del self._mapping[key]

    def items(self) -> list[tuple[Any, Any]]:
        """Return the ``(key, value)`` pairs, most recently used first."""
        with self._lock:
            return list(reversed(self._mapping.items()))

    def values(self) -> list[Any]:
        """Return the values, most recently used first."""
        with self._lock:
            return list(reversed(self._mapping.values()))

    def keys(self) -> list[Any]:
        """Return the keys, most recently used first."""
        with self._lock:
            return list(reversed(self._mapping))

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def __reversed__(self) -> Iterator[Any]:
        """Iterate over the keys from the least to the most recently used."""
        with self._lock:
            return iter(list(self._mapping))


def select_autoescape(
    enabled_extensions: Collection[str] = ("html", "htm", "xml"),
    disabled_extensions: Collection[str] = (),
    default_for_string: bool = True,
    default: bool = False,
) -> Callable[[str | None], bool]:
    """Build an ``autoescape`` callable that decides by template file extension.

    Templates whose name ends with one of ``enabled_extensions`` are escaped, those ending
    with one of ``disabled_extensions`` are not, templates made from strings (no name) get
    ``default_for_string``, and everything else gets ``default``.  Extensions are compared
    case-insensitively (a leading dot is optional)::

        Environment(autoescape=select_autoescape(disabled_extensions=("txt",), default=True))
    """
    enabled = tuple(f".{ext.lstrip('.').lower()}" for ext in enabled_extensions)
    disabled = tuple(f".{ext.lstrip('.').lower()}" for ext in disabled_extensions)

    def autoescape(template_name: str | None) -> bool:
        if template_name is None:
            return default_for_string
        template_name = template_name.lower()
        if template_name.endswith(enabled):
            return True
        if template_name.endswith(disabled):
            return False
        return default

    return autoescape


def htmlsafe_json_dumps(obj: Any, dumps: Callable[..., str] | None = None, **kwargs: Any) -> Markup:
    """Serialise ``obj`` to JSON that is safe to embed in HTML, marked safe.

    ``<``, ``>``, ``&`` and ``'`` are written as ``\\u`` escapes, so the result can go inside
    ``<script>`` tags and single-quoted attributes.  ``dumps`` defaults to
    :func:`json.dumps`; ``kwargs`` are passed to it.  This is the ``|tojson`` filter.
    """
    if dumps is None:
        import json

        dumps = json.dumps
    return Markup(
        dumps(obj, **kwargs)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


class Cycler:
    """Hand out the given items one after another, starting over after the last
    (``cycler(...)`` in templates).

    Unlike ``loop.cycle`` it keeps its position across loops::

        {% set row = cycler("odd", "even") %}
        {% for x in xs %}<li class="{{ row.next() }}">{% endfor %}
        {% for y in ys %}<li class="{{ row.next() }}">{% endfor %}
    """

    def __init__(self, *items: Any) -> None:
        if not items:
            raise RuntimeError("at least one item has to be provided")
        self.items = items
        self.pos = 0

    def reset(self) -> None:
        """Go back to the first item."""
        self.pos = 0

    @property
    def current(self) -> Any:
        """The item the next call to :meth:`next` returns."""
        return self.items[self.pos]

    def next(self) -> Any:
        """Return the current item and move on to the following one."""
        item = self.items[self.pos]
        self.pos = (self.pos + 1) % len(self.items)
        return item

    __next__ = next


class Joiner:
    """A callable that returns ``""`` the first time and ``sep`` afterwards
    (``joiner(sep)`` in templates), for separating items in loops with conditions.
    """

    def __init__(self, sep: str = ", ") -> None:
        self.sep = sep
        self.used = False

    def __call__(self) -> str:
        if self.used:
            return self.sep
        self.used = True
        return ""


class Namespace:
    """A bag of attributes that templates can change with ``{% set ns.attr = value %}``
    (``namespace(...)`` in templates).

    Built like a ``dict``: from a mapping or iterable of pairs and/or keyword arguments.
    Attributes can be set with ``ns.name = value`` or ``ns["name"] = value``.
    """

    # The attributes live directly in the instance ``__dict__``: the class defines no public
    # names that could shadow them, and plain attribute lookup stays at C speed for templates.

    def __init__(self, /, *args: Any, **kwargs: Any) -> None:
        self.__dict__.update(*args, **kwargs)

    def __setitem__(self, name: str, value: Any) -> None:
        self.__dict__[name] = value

    def __repr__(self) -> str:
        return f"<Namespace {self.__dict__!r}>"

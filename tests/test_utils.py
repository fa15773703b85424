"""tmpl.utils, checked against Jinja2's own helpers wherever Jinja2 has the same one."""

from __future__ import annotations

import copy
import pickle
import pprint
import threading
import types

import jinja2
import jinja2.utils as j_utils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from markupsafe import Markup

import tmpl
from tmpl import utils
from tmpl.utils import (
    Cycler,
    Joiner,
    LRUCache,
    Namespace,
    PassArg,
    concat,
    consume,
    generate_lorem_ipsum,
    htmlsafe_json_dumps,
    import_string,
    internalcode,
    is_undefined,
    missing,
    object_type_repr,
    open_if_exists,
    pass_context,
    pass_environment,
    pass_eval_context,
    pformat,
    select_autoescape,
    url_quote,
    urlize,
)

# --- missing, concat ------------------------------------------------------------------


def test_missing_is_a_named_singleton():
    assert repr(missing) == "missing"
    assert pickle.loads(pickle.dumps(missing)) is missing
    assert copy.deepcopy(missing) is missing
    assert missing is not None and bool(missing)


def test_concat_joins_strings():
    assert concat(["a", Markup("<b>"), "c"]) == "a<b>c"
    assert concat([]) == ""


# --- PassArg and the decorators -------------------------------------------------------


@pytest.mark.parametrize(
    ("decorator", "member"),
    [
        (pass_context, PassArg.context),
        (pass_eval_context, PassArg.eval_context),
        (pass_environment, PassArg.environment),
    ],
)
def test_pass_decorators_mark_and_return_the_function(decorator, member):
    def f():
        return 1

    assert decorator(f) is f
    assert f.jinja_pass_arg is member
    assert PassArg.from_obj(f) is member


@pytest.mark.parametrize(
    ("decorator", "member"),
    [
        (jinja2.pass_context, PassArg.context),
        (jinja2.pass_eval_context, PassArg.eval_context),
        (jinja2.pass_environment, PassArg.environment),
    ],
)
def test_from_obj_recognises_jinja2_decorators(decorator, member):
    @decorator
    def f():
        return 1

    assert PassArg.from_obj(f) is member


def test_from_obj_without_marker_is_none():
    assert PassArg.from_obj(len) is None
    assert PassArg.from_obj(lambda: None) is None
    assert PassArg.from_obj(object()) is None


def test_pass_arg_members_match_jinja2():
    ours = [PassArg.context, PassArg.eval_context, PassArg.environment]
    assert [m.name for m in ours] == [m.name for m in j_utils._PassArg]
    for member in j_utils._PassArg:
        # A function marked by Jinja2's own decorators is understood.
        marked = types.SimpleNamespace(jinja_pass_arg=member)
        assert PassArg.from_obj(marked) is getattr(PassArg, member.name)


def test_internalcode_is_a_no_op():
    def f():
        return 1

    assert internalcode(f) is f
    assert f() == 1


# --- small helpers --------------------------------------------------------------------


def test_is_undefined():
    from tmpl.runtime import ChainableUndefined, StrictUndefined, Undefined

    assert is_undefined(Undefined())
    assert is_undefined(StrictUndefined())
    assert is_undefined(ChainableUndefined(name="x"))
    for value in (None, 0, "", [], missing):
        assert not is_undefined(value)


def test_consume_exhausts_the_iterable():
    seen = []
    gen = (seen.append(i) for i in range(3))
    assert consume(gen) is None
    assert seen == [0, 1, 2]
    assert next(gen, "done") == "done"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("os.path:join", "join"), ("os.path.join", "join"), ("tmpl.utils:urlize", "urlize")],
)
def test_import_string_finds_attributes(name, expected):
    obj = import_string(name)
    assert obj.__name__ == expected
    assert obj is j_utils.import_string(name)


def test_import_string_plain_module():
    import os

    assert import_string("os") is os


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("tmpl_no_such_module", ImportError),
        ("os.path:no_such_attribute", AttributeError),
        ("os.no_such_attribute", AttributeError),
        ("tmpl.no_such_module:x", ImportError),
    ],
)
def test_import_string_failures(name, error):
    with pytest.raises(error):
        import_string(name)
    assert import_string(name, silent=True) is None


def test_open_if_exists(tmp_path):
    path = tmp_path / "file.txt"
    path.write_bytes(b"content")
    with open_if_exists(str(path)) as f:
        assert f.read() == b"content"
    with open_if_exists(str(path), "r") as f:
        assert f.read() == "content"
    assert open_if_exists(str(tmp_path / "missing.txt")) is None
    assert open_if_exists(str(tmp_path)) is None


class _Local:
    pass


@pytest.mark.parametrize(
    "obj", [None, Ellipsis, 1, "x", [], {}, _Local(), Markup("x"), threading.Lock()]
)
def test_object_type_repr_matches_jinja2(obj):
    assert object_type_repr(obj) == j_utils.object_type_repr(obj)


def test_object_type_repr_examples():
    assert object_type_repr(None) == "None"
    assert object_type_repr(42) == "int object"
    assert object_type_repr(_Local()) == f"{__name__}._Local object"


@pytest.mark.parametrize("obj", [1, "x", {"b": [1, 2], "a": "x" * 100}, list(range(40))])
def test_pformat_is_pprint(obj):
    assert pformat(obj) == pprint.pformat(obj)


# --- urlize ---------------------------------------------------------------------------

URLIZE_TEXTS = [
    "",
    "no links here",
    "http://example.com",
    "https://example.com/path?q=1&r=2#frag",
    "www.example.com",
    "example.com",
    "example.org/path",
    "example.xyz",
    "sub.domain.example.co.uk",
    "http://127.0.0.1:8080/x",
    "http://[::1]/x",
    "http://[2001:db8::ff00:42:8329]:80/",
    "http://1.2.3",
    "(http://example.com)",
    "(www.example.com).",
    "<http://example.com>",
    "http://example.com/wiki/Foo_(bar)",
    "(http://example.com/wiki/Foo_(bar))",
    "http://example.com/a_(b)),.",
    "http://example.com/<a>",
    "see http://example.com, and www.b.org.",
    "http://example.com...",
    "foo@example.com",
    "mailto:foo@example.com",
    "mailto:foo@example.com?cc=bar@example.com",
    "@foo@example.com",
    "www.foo@example.com",
    "a:b@example.com",
    "foo@localhost",
    "line one\nwww.example.com\ttab\r\nhttp://x.org",
    "  leading and trailing  ",
    "<script>alert('x')</script> www.example.com",
    'quote"d http://example.com/"x"',
    "http://xn--bcher-kva.example/",
    "http://example.xn--p1ai/",
    "ünïcode www.exämple.com http://例え.jp",
    "ftp://example.com/file tel:+123 tel: x",
    "HTTP://EXAMPLE.COM",
    "https://example.com:99999/",
    "http://example.com&gt;",
    "a.b.c.d.e.f.g.h.com",
]


@pytest.mark.parametrize("text", URLIZE_TEXTS)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"trim_url_limit": 10},
        {"trim_url_limit": 0},
        {"rel": "noopener nofollow", "target": "_blank"},
        {"rel": 'a"b', "target": "<t>"},
        {"extra_schemes": ["ftp://", "tel:"]},
        {"extra_schemes": []},
    ],
    ids=["plain", "trim10", "trim0", "rel-target", "escaped-attrs", "schemes", "no-schemes"],
)
def test_urlize_matches_jinja2(text, options):
    assert urlize(text, **options) == j_utils.urlize(text, **options)


def test_urlize_examples():
    assert urlize("go to www.example.com.") == (
        'go to <a href="https://www.example.com">www.example.com</a>.'
    )
    assert urlize("<b>") == "&lt;b&gt;"
    assert urlize("x@y.org") == '<a href="mailto:x@y.org">x@y.org</a>'
    assert (
        urlize("http://example.com/abcdef", trim_url_limit=15)
        == '<a href="http://example.com/abcdef">http://example....</a>'
    )


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "www.",
                "http://",
                "https://",
                ".com",
                "mailto:",
                "&lt;",
                "&gt;",
                "ftp:",
                "xn--",
                "a",
                "b",
                "x",
                ".",
                ":",
                "/",
                "-",
                "_",
                "@",
                "(",
                ")",
                "<",
                ">",
                "&",
                ";",
                ",",
                "?",
                "#",
                "%",
                "1",
                "9",
                " ",
                "\n",
                "[",
                "]",
                '"',
                "'",
                "é",
                "org",
                "::",
            ]
        ),
        max_size=25,
    ),
    trim=st.none() | st.integers(0, 20),
    schemes=st.none() | st.just(["ftp:", "x-y:"]),
)
def test_urlize_matches_jinja2_on_generated_text(parts, trim, schemes):
    text = "".join(parts)
    assert urlize(text, trim, "nofollow", "_top", schemes) == j_utils.urlize(
        text, trim, "nofollow", "_top", schemes
    )


# --- lorem ipsum ----------------------------------------------------------------------


def test_lorem_ipsum_html_paragraphs():
    text = generate_lorem_ipsum()
    assert isinstance(text, Markup)
    paragraphs = text.split("\n")
    assert len(paragraphs) == 5
    for paragraph in paragraphs:
        assert paragraph.startswith("<p>") and paragraph.endswith(".</p>")
        words = paragraph[3:-4].split()
        assert 20 <= len(words) < 100
        assert words[0][0].isupper()


@pytest.mark.parametrize(("low", "high"), [(1, 2), (5, 10), (30, 31)])
def test_lorem_ipsum_plain_text_word_counts(low, high):
    text = generate_lorem_ipsum(n=3, html=False, min=low, max=high)
    assert not isinstance(text, Markup)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 3
    for paragraph in paragraphs:
        words = paragraph.split()
        assert low <= len(words) < high
        assert paragraph.endswith(".") and not paragraph.endswith(",.")
        assert paragraph[0].isupper()
        # A new sentence starts with a capital; no word is repeated twice in a row.
        for before, after in zip(words, words[1:], strict=False):
            if before.endswith("."):
                assert after[0].isupper()
            assert before.strip(",.").lower() != after.strip(",.").lower()


def test_lorem_ipsum_zero_paragraphs():
    assert generate_lorem_ipsum(0) == ""
    assert generate_lorem_ipsum(0, html=False) == ""


# --- url_quote ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "a b/c?d=e&f", "ünïcode", "a+b%c", b"raw bytes\xff/", 42, 1.5, None, Markup("<x y>")],
)
@pytest.mark.parametrize("for_qs", [False, True])
def test_url_quote_matches_jinja2(value, for_qs):
    assert url_quote(value, for_qs=for_qs) == j_utils.url_quote(value, for_qs=for_qs)


def test_url_quote_charset():
    assert url_quote("é", charset="latin-1") == "%E9"
    assert url_quote("a b/c", for_qs=True) == "a+b%2Fc"


# --- LRUCache -------------------------------------------------------------------------


def test_lru_cache_evicts_least_recently_used():
    cache = LRUCache(3)
    cache["a"] = 1
    cache["b"] = 2
    cache["c"] = 3
    assert cache["a"] == 1  # "a" is now the most recent
    cache["d"] = 4
    assert "b" not in cache
    assert cache.keys() == ["d", "a", "c"]
    assert list(cache) == ["d", "a", "c"]
    assert list(reversed(cache)) == ["c", "a", "d"]
    assert cache.items() == [("d", 4), ("a", 1), ("c", 3)]
    assert cache.values() == [4, 1, 3]
    assert len(cache) == 3


def test_lru_cache_mapping_api():
    from collections.abc import MutableMapping

    cache = LRUCache(2)
    assert isinstance(cache, MutableMapping)
    assert cache.get("x") is None
    assert cache.get("x", 5) == 5
    assert cache.setdefault("x", 1) == 1
    assert cache.setdefault("x", 2) == 1
    del cache["x"]
    with pytest.raises(KeyError):
        del cache["x"]
    with pytest.raises(KeyError):
        cache["x"]
    cache["y"] = 1
    cache.clear()
    assert len(cache) == 0
    # Jinja2's cache is hashable and compares by identity; so is tmpl's.
    assert hash(cache) == hash(cache)
    assert LRUCache(2) != LRUCache(2)


def test_lru_cache_repr_copy_and_pickle():
    cache = LRUCache(3)
    cache["a"] = 1
    cache["b"] = 2
    assert repr(cache) == "<LRUCache {'a': 1, 'b': 2}>"
    for clone in (cache.copy(), copy.copy(cache), pickle.loads(pickle.dumps(cache))):
        assert type(clone) is LRUCache
        assert clone.capacity == 3
        assert clone.items() == cache.items()
        clone["c"] = 3
        assert "c" not in cache
    restored = pickle.loads(pickle.dumps(cache))
    restored["z"] = 0  # the unpickled cache has a working lock
    assert restored.keys() == ["z", "b", "a"]


def test_lru_cache_zero_capacity_keeps_nothing():
    cache = LRUCache(0)
    cache["a"] = 1
    assert len(cache) == 0


def test_lru_cache_is_thread_safe():
    cache = LRUCache(8)
    errors = []

    def hammer(offset):
        try:
            for i in range(2000):
                key = (i + offset) % 13
                cache[key] = i
                cache.get((i * 7) % 13)
                if i % 5 == 0:
                    try:
                        del cache[(i * 3) % 13]
                    except KeyError:
                        pass
                cache.items()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(cache) <= 8
    assert len(cache.keys()) == len(cache)


class LRUCacheAgainstJinja2(RuleBasedStateMachine):
    """Random operation sequences give the same observable state in both caches."""

    def __init__(self):
        super().__init__()
        self.ours = LRUCache(3)
        self.theirs = j_utils.LRUCache(3)

    keys = st.sampled_from("abcde")

    @rule(key=keys, value=st.integers())
    def set(self, key, value):
        self.ours[key] = value
        self.theirs[key] = value

    @rule(key=keys)
    def get(self, key):
        assert self.ours.get(key) == self.theirs.get(key)

    @rule(key=keys, value=st.integers())
    def setdefault(self, key, value):
        assert self.ours.setdefault(key, value) == self.theirs.setdefault(key, value)

    @rule(key=keys)
    def delete(self, key):
        present = key in self.theirs
        assert (key in self.ours) == present
        if present:
            del self.ours[key]
            del self.theirs[key]

    @rule()
    def copy(self):
        self.ours = self.ours.copy()
        self.theirs = self.theirs.copy()

    @invariant()
    def same_state(self):
        assert len(self.ours) == len(self.theirs)
        assert list(self.ours.items()) == list(self.theirs.items())
        assert list(self.ours) == list(self.theirs)
        assert list(reversed(self.ours)) == list(reversed(self.theirs))


TestLRUCacheAgainstJinja2 = LRUCacheAgainstJinja2.TestCase


# --- select_autoescape, htmlsafe_json_dumps -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"enabled_extensions": ("html", ".XML"), "default_for_string": False},
        {"disabled_extensions": ("txt",), "default": True},
        {"enabled_extensions": (), "disabled_extensions": ("html",), "default": True},
    ],
)
@pytest.mark.parametrize(
    "name", [None, "a.html", "A.HTML", "x.htm", "x.xml", "x.txt", "x.TXT", "html", "x.jinja", ""]
)
def test_select_autoescape_matches_jinja2(args, name):
    assert select_autoescape(**args)(name) == j_utils.select_autoescape(**args)(name)


@pytest.mark.parametrize(
    "obj",
    [
        "<script>alert('x') & \"y\"</script>",
        {"b": 1, "a": [1, 2.5, None, True]},
        [],
        "ünïcode ☃",
    ],
)
@pytest.mark.parametrize("kwargs", [{}, {"sort_keys": True}, {"indent": 2, "sort_keys": True}])
def test_htmlsafe_json_dumps_matches_jinja2(obj, kwargs):
    result = htmlsafe_json_dumps(obj, **kwargs)
    assert isinstance(result, Markup)
    assert result == j_utils.htmlsafe_json_dumps(obj, **kwargs)
    assert not any(c in result for c in "<>&'")


def test_htmlsafe_json_dumps_custom_dumps():
    def dumps(obj, **kwargs):
        return f"<{obj}|{','.join(sorted(kwargs))}>"

    assert htmlsafe_json_dumps(1, dumps=dumps, x=1, y=2) == "\\u003c1|x,y\\u003e"


# --- Cycler, Joiner, Namespace --------------------------------------------------------


def test_cycler():
    cycler = Cycler("a", "b", "c")
    assert cycler.items == ("a", "b", "c")
    assert cycler.current == "a"
    assert [cycler.next() for _ in range(4)] == ["a", "b", "c", "a"]
    assert cycler.current == "b"
    assert next(cycler) == "b"
    assert cycler.pos == 2
    cycler.reset()
    assert cycler.current == "a"
    with pytest.raises(RuntimeError):
        Cycler()


def test_joiner():
    joiner = Joiner()
    assert [joiner(), joiner(), joiner()] == ["", ", ", ", "]
    pipe = Joiner("|")
    assert pipe() == "" and pipe() == "|"
    assert pipe.sep == "|" and pipe.used


def test_namespace_construction_like_dict():
    ns = Namespace({"a": 1}, b=2)
    assert (ns.a, ns.b) == (1, 2)
    assert Namespace([("x", 1)]).x == 1
    assert Namespace(self=3).self == 3
    assert repr(Namespace(a=1)) == repr(j_utils.Namespace(a=1)) == "<Namespace {'a': 1}>"
    with pytest.raises(TypeError):
        Namespace({}, {})


def test_namespace_assignment():
    ns = Namespace()
    ns["a"] = 1
    ns.b = 2
    assert (ns.a, ns.b) == (1, 2)
    assert repr(ns) == "<Namespace {'a': 1, 'b': 2}>"
    with pytest.raises(AttributeError):
        ns.missing  # noqa: B018


def test_namespace_public_names_are_only_its_attributes():
    assert [name for name in dir(Namespace) if not name.startswith("_")] == []


def module_level_imports(path):
    """The modules a source file imports at module level, outside ``if TYPE_CHECKING:``."""
    import ast

    names = set()
    for node in ast.parse(open(path, encoding="utf-8").read()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_utils_imports_nothing_heavy_at_module_level():
    # json, pprint, random, urllib and threading are imported where they are used.
    assert module_level_imports(utils.__file__) == {
        "__future__",
        "os",
        "re",
        "_thread",
        "collections",
        "collections.abc",
        "typing",
        "markupsafe",
    }


def test_every_public_name_is_documented():
    for name in dir(utils):
        obj = getattr(utils, name)
        if name.startswith("_") or getattr(obj, "__module__", None) != "tmpl.utils":
            continue
        assert obj.__doc__, name


def test_clear_caches_empties_environment_and_lexer_caches():
    from tmpl.environment import get_spontaneous_environment
    from tmpl.lexer import _lexer_cache

    tmpl.Template("{{ 1 }}").render()
    tmpl.Environment(block_start_string="<%", block_end_string="%>").from_string(
        "<% if 1 %>x<% endif %>"
    ).render()
    assert get_spontaneous_environment.cache_info().currsize > 0
    assert _lexer_cache
    utils.clear_caches()
    assert get_spontaneous_environment.cache_info().currsize == 0
    assert not _lexer_cache
    assert tmpl.Template("{{ 2 }}").render() == "2"


# --- the globals in templates, against Jinja2 -----------------------------------------

GLOBAL_TEMPLATES = [
    "{% set ns = namespace(count=0) %}{% for i in range(3) %}{% set ns.count = ns.count + i %}"
    "{% endfor %}{{ ns.count }}",
    "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}{{ ns.c is defined }}{{ ns }}",
    "{% set ns = namespace() %}{% set ns.x, ns.y = 1, 2 %}{{ ns.x + ns.y }}",
    "{% set ns = namespace() %}{% set ns.block %}in <b>{% endset %}{{ ns.block }}",
    "{% set ns = namespace(items=[]) %}{% for x in 'ab' %}{{ ns.items.append(x) or '' }}"
    "{% endfor %}{{ ns.items }}",
    "{% set x = {} %}{% set x.a = 1 %}",
    "{% set ns = namespace(a=1) %}{{ ns['a'] }} {{ ns.missing }}.",
    "{% set c = cycler('odd', 'even') %}{% for i in range(5) %}{{ c.next() }} {% endfor %}"
    "{{ c.current }} {% do c.reset() %}{{ c.current }}",
    "{% set c = cycler() %}",
    "{% set j = joiner(' | ') %}{% for i in range(3) %}{{ j() }}{{ i }}{% endfor %}",
    "{% set j = joiner() %}{% for i in range(3) %}{{ j() }}{{ i }}{% endfor %}",
    "{{ range(5)|list }} {{ range(1, 10, 3)|list }} {{ dict(a=1, b=2) }}",
    "{{ lipsum is callable }} {{ cycler is defined }}",
]


@pytest.mark.parametrize("autoescape", [False, True])
@pytest.mark.parametrize("source", GLOBAL_TEMPLATES)
def test_globals_in_templates_match_jinja2(source, autoescape):
    def render(module):
        env = module.Environment(autoescape=autoescape, extensions=[f"{module.__name__}.ext.do"])
        try:
            return ("text", env.from_string(source).render())
        except Exception as exc:  # noqa: BLE001 - the exception class is the result
            return ("error", type(exc).__name__)

    assert render(tmpl) == render(jinja2)


@pytest.mark.parametrize("autoescape", [False, True])
def test_lipsum_in_templates(autoescape):
    env = tmpl.Environment(autoescape=autoescape)
    html = env.from_string("{{ lipsum(2) }}").render()
    assert html.count("<p>") == 2
    text = env.from_string("{{ lipsum(3, false, 5, 6) }}").render()
    assert text.count("\n\n") == 2 and "<p>" not in text


@pytest.mark.parametrize("module", [jinja2, tmpl], ids=["jinja2-decorated", "tmpl-decorated"])
def test_decorated_callables_receive_what_they_ask_for(module):
    env = tmpl.Environment(autoescape=True)

    @module.pass_context
    def ctx_filter(context, value):
        return f"{value}:{context['who']}"

    @module.pass_eval_context
    def eval_filter(eval_ctx, value):
        return f"{value}:{eval_ctx.autoescape}"

    @module.pass_environment
    def env_test(environment, value):
        return environment is env and value == 1

    @module.pass_context
    def ctx_global(context):
        return context["who"]

    env.filters.update(ctx=ctx_filter, ev=eval_filter)
    env.tests["env"] = env_test
    env.globals["who_global"] = ctx_global
    template = env.from_string("{{ 'a'|ctx }} {{ 'b'|ev }} {{ 1 is env }} {{ who_global() }}")
    assert template.render(who="me") == "a:me b:True True me"


@pytest.mark.parametrize(
    "word",
    ["(" * 20000 + "x", "x" + ")" * 20000, "((" * 5000 + "www.a.com" + ")" * 10000, "<>" * 8000],
    ids=["openers", "closers", "balanced", "entities"],
)
def test_urlize_on_bracket_floods_matches_jinja2(word):
    # The splitting works on positions, not repeated slices, so these stay fast too.
    assert urlize(word) == j_utils.urlize(word)

"""Differential cases: every built-in filter of Jinja2 3.1, with edge cases (Markup input,
autoescape on and off, Undefined input, unicode, empty input, keyword arguments)."""

from __future__ import annotations

from diffharness import Differs, Fresh, case, check, params
from markupsafe import Markup

AE = {"autoescape": True}


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self):
        return f"Obj({', '.join(f'{k}={v!r}' for k, v in sorted(self.__dict__.items()))})"


class Html:
    def __init__(self, text):
        self.text = text

    def __html__(self):
        return f"<em>{self.text}</em>"

    def __str__(self):
        return f"plain {self.text}"


PEOPLE = [
    {"name": "bob", "age": 30, "city": "Paris", "admin": True},
    {"name": "alice", "age": 25, "city": "Berlin", "admin": False},
    {"name": "Carol", "age": 35, "city": "Paris", "admin": False},
    {"name": "dave", "age": 25, "city": "berlin", "admin": True},
]
OBJS = [Obj(name="x", n=3, tag=None), Obj(name="y", n=1, tag="t"), Obj(name="z", n=2, tag="t")]
ADDRESSES = [
    {"name": "a", "address": {"city": "Rome"}},
    {"name": "b", "address": {"city": "Oslo"}},
    {"name": "c", "address": {"city": "Rome"}},
]

ABS_TO_DEFAULT = [
    case("abs-int", "{{ -3 | abs }} {{ 3 | abs }}"),
    case("abs-float", "{{ -2.5 | abs }}"),
    case("abs-string", "{{ 'x' | abs }}", raises="TypeError"),
    case("abs-undefined", "{{ missing | abs }}", raises="TypeError"),
    case("attr-basic", "{{ o | attr('name') }}", {"o": OBJS[0]}),
    case("attr-missing", "[{{ o | attr('nope') }}]", {"o": OBJS[0]}),
    case("attr-ignores-items", "[{{ d | attr('a') }}]", {"d": {"a": 1}}),
    case("attr-method", "{{ (d | attr('keys'))() | list }}", {"d": {"a": 1}}),
    case("batch-basic", "{{ [1, 2, 3, 4, 5] | batch(2) | list }}"),
    case("batch-fill", "{{ [1, 2, 3, 4, 5] | batch(3, 'x') | list }}"),
    case("batch-exact", "{{ [1, 2, 3, 4] | batch(2, 0) | list }}"),
    case("batch-empty", "{{ [] | batch(3) | list }}"),
    case("batch-string", "{{ 'abcde' | batch(2) | list }}"),
    case(
        "batch-table",
        "{% for row in range(7) | batch(3, '&nbsp;') %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}",
    ),
    case("batch-fill-kwarg", "{{ [1, 2, 3] | batch(2, fill_with=0) | list }}"),
    case("capitalize-basic", "{{ 'hELLO wORLD' | capitalize }}"),
    case("capitalize-empty", "[{{ '' | capitalize }}]"),
    case("capitalize-unicode", "{{ 'élan VITAL' | capitalize }}"),
    case("capitalize-markup", "{{ x | capitalize }}", {"x": Markup("<b>hi</b>")}, **AE),
    case("capitalize-number", "{{ 12 | capitalize }}"),
    case("center-default", "[{{ 'ab' | center }}]"),
    case("center-width", "[{{ 'ab' | center(7) }}]"),
    case("center-narrow", "[{{ 'abcdef' | center(2) }}]"),
    case("center-kwarg", "[{{ 'x' | center(width=4) }}]"),
    case("count-list", "{{ [1, 2, 3] | count }}"),
    case("count-string", "{{ 'hello' | count }}"),
    case("count-dict", "{{ {'a': 1} | count }}"),
    case("count-undefined", "{{ missing | count }}"),
    case("default-undefined", "{{ missing | default('dflt') }}"),
    case("default-defined", "{{ x | default('dflt') }}", {"x": "val"}),
    case("default-none-is-defined", "[{{ x | default('dflt') }}]", {"x": None}),
    case("default-falsy-kept", "[{{ x | default('dflt') }}]", {"x": ""}),
    case("default-boolean-true", "{{ x | default('dflt', true) }}", {"x": ""}),
    case("default-boolean-kwarg", "{{ x | default('dflt', boolean=true) }}", {"x": 0}),
    case("default-boolean-none", "{{ x | default('dflt', true) }}", {"x": None}),
    case("default-no-arg", "[{{ missing | default }}]"),
    case("default-alias-d", "{{ missing | d('alias') }}"),
    case("default-attr-of-undefined", "{{ missing.attr | default('x') }}", raises="UndefinedError"),
    case("default-missing-attr", "{{ d.nope | default('x') }}", {"d": {}}),
    case("default-chained-attr", "{{ (d.a or {}).b | default('deep') }}", {"d": {}}),
    case("default-strict-undefined", "{{ missing | default('x') }}", undefined="StrictUndefined"),
    case("default-markup-escaping", "{{ missing | default('<b>') }}", **AE),
    case("default-nested", "{{ missing | default(other | default('inner')) }}"),
]

DICT_TO_FORMAT = [
    case("dictsort-default", "{{ d | dictsort }}", {"d": {"b": 1, "A": 2, "c": 0}}),
    case("dictsort-case-sensitive", "{{ d | dictsort(true) }}", {"d": {"b": 1, "A": 2, "c": 0}}),
    case("dictsort-by-value", "{{ d | dictsort(by='value') }}", {"d": {"b": 1, "a": 2, "c": 0}}),
    case("dictsort-reverse", "{{ d | dictsort(reverse=true) }}", {"d": {"b": 1, "a": 2}}),
    case(
        "dictsort-bad-by",
        "{{ d | dictsort(by='x') }}",
        {"d": {"a": 1}},
        raises="FilterArgumentError",
    ),
    case("dictsort-empty", "{{ {} | dictsort }}"),
    case(
        "dictsort-case-insensitive-values",
        "{{ d | dictsort(by='value') }}",
        {"d": {"x": "b", "y": "A", "z": "c"}},
    ),
    case("escape-basic", "{{ '<a href=\"x\">&\\'</a>' | escape }}"),
    case("escape-alias-e", "{{ '<>' | e }}"),
    case("escape-markup-unchanged", "{{ x | e }}", {"x": Markup("<b>")}),
    case("escape-autoescape-no-double", "{{ '<' | e }}", **AE),
    case("escape-number", "{{ 1 | e }}"),
    case("escape-none", "{{ none | e }}"),
    case("escape-undefined", "[{{ missing | e }}]"),
    case("escape-html-object", "{{ h | e }}", {"h": Html("t")}),
    case("forceescape-markup", "{{ x | forceescape }}", {"x": Markup("<b>")}),
    case("forceescape-plain", "{{ '<b>' | forceescape }}"),
    case("forceescape-autoescape", "{{ x | forceescape }}", {"x": Markup("<b>&amp;")}, **AE),
    case(
        "filesizeformat-bytes",
        "{{ 0 | filesizeformat }} {{ 1 | filesizeformat }} {{ 999 | filesizeformat }}",
    ),
    case("filesizeformat-kb", "{{ 1000 | filesizeformat }} {{ 1500 | filesizeformat }}"),
    case(
        "filesizeformat-binary",
        "{{ 1024 | filesizeformat(true) }} {{ 1536 | filesizeformat(binary=true) }}",
    ),
    case(
        "filesizeformat-large",
        "{{ (10 ** 12) | filesizeformat }} {{ (10 ** 30) | filesizeformat }} {{ (2 ** 80) | filesizeformat(true) }}",
    ),
    case("filesizeformat-string-number", "{{ '2000000' | filesizeformat }}"),
    case("filesizeformat-float", "{{ 1234.5 | filesizeformat }}"),
    case("first-list", "{{ [3, 2, 1] | first }}"),
    case("first-string", "{{ 'abc' | first }}"),
    case("first-empty", "[{{ [] | first }}]"),
    case("first-generator", "{{ g | first }}", {"g": Fresh(lambda: iter([5, 6]))}),
    case("first-dict", "{{ {'k': 1} | first }}"),
    case("float-int", "{{ 3 | float }}"),
    case("float-string", "{{ '3.25' | float }}"),
    case("float-invalid", "{{ 'abc' | float }} {{ 'abc' | float(1.5) }}"),
    case("float-none", "{{ none | float }}"),
    case("float-kwarg-default", "{{ 'x' | float(default=2.0) }}"),
    case("float-exponent-string", "{{ '1e3' | float }}"),
    case("format-positional", "{{ '%s is %d' | format('x', 3) }}"),
    case("format-kwargs", "{{ '%(a)s-%(b)s' | format(a=1, b=2) }}"),
    case("format-both-is-error", "{{ '%s' | format(1, a=2) }}", raises="FilterArgumentError"),
    case("format-markup-escapes-args", "{{ x | format('<b>') }}", {"x": Markup("<i>%s</i>")}),
    case("format-autoescape", "{{ '<i>%s</i>' | format('<b>') }}", **AE),
    case("format-float", "{{ '%.2f' | format(3.14159) }}"),
    case("format-too-few", "{{ '%s %s' | format(1) }}", raises="TypeError"),
]

GROUPBY_TO_JOIN = [
    case(
        "groupby-attribute",
        "{% for g in people | groupby('city') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join(',') }};{% endfor %}",
        {"people": PEOPLE},
    ),
    case(
        "groupby-tuple-unpack",
        "{% for city, items in people | groupby('city') %}{{ city }}={{ items | length }} {% endfor %}",
        {"people": PEOPLE},
    ),
    case(
        "groupby-case-insensitive",
        "{% for g in people | groupby('city', case_sensitive=false) %}{{ g.grouper }}:{{ g.list | length }};{% endfor %}",
        {"people": PEOPLE},
    ),
    case(
        "groupby-default",
        "{% for g in rows | groupby('tag', default='untagged') %}{{ g.grouper }}={{ g.list | length }} {% endfor %}",
        {"rows": [{"tag": "b"}, {}, {"tag": "a"}, {}]},
    ),
    case(
        "groupby-none-and-strings",
        "{% for g in objs | groupby('tag') %}{{ g.grouper }}{% endfor %}",
        {"objs": OBJS},
        raises="TypeError",
    ),
    case(
        "groupby-dotted",
        "{% for g in addrs | groupby('address.city') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join }};{% endfor %}",
        {"addrs": ADDRESSES},
    ),
    case(
        "groupby-int-key",
        "{% for g in rows | groupby(0) %}{{ g.grouper }}{{ g.list }};{% endfor %}",
        {"rows": [(1, "a"), (2, "b"), (1, "c")]},
    ),
    case("groupby-repr", "{{ people | groupby('age') | list | length }}", {"people": PEOPLE}),
    case(
        "groupby-missing-attr",
        "{% for g in people | groupby('zip') %}{{ g.grouper }}{% endfor %}",
        {"people": PEOPLE},
        raises="UndefinedError",
    ),
    case("groupby-empty", "{{ [] | groupby('a') | list }}"),
    case("indent-default", "{{ 'a\nb\nc' | indent }}"),
    case("indent-width", "{{ 'a\nb' | indent(2) }}"),
    case("indent-first", "{{ 'a\nb' | indent(2, true) }}"),
    case("indent-blank", "{{ 'a\n\nb' | indent(2) }}|{{ 'a\n\nb' | indent(2, blank=true) }}"),
    case("indent-string-width", "{{ 'a\nb' | indent('--') }}"),
    case("indent-trailing-newline", "{{ 'a\nb\n' | indent(2) }}|"),
    case("indent-markup", "{{ x | indent(1, first=true) }}", {"x": Markup("<a>\n<b>")}, **AE),
    case("indent-autoescape-plain", "{{ '<a>\n<b>' | indent(1) }}", **AE),
    case("indent-empty", "[{{ '' | indent(first=true) }}]"),
    case("int-string", "{{ '42' | int }}"),
    case("int-float", "{{ 3.9 | int }}"),
    case("int-float-string", "{{ '3.9' | int }}"),
    case("int-invalid", "{{ 'x' | int }} {{ 'x' | int(7) }}"),
    case(
        "int-base", "{{ '0x1A' | int(0, 16) }} {{ '101' | int(base=2) }} {{ '0b11' | int(0, 0) }}"
    ),
    case("int-none", "{{ none | int }}"),
    case("int-underscore-string", "{{ '1_000' | int }}"),
    case("int-spaces", "{{ ' 12 ' | int }}"),
    case("int-bool", "{{ true | int }}"),
    case("items-dict", "{{ d | items | list }}", {"d": {"a": 1, "b": 2}}),
    case("items-undefined", "{{ missing | items | list }}"),
    case("items-not-mapping", "{{ [1] | items | list }}", raises="TypeError"),
    case("join-basic", "{{ [1, 2, 3] | join }}"),
    case("join-sep", "{{ ['a', 'b'] | join(', ') }}"),
    case("join-attribute", "{{ people | join(', ', attribute='name') }}", {"people": PEOPLE}),
    case(
        "join-attribute-int",
        "{{ rows | join('|', attribute=1) }}",
        {"rows": [("a", "b"), ("c", "d")]},
    ),
    case("join-autoescape", "{{ ['<a>', x] | join('&') }}", {"x": Markup("<b>")}, **AE),
    case("join-noautoescape-markup", "{{ ['<a>', x] | join('&') }}", {"x": Markup("<b>")}),
    case(
        "join-markup-separator", "{{ ['<a>', '<b>'] | join(sep) }}", {"sep": Markup("<br>")}, **AE
    ),
    case("join-empty", "[{{ [] | join(',') }}]"),
    case("join-string-iterable", "{{ 'abc' | join('.') }}"),
    case("join-undefined", "[{{ missing | join(',') }}]"),
    case("join-generator", "{{ g | join('-') }}", {"g": Fresh(lambda: (str(i) for i in range(3)))}),
    case("join-html-objects", "{{ [h, '<'] | join(' ') }}", {"h": Html("x")}, **AE),
]

LAST_TO_ROUND = [
    case("last-list", "{{ [1, 2, 3] | last }}"),
    case("last-string", "{{ 'abc' | last }}"),
    case("last-empty", "[{{ [] | last }}]"),
    case(
        "last-generator", "{{ g | last }}", {"g": Fresh(lambda: iter([5, 6]))}, raises="TypeError"
    ),
    case("length-list", "{{ [1, 2] | length }}"),
    case("length-string", "{{ 'héllo' | length }}"),
    case("length-dict", "{{ {'a': 1} | length }}"),
    case("length-undefined", "{{ missing | length }}"),
    case("length-int", "{{ 5 | length }}", raises="TypeError"),
    case(
        "length-generator", "{{ g | length }}", {"g": Fresh(lambda: iter([1]))}, raises="TypeError"
    ),
    case("list-string", "{{ 'abc' | list }}"),
    case("list-dict", "{{ {'a': 1, 'b': 2} | list }}"),
    case("list-generator", "{{ g | list }}", {"g": Fresh(lambda: (i for i in range(3)))}),
    case("list-undefined", "{{ missing | list }}"),
    case("list-int", "{{ 1 | list }}", raises="TypeError"),
    case("lower-basic", "{{ 'HeLLo' | lower }}"),
    case("lower-unicode", "{{ 'ÉCOLE' | lower }}"),
    case("lower-markup", "{{ x | lower }}", {"x": Markup("<B>HI</B>")}),
    case("lower-undefined", "[{{ missing | lower }}]"),
    case("map-filter", "{{ ['a', 'b'] | map('upper') | join }}"),
    case("map-filter-args", "{{ ['a-b', 'c-d'] | map('replace', '-', '+') | join(' ') }}"),
    case("map-attribute", "{{ people | map(attribute='name') | join(',') }}", {"people": PEOPLE}),
    case(
        "map-attribute-default",
        "{{ objs | map(attribute='tag', default='-') | list }}",
        {"objs": OBJS},
    ),
    case("map-attribute-missing", "{{ objs | map(attribute='nope') | list }}", {"objs": OBJS}),
    case(
        "map-attribute-missing-default",
        "{{ objs | map(attribute='nope', default=0) | list }}",
        {"objs": OBJS},
    ),
    case(
        "map-dotted-attribute",
        "{{ addrs | map(attribute='address.city') | join(',') }}",
        {"addrs": ADDRESSES},
    ),
    case("map-int-attribute", "{{ rows | map(attribute=0) | list }}", {"rows": [[1, 2], [3, 4]]}),
    case("map-lazy-is-generator", "{{ [1] | map('string') is iterable }}"),
    case("map-unknown-filter", "{{ [1] | map('frob') | list }}", raises="TemplateRuntimeError"),
    case("map-no-args", "{{ [1] | map | list }}", raises="FilterArgumentError"),
    case("map-int-filter", "{{ ['1', '2', 'x'] | map('int') | sum }}"),
    case("map-undefined", "{{ missing | map('upper') | list }}"),
    case("max-basic", "{{ [1, 3, 2] | max }}"),
    case("max-strings-case-insensitive", "{{ ['b', 'A', 'C'] | max }}"),
    case("max-case-sensitive", "{{ ['b', 'A', 'C'] | max(case_sensitive=true) }}"),
    case("max-attribute", "{{ (people | max(attribute='age')).name }}", {"people": PEOPLE}),
    case("max-empty", "[{{ [] | max }}]"),
    case("min-basic", "{{ [4, 1, 2] | min }}"),
    case("min-strings", "{{ ['b', 'A', 'c'] | min }}"),
    case("min-attribute", "{{ (people | min(attribute='age')).name }}", {"people": PEOPLE}),
    case("min-empty", "[{{ [] | min }}]"),
    case("pprint-dict", "{{ d | pprint }}", {"d": {"b": [1, 2], "a": "x"}}),
    case("pprint-long", "{{ d | pprint }}", {"d": {f"key{i}": list(range(i)) for i in range(8)}}),
    case("pprint-autoescape", "{{ '<x>' | pprint }}", **AE),
    case("random-single", "{{ [7] | random }}"),
    case("random-string-single", "{{ 'z' | random }}"),
    case("random-empty", "[{{ [] | random }}]"),
    case("random-in-range", "{{ (range(5) | list | random) in range(5) }}"),
    case("replace-basic", "{{ 'aaa' | replace('a', 'b') }}"),
    case("replace-count", "{{ 'aaa' | replace('a', 'b', 2) }}"),
    case("replace-count-kwarg", "{{ 'aaa' | replace('a', 'b', count=1) }}"),
    case("replace-autoescape-plain", "{{ '<a>' | replace('a', '<b>') }}", **AE),
    case("replace-autoescape-markup", "{{ x | replace('a', '<b>') }}", {"x": Markup("<a>")}, **AE),
    case(
        "replace-autoescape-markup-new",
        "{{ x | replace('a', y) }}",
        {"x": Markup("<a>"), "y": Markup("<i>")},
        **AE,
    ),
    case("replace-noautoescape-markup", "{{ x | replace('a', '<b>') }}", {"x": Markup("<a>")}),
    case("replace-number", "{{ 1234 | replace('2', 'x') }}"),
    case("replace-empty-old", "{{ 'ab' | replace('', '-') }}"),
    case("reverse-list", "{{ [1, 2, 3] | reverse | list }}"),
    case("reverse-string", "{{ 'abc' | reverse }}"),
    case(
        "reverse-generator", "{{ g | reverse | list }}", {"g": Fresh(lambda: (i for i in range(3)))}
    ),
    case("reverse-int", "{{ 12 | reverse }}", raises="FilterArgumentError"),
    case("reverse-tuple", "{{ (1, 2) | reverse | list }}"),
    case("round-default", "{{ 2.5 | round }} {{ 3.5 | round }} {{ 2.45 | round(1) }}"),
    case("round-precision", "{{ 3.14159 | round(2) }}"),
    case("round-ceil-floor", "{{ 2.1 | round(0, 'ceil') }} {{ 2.9 | round(method='floor') }}"),
    case("round-ceil-precision", "{{ 2.123 | round(2, 'ceil') }}"),
    case("round-int", "{{ 3 | round }}"),
    case("round-bad-method", "{{ 2.5 | round(0, 'up') }}", raises="FilterArgumentError"),
    case("round-negative", "{{ -2.5 | round }} {{ 1234 | round(-2) }}"),
]

SAFE_TO_STRING = [
    case("safe-autoescape", "{{ '<b>' | safe }}", **AE),
    case("safe-noautoescape", "{{ '<b>' | safe }}"),
    case("safe-then-escape", "{{ '<b>' | safe | e }}"),
    case("safe-number", "{{ 1 | safe }}"),
    case("safe-concat", "{{ ('<b>' | safe) ~ '<i>' }}", **AE, expect='&lt;b&gt;&lt;i&gt;', differs=Differs("COMPATIBILITY.md, Language: constant expressions involving markup safety are not folded into plain strings", text='<b>&lt;i&gt;')),
    case("safe-undefined", "[{{ missing | safe }}]", **AE),
    case("select-test", "{{ range(10) | select('odd') | list }}"),
    case("select-test-arg", "{{ range(10) | select('divisibleby', 3) | list }}"),
    case("select-no-test", "{{ [0, 1, '', 'a', none] | select | list }}"),
    case("select-comparison-test", "{{ [1, 5, 9] | select('>', 4) | list }}"),
    case("select-in-test", "{{ ['a', 'x', 'b'] | select('in', 'ab') | list }}"),
    case("select-unknown-test", "{{ [1] | select('frob') | list }}", raises="TemplateRuntimeError"),
    case("reject-test", "{{ range(6) | reject('even') | list }}"),
    case("reject-no-test", "{{ [0, 1, '', 'a'] | reject | list }}"),
    case(
        "selectattr-truthy",
        "{{ people | selectattr('admin') | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "selectattr-test",
        "{{ people | selectattr('age', 'gt', 26) | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "selectattr-equalto",
        "{{ people | selectattr('city', 'equalto', 'Paris') | list | length }}",
        {"people": PEOPLE},
    ),
    case(
        "selectattr-none-test",
        "{{ objs | selectattr('tag', 'none') | map(attribute='name') | list }}",
        {"objs": OBJS},
    ),
    case(
        "selectattr-dotted",
        "{{ addrs | selectattr('address.city', '==', 'Rome') | map(attribute='name') | join }}",
        {"addrs": ADDRESSES},
    ),
    case("selectattr-missing-attr", "{{ people | selectattr('zip') | list }}", {"people": PEOPLE}),
    case(
        "selectattr-missing-defined",
        "{{ objs | selectattr('nope', 'defined') | list }}",
        {"objs": OBJS},
    ),
    case(
        "rejectattr-truthy",
        "{{ people | rejectattr('admin') | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "rejectattr-test",
        "{{ people | rejectattr('age', 'lt', 30) | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case("select-undefined", "{{ missing | select | list }}"),
    case("slice-basic", "{{ range(10) | slice(3) | list }}"),
    case("slice-fill", "{{ range(10) | slice(3, 'x') | list }}"),
    case("slice-more-than-items", "{{ [1, 2] | slice(4) | list }}"),
    case("slice-exact", "{{ range(6) | slice(2) | list }}"),
    case("slice-columns", "{% for col in 'abcdefg' | slice(3) %}[{{ col | join }}]{% endfor %}"),
    case("sort-basic", "{{ [3, 1, 2] | sort }}"),
    case("sort-reverse", "{{ [3, 1, 2] | sort(reverse=true) }}"),
    case("sort-strings-case-insensitive", "{{ ['b', 'A', 'c', 'B'] | sort }}"),
    case("sort-case-sensitive", "{{ ['b', 'A', 'c', 'B'] | sort(case_sensitive=true) }}"),
    case(
        "sort-attribute",
        "{{ people | sort(attribute='age') | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "sort-multiple-attributes",
        "{{ people | sort(attribute='age,name') | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "sort-attribute-reverse",
        "{{ people | sort(attribute='name', reverse=true) | map(attribute='name') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "sort-stable",
        "{{ people | sort(attribute='age') | map(attribute='city') | join(',') }}",
        {"people": PEOPLE},
    ),
    case(
        "sort-dotted",
        "{{ addrs | sort(attribute='address.city') | map(attribute='name') | join }}",
        {"addrs": ADDRESSES},
    ),
    case("sort-mixed-types", "{{ [1, 'a'] | sort }}", raises="TypeError"),
    case("sort-dict-keys", "{{ {'b': 1, 'a': 2} | sort }}"),
    case("sort-positional-reverse", "{{ [1, 3, 2] | sort(true) }}"),
    case("string-number", "{{ 1 | string ~ 2 | string }}"),
    case("string-markup-escaping", "{{ x | string }}", {"x": Markup("<b>")}, **AE),
    case("string-autoescape-plain", "{{ '<b>' | string }}", **AE),
    case("string-none", "{{ none | string }}"),
    case("string-undefined", "[{{ missing | string }}]"),
    case("string-list", "{{ [1, 'a'] | string }}"),
]

STRIPTAGS_TO_XMLATTR = [
    case("striptags-basic", "{{ '<p>Hello <b>world</b></p>' | striptags }}"),
    case("striptags-whitespace", "{{ '  a \n\n b  <br/>  c ' | striptags }}"),
    case("striptags-entities", "{{ '&lt;tag&gt; &amp; &quot;' | striptags }}"),
    case("striptags-comments", "{{ 'a<!-- hidden -->b' | striptags }}"),
    case("striptags-markup", "{{ x | striptags }}", {"x": Markup("<i>it&amp;s</i>")}, **AE),
    case("striptags-autoescape-output", "{{ '<b>x</b> &amp; y' | striptags }}", **AE),
    case("striptags-empty", "[{{ '' | striptags }}]"),
    case("sum-basic", "{{ [1, 2, 3] | sum }}"),
    case("sum-start", "{{ [1, 2] | sum(start=10) }}"),
    case("sum-attribute", "{{ people | sum(attribute='age') }}", {"people": PEOPLE}),
    case("sum-floats", "{{ [0.1, 0.2] | sum }}"),
    case("sum-empty", "{{ [] | sum }}"),
    case("sum-strings", "{{ ['a', 'b'] | sum }}", raises="TypeError"),
    case("sum-lists-with-start", "{{ [[1], [2]] | sum(start=[]) }}"),
    case("title-basic", "{{ 'hello world' | title }}"),
    case("title-apostrophe", "{{ \"it's o'neil\" | title }}"),
    case("title-hyphen", "{{ 'foo-bar baz_qux' | title }}"),
    case("title-brackets", "{{ '(hello) [world] {x}' | title }}"),
    case("title-unicode", "{{ 'élan vital' | title }}"),
    case("title-mixed", "{{ 'hELLO wORLD' | title }}"),
    case("tojson-dict", "{{ d | tojson }}", {"d": {"b": 1, "a": [1, 2.5, None, True]}}),
    case("tojson-html-escaping", "{{ '<script>&\\'' | tojson }}"),
    case("tojson-indent", "{{ d | tojson(2) }}", {"d": {"b": 1, "a": [1]}}),
    case("tojson-indent-kwarg", "{{ [1] | tojson(indent=1) }}"),
    case("tojson-autoescape", "{{ {'k': '<v>'} | tojson }}", **AE),
    case("tojson-unicode", "{{ 'é☃' | tojson }}"),
    case("tojson-undefined", "{{ missing | tojson }}", raises="TypeError"),
    case(
        "tojson-policy-sort-keys-off",
        "{{ d | tojson }}",
        {"d": {"b": 1, "a": 2}},
        policies={"json.dumps_kwargs": {"sort_keys": False}},
    ),
    case(
        "tojson-policy-custom-dumps",
        "{{ d | tojson }}",
        {"d": {"a": 1}},
        policies={"json.dumps_function": lambda obj, **kw: "DUMPED" + repr(sorted(kw))},
    ),
    case("tojson-string", "{{ 'a\"b' | tojson }}"),
    case("trim-basic", "[{{ '  a b  ' | trim }}]"),
    case("trim-chars", "[{{ 'xxaxx' | trim('x') }}]"),
    case("trim-newlines-tabs", "[{{ '\n\t a \t\n' | trim }}]"),
    case("trim-markup", "[{{ x | trim }}]", {"x": Markup("  <b>  ")}, **AE),
    case("trim-undefined", "[{{ missing | trim }}]"),
    case("truncate-short", "{{ 'hello' | truncate(10) }}"),
    case("truncate-default", "{{ ('word ' * 100) | truncate }}"),
    case("truncate-filter-binds-before-mul", "{{ 'word ' * 100 | truncate }}", raises="TypeError"),
    case("truncate-word-boundary-no-leeway", "{{ 'hello world foo' | truncate(11, leeway=0) }}"),
    case("truncate-killwords-no-leeway", "{{ 'hello world foo' | truncate(11, true, leeway=0) }}"),
    case("truncate-end-no-leeway", "{{ 'hello world foo' | truncate(9, end='…', leeway=0) }}"),
    case("truncate-word-boundary", "{{ 'hello world foo' | truncate(11) }}"),
    case("truncate-killwords", "{{ 'hello world foo' | truncate(11, true) }}"),
    case("truncate-end", "{{ 'hello world foo' | truncate(11, false, '…') }}"),
    case(
        "truncate-leeway",
        "{{ 'hello world!' | truncate(10, leeway=0) }} {{ 'hello world!' | truncate(10, leeway=5) }}",
    ),
    case("truncate-within-leeway", "{{ 'abcdefghijklm' | truncate(10) }}"),
    case(
        "truncate-leeway-policy",
        "{{ 'abcdefghijklm' | truncate(10) }}",
        policies={"truncate.leeway": 0},
    ),
    case("truncate-too-short-length", "{{ 'hello' | truncate(2) }}", raises="AssertionError"),
    case("truncate-exact-length", "{{ 'hello' | truncate(5) }}"),
    case("truncate-no-space", "{{ 'abcdefghijklmnopqrstuvwxyz' | truncate(10) }}"),
    case("truncate-autoescape", "{{ '<b>hello world foo</b>' | truncate(12, leeway=0) }}", **AE),
    case("unique-basic", "{{ [1, 2, 1, 3, 2] | unique | list }}"),
    case("unique-case-insensitive", "{{ ['a', 'A', 'b'] | unique | list }}"),
    case("unique-case-sensitive", "{{ ['a', 'A', 'b'] | unique(case_sensitive=true) | list }}"),
    case(
        "unique-attribute",
        "{{ people | unique(attribute='age') | map(attribute='name') | list }}",
        {"people": PEOPLE},
    ),
    case(
        "unique-attribute-case",
        "{{ people | unique(attribute='city') | map(attribute='city') | list }}",
        {"people": PEOPLE},
    ),
    case("unique-empty", "{{ [] | unique | list }}"),
    case("upper-basic", "{{ 'abc' | upper }}"),
    case("upper-unicode", "{{ 'straße' | upper }}"),
    case("upper-markup", "{{ x | upper }}", {"x": Markup("<b>&amp;</b>")}, **AE),
    case("urlencode-string", "{{ 'a b&c=d/é' | urlencode }}"),
    case("urlencode-dict", "{{ {'a': 'x y', 'b': '&'} | urlencode }}"),
    case("urlencode-pairs", "{{ [('a', 1), ('b', 'c d')] | urlencode }}"),
    case("urlencode-slash-kept", "{{ '/path/to x' | urlencode }}"),
    case("urlencode-number", "{{ 42 | urlencode }}"),
    case("urlencode-markup", "{{ x | urlencode }}", {"x": Markup("a&b")}),
    case("urlize-basic", "{{ 'see http://example.com now' | urlize }}"),
    case("urlize-www", "{{ 'go to www.example.org.' | urlize }}"),
    case("urlize-email", "{{ 'mail me@example.com please' | urlize }}"),
    case("urlize-trim", "{{ 'http://example.com/a/very/long/path/here' | urlize(20) }}"),
    case("urlize-nofollow", "{{ 'http://x.com' | urlize(nofollow=true) }}"),
    case("urlize-target", "{{ 'http://x.com' | urlize(target='_blank') }}"),
    case("urlize-rel", "{{ 'http://x.com' | urlize(rel='noopener') }}"),
    case("urlize-escapes-text", "{{ '<b> http://x.com?a=1&b=2' | urlize }}"),
    case("urlize-autoescape", "{{ '<b> http://x.com' | urlize }}", **AE),
    case("urlize-parens", "{{ '(http://example.com/x)' | urlize }}"),
    case(
        "urlize-https-and-trailing-punct", "{{ 'https://a.example.com/p?q=1, and more' | urlize }}"
    ),
    case(
        "urlize-extra-schemes", "{{ 'ftp://files.example.com' | urlize(extra_schemes=['ftp://']) }}"
    ),
    case(
        "urlize-policy-target", "{{ 'http://x.com' | urlize }}", policies={"urlize.target": "_top"}
    ),
    case("urlize-domain-only", "{{ 'example.com and example.org' | urlize }}"),
    case("urlize-mailto", "{{ 'mailto:a@b.com' | urlize }}"),
    case("wordcount-basic", "{{ 'one two  three' | wordcount }}"),
    case("wordcount-punctuation", "{{ 'hello, world! it\\'s 3.5' | wordcount }}"),
    case("wordcount-empty", "{{ '' | wordcount }}"),
    case("wordcount-unicode", "{{ 'élan vital ☃' | wordcount }}"),
    case("wordwrap-basic", "{{ 'The quick brown fox jumps over the lazy dog' | wordwrap(10) }}"),
    case("wordwrap-long-word", "{{ 'abcdefghijklmnop qr' | wordwrap(5) }}"),
    case("wordwrap-no-break-long", "{{ 'abcdefghijklmnop qr' | wordwrap(5, false) }}"),
    case("wordwrap-wrapstring", "{{ 'a b c d e f' | wordwrap(3, wrapstring='|') }}"),
    case(
        "wordwrap-break-on-hyphens",
        "{{ 'some-long-hyphenated-word' | wordwrap(8) }}|{{ 'some-long-hyphenated-word' | wordwrap(8, break_on_hyphens=false) }}",
    ),
    case("wordwrap-keeps-paragraphs", "{{ 'para one is here\n\npara two' | wordwrap(8) }}"),
    case("wordwrap-newline-sequence", "{{ 'a b c d' | wordwrap(3) }}", newline_sequence="\r\n"),
    case("xmlattr-basic", "<a{{ {'href': '/x', 'title': 'a \"b\"'} | xmlattr }}>"),
    case("xmlattr-none-undefined-skipped", "<a{{ {'a': none, 'b': missing, 'c': 0} | xmlattr }}>"),
    case("xmlattr-no-space", "<a {{ {'class': 'x'} | xmlattr(false) }}>"),
    case("xmlattr-escaping", "<a{{ {'v': '<&>'} | xmlattr }}>", **AE),
    case("xmlattr-invalid-key", "{{ {'a b': 1} | xmlattr }}", raises="ValueError"),
    case("xmlattr-invalid-key-slash", "{{ {'a/b': 1} | xmlattr }}", raises="ValueError"),
    case("xmlattr-empty", "[{{ {} | xmlattr }}]"),
]

FILTER_EDGES = [
    case("filter-undefined-upper", "[{{ missing | upper }}]"),
    case(
        "filter-undefined-strict",
        "{{ missing | upper }}",
        undefined="StrictUndefined",
        raises="UndefinedError",
    ),
    case(
        "filter-markup-preserved-through-chain",
        "{{ x | upper | replace('A', '&') }}",
        {"x": Markup("<a>")},
        **AE,
    ),
    case("filter-chain-escape-then-safe", "{{ '<' | e | safe }}"),
    case("filter-title-markup", "{{ x | title }}", {"x": Markup("<b>hello</b> world")}, **AE),
    case("filter-center-markup", "[{{ x | center(9) }}]", {"x": Markup("<b>")}, **AE),
    case("filter-wordwrap-markup", "{{ x | wordwrap(4) }}", {"x": Markup("a&amp;b cd ef")}, **AE),
    case("filter-trim-autoescape-plain", "{{ ' <x> ' | trim }}", **AE),
    case("filter-list-markup", "{{ x | list | join(',') }}", {"x": Markup("<a")}, **AE),
    case("filter-reverse-markup", "{{ x | reverse }}", {"x": Markup("<a>")}, **AE),
    case("filter-first-markup", "{{ x | first }}", {"x": Markup("<a>")}, **AE),
    case(
        "filter-format-markup-kwargs",
        "{{ x | format(v='<&>') }}",
        {"x": Markup("<i>%(v)s</i>")},
        **AE,
    ),
    case("filter-unicode-chain", "{{ 'ﬁ' | upper }} {{ 'İ' | lower | length }}"),
    case("filter-default-then-upper", "{{ missing | default('x') | upper }}"),
    case("filter-on-none-upper", "{{ none | upper }}"),
    case("filter-kwarg-unknown", "{{ 'a' | upper(x=1) }}", raises="TypeError"),
    case("filter-sum-generator", "{{ g | sum }}", {"g": Fresh(lambda: (i for i in range(5)))}),
    case(
        "filter-batch-in-loop-generator",
        "{% for b in g | batch(2) %}{{ b }}{% endfor %}",
        {"g": Fresh(lambda: (i for i in range(5)))},
    ),
    case("filter-join-numbers-autoescape", "{{ [1, 2] | join(',') }}", **AE),
    case(
        "filter-select-generator",
        "{{ g | select('even') | list }}",
        {"g": Fresh(lambda: (i for i in range(5)))},
    ),
    case("non-string-input-wordwrap", "{{ l | wordwrap(3) }}", {"l": ["a", "<b>"]}, raises="AttributeError"),
    case("non-string-input-center", "{{ l | center(5) }}", {"l": ["a", "<b>"]}),
    case("non-string-input-truncate", "{{ l | truncate(3) }}", {"l": ["a", "<b>"]}),
    case("non-string-input-title", "{{ l | title }}", {"l": ["a", "<b>"]}),
    case("non-string-input-capitalize", "{{ l | capitalize }}", {"l": ["a", "<b>"]}),
    case("non-string-input-striptags", "{{ l | striptags }}", {"l": ["a", "<b>"]}),
    case("non-string-input-urlize", "{{ l | urlize }}", {"l": ["a", "<b>"]}),
    case("non-string-input-trim", "{{ l | trim }}", {"l": ["a", "<b>"]}),
    case("non-string-input-wordcount", "{{ l | wordcount }}", {"l": ["a", "<b>"]}),
    case("non-string-input-upper", "{{ l | upper }}", {"l": ["a", "<b>"]}),
    case("non-string-input-replace", "{{ l | replace('a', 'b') }}", {"l": ["a", "<b>"]}),
    case("non-string-input-format", "{{ l | format(1) }}", {"l": ["a", "<b>"]}, raises="TypeError"),
    case("non-string-input-forceescape", "{{ l | forceescape }}", {"l": ["a", "<b>"]}),
    case("non-string-input-urlencode", "{{ l | urlencode }}", {"l": ["a", "<b>"]}, raises="ValueError"),
    case("non-string-input-filesizeformat", "{{ l | filesizeformat }}", {"l": ["a", "<b>"]}, raises="TypeError"),
    case("non-string-input-int", "{{ l | int }}", {"l": ["a", "<b>"]}),
    case("non-string-input-float", "{{ l | float }}", {"l": ["a", "<b>"]}),
    case("non-string-input-abs", "{{ l | abs }}", {"l": ["a", "<b>"]}, raises="TypeError"),
    case("non-string-input-round", "{{ l | round }}", {"l": ["a", "<b>"]}, raises="TypeError"),
    case("non-string-input-xmlattr", "{{ l | xmlattr }}", {"l": ["a", "<b>"]}, raises="AttributeError"),
    case("non-string-input-dictsort", "{{ l | dictsort }}", {"l": ["a", "<b>"]}, raises="AttributeError"),
    case("non-string-input-items-list", "{{ l | items | list }}", {"l": ["a", "<b>"]}, raises="TypeError"),
    case("non-string-input-tojson", "{{ l | tojson }}", {"l": ["a", "<b>"]}),
    case("non-string-input-string", "{{ l | string }}", {"l": ["a", "<b>"]}),
    case("non-string-input-number-title", "{{ 5 | title }}"),
    case("non-string-input-number-indent", "{{ 5 | indent }}", raises="TypeError"),
]


@params(ABS_TO_DEFAULT)
def test_filters_a_to_d(case):
    check(case)


@params(DICT_TO_FORMAT)
def test_filters_d_to_f(case):
    check(case)


@params(GROUPBY_TO_JOIN)
def test_filters_g_to_j(case):
    check(case)


@params(LAST_TO_ROUND)
def test_filters_l_to_r(case):
    check(case)


@params(SAFE_TO_STRING)
def test_filters_s(case):
    check(case)


@params(STRIPTAGS_TO_XMLATTR)
def test_filters_s_to_x(case):
    check(case)


@params(FILTER_EDGES)
def test_filter_edges(case):
    check(case)

"""Examples for the generated filter and test reference (``docs/templates.md``).

Each entry maps a filter or test name to ``(arguments, output)`` pairs: ``arguments`` is the
Python source of the arguments to the page's ``render(source, autoescape=False, **context)``
helper (``User(name, admin=False)`` is a small class the page defines too), and ``output``
is exactly what ``print(render(arguments))`` shows.  ``sphinx-build -b doctest`` runs them as
doctests and ``tests/test_docs.py`` runs them without Sphinx and checks that every built-in
filter and test has one.
"""

from __future__ import annotations

FILTER_EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "abs": [
        ('"{{ -3|abs }}"', "3"),
    ],
    "attr": [
        ('"{{ user|attr(\'name\') }}", user=User("Ada")', "Ada"),
    ],
    "batch": [
        ("\"{% for row in 'abcde'|batch(2, '-') %}{{ row|join }} {% endfor %}\"", "ab cd e- "),
    ],
    "capitalize": [
        ("\"{{ 'hELLO world'|capitalize }}\"", "Hello world"),
    ],
    "center": [
        ("\"[{{ 'hi'|center(6) }}]\"", "[  hi  ]"),
    ],
    "count": [
        ('"{{ [1, 2, 3]|count }}"', "3"),
    ],
    "default": [
        ("\"{{ missing|default('n/a') }} {{ ''|default('empty', true) }}\"", "n/a empty"),
    ],
    "dictsort": [
        (
            "\"{{ {'b': 1, 'a': 2}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value') }}\"",
            "[('a', 2), ('b', 1)] [('b', 1), ('a', 2)]",
        ),
    ],
    "escape": [
        ('"{{ \'<a href=\\"x\\">&</a>\'|escape }}"', "&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;"),
    ],
    "filesizeformat": [
        ('"{{ 13000|filesizeformat }}, {{ 1536|filesizeformat(true) }}"', "13.0 kB, 1.5 KiB"),
    ],
    "first": [
        ('"{{ [3, 2, 1]|first }}"', "3"),
    ],
    "float": [
        ("\"{{ '1.5'|float + 1 }} {{ 'x'|float(0.0) }}\"", "2.5 0.0"),
    ],
    "forceescape": [
        ("\"{{ '<b>'|safe|forceescape }}\"", "&lt;b&gt;"),
    ],
    "format": [
        ("\"{{ '%s has %d items'|format('cart', 3) }}\"", "cart has 3 items"),
    ],
    "groupby": [
        (
            '"{% for city, group in people|groupby(\'city\') %}{{ city }}: {{ group|map(attribute=\'name\')|join(\', \') }}\\n{% endfor %}", people=[{"name": "Ada", "city": "London"}, {"name": "Grace", "city": "New York"}, {"name": "Alan", "city": "London"}]',
            "London: Ada, Alan\nNew York: Grace\n",
        ),
    ],
    "indent": [
        ("\"{{ 'one\\ntwo'|indent(2) }}\"", "one\n  two"),
    ],
    "int": [
        ("\"{{ '42'|int + 1 }} {{ '0x1A'|int(base=16) }} {{ 'n/a'|int }}\"", "43 26 0"),
    ],
    "items": [
        (
            "\"{% for key, value in {'a': 1, 'b': 2}|items %}{{ key }}={{ value }} {% endfor %}\"",
            "a=1 b=2 ",
        ),
    ],
    "join": [
        (
            "\"{{ [1, 2, 3]|join(', ') }} {{ users|join(', ', attribute='name') }}\", users=[User(\"Ada\"), User(\"Alan\")]",
            "1, 2, 3 Ada, Alan",
        ),
    ],
    "last": [
        ('"{{ [3, 2, 1]|last }}"', "1"),
    ],
    "length": [
        ("\"{{ 'hello'|length }}\"", "5"),
    ],
    "list": [
        ("\"{{ 'abc'|list }}\"", "['a', 'b', 'c']"),
    ],
    "lower": [
        ("\"{{ 'HeLLo'|lower }}\"", "hello"),
    ],
    "map": [
        (
            "\"{{ ['1', '2']|map('int')|sum }} {{ users|map(attribute='name')|join('/') }}\", users=[User(\"Ada\"), User(\"Alan\")]",
            "3 Ada/Alan",
        ),
    ],
    "max": [
        ('"{{ [3, 7, 5]|max }}"', "7"),
    ],
    "min": [
        ("\"{{ ['b', 'A', 'c']|min }}\"", "A"),
    ],
    "pprint": [
        ("\"{{ {'b': [1, 2], 'a': None}|pprint }}\"", "{'a': None, 'b': [1, 2]}"),
    ],
    "random": [
        ("\"{{ ['only']|random }}\"", "only"),
    ],
    "reject": [
        ("\"{{ [1, 2, 3, 4]|reject('odd')|list }}\"", "[2, 4]"),
    ],
    "rejectattr": [
        (
            '"{{ users|rejectattr(\'admin\')|map(attribute=\'name\')|join }}", users=[User("Ada", admin=True), User("Alan")]',
            "Alan",
        ),
    ],
    "replace": [
        ("\"{{ 'a-b-c'|replace('-', '+') }} {{ 'a-b-c'|replace('-', '', 1) }}\"", "a+b+c ab-c"),
    ],
    "reverse": [
        ("\"{{ 'abc'|reverse }} {{ [1, 2, 3]|reverse|list }}\"", "cba [3, 2, 1]"),
    ],
    "round": [
        (
            "\"{{ 2.71828|round(2) }} {{ 2.1|round(method='ceil') }} {{ 2.5|round|int }}\"",
            "2.72 3.0 2",
        ),
    ],
    "safe": [
        ("\"{{ '<b>bold</b>'|safe }} {{ '<i>' }}\", autoescape=True", "<b>bold</b> &lt;i&gt;"),
    ],
    "select": [
        (
            "\"{{ [1, 2, 3, 4]|select('even')|list }} {{ [0, 1, '', 'x']|select|list }}\"",
            "[2, 4] [1, 'x']",
        ),
    ],
    "selectattr": [
        (
            '"{{ users|selectattr(\'admin\')|map(attribute=\'name\')|join }}", users=[User("Ada", admin=True), User("Alan")]',
            "Ada",
        ),
    ],
    "slice": [
        (
            '"{% for column in [1, 2, 3, 4, 5]|slice(2) %}{{ column }} {% endfor %}"',
            "[1, 2, 3] [4, 5] ",
        ),
    ],
    "sort": [
        (
            "\"{{ ['b', 'C', 'a']|sort|join }} {{ users|sort(attribute='name', reverse=true)|join(' ', attribute='name') }}\", users=[User(\"Ada\"), User(\"Alan\")]",
            "abC Alan Ada",
        ),
    ],
    "string": [
        ("\"{{ (1, 2)|string ~ '!' }}\"", "(1, 2)!"),
    ],
    "striptags": [
        ("\"{{ '<p>Hello   <b>world</b></p>'|striptags }}\"", "Hello world"),
    ],
    "sum": [
        (
            '"{{ [1, 2, 3]|sum }} {{ items|sum(attribute=\'price\') }}", items=[{"price": 3}, {"price": 4}]',
            "6 7",
        ),
    ],
    "title": [
        ("\"{{ 'hello wORLD'|title }}\"", "Hello World"),
    ],
    "tojson": [
        ("\"{{ {'name': '</script>'}|tojson }}\"", '{"name": "\\u003c/script\\u003e"}'),
    ],
    "trim": [
        ("\"[{{ '  hi  '|trim }}] [{{ '--hi--'|trim('-') }}]\"", "[hi] [hi]"),
    ],
    "truncate": [
        (
            "\"{{ 'The quick brown fox jumps over the lazy dog'|truncate(20) }}\"",
            "The quick brown...",
        ),
    ],
    "unique": [
        ("\"{{ ['a', 'B', 'A', 'b']|unique|join }}\"", "aB"),
    ],
    "upper": [
        ("\"{{ 'hello'|upper }}\"", "HELLO"),
    ],
    "urlencode": [
        (
            "\"{{ 'a b&c'|urlencode }} {{ {'q': 'tmpl docs', 'page': 2}|urlencode }}\"",
            "a%20b%26c q=tmpl+docs&page=2",
        ),
    ],
    "urlize": [
        (
            "\"{{ 'Docs at https://example.com.'|urlize }}\"",
            'Docs at <a href="https://example.com" rel="noopener">https://example.com</a>.',
        ),
    ],
    "wordcount": [
        ("\"{{ 'one two, three'|wordcount }}\"", "3"),
    ],
    "wordwrap": [
        ("\"{{ 'the quick brown fox'|wordwrap(10) }}\"", "the quick\nbrown fox"),
    ],
    "xmlattr": [
        (
            "\"<input{{ {'type': 'text', 'name': 'q', 'value': none}|xmlattr }}>\"",
            '<input type="text" name="q">',
        ),
    ],
}

TEST_EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "odd": [
        ('"{{ 3 is odd }}"', "True"),
    ],
    "even": [
        ('"{{ 3 is even }}"', "False"),
    ],
    "divisibleby": [
        ('"{{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }}"', "True False"),
    ],
    "defined": [
        ('"{{ user is defined }} {{ nobody is defined }}", user="Ada"', "True False"),
    ],
    "undefined": [
        ('"{{ nobody is undefined }}"', "True"),
    ],
    "filter": [
        ("\"{{ 'upper' is filter }} {{ 'markdown' is filter }}\"", "True False"),
    ],
    "test": [
        ("\"{{ 'odd' is test }} {{ 'prime' is test }}\"", "True False"),
    ],
    "none": [
        ('"{{ none is none }} {{ 0 is none }}"', "True False"),
    ],
    "boolean": [
        ('"{{ false is boolean }} {{ 0 is boolean }}"', "True False"),
    ],
    "false": [
        ('"{{ false is false }} {{ 0 is false }}"', "True False"),
    ],
    "true": [
        ('"{{ true is true }} {{ 1 is true }}"', "True False"),
    ],
    "integer": [
        ('"{{ 3 is integer }} {{ 3.0 is integer }} {{ true is integer }}"', "True False False"),
    ],
    "float": [
        ('"{{ 3.0 is float }} {{ 3 is float }}"', "True False"),
    ],
    "lower": [
        ("\"{{ 'abc' is lower }} {{ 'Abc' is lower }}\"", "True False"),
    ],
    "upper": [
        ("\"{{ 'ABC' is upper }} {{ '123' is upper }}\"", "True False"),
    ],
    "string": [
        ("\"{{ 'x' is string }} {{ 1 is string }}\"", "True False"),
    ],
    "mapping": [
        ('"{{ {} is mapping }} {{ [] is mapping }}"', "True False"),
    ],
    "number": [
        ("\"{{ 1.5 is number }} {{ '1' is number }}\"", "True False"),
    ],
    "sequence": [
        ("\"{{ [1] is sequence }} {{ 'ab' is sequence }} {{ 1 is sequence }}\"", "True True False"),
    ],
    "iterable": [
        ('"{{ (1, 2) is iterable }} {{ 1 is iterable }}"', "True False"),
    ],
    "callable": [
        ('"{{ range is callable }} {{ 1 is callable }}"', "True False"),
    ],
    "sameas": [
        ('"{{ none is sameas none }} {{ [] is sameas [] }}"', "True False"),
    ],
    "escaped": [
        ("\"{{ '<b>'|e is escaped }} {{ '<b>' is escaped }}\"", "True False"),
    ],
    "in": [
        ("\"{{ 2 is in [1, 2] }} {{ 'x' is in 'abc' }}\"", "True False"),
    ],
    "eq": [
        ("\"{{ 2 is eq 2 }} {{ [1, 2, 3]|select('==', 2)|list }}\"", "True [2]"),
    ],
    "ne": [
        ("\"{{ 2 is ne 3 }} {{ [1, 2, 3]|select('!=', 2)|list }}\"", "True [1, 3]"),
    ],
    "gt": [
        ("\"{{ 3 is gt 2 }} {{ [1, 2, 3]|select('>', 1)|list }}\"", "True [2, 3]"),
    ],
    "ge": [
        ("\"{{ 3 is ge 3 }} {{ [1, 2, 3]|select('>=', 2)|list }}\"", "True [2, 3]"),
    ],
    "lt": [
        ("\"{{ 1 is lt 2 }} {{ [1, 2, 3]|select('<', 3)|list }}\"", "True [1, 2]"),
    ],
    "le": [
        ("\"{{ 2 is le 2 }} {{ [1, 2, 3]|reject('<=', 1)|list }}\"", "True [2, 3]"),
    ],
}

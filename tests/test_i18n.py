"""Internationalisation: ``{% trans %}`` and the gettext functions against Jinja2's i18n
extension, message extraction (directly and through the real ``pybabel``), per-render locale
switching, the Babel-backed format filters, and life without Babel."""

from __future__ import annotations

import contextvars
import gettext
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import babel.dates
import babel.numbers
import jinja2
import jinja2.ext
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

import tmpl
import tmpl.ext
import tmpl.i18n
from tmpl.compiler import generate, iter_unlocated

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "i18n_fixtures"
REPO = HERE.parent


# -- translations shared by both engines -------------------------------------------------------

#: msgid (or (singular, plural)), context -> translation (or its two plural forms).
GERMAN: dict[tuple[Any, str | None], Any] = {
    ("Welcome", None): "Willkommen",
    ("Open", None): "Offen",
    ("Open", "menu"): "Öffnen",
    ("Open", "door"): "Auf",
    ("Hello %(name)s!", None): "Hallo %(name)s!",
    ("Hello %(user)s!", None): "Hallo %(user)s!",
    ("Hello %(name)s, how are you?", None): "Hallo %(name)s, wie geht's?",
    ("<b>Bold</b> %(x)s", None): "<b>Fett</b> %(x)s",
    ("<b>Bold</b>", None): "<b>Fett</b>",
    ("100% sure", None): "100% sicher",
    ("100%% sure", None): "100%% sicher",
    ("%(name)s is 100%% sure", None): "%(name)s ist 100%% sicher",
    (("%(count)s apple", "%(count)s apples"), None): ("%(count)s Apfel", "%(count)s Äpfel"),
    (("%(num)s apple", "%(num)s apples"), None): ("%(num)s Apfel", "%(num)s Äpfel"),
    (("%(n)s file", "%(n)s files"), "disk"): ("%(n)s Datei", "%(n)s Dateien"),
    (("%(num)s file", "%(num)s files"), "disk"): ("%(num)s Datei", "%(num)s Dateien"),
    (("one item", "%(count)s items"), None): ("ein Ding", "%(count)s Dinge"),
}

FRENCH: dict[tuple[Any, str | None], Any] = {
    ("Welcome", None): "Bienvenue",
    ("Hello %(name)s!", None): "Bonjour %(name)s !",
    (("%(count)s apple", "%(count)s apples"), None): ("%(count)s pomme", "%(count)s pommes"),
}


def mo_bytes(locale: str, messages: Mapping[tuple[Any, str | None], Any]) -> bytes:
    """A compiled catalogue, as ``pybabel compile`` would write it."""
    catalog = Catalog(locale=locale)
    for (msgid, context), string in messages.items():
        catalog.add(msgid, string, context=context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def stdlib_translations(locale: str, messages: Mapping[tuple[Any, str | None], Any]) -> Any:
    return gettext.GNUTranslations(io.BytesIO(mo_bytes(locale, messages)))


def babel_translations(locale: str, messages: Mapping[tuple[Any, str | None], Any]) -> Any:
    return Translations(io.BytesIO(mo_bytes(locale, messages)))


DE = stdlib_translations("de_DE", GERMAN)
FR = stdlib_translations("fr_FR", FRENCH)


def i18n_env(engine: ModuleType, **options: Any) -> Any:
    """An environment of ``engine`` (jinja2 or tmpl) with its own i18n extension."""
    extensions = [f"{engine.__name__}.ext.i18n", *options.pop("extensions", ())]
    return engine.Environment(extensions=extensions, **options)


# -- differential: rendering -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One template rendered by both engines under every newstyle/autoescape combination."""

    id: str
    source: str
    context: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)
    policies: Mapping[str, Any] = field(default_factory=dict)


CASES = [
    Case("plain", "{% trans %}Welcome{% endtrans %}"),
    Case("untranslated", "{% trans %}Not in the catalogue{% endtrans %}"),
    Case("implicit-variable", "{% trans %}Hello {{ name }}!{% endtrans %}", {"name": "<Ann>"}),
    Case("explicit-variable", "{% trans name=user.name %}Hello {{ name }}!{% endtrans %}",
         {"user": {"name": "Bo & Co"}}),
    Case("declared-not-used", "{% trans user=u %}Hello {{ user }}!{% endtrans %}", {"u": "Cy"}),
    Case("bare-declared-name", "{% trans user %}Hello {{ user }}!{% endtrans %}", {"user": 1}),
    Case("undefined-variable", "{% trans %}Hello {{ name }}!{% endtrans %}"),
    Case("pluralize-first-variable",
         "{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}",
         {"n": 1}),
    Case("pluralize-many",
         "{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}",
         {"n": 5}),
    Case("pluralize-implicit-count",
         "{% trans %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}",
         {"count": 2}),
    Case("pluralize-named-count",
         "{% trans user=u, count=n %}{{ count }} apple{% pluralize count %}{{ count }} apples"
         "{% endtrans %}", {"u": "x", "n": 3}),
    Case("pluralize-called-num",
         "{% trans num=n %}{{ num }} apple{% pluralize %}{{ num }} apples{% endtrans %}",
         {"n": 4}),
    Case("pluralize-plural-only-name",
         "{% trans count=n %}one item{% pluralize %}{{ count }} items{% endtrans %}", {"n": 7}),
    Case("pluralize-call-count",
         "{% trans count=items|length %}{{ count }} apple{% pluralize %}{{ count }} apples"
         "{% endtrans %}", {"items": [1, 2]}),
    Case("pluralize-function-count",
         "{% trans count=f() %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}",
         {"f": lambda: 1}),
    Case("context", '{% trans "menu" %}Open{% endtrans %}|{% trans %}Open{% endtrans %}'),
    Case("context-with-variables",
         '{% trans "disk" n=k %}{{ n }} file{% pluralize %}{{ n }} files{% endtrans %}',
         {"k": 2}),
    Case("context-num", '{% trans "disk" num=k %}{{ num }} file{% pluralize %}{{ num }} files'
         "{% endtrans %}", {"k": 1}),
    Case("trimmed", "{% trans trimmed name=x %}\n  Hello   {{ name }},\n   how are you?\n"
         "{% endtrans %}", {"x": "Di"}),
    Case("notrimmed", "{% trans notrimmed %}\n  Welcome\n{% endtrans %}"),
    Case("policy-trimmed", "{% trans %}\n  Welcome\n  {% endtrans %}",
         policies={"ext.i18n.trimmed": True}),
    Case("policy-overridden", "{% trans notrimmed %}\n  Welcome\n  {% endtrans %}",
         policies={"ext.i18n.trimmed": True}),
    Case("trimmed-as-variable", "{% trans trimmed=1 %}a {{ trimmed }}{% endtrans %}"),
    Case("trimmed-after-variable", "{% trans x=1, trimmed %} a\n b {{ x }}{% endtrans %}"),
    Case("colon", "{% trans: %}Welcome{% endtrans %}"),
    Case("markup-in-message", "{% trans %}<b>Bold</b> {{ x }}{% endtrans %}", {"x": "<i>"}),
    Case("markup-no-variables", "{% trans %}<b>Bold</b>{% endtrans %}"),
    Case("percent-no-variables", "{% trans %}100% sure{% endtrans %}"),
    Case("percent-with-variables", "{% trans %}{{ name }} is 100% sure{% endtrans %}",
         {"name": "Ed"}),
    Case("whitespace-control", "{% trans -%}\n  Welcome  \n{%- endtrans %}"),
    Case("in-loop", "{% for u in users %}{% trans %}Hello {{ u }}!{% endtrans %};{% endfor %}",
         {"users": ["a", "<b>"]}),
    Case("in-macro", "{% macro m(count) %}{% trans %}{{ count }} apple{% pluralize %}"
         "{{ count }} apples{% endtrans %}{% endmacro %}{{ m(1) }}/{{ m(2) }}"),
    Case("in-block-with-set", "{% set who = 'Fay' %}{% block b %}{% trans name=who %}Hello"
         " {{ name }}!{% endtrans %}{% endblock %}"),
    Case("autoescape-block", "{% autoescape true %}{% trans %}<b>Bold</b> {{ x }}{% endtrans %}"
         "{% endautoescape %}", {"x": "<&>"}),
    Case("no-autoescape-block", "{% autoescape false %}{% trans %}Hello {{ name }}!"
         "{% endtrans %}{% endautoescape %}", {"name": "<b>"}),
    Case("underscore", '{{ _("Welcome") }} {{ _("Open") }} {{ gettext("Hello %(name)s!") }}'),
    Case("underscore-format", '{{ _("Hello %(name)s!")|format(name=x) }}', {"x": "<G>"}),
    Case("ngettext-call", '{{ ngettext("%(num)s apple", "%(num)s apples", 2) }}'),
    Case("pgettext-call", '{{ pgettext("door", "Open") }}|{{ npgettext("disk", "%(num)s file",'
         ' "%(num)s files", 1) }}'),
    Case("gettext-keywords", '{{ _("Hello %(name)s!", name=x) }}', {"x": "<H>"}),
    Case("ngettext-keywords", '{{ ngettext("%(count)s apple", "%(count)s apples", 2, count=2) }}'),
    Case("gettext-percent", '{{ _("100%% sure") }}'),
    Case("set-block", "{% set s %}{% trans %}Welcome{% endtrans %}{% endset %}[{{ s }}]"),
    Case("filter-block", "{% filter upper %}{% trans %}Hello {{ n }}!{% endtrans %}{% endfilter %}",
         {"n": "<i>"}),
    Case("line-statements", "# trans name=x\nHello {{ name }}!\n# endtrans\n", {"x": "Lu"},
         options={"line_statement_prefix": "#"}),
    Case("custom-delimiters", "<% trans %>Hello ${ n }!<% endtrans %>", {"n": "Mo"},
         options={"block_start_string": "<%", "block_end_string": "%>",
                  "variable_start_string": "${", "variable_end_string": "}"}),
    Case("finalize", "{% trans %}Hello {{ n }}!{% endtrans %}", {"n": None},
         options={"finalize": lambda v: "" if v is None else v}),
    Case("strict-undefined", "{% trans %}Hello {{ name }}!{% endtrans %}",
         options={"undefined": "StrictUndefined"}),
    # Compile errors: the class is compared.
    Case("error-unclosed", "{% trans %}Hello"),
    Case("error-nested", "{% trans %}a{% trans %}b{% endtrans %}"),
    Case("error-control", "{% trans %}a{% if x %}b{% endif %}{% endtrans %}"),
    Case("error-two-pluralize", "{% trans n=1 %}a{% pluralize %}b{% pluralize %}c{% endtrans %}"),
    Case("error-expression", "{% trans %}Hello {{ user.name }}{% endtrans %}"),
    Case("error-literal", "{% trans %}Hello {{ 42 }}{% endtrans %}"),
    Case("error-twice", "{% trans x=1, x=2 %}{{ x }}{% endtrans %}"),
    Case("error-unknown-count", "{% trans %}{{ c }} a{% pluralize c %}{{ c }} b{% endtrans %}"),
    Case("error-no-count", "{% trans %}a{% pluralize %}b{% endtrans %}"),
    Case("error-comma-after-trimmed", "{% trans trimmed, x=1 %}{{ x }}{% endtrans %}"),
    Case("error-missing-comma", "{% trans x=1 y=2 %}{{ x }}{{ y }}{% endtrans %}"),
    Case("error-colon-after-variable", "{% trans x=1: %}Hello {{ x }}!{% endtrans %}"),
    Case("error-comma-after-context", '{% trans "c", x=1 %}{{ x }}{% endtrans %}'),
]  # fmt: skip

GETTEXT_MODES = [
    pytest.param(newstyle, autoescape, id=f"{'new' if newstyle else 'old'}style-"
                 f"{'autoescape' if autoescape else 'plain'}")
    for newstyle in (False, True)
    for autoescape in (False, True)
]  # fmt: skip


def outcome(
    engine: ModuleType,
    case: Case,
    translations: Any,
    newstyle: bool,
    autoescape: bool,
) -> tuple[str, str]:
    """``("ok", output)`` or ``("error", exception class name)``."""
    options = dict(case.options)
    if isinstance(options.get("undefined"), str):
        options["undefined"] = getattr(engine, options["undefined"])
    env = i18n_env(engine, autoescape=autoescape, **options)
    env.policies.update(case.policies)
    if translations is None:
        env.install_null_translations(newstyle=newstyle)
    else:
        env.install_gettext_translations(translations, newstyle=newstyle)
    try:
        return "ok", env.from_string(case.source).render(case.context)
    except Exception as error:
        return "error", type(error).__name__


@pytest.mark.parametrize(("newstyle", "autoescape"), GETTEXT_MODES)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("translations", [DE, None], ids=["german", "null"])
def test_renders_like_jinja2(
    case: Case, translations: Any, newstyle: bool, autoescape: bool
) -> None:
    expected = outcome(jinja2, case, translations, newstyle, autoescape)
    assert outcome(tmpl, case, translations, newstyle, autoescape) == expected


def test_the_differential_table_exercises_translation_and_errors() -> None:
    # Guards the table itself: a case list that only ever rendered source text or only ever
    # failed would make the comparison above vacuous.
    german = [outcome(jinja2, c, DE, False, True) for c in CASES]
    assert ("ok", "Hallo &lt;Ann&gt;!") in german
    assert ("ok", "<b>Fett</b> &lt;i&gt;") in german
    assert sum(kind == "error" for kind, _ in german) >= 12


@pytest.mark.parametrize("source", [c.source for c in CASES if not c.id.startswith("error")])
def test_every_generated_node_has_an_explicit_position(source: str) -> None:
    env = i18n_env(tmpl, line_statement_prefix="#")
    for newstyle in (False, True):
        env.newstyle_gettext = newstyle
        module = generate(env.parse(source), env, "t.html", "t.html", source)
        assert list(iter_unlocated(module)) == []


# -- where tmpl deliberately differs from Jinja2 -----------------------------------------------


def test_percent_sign_with_unused_variables_renders() -> None:
    # Jinja2 unescapes %% when the body has no placeholder but still %-formats the message
    # with the tag's variables: "% s" formats the dict, a lone "%" raises.
    source = "{% trans x=1 %}100% sure{% endtrans %}"
    oracle = i18n_env(jinja2)
    oracle.install_gettext_translations(DE)
    assert oracle.from_string(source).render() == "100{'x': 1}icher"
    with pytest.raises(ValueError):
        oracle.from_string("{% trans x=1 %}100%{% endtrans %}").render()
    env = i18n_env(tmpl)
    env.install_gettext_translations(DE)
    assert env.from_string(source).render() == "100% sicher"
    assert list(env.extract_translations(source)) == [(1, "gettext", "100%% sure")]


def test_plural_count_is_evaluated_once_and_does_not_leak() -> None:
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return 2

    source = (
        "{% trans count=f()|abs %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}"
        "[{{ _trans }}]"
    )
    env = i18n_env(tmpl)
    env.install_gettext_translations(DE)
    assert env.from_string(source).render(f=count) == "2 Äpfel[]"
    assert calls == [1]
    # Jinja2 evaluates a filtered count twice; a bare call once, into a leaking ``_trans``.
    calls.clear()
    oracle = i18n_env(jinja2)
    oracle.install_gettext_translations(DE)
    assert oracle.from_string(source).render(f=count) == "2 Äpfel[]"
    assert calls == [1, 1]


def test_plural_count_binding_avoids_names_the_tag_reads() -> None:
    env = i18n_env(tmpl)
    env.install_null_translations()
    source = "{% trans n=_trans|length %}{{ n }} x{% pluralize %}{{ n }} xs{% endtrans %}"
    assert env.from_string(source).render(_trans=[1, 2, 3]) == "3 xs"


def test_callables_without_message_contexts_fall_back_to_gettext() -> None:
    # Jinja2 installs None for the missing pgettext, which fails when called.
    env = i18n_env(tmpl)
    env.install_gettext_callables(DE.gettext, DE.ngettext, newstyle=True)
    source = '{% trans "menu" %}Open{% endtrans %} {% trans "disk" n=2 %}{{ n }} file{% pluralize %}{{ n }} files{% endtrans %}'
    assert env.from_string(source).render() == "Offen 2 files"


def test_errors_point_at_the_offending_name() -> None:
    env = i18n_env(tmpl)
    source = "{% trans x=1, x=2 %}{{ x }}{% endtrans %}"
    with pytest.raises(tmpl.TemplateAssertionError) as info:
        env.parse(source)
    assert "defined twice" in str(info.value)
    assert info.value.lineno == 1
    assert source[info.value.col - 1 :].startswith("x=2")

    source = "{% trans %}{{ c }}\n{% pluralize c %}{{ c }}{% endtrans %}"
    with pytest.raises(tmpl.TemplateAssertionError) as info:
        env.parse(source)
    assert "{% trans c=c %}" in str(info.value)
    assert info.value.lineno == 2
    assert source.splitlines()[1][info.value.col - 1 :].startswith("c %}")

    with pytest.raises(tmpl.TemplateSyntaxError) as info:
        env.parse("{% trans %}Hi {{ user.name }}{% endtrans %}")
    assert "{% trans name=user.name %}" in str(info.value)


# -- differential: extraction ------------------------------------------------------------------

EXTRACTION_SOURCES = [
    '{{ _("Welcome") }}{{ gettext("a") }}{{ _() }}{{ _(x) }}{{ _("a", "b") }}',
    '{{ ngettext("%(num)s apple", "%(num)s apples", n) }}{{ ngettext("a", b, 3) }}',
    '{{ pgettext("ctx", "msg") }}{{ npgettext("ctx", "s", "p", n) }}',
    '{{ _("k", name=x) }}{{ _("s", *args) }}{{ _("k", **kw) }}{{ other("x") }}{{ a._("y") }}',
    "{% trans %}Hello {{ name }}!{% endtrans %}\n{% trans count=n %}{{ count }} apple"
    "{% pluralize %}{{ count }} apples{% endtrans %}",
    '{% trans "menu" %}Open{% endtrans %}\n\n{% trans "disk" num=n %}{{ num }} file'
    "{% pluralize %}{{ num }} files{% endtrans %}",
    "{% trans trimmed %}\n  a\n  b\n{% endtrans %}{% trans %}100% {{ x }}{% endtrans %}"
    "{% trans %}100%{% endtrans %}",
    "{% for x in y %}\n{{ _('in loop') }}{% else %}{{ _('else') }}{% endfor %}\n"
    "{% macro m() %}{{ _('macro') }}{% endmacro %}{% set v = _('set') %}\n"
    "{% block b %}{{ _('block') }}{% endblock %}{{ f(_('arg'), k=_('kwarg')) }}",
    '{{ _(\n"multi-line call"\n) }}\n{% trans\n%}\nmulti-line\n{% endtrans %}',
    '{{ x|default(_("in filter")) }}{{ _("ternary") if a else _("other") }}',
]


@pytest.mark.parametrize("source", EXTRACTION_SOURCES)
@pytest.mark.parametrize("newstyle", [False, True], ids=["oldstyle", "newstyle"])
def test_extract_translations_like_jinja2(source: str, newstyle: bool) -> None:
    ours, theirs = i18n_env(tmpl), i18n_env(jinja2)
    ours.newstyle_gettext = theirs.newstyle_gettext = newstyle
    assert list(ours.extract_translations(source)) == list(theirs.extract_translations(source))
    keywords = ("_", "ngettext")
    assert list(ours.extract_translations(source, keywords)) == list(
        theirs.extract_translations(source, keywords)
    )
    assert list(tmpl.ext.extract_from_ast(ours.parse(source), babel_style=False)) == list(
        jinja2.ext.extract_from_ast(theirs.parse(source), babel_style=False)
    )


def babel_messages(module: ModuleType, source: str, tags: list[str], **options: Any) -> Any:
    keywords = ["_", "gettext", "ngettext", "pgettext", "npgettext", "N_"]
    fileobj = io.BytesIO(source.encode(options.get("encoding", "utf-8")))
    return list(module.babel_extract(fileobj, keywords, tags, options))


COMMENTED = """\
{# NOTE: the page title #}
<title>{{ _("Welcome") }}</title>
{# just a comment #}
<p>{{ _("No note") }}</p>
{# NOTE: two messages on one line; the first gets it #}
{{ _("first") }} {{ _("second") }}
{# NOTE: far
   above, on two lines #}

<div>

{% trans %}Hello {{ name }}!{% endtrans %}
{# NOTE: same line #}{{ ngettext("%(num)s apple", "%(num)s apples", n) }}
{#NOTE: no space after the comment start #}{{ _("tight") }}
{# TRANSLATORS: another tag #}{{ pgettext("menu", "Open") }}
{# NOTE: #}{{ _("empty note") }}
"""


@pytest.mark.parametrize(
    "tags", [["NOTE:"], ["NOTE:", "TRANSLATORS:"], []], ids=["one-tag", "two-tags", "no-tags"]
)
def test_babel_extract_like_jinja2(tags: list[str]) -> None:
    assert babel_messages(tmpl.ext, COMMENTED, tags) == babel_messages(jinja2.ext, COMMENTED, tags)


def test_babel_extract_comments_and_lines() -> None:
    messages = babel_messages(tmpl.ext, COMMENTED, ["NOTE", "TRANSLATORS"])
    assert messages == [
        (2, "_", "Welcome", ["the page title"]),
        (4, "_", "No note", []),
        (6, "_", "first", ["two messages on one line; the first gets it"]),
        (6, "_", "second", []),
        (12, "gettext", "Hello %(name)s!", ["far\n   above, on two lines"]),
        (13, "ngettext", ("%(num)s apple", "%(num)s apples", None), ["same line"]),
        (14, "_", "tight", ["no space after the comment start"]),
        (15, "pgettext", ("menu", "Open"), ["another tag"]),
        (16, "_", "empty note", []),
    ]


def test_babel_extract_tags_match_with_or_without_colon() -> None:
    # Jinja2 needs the tag spelt exactly as in the comment ("NOTE:" for "{# NOTE: #}").
    source = '{# NOTE: with colon #}{{ _("a") }}\n{# NOTE without #}{{ _("b") }}'
    assert babel_messages(tmpl.ext, source, ["NOTE"]) == [
        (1, "_", "a", ["with colon"]),
        (2, "_", "b", ["without"]),
    ]
    assert babel_messages(jinja2.ext, source, ["NOTE"])[0][3] == []


def test_babel_extract_line_comments() -> None:
    source = "## NOTE: a line comment\n{{ _('x') }}\n"
    options = {"line_comment_prefix": "##"}
    expected = [(2, "_", "x", ["a line comment"])]
    assert babel_messages(tmpl.ext, source, ["NOTE:"], **options) == expected
    assert babel_messages(jinja2.ext, source, ["NOTE:"], **options) == expected


@pytest.mark.parametrize(
    "options",
    [
        {"trimmed": "true"},
        {"trimmed": "false", "newstyle_gettext": "yes"},
        {"newstyle_gettext": "1", "trimmed": "on"},
        {"line_statement_prefix": "%", "trim_blocks": "true", "lstrip_blocks": "true"},
        {"block_start_string": "<%", "block_end_string": "%>", "variable_start_string": "${",
         "variable_end_string": "}", "comment_start_string": "<#", "comment_end_string": "#>"},
        {"encoding": "latin-1"},
    ],
    ids=["trimmed", "newstyle", "both", "line-statements", "delimiters", "latin-1"],
)  # fmt: skip
def test_babel_extract_options_like_jinja2(options: dict[str, str]) -> None:
    source = (
        "{# NOTE: n #}{% trans %}\n  Hello   {{ x }}\n  100%\n{% endtrans %}\n"
        "% trans n=k\nline {{ n }}\n% pluralize\nlines {{ n }}\n% endtrans\n"
        "<# NOTE: m #><% trans %>Hi ${ y }, 50%<% endtrans %>${ _('Grüße') }"
    )
    ours = babel_messages(tmpl.ext, source, ["NOTE:"], **options)
    assert ours == babel_messages(jinja2.ext, source, ["NOTE:"], **options)
    assert ours


def test_babel_extract_loads_listed_extensions() -> None:
    source = "{% do x.append(1) %}{% for a in b %}{% break %}{% endfor %}{{ _('after') }}"
    options = {"extensions": "jinja2.ext.do, tmpl.ext.loopcontrols", "silent": "false"}
    assert babel_messages(tmpl.ext, source, [], **options) == [(1, "_", "after", [])]


def test_babel_extract_syntax_errors() -> None:
    source = "{{ _('fine') }}{% do x %}"
    with pytest.warns(UserWarning, match="silent = false"):
        assert babel_messages(tmpl.ext, source, []) == []
    with pytest.raises(tmpl.TemplateSyntaxError):
        babel_messages(tmpl.ext, source, [], silent="false")
    with pytest.raises(tmpl.TemplateSyntaxError):
        babel_messages(tmpl.ext, source, [], silent=False)


def test_babel_extract_fixture_templates_like_jinja2() -> None:
    for path in sorted((FIXTURES / "templates").rglob("*.html")):
        source = path.read_text("utf-8")
        options = {"trimmed": "true", "newstyle_gettext": "true", "silent": "false"}
        ours = babel_messages(tmpl.ext, source, ["NOTE:"], extensions="tmpl.ext.do", **options)
        theirs = babel_messages(
            jinja2.ext, source, ["NOTE:"], extensions="jinja2.ext.do", **options
        )
        assert ours == theirs
        assert ours


def test_babel_extract_through_babel_api() -> None:
    from babel.messages.extract import extract

    source = b'{# NOTE: hi #}{% trans "menu" %}Open{% endtrans %}{{ npgettext("c", "s", "p", n) }}'
    results = list(extract("tmpl.ext.babel_extract", io.BytesIO(source), comment_tags=["NOTE:"]))
    assert results == [(1, "Open", ["hi"], "menu"), (1, ("s", "p"), [], "c")]


# -- the real pybabel ------------------------------------------------------------------------


def pybabel(cwd: Path, *args: str) -> str:
    """Run ``pybabel`` of this interpreter; tmpl comes from this checkout, and the extractor
    entry point from a one-file distribution (what ``pip install tmpl`` will register)."""
    entry_points = cwd / "entry-points"
    dist_info = entry_points / "tmpl_i18n_test-0.dist-info"
    if not dist_info.exists():
        dist_info.mkdir(parents=True)
        (dist_info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: tmpl-i18n-test\nVersion: 0\n"
        )
        (dist_info / "entry_points.txt").write_text(
            "[babel.extractors]\ntmpl = tmpl.ext:babel_extract\n"
        )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), str(entry_points)]))
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


FILLED_IN = {
    "de": {
        (None, "Welcome"): "Willkommen",
        (None, "Hello %(name)s!"): "Hallo %(name)s!",
        (None, "You have %(count)s new message."): (
            "Du hast %(count)s neue Nachricht.",
            "Du hast %(count)s neue Nachrichten.",
        ),
        ("menu", "Open"): "Öffnen",
        ("door", "Open"): "Auf",
        (None, "Last login: %(when)s"): "Zuletzt angemeldet: %(when)s",
        ("inbox", "From %(sender)s, %(n)s attachment"): (
            "Von %(sender)s, %(n)s Anhang",
            "Von %(sender)s, %(n)s Anhänge",
        ),
        (None, "%(num)s unread"): ("%(num)s ungelesen", "%(num)s ungelesen"),
    },
    "fr": {
        (None, "Welcome"): "Bienvenue",
        (None, "Hello %(name)s!"): "Bonjour %(name)s !",
        (None, "You have %(count)s new message."): (
            "Vous avez %(count)s nouveau message.",
            "Vous avez %(count)s nouveaux messages.",
        ),
        ("menu", "Open"): "Ouvrir",
        ("door", "Open"): "Ouvert",
        (None, "Last login: %(when)s"): "Dernière connexion : %(when)s",
        ("inbox", "From %(sender)s, %(n)s attachment"): (
            "De %(sender)s, %(n)s pièce jointe",
            "De %(sender)s, %(n)s pièces jointes",
        ),
        (None, "%(num)s unread"): ("%(num)s non lu", "%(num)s non lus"),
    },
}


def fill_in(po_file: Path, translations: Mapping[tuple[str | None, str], Any]) -> None:
    """What a translator does: write a msgstr for every message (all plural forms)."""
    with po_file.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        string = translations[message.context, msgid]
        if isinstance(message.id, tuple):
            singular, plural = string
            message.string = tuple(
                singular if catalog.plural_expr and i == 0 else plural
                for i in range(catalog.num_plurals)
            )
        else:
            message.string = string
    with po_file.open("wb") as f:
        write_po(f, catalog)


@pytest.fixture(scope="module")
def translated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project after extract, init (de, fr), translation and compile."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(FIXTURES, project, dirs_exist_ok=True)
    log = pybabel(project, "extract", "-F", "babel.cfg", "-c", "NOTE:", "-o", "messages.pot", ".")
    assert "extracting messages from templates/account/inbox.html" in log
    for locale in ("de", "fr"):
        pybabel(project, "init", "-i", "messages.pot", "-d", "translations", "-l", locale)
        fill_in(project / "translations" / locale / "LC_MESSAGES" / "messages.po",
                FILLED_IN[locale])  # fmt: skip
    pybabel(project, "compile", "-d", "translations")
    return project


def test_pybabel_extracts_messages_comments_lines_contexts_and_plurals(
    translated_project: Path,
) -> None:
    with (translated_project / "messages.pot").open("rb") as f:
        catalog = read_po(f)
    found = {(m.context, m.id): (m.locations, m.auto_comments) for m in catalog if m.id}
    assert found == {
        (None, "Welcome"): ([("templates/index.html", 2)], ["the browser tab title; keep it short"]),
        (None, "Hello %(name)s!"): ([("templates/index.html", 3)], []),
        (None, ("You have %(count)s new message.", "You have %(count)s new messages.")): (
            [("templates/index.html", 5)],
            [],
        ),
        ("menu", "Open"): ([("templates/index.html", 11)], ['"Open" as in the File menu']),
        ("door", "Open"): ([("templates/index.html", 11)], []),
        (None, "Last login: %(when)s"): ([("templates/index.html", 12)], []),
        ("inbox", ("From %(sender)s, %(n)s attachment", "From %(sender)s, %(n)s attachments")): (
            [("templates/account/inbox.html", 4)],
            ["one line per message in the inbox"],
        ),
        (None, ("%(num)s unread", "%(num)s unread")): ([("templates/account/inbox.html", 7)], []),
    }  # fmt: skip


def test_pybabel_accepts_the_extractor_by_import_path(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    config = (tmp_path / "babel.cfg").read_text()
    (tmp_path / "babel.cfg").write_text(config.replace("[tmpl:", "[tmpl.ext.babel_extract:"))
    pybabel(tmp_path, "extract", "-F", "babel.cfg", "-o", "messages.pot", ".")
    with (tmp_path / "messages.pot").open("rb") as f:
        assert len([m for m in read_po(f) if m.id]) == 8


def fixture_env(project: Path) -> tmpl.Environment:
    """The environment the fixture templates are written for (see their babel.cfg)."""
    env = i18n_env(
        tmpl,
        loader=tmpl.FileSystemLoader(project / "templates"),
        extensions=["tmpl.ext.do"],
        autoescape=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_null_translations(newstyle=True)
    env.i18n_locale = "en_US"
    env.i18n_timezone = "Europe/Paris"
    return env


FIXTURE_CONTEXT = {
    "user": {"name": "Zoé <3"},
    "visits": [],
    "inbox": [{"sender": "Ann", "attachments": 1}, {"sender": "Bob", "attachments": 2}],
    "last_login": datetime(2024, 3, 5, 22, 30),
    "balance": Decimal("1234.5"),
    "unread": 2,
    "sent": date(2024, 3, 5),
}

RENDERED = {
    "en": [
        "<title>Welcome</title>",
        "<h1>Hello Zoé &lt;3!</h1>",
        "<p>You have 2 new messages.</p>",
        "<nav>Open | Open</nav>",
        "<footer>Last login: 3/5/24, 11:30\u202fPM",
        "€1,234.50</footer>",
        "<li>From Ann, 1 attachment</li>",
        "<li>From Bob, 2 attachments</li>",
        "<p>2 unread, March 5, 2024</p>",
    ],
    "de": [
        "<title>Willkommen</title>",
        "<h1>Hallo Zoé &lt;3!</h1>",
        "<p>Du hast 2 neue Nachrichten.</p>",
        "<nav>Öffnen | Auf</nav>",
        "<footer>Zuletzt angemeldet: 05.03.24, 23:30",
        "1.234,50\xa0€</footer>",
        "<li>Von Ann, 1 Anhang</li>",
        "<li>Von Bob, 2 Anhänge</li>",
        "<p>2 ungelesen, 5. März 2024</p>",
    ],
    "fr": [
        "<title>Bienvenue</title>",
        "<h1>Bonjour Zoé &lt;3 !</h1>",
        "<p>Vous avez 2 nouveaux messages.</p>",
        "<nav>Ouvrir | Ouvert</nav>",
        "<footer>Dernière connexion : 05/03/2024 23:30",
        "1\u202f234,50\xa0€</footer>",
        "<li>De Ann, 1 pièce jointe</li>",
        "<li>De Bob, 2 pièces jointes</li>",
        "<p>2 non lus, 5 mars 2024</p>",
    ],
}


def render_fixtures(env: tmpl.Environment, context: Mapping[str, Any]) -> list[str]:
    lines = []
    for name in ("index.html", "account/inbox.html"):
        output = env.get_template(name).render(FIXTURE_CONTEXT, **context)
        lines += [line.strip() for line in output.splitlines() if line.strip()]
    return [line for line in lines if line not in ("<ul>", "</ul>")]


def test_rendering_the_translated_fixtures_per_render(translated_project: Path) -> None:
    env = fixture_env(translated_project)
    directory = translated_project / "translations"
    catalogs = {lang: Translations.load(directory, [lang]) for lang in ("de", "fr")}
    assert render_fixtures(env, {}) == RENDERED["en"]
    # One environment, one compiled template; every render picks its own language.
    for lang in ("de", "fr", "de"):
        context = env.i18n_context(catalogs[lang], locale=lang)
        assert render_fixtures(env, context) == RENDERED[lang]
    assert render_fixtures(env, {}) == RENDERED["en"]


def test_rendering_the_translated_fixtures_installed(translated_project: Path) -> None:
    env = fixture_env(translated_project)
    env.install_gettext_translations(
        Translations.load(translated_project / "translations", ["fr"]), newstyle=True
    )
    env.i18n_locale = "fr_FR"
    assert render_fixtures(env, {}) == RENDERED["fr"]
    env.uninstall_gettext_translations(None)
    with pytest.raises(tmpl.UndefinedError):
        render_fixtures(env, {})


# -- per-render switching ----------------------------------------------------------------------


def test_render_variables_override_installed_functions() -> None:
    env = i18n_env(tmpl)
    env.install_null_translations()
    template = env.from_string(
        "{% trans %}Hello {{ name }}!{% endtrans %} {{ _('Welcome') }}"
        ' {% trans "menu" %}Open{% endtrans %}'
    )
    assert template.render(name="A") == "Hello A! Welcome Open"
    german = {"gettext": DE.gettext, "ngettext": DE.ngettext, "pgettext": DE.pgettext}
    assert template.render(german, name="A") == "Hallo A! Willkommen Öffnen"
    assert template.render(env.i18n_context(FR), name="A") == "Bonjour A ! Bienvenue Open"
    assert template.render(name="A") == "Hello A! Welcome Open"


def test_i18n_context_follows_newstyle() -> None:
    env = i18n_env(tmpl, autoescape=True)
    env.install_null_translations(newstyle=True)
    template = env.from_string("{{ _('Hello %(name)s!', name=n) }}|{{ 1234.5|format_decimal }}")
    context = env.i18n_context(babel_translations("de", GERMAN), locale="de_DE")
    assert set(context) == {"gettext", "ngettext", "pgettext", "npgettext", "i18n_locale"}
    assert template.render(context, n="<b>") == "Hallo &lt;b&gt;!|1.234,5"
    assert env.i18n_context() == {}
    assert env.i18n_context(timezone="UTC") == {"i18n_timezone": "UTC"}


def test_contextvar_callables_switch_language_for_concurrent_renders() -> None:
    """The approach for applications: install callables that read the request's
    translations from a contextvar; imported macros and concurrent renders follow it."""
    language: contextvars.ContextVar[str] = contextvars.ContextVar("language")
    catalogs = {"de": DE, "fr": FR, "en": gettext.NullTranslations()}

    def current() -> Any:
        return catalogs[language.get()]

    env = i18n_env(
        tmpl,
        loader=tmpl.DictLoader(
            {
                "macros.html": "{% macro hello(name) %}{{ _('Hello %(name)s!', name=name) }}"
                "{% endmacro %}",
                "page.html": "{% import 'macros.html' as m %}{{ both_rendering() }}"
                "{{ m.hello(who) }} {% trans %}Welcome{% endtrans %} {{ 0.5|format_percent }}",
            }
        ),
    )
    env.install_gettext_callables(
        lambda s: current().gettext(s),
        lambda s, p, n: current().ngettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current().pgettext(c, s),
        npgettext=lambda c, s, p, n: current().npgettext(c, s, p, n),
    )
    env.i18n_locale = language.get
    template = env.get_template("page.html")
    # Both renders wait for each other mid-template, so they are in flight together.
    barrier = threading.Barrier(2, timeout=60)

    def both_rendering() -> str:
        barrier.wait()
        return ""

    def render(lang: str) -> str:
        def work() -> str:
            language.set(lang)
            return template.render(who="Kim", both_rendering=both_rendering)

        return contextvars.copy_context().run(work)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(render, ["de", "fr", "fr", "de", "en", "de"]))
    assert results == [
        "Hallo Kim! Willkommen 50\xa0%",
        "Bonjour Kim ! Bienvenue 50\xa0%",
        "Bonjour Kim ! Bienvenue 50\xa0%",
        "Hallo Kim! Willkommen 50\xa0%",
        "Hello Kim! Welcome 50%",
        "Hallo Kim! Willkommen 50\xa0%",
    ]


def test_underscore_follows_the_render_context() -> None:
    env = i18n_env(tmpl)
    env.install_gettext_translations(DE)
    template = env.from_string("{{ _('Welcome') }}")
    assert template.render() == "Willkommen"
    assert template.render(gettext=FR.gettext) == "Bienvenue"
    assert template.render(gettext=str.upper) == "WELCOME"


# -- the environment API -----------------------------------------------------------------------


def test_extension_names_and_aliases() -> None:
    assert tmpl.ext.i18n is tmpl.ext.InternationalizationExtension
    assert tmpl.ext.GETTEXT_FUNCTIONS == jinja2.ext.GETTEXT_FUNCTIONS
    for name in ("jinja2.ext.i18n", "tmpl.ext.i18n", "jinja2.ext.InternationalizationExtension"):
        env = tmpl.Environment(extensions=[name])
        assert list(env.extensions) == ["tmpl.ext.InternationalizationExtension"]
    env = tmpl.Environment(extensions=[tmpl.ext.i18n])
    for attribute in (
        "install_gettext_translations",
        "install_null_translations",
        "install_gettext_callables",
        "uninstall_gettext_translations",
        "extract_translations",
        "newstyle_gettext",
    ):
        assert hasattr(env, attribute)
    assert env.newstyle_gettext is False
    assert env.i18n_locale is None and env.i18n_timezone is None
    assert set(tmpl.i18n.FORMAT_FILTERS) <= set(env.filters)


def test_written_against_jinja2_api() -> None:
    # The documented Jinja2 recipe, unchanged but for the import.
    import tmpl as jinja2_alias

    env = jinja2_alias.Environment(extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(babel_translations("de", GERMAN), newstyle=True)
    assert env.newstyle_gettext is True
    template = env.from_string(
        "{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}"
    )
    assert template.render(n=1) == "1 Apfel"
    env.uninstall_gettext_translations(DE)
    assert "gettext" not in env.globals and "_" in env.globals


def test_install_callables_and_null_translations() -> None:
    env = i18n_env(tmpl)
    env.install_gettext_callables(
        gettext=lambda s: f"<{s}>",
        ngettext=lambda s, p, n: f"<{s if n == 1 else p}>",
        pgettext=lambda c, s: f"{c}:{s}",
        npgettext=lambda c, s, p, n: f"{c}:{s if n == 1 else p}",
    )
    assert env.newstyle_gettext is False
    source = (
        "{% trans %}hi{% endtrans %} {% trans n=2 %}one{% pluralize %}{{ n }} more"
        '{% endtrans %} {% trans "c" %}x{% endtrans %} {% trans "c" n=1 %}y{% pluralize %}z'
        "{% endtrans %}"
    )
    assert env.from_string(source).render() == "<hi> <2 more> c:x c:y"
    env.install_null_translations(newstyle=True)
    assert env.newstyle_gettext is True
    assert env.from_string("{{ ngettext('%(num)s x', '%(num)s xs', 3) }}").render() == "3 xs"


def test_user_filters_of_the_same_name_are_kept() -> None:
    class Mine(tmpl.Environment):
        def __init__(self) -> None:
            super().__init__()
            self.filters["format_date"] = lambda value: "mine"
            self.add_extension("tmpl.ext.i18n")

    assert Mine().from_string("{{ 1|format_date }}").render() == "mine"


# -- format filters ----------------------------------------------------------------------------

MOMENT = datetime(2024, 3, 5, 23, 30, 15)  # naive: UTC
AWARE = datetime(2024, 7, 1, 8, 0, tzinfo=UTC)
ZONE = "America/New_York"


def zone() -> Any:
    return babel.dates.get_timezone(ZONE)


FORMAT_CASES: list[tuple[str, Callable[[str], str]]] = [
    ("{{ d|format_date }}", lambda loc: babel.dates.format_date(date(2024, 3, 5), locale=loc)),
    ("{{ d|format_date('full') }}", lambda loc: babel.dates.format_date(date(2024, 3, 5), "full", loc)),
    ("{{ m|format_date('short') }}", lambda loc: babel.dates.format_date(date(2024, 3, 5), "short", loc)),
    ("{{ m|format_datetime }}", lambda loc: babel.dates.format_datetime(MOMENT, tzinfo=zone(), locale=loc)),
    ("{{ a|format_datetime('long') }}", lambda loc: babel.dates.format_datetime(AWARE, "long", zone(), loc)),
    ("{{ a|format_datetime(tzinfo='Asia/Tokyo') }}", lambda loc: babel.dates.format_datetime(AWARE, tzinfo=babel.dates.get_timezone("Asia/Tokyo"), locale=loc)),
    ("{{ m|format_time }}", lambda loc: babel.dates.format_time(MOMENT, tzinfo=zone(), locale=loc)),
    ("{{ t|format_time('short') }}", lambda loc: babel.dates.format_time(time(9, 5), "short", locale=loc)),
    ("{{ a|format_time('HH:mm') }}", lambda loc: babel.dates.format_time(AWARE, "HH:mm", zone(), loc)),
    ("{{ delta|format_timedelta }}", lambda loc: babel.dates.format_timedelta(timedelta(hours=3), locale=loc)),
    ("{{ delta|format_timedelta(add_direction=true, format='short') }}", lambda loc: babel.dates.format_timedelta(timedelta(hours=3), add_direction=True, format="short", locale=loc)),
    ("{{ delta|format_timedelta('day') }}", lambda loc: babel.dates.format_timedelta(timedelta(hours=3), "day", locale=loc)),
    ("{{ n|format_number }}", lambda loc: babel.numbers.format_decimal(1234567.891, locale=loc)),
    ("{{ n|format_decimal }}", lambda loc: babel.numbers.format_decimal(1234567.891, locale=loc)),
    ("{{ n|format_decimal('#,##0.#') }}", lambda loc: babel.numbers.format_decimal(1234567.891, "#,##0.#", loc)),
    ("{{ n|format_decimal(group_separator=false) }}", lambda loc: babel.numbers.format_decimal(1234567.891, locale=loc, group_separator=False)),
    ("{{ r|format_percent }}", lambda loc: babel.numbers.format_percent(0.256, locale=loc)),
    ("{{ r|format_percent('#,##0.0%') }}", lambda loc: babel.numbers.format_percent(0.256, "#,##0.0%", loc)),
    ("{{ n|format_currency('EUR') }}", lambda loc: babel.numbers.format_currency(1234567.891, "EUR", locale=loc)),
    ("{{ n|format_currency('JPY') }}", lambda loc: babel.numbers.format_currency(1234567.891, "JPY", locale=loc)),
    ("{{ n|format_currency('USD', format_type='name') }}", lambda loc: babel.numbers.format_currency(1234567.891, "USD", locale=loc, format_type="name")),
]  # fmt: skip

FORMAT_CONTEXT = {
    "d": date(2024, 3, 5),
    "m": MOMENT,
    "a": AWARE,
    "t": time(9, 5),
    "delta": timedelta(hours=3),
    "n": 1234567.891,
    "r": 0.256,
}


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr_FR", "ja_JP"])
@pytest.mark.parametrize(("source", "expected"), FORMAT_CASES, ids=[s for s, _ in FORMAT_CASES])
def test_format_filters_match_babel(
    source: str, expected: Callable[[str], str], locale: str
) -> None:
    env = i18n_env(tmpl)
    env.i18n_locale = locale
    env.i18n_timezone = ZONE
    assert env.from_string(source).render(FORMAT_CONTEXT) == expected(locale)
    # The same through the render context, the way a per-render switch passes them.
    other = i18n_env(tmpl)
    context = other.i18n_context(locale=locale, timezone=zone())
    assert other.from_string(source).render(FORMAT_CONTEXT, **context) == expected(locale)


def test_format_date_shows_the_date_in_the_current_time_zone() -> None:
    env = i18n_env(tmpl)
    env.i18n_locale = "en_US"
    template = env.from_string("{{ m|format_date('short') }}")
    assert template.render(m=MOMENT) == "3/5/24"
    assert template.render(m=MOMENT, i18n_timezone="Europe/Berlin") == "3/6/24"
    explicit = env.from_string("{{ m|format_date('short', tzinfo='Asia/Tokyo') }}")
    assert explicit.render(m=MOMENT.replace(hour=12)) == "3/5/24"
    assert explicit.render(m=MOMENT) == "3/6/24"


def test_locale_resolution_order() -> None:
    env = i18n_env(tmpl)
    template = env.from_string(
        "{{ 1234.5|format_decimal }}|{{ 1234.5|format_decimal(locale='fr') }}"
    )
    env.i18n_locale = "de_DE"
    assert template.render() == "1.234,5|1\u202f234,5"
    env.i18n_locale = lambda: "en_US"
    assert template.render() == "1,234.5|1\u202f234,5"
    assert template.render(i18n_locale="de_CH") == "1’234.5|1\u202f234,5"
    assert template.render(i18n_locale=babel.Locale("de", "DE")) == "1.234,5|1\u202f234,5"
    assert template.render(i18n_locale=None) == "1,234.5|1\u202f234,5"


def test_format_filters_use_babel_default_locale_without_settings() -> None:
    env = i18n_env(tmpl)
    assert env.from_string("{{ 1.5|format_decimal }}").render() == babel.numbers.format_decimal(1.5)


def test_format_filters_in_overlays_and_macros() -> None:
    env = i18n_env(tmpl)
    env.i18n_locale = "en_US"
    french = env.overlay(i18n_locale="fr_FR")
    source = "{% macro f(x) %}{{ x|format_currency('EUR') }}{% endmacro %}{{ f(2.5) }}"
    assert env.from_string(source).render() == "€2.50"
    assert french.from_string(source).render() == "2,50\xa0€"


# -- without Babel -----------------------------------------------------------------------------

WITHOUT_BABEL = r"""
import gettext, io, sys
sys.modules["babel"] = None
import tmpl, tmpl.ext

env = tmpl.Environment(extensions=["tmpl.ext.i18n"])
source = "{% trans count=n %}{{ count }} apple{% pluralize %}{{ count }} apples{% endtrans %}"
env.install_null_translations()
print(env.from_string(source).render(n=2))
with open(sys.argv[1], "rb") as f:
    env.install_gettext_translations(gettext.GNUTranslations(f), newstyle=True)
print(env.from_string(source).render(n=1))
print(list(tmpl.ext.babel_extract(io.BytesIO(b"{{ _('x') }}"), ["_"], [], {})))
try:
    env.from_string("{{ 1|format_number }}").render()
except ModuleNotFoundError as error:
    print(error.name, "|", error)
print("babel.dates" in sys.modules, sys.modules["babel"])
"""


def test_trans_works_without_babel_and_format_filters_name_the_extra(tmp_path: Path) -> None:
    catalog = tmp_path / "de.mo"
    catalog.write_bytes(mo_bytes("de", GERMAN))
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_BABEL, str(catalog)],
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2 apples",
        "1 Apfel",
        "[(1, '_', 'x', [])]",
        "babel | the format_number filter needs Babel, which is not installed; install tmpl"
        " with the i18n extra: pip install 'tmpl[i18n]'",
        "False None",
    ]


def test_importing_tmpl_does_not_import_babel() -> None:
    code = "import sys, tmpl, tmpl.ext; print(any(m.startswith('babel') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"

"""Sphinx helpers for tmpl's documentation.

- ``tmpl-filter`` / ``tmpl-test`` / ``tmpl-tag`` object types: ``.. tmpl-filter:: name(args)``
  documents one, ``{tmpl-filter}`name``` links to it.
- ``.. tmpl-filters::`` and ``.. tmpl-tests::`` generate the reference of every built-in
  filter and test from ``tmpl.filters.FILTERS`` / ``tmpl.tests.TESTS``: the signature as
  used in a template, the docstring, and an example from :data:`tmpl_examples.FILTER_EXAMPLES`
  / :data:`tmpl_examples.TEST_EXAMPLES` as a doctest (run by ``sphinx-build -b doctest`` and by
  ``tests/test_docs.py``).  The examples call ``render(source, **context)``, which the page
  defines in a visible doctest before the directive.
- ``.. tmpl-if-importable:: module`` keeps its content only when ``module`` imports (parts
  of the API that are being written in parallel, such as ``tmpl.sandbox``).
- ``{tmpl-page}`name``` links to the page ``name`` (its title as the text) if it exists,
  and names it in italics otherwise.
- In a toctree, an entry written ``?name`` is kept only when the page ``name`` exists, so the
  index can list pages other people are still writing without breaking ``-W``.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from tmpl_examples import FILTER_EXAMPLES, TEST_EXAMPLES

# -- object types ------------------------------------------------------------------------


def _parse_signature(env: BuildEnvironment, sig: str, signode: addnodes.desc_signature) -> str:
    """``name(args)`` -> a bold name and plain arguments; the name is the link target."""
    name, paren, rest = sig.partition("(")
    name = name.strip()
    signode += addnodes.desc_name(name, name)
    if paren:
        signode += addnodes.desc_annotation("(" + rest, "(" + rest)
    return name


# -- generated filter and test references -------------------------------------------------


def _template_signature(func: Callable[..., Any], drop: int) -> str:
    """The arguments a template passes after the value, as ``(a, b=1)``, or ``""``."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return ""
    params = list(signature.parameters.values())[drop:]
    if not params:
        return ""
    # Annotations are for type checkers; a template author needs names and defaults.
    shown = (p.replace(annotation=inspect.Parameter.empty) for p in params)
    return "(" + ", ".join(str(p) for p in shown) + ")"


def _pass_arg_count(func: Callable[..., Any]) -> int:
    """How many leading parameters tmpl fills in (context/environment) plus the value."""
    from tmpl.utils import PassArg

    return 2 if PassArg.from_obj(func) is not None else 1


_INLINE_LITERAL = re.compile(r"``(.+?)``")


def _docstring(func: Callable[..., Any]) -> list[str]:
    doc = inspect.getdoc(func) or ""
    if not getattr(func, "__module__", "").startswith("tmpl"):
        # Functions from the standard library or markupsafe: their first paragraph only
        # (the rest talks about Python, and their >>> examples assume their own namespace).
        doc = doc.split("\n\n")[0]
    # An inline literal cannot start with a space in reST (``xmlattr`` shows `` id="1"``):
    # quote such literals so the output's leading space stays visible.
    doc = _INLINE_LITERAL.sub(
        lambda m: "``" + (repr(m[1]) if m[1][0].isspace() else m[1]) + "``", doc
    )
    return doc.splitlines()


def _grouped(registry: dict[str, Callable[..., Any]]) -> list[tuple[list[str], Callable[..., Any]]]:
    """Names sharing one function (``d``/``default``), longest word first."""
    groups: dict[int, tuple[list[str], Callable[..., Any]]] = {}
    for name, func in registry.items():
        groups.setdefault(id(func), ([], func))[0].append(name)
    result = []
    for names, func in groups.values():
        names.sort(key=lambda n: (not n.isidentifier(), -len(n) if n.isidentifier() else 0, n))
        result.append((names, func))
    return sorted(result, key=lambda item: item[0][0])


def example_lines(call: str, expected: str) -> list[str]:
    """A doctest block printing ``render(<call>)`` and the expected output."""
    lines = [".. doctest::", "", f"   >>> print(render({call}))"]
    lines += ["   " + line if line else "   <BLANKLINE>" for line in expected.split("\n")]
    return lines + [""]


class _RegistryReference(Directive):
    kind = ""
    has_content = False

    def registry(self) -> dict[str, Callable[..., Any]]:
        raise NotImplementedError

    def examples(self) -> dict[str, list[tuple[str, str]]]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        examples = self.examples()
        lines: list[str] = []
        for names, func in _grouped(self.registry()):
            args = _template_signature(func, _pass_arg_count(func))
            lines.append(f".. tmpl-{self.kind}:: {names[0]}{args}")
            for alias in names[1:]:
                lines.append(f"                  {alias}{args if alias.isidentifier() else ''}")
            lines.append("")
            for line in _docstring(func):
                lines.append("   " + line if line else "")
            lines.append("")
            if len(names) > 1:
                others = ", ".join(f"``{n}``" for n in names[1:])
                lines += [f"   Also available as {others}.", ""]
            for name in names:
                for call, expected in examples.get(name, []):
                    lines += [
                        "   " + line if line else "" for line in example_lines(call, expected)
                    ]
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source=f"<tmpl-{self.kind}s>"), 0, container)
        return list(container.children)


class FiltersDirective(_RegistryReference):
    """Every built-in filter, from ``tmpl.filters.FILTERS``."""

    kind = "filter"

    def registry(self) -> dict[str, Callable[..., Any]]:
        from tmpl.filters import FILTERS

        return dict(FILTERS)

    def examples(self) -> dict[str, list[tuple[str, str]]]:
        return FILTER_EXAMPLES


class TestsDirective(_RegistryReference):
    """Every built-in test, from ``tmpl.tests.TESTS``."""

    kind = "test"

    def registry(self) -> dict[str, Callable[..., Any]]:
        from tmpl.tests import TESTS

        return dict(TESTS)

    def examples(self) -> dict[str, list[tuple[str, str]]]:
        return TEST_EXAMPLES


# -- optional content --------------------------------------------------------------------


class IfImportable(Directive):
    """Parse the content only if the module named by the argument imports."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            importlib.import_module(self.arguments[0])
        except ImportError:
            return []
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(self.content, self.content_offset, container)
        return list(container.children)


_OPTIONAL_ENTRY = re.compile(r"^(?P<indent>[ \t]*)\?(?P<name>[\w/.-]+)[ \t]*$", re.MULTILINE)


def _optional_toctree_entries(app: Sphinx, docname: str, source: list[str]) -> None:
    def keep_if_present(match: re.Match[str]) -> str:
        name = match["name"]
        if _page_exists(app.srcdir, name):
            return f"{match['indent']}{name}"
        return ""

    source[0] = _OPTIONAL_ENTRY.sub(keep_if_present, source[0])


#: Titles for pages linked with ``tmpl-page`` that may not have been written yet.
PAGE_TITLES = {
    "cli": "The tmpl command",
    "integrations": "Framework integrations",
    "i18n": "Internationalisation",
    "sandbox": "Sandbox",
    "performance": "Performance",
}


def _page_exists(srcdir: str | Path, name: str) -> bool:
    return any((Path(srcdir) / f"{name}{suffix}").exists() for suffix in (".md", ".rst"))


def page_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{tmpl-page}`cli```: a link to a page that other people may still be writing."""
    env = inliner.document.settings.env
    target = text.strip()
    title = PAGE_TITLES.get(target, target)
    if not _page_exists(env.srcdir, target):
        return [nodes.emphasis(rawtext, title)], []
    ref = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="doc",
        reftarget="/" + target,
        refexplicit=False,
        refwarn=True,
        refdoc=env.docname,
    )
    ref += nodes.inline(rawtext, title, classes=["xref", "std", "std-doc"])
    return [ref], []


def setup(app: Sphinx) -> dict[str, Any]:
    for kind, label in (("filter", "filter"), ("test", "test"), ("tag", "tag")):
        app.add_object_type(
            f"tmpl-{kind}",
            f"tmpl-{kind}",
            objname=f"template {label}",
            indextemplate=f"pair: %s; template {label}",
            parse_node=_parse_signature,
        )
    app.add_directive("tmpl-filters", FiltersDirective)
    app.add_directive("tmpl-tests", TestsDirective)
    app.add_directive("tmpl-if-importable", IfImportable)
    app.add_role("tmpl-page", page_role)
    app.connect("source-read", _optional_toctree_entries)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

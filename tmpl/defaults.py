"""Jinja2's default settings: delimiters, whitespace handling, and the filters, tests,
globals and policies every new environment starts with.

The environment copies the mutable ones (``DEFAULT_FILTERS``, ``DEFAULT_TESTS``,
``DEFAULT_NAMESPACE``, ``DEFAULT_POLICIES``) per instance, so changing one environment never
leaks into another.
"""

from __future__ import annotations

from typing import Any, Literal

from .filters import FILTERS as DEFAULT_FILTERS
from .tests import TESTS as DEFAULT_TESTS
from .utils import Cycler, Joiner, Namespace, generate_lorem_ipsum

__all__ = [
    "BLOCK_START_STRING",
    "BLOCK_END_STRING",
    "VARIABLE_START_STRING",
    "VARIABLE_END_STRING",
    "COMMENT_START_STRING",
    "COMMENT_END_STRING",
    "LINE_STATEMENT_PREFIX",
    "LINE_COMMENT_PREFIX",
    "TRIM_BLOCKS",
    "LSTRIP_BLOCKS",
    "NEWLINE_SEQUENCE",
    "KEEP_TRAILING_NEWLINE",
    "DEFAULT_FILTERS",
    "DEFAULT_TESTS",
    "DEFAULT_NAMESPACE",
    "DEFAULT_POLICIES",
]

# Lexer and parser settings.
BLOCK_START_STRING = "{%"
BLOCK_END_STRING = "%}"
VARIABLE_START_STRING = "{{"
VARIABLE_END_STRING = "}}"
COMMENT_START_STRING = "{#"
COMMENT_END_STRING = "#}"
LINE_STATEMENT_PREFIX: str | None = None
LINE_COMMENT_PREFIX: str | None = None
TRIM_BLOCKS = False
LSTRIP_BLOCKS = False
NEWLINE_SEQUENCE: Literal["\n", "\r\n", "\r"] = "\n"
KEEP_TRAILING_NEWLINE = False

# Globals available in every template.  ``range`` is the plain builtin; the sandbox
# substitutes its own bounded version.
DEFAULT_NAMESPACE: dict[str, Any] = {
    "range": range,
    "dict": dict,
    "lipsum": generate_lorem_ipsum,
    "cycler": Cycler,
    "joiner": Joiner,
    "namespace": Namespace,
}

# Tunable behaviour of the compiler, filters and extensions (``Environment.policies``).
DEFAULT_POLICIES: dict[str, Any] = {
    "compiler.ascii_str": True,
    "urlize.rel": "noopener",
    "urlize.target": None,
    "urlize.extra_schemes": None,
    "truncate.leeway": 5,
    # None means json.dumps, imported only when |tojson first runs.
    "json.dumps_function": None,
    "json.dumps_kwargs": {"sort_keys": True},
    "ext.i18n.trimmed": False,
}

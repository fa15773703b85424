"""Sphinx configuration for tmpl's documentation.

Pages are Markdown (MyST) or reStructuredText.  ``sphinx-build -b doctest`` runs every
``{doctest}``/``{testcode}`` block; each page's blocks share one namespace and run inside a
fresh temporary copy of ``docs/_examples`` (see ``doctest_global_setup``), so an example can
say ``FileSystemLoader("templates")`` exactly as a reader's project would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# The checkout's tmpl, not whatever version is installed, and the local extension.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

import tmpl  # noqa: E402

project = "tmpl"
author = "the tmpl authors"
copyright = "the tmpl authors"
release = tmpl.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "tmpl_sphinx",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_examples", "Thumbs.db", ".DS_Store", "requirements.txt"]
templates_path: list[str] = []

# -- MyST --------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
# ``[text](#some-heading)`` links inside a page and ``page.md#heading`` across pages.
myst_heading_anchors = 3
# Fences without a language: Python if it lexes as Python, else plain text, silently.
highlight_language = "default"

# -- autodoc -----------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True
# Type hints name classes Sphinx cannot always resolve (TYPE_CHECKING-only imports);
# unresolved references are not errors, but the autodoc hint evaluation must not warn.
autodoc_type_aliases: dict[str, str] = {}
nitpicky = False
suppress_warnings = ["config.cache"]

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
}
# The build must work offline (CI has no route to docs.python.org): intersphinx inventories
# are optional; set TMPL_DOCS_INTERSPHINX=1 to fetch them.
if not os.environ.get("TMPL_DOCS_INTERSPHINX"):
    intersphinx_mapping = {}

# -- doctest -----------------------------------------------------------------------------
# Only explicit doctest directives are tests: docstrings shown by autodoc may carry ``>>>``
# lines that assume their own module's namespace.
doctest_test_doctest_blocks = ""
doctest_global_setup = f"""
import os as _os, shutil as _shutil, tempfile as _tempfile
_docs_cwd = _os.getcwd()
_docs_tmp = _tempfile.mkdtemp(prefix="tmpl-docs-")
_shutil.copytree({str(DOCS / "_examples")!r}, _docs_tmp, dirs_exist_ok=True)
_os.chdir(_docs_tmp)
"""
doctest_global_cleanup = """
_os.chdir(_docs_cwd)
_shutil.rmtree(_docs_tmp, ignore_errors=True)
"""

# -- HTML --------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"tmpl {release}"
html_theme_options = {
    "description": "Jinja2's language, compiled through Python's AST",
    "fixed_sidebar": True,
}

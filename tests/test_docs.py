"""The documentation is checked like code, without needing Sphinx.

1. Docstrings are complete: every public name of the public modules (and the public methods
   of the main classes) has a docstring, since the API reference is generated from them.
2. Examples work: the Python examples of README.md and of the docs pages (``{doctest}``,
   ``{testcode}`` blocks, and plain ``python`` fences in README.md) run as a reader would run
   them, from a directory holding ``docs/_examples`` (the ``templates/`` folder the pages
   show).  ``sphinx-build -b doctest docs ...`` (``tox -e docs``) runs the same blocks.
3. Every built-in filter and test has an example in the generated reference, and the example
   shows what tmpl really renders.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import io
import re
import shutil
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# -- 1. docstrings ---------------------------------------------------------------------------

#: Modules whose ``__all__`` (or, without one, whose own top-level classes and functions) is
#: the public API documented in docs/api.rst.
PUBLIC_MODULES = [
    "tmpl",
    "tmpl.loaders",
    "tmpl.bccache",
    "tmpl.exceptions",
    "tmpl.ext",
    "tmpl.nativetypes",
    "tmpl.meta",
    "tmpl.sandbox",
]

#: Public names of modules that also hold internals: only these are checked.
PUBLIC_NAMES = {
    "tmpl.runtime": [
        "Undefined",
        "StrictUndefined",
        "ChainableUndefined",
        "DebugUndefined",
        "make_logging_undefined",
        "Context",
        "LoopContext",
        "Macro",
    ],
    "tmpl.utils": [
        "pass_context",
        "pass_eval_context",
        "pass_environment",
        "select_autoescape",
        "is_undefined",
        "clear_caches",
        "htmlsafe_json_dumps",
        "urlize",
        "generate_lorem_ipsum",
        "Cycler",
        "Joiner",
        "Namespace",
    ],
    "tmpl.environment": [
        "Environment",
        "Template",
        "TemplateModule",
        "TemplateExpression",
        "TemplateStream",
    ],
}

#: Classes whose public methods and properties must be documented too.
CLASSES_WITH_METHODS = {
    "tmpl.environment": ["Environment", "Template", "TemplateStream"],
    "tmpl.loaders": [
        "BaseLoader",
        "FileSystemLoader",
        "PackageLoader",
        "DictLoader",
        "FunctionLoader",
        "PrefixLoader",
        "ChoiceLoader",
        "ModuleLoader",
    ],
    "tmpl.bccache": ["BytecodeCache", "FileSystemBytecodeCache", "MemcachedBytecodeCache"],
    "tmpl.ext": ["Extension"],
    "tmpl.runtime": ["Context", "LoopContext"],
}

#: Known gaps, reported to the maintainers; remove an entry once its docstring is written.
KNOWN_MISSING: set[str] = set()


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _public_objects() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for module_name in PUBLIC_MODULES:
        if not _importable(module_name):
            continue  # a module still being written (tmpl.sandbox)
        module = importlib.import_module(module_name)
        found.append((module_name, module))
        names = getattr(module, "__all__", None)
        if names is None:
            names = [
                name
                for name, value in vars(module).items()
                if not name.startswith("_")
                and (inspect.isclass(value) or inspect.isfunction(value))
                and value.__module__ == module_name
            ]
        for name in names:
            found.append((f"{module_name}.{name}", getattr(module, name)))
    for module_name, names in PUBLIC_NAMES.items():
        module = importlib.import_module(module_name)
        found += [(f"{module_name}.{name}", getattr(module, name)) for name in names]
    for module_name, classes in CLASSES_WITH_METHODS.items():
        module = importlib.import_module(module_name)
        for class_name in classes:
            cls = getattr(module, class_name)
            for attr, value in vars(cls).items():
                if attr.startswith("_") or not (
                    callable(value) or isinstance(value, property | staticmethod | classmethod)
                ):
                    continue
                if inspect.isclass(value):
                    continue
                found.append((f"{module_name}.{class_name}.{attr}", getattr(cls, attr)))
    # Only tmpl's own objects and modules: re-exports such as markupsafe's Markup and
    # constants (strings, dicts) carry someone else's docstring or none by nature.
    return [
        (name, obj)
        for name, obj in found
        if inspect.ismodule(obj)
        or (
            (inspect.isclass(obj) or callable(obj) or isinstance(obj, property))
            and (getattr(obj, "__module__", None) or "tmpl").startswith("tmpl")
        )
    ]


@pytest.mark.parametrize(
    "name,obj", [pytest.param(name, obj, id=name) for name, obj in _public_objects()]
)
def test_public_name_has_docstring(name: str, obj: Any) -> None:
    if name in KNOWN_MISSING:
        pytest.skip("known missing docstring")
    doc = inspect.getdoc(obj)
    assert doc and doc.strip(), f"{name} has no docstring (docs/api.rst is generated from it)"


# -- 2. examples -----------------------------------------------------------------------------

EXAMPLE_PAGES = [
    "README.md",
    "docs/index.rst",
    "docs/quickstart.md",
    "docs/templates.md",
    "docs/loading.md",
    "docs/extending.md",
    "docs/migrating.md",
]

_MD_BLOCK = re.compile(
    r"^(?P<fence>```+)(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)
_RST_BLOCK = re.compile(
    r"^\.\. (?P<kind>doctest|testcode|testsetup|testoutput)::[^\n]*\n(?P<body>(?:[ \t]*\n|[ \t]+[^\n]*\n)+)",
    re.M,
)


def _blocks(path: Path) -> list[tuple[str, str]]:
    """``(kind, code)`` for every runnable block of a page, in order."""
    text = path.read_text(encoding="utf-8")
    blocks: list[tuple[str, str]] = []
    if path.suffix == ".md":
        for match in _MD_BLOCK.finditer(text):
            info = match["info"].strip()
            kind = info.strip("{}") if info.startswith("{") else info
            body = "\n".join(
                line for line in match["body"].splitlines() if not re.match(r"^:[\w-]+:", line)
            )
            if kind in {"doctest", "testcode", "testsetup", "testoutput"}:
                blocks.append((kind, body + "\n"))
            elif kind == "python" and path.name == "README.md":
                blocks.append(("testcode", body + "\n"))
    else:
        for match in _RST_BLOCK.finditer(text):
            blocks.append((match["kind"], inspect.cleandoc(match["body"]) + "\n"))
    return blocks


@pytest.fixture
def examples_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DOCS / "_examples", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_page_examples_run(page: str, examples_dir: Path) -> None:
    blocks = _blocks(ROOT / page)
    assert blocks, f"{page} has no runnable example"
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    last_output = None
    for number, (kind, code) in enumerate(blocks, 1):
        where = f"{page}, block {number} ({kind})"
        if kind == "doctest":
            test = parser.get_doctest(code, namespace, where, page, 0)
            report = io.StringIO()
            runner.run(test, out=report.write, clear_globs=False)
            assert not runner.failures, report.getvalue()
            namespace = test.globs  # DocTest works on a copy: carry its names forward
        elif kind in {"testcode", "testsetup"}:
            output = io.StringIO()
            with redirect_stdout(output):
                exec(compile(code, where, "exec"), namespace)
            last_output = output.getvalue()
        elif kind == "testoutput":
            assert last_output is not None and last_output.strip() == code.strip(), where


# -- 3. the generated filter and test reference ----------------------------------------------

sys.path.insert(0, str(DOCS / "_ext"))
from tmpl_examples import FILTER_EXAMPLES, TEST_EXAMPLES  # noqa: E402


def _examples_namespace() -> dict[str, Any]:
    """The ``render`` and ``User`` helpers that docs/templates.md defines."""
    blocks = _blocks(DOCS / "templates.md")
    namespace: dict[str, Any] = {}
    setup = doctest.DocTestParser().get_doctest(blocks[0][1], namespace, "setup", None, 0)
    doctest.DocTestRunner().run(setup, clear_globs=False)
    return setup.globs


@pytest.mark.parametrize(
    "registry,examples",
    [("tmpl.filters:FILTERS", FILTER_EXAMPLES), ("tmpl.tests:TESTS", TEST_EXAMPLES)],
)
def test_every_builtin_has_an_example(registry: str, examples: dict[str, Any]) -> None:
    module, _, attr = registry.partition(":")
    functions = getattr(importlib.import_module(module), attr)
    documented = {id(functions[name]) for name in examples}
    missing = sorted(name for name, func in functions.items() if id(func) not in documented)
    assert not missing, f"no example in docs/_ext/tmpl_examples.py for {missing}"
    assert set(examples) <= set(functions), "examples for names that do not exist"


@pytest.mark.parametrize(
    "call,expected",
    [
        pair
        for table in (FILTER_EXAMPLES, TEST_EXAMPLES)
        for pairs in table.values()
        for pair in pairs
    ],
)
def test_reference_example_output(call: str, expected: str) -> None:
    namespace = _examples_namespace()
    assert eval(f"render({call})", namespace) == expected

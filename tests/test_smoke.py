import subprocess
import sys

import tmpl


def test_package_has_a_version():
    assert tmpl.__version__.count(".") == 2


def test_submodules_are_attributes_of_the_package_as_in_jinja2() -> None:
    # ``import jinja2`` makes ``jinja2.nodes`` & co usable; tmpl imports them on first use.
    code = (
        "import sys, tmpl; before = 'tmpl.nodes' in sys.modules; "
        "print(before, tmpl.nodes.Const.__name__, tmpl.lexer.Lexer.__name__, "
        "tmpl.nodes.EvalContext is tmpl.runtime.EvalContext)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "Const", "Lexer", "True"]

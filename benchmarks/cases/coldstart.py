"""coldstart: a fresh process imports the engine, loads 50 templates from disk, renders each once.

Two cases, the same work: ``coldstart-nocache`` compiles every template from source,
``coldstart-bccache`` loads code from a warm ``FileSystemBytecodeCache`` (one directory per
engine, filled by a warm-up run).  Each sample is the wall time of one child process
(`benchmarks/coldstart_child.py`); the ``baseline`` bench starts the same child without an
engine, and its median is subtracted, so the numbers are import + load + render.

The templates are generated into a temporary directory: 50 pages that each extend ``base.html``,
import ``_macros.html`` and mix five of eight section kinds (loops, tables, conditionals, ``set``
and filters, call blocks, an include, ``dictsort``, prose).  Before timing, both engines render
all of them in this process and must agree byte for byte; the children's digests must match.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from typing import Any

from benchmarks import coldstart_child
from benchmarks.cases import Case, Params
from benchmarks.harness import Bench, BenchmarkError, OutputMismatch, diff_text

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(HERE)
CHILD = os.path.join(HERE, "coldstart_child.py")
COUNT = 50
QUICK_COUNT = 10  # --quick: a smoke test of the machinery, not a measurement

BASE = """\
<!DOCTYPE html>
<html>
<head><title>{% block title %}Site{% endblock %}</title></head>
<body>
<header>{% block header %}<h1>{{ title }}</h1>{% endblock %}</header>
<main>{% block content %}{% endblock %}</main>
<footer>{% block footer %}<p>{{ user.name }} &middot; {{ flags|length }} flags</p>{% endblock %}</footer>
</body>
</html>
"""

MACROS = """\
{% macro price(value, currency="EUR") -%}
  <span class="price">{{ "%.2f"|format(value) }} {{ currency }}</span>
{%- endmacro %}
{% macro box(title, kind="info") -%}
  <div class="box box-{{ kind }}"><h3>{{ title }}</h3>{{ caller() }}</div>
{%- endmacro %}
"""

SIDEBAR = """\
<aside>
  <h4>Elsewhere</h4>
  <ul>{% for item in items[:3] %}<li>{{ item.name }}</li>{% endfor %}</ul>
</aside>
"""

SECTIONS = (
    """<ul class="list-{i}">
{% for item in items %}
  <li class="{{ loop.cycle('a', 'b') }}">{{ item.name|title }} &ndash; {{ m.price(item.price) }}</li>
{% endfor %}
</ul>""",
    """<table class="t{i}">
{% for item in items if item.tags %}
  <tr><td>{{ loop.index }}</td><td>{{ item.name }}</td><td>{{ item.tags|join(", ") }}</td></tr>
{% else %}
  <tr><td colspan="3">none</td></tr>
{% endfor %}
</table>""",
    """{% if user.admin %}
  <p>Admin tools for {{ user.name|upper }} on page {i}.</p>
{% elif flags.beta %}
  <p>Beta features are on.</p>
{% else %}
  <p>Welcome back, {{ user.name }}.</p>
{% endif %}""",
    """{% set total = items|sum(attribute="price") %}
<p>Total {{ "%.2f"|format(total) }} for {{ items|length }} items,
   average {{ (total / items|length)|round(2) }}, section {i}.</p>""",
    """{% call m.box("Section {i}") %}
  <p>{{ title|truncate(12) }}: lorem ipsum dolor sit amet, consectetur adipiscing elit {i}.</p>
{% endcall %}""",
    """{% include "_sidebar.html" %}""",
    """<dl class="flags">
{% for key, value in flags|dictsort %}
  <dt>{{ key }}</dt><dd>{{ "on" if value else "off" }}</dd>
{% endfor %}
</dl>""",
    """<p>Page {i} of the handbook. Sed do eiusmod tempor incididunt ut labore et dolore magna
aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip.</p>
<p>{{ user.name }} wrote this {{ "long" if items|length > 10 else "short" }} page.</p>""",
)


def page_source(i: int) -> str:
    sections = "\n".join(SECTIONS[(i + k) % len(SECTIONS)] for k in range(5)).replace("{i}", str(i))
    return (
        '{% extends "base.html" %}\n'
        '{% import "_macros.html" as m %}\n'
        f"{{% block title %}}Page {i} &middot; {{{{ super() }}}}{{% endblock %}}\n"
        f"{{% block content %}}\n{sections}\n{{% endblock %}}\n"
    )


def write_templates(directory: str, count: int = COUNT) -> None:
    files = {"base.html": BASE, "_macros.html": MACROS, "_sidebar.html": SIDEBAR}
    for i, name in enumerate(coldstart_child.template_names(count)):
        files[name] = page_source(i)
    for name, source in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(source)


def child_env() -> dict[str, str]:
    """The environment of every child process: tmpl from this repository, and ``.pyc`` files
    written and used (a ``PYTHONDONTWRITEBYTECODE`` in the caller's environment would make
    every child compile tmpl's modules from source while site-packages engines load theirs
    from ``.pyc``: a cost no installed tmpl pays)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, env.get("PYTHONPATH")) if p)
    return env


def run_child(args: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise BenchmarkError(f"child {args} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout.strip()


def _compare_in_process(template_dir: str, engines: set[str], count: int) -> str:
    """Render every template with tmpl and Jinja2 here; a difference stops the run with a diff."""
    rendered: dict[str, list[str]] = {}
    digest = ""
    for name in ("jinja2", "tmpl"):
        if name in engines:
            module = __import__(name)
            env = module.Environment(loader=module.FileSystemLoader(template_dir), autoescape=True)
            rendered[name] = [
                env.get_template(t).render(coldstart_child.make_context(i))
                for i, t in enumerate(coldstart_child.template_names(count))
            ]
            digest = coldstart_child.render_all(env, count)
    if len(rendered) == 2:
        for t, a, b in zip(
            coldstart_child.template_names(count), rendered["jinja2"], rendered["tmpl"], strict=True
        ):
            if a != b:
                raise OutputMismatch(
                    f"coldstart: tmpl renders {t} differently from jinja2\n"
                    + diff_text(a, b, "jinja2", "tmpl")
                )
    return digest


def _builder(cached: bool) -> Any:
    def build(engines: set[str], params: Params, stack: contextlib.ExitStack) -> list[Bench]:
        root = stack.enter_context(tempfile.TemporaryDirectory(prefix="tmpl-bench-"))
        template_dir = os.path.join(root, "templates")
        os.mkdir(template_dir)
        count = QUICK_COUNT if params.quick else COUNT
        write_templates(template_dir, count)
        expected = _compare_in_process(template_dir, engines, count)
        env = child_env()
        benches = [Bench("baseline", _child(["none", template_dir, "-", "0"], env), False)]
        for name in ("tmpl", "jinja2"):
            if name not in engines:
                continue
            cache_dir = "-"
            if cached:
                cache_dir = os.path.join(root, f"cache-{name}")
                os.mkdir(cache_dir)
            args = [name, template_dir, cache_dir, str(count)]
            # Warm up: fills the bytecode cache (and the engine's own .pyc files).
            got = run_child([CHILD, *args], env)
            if got != expected:
                raise OutputMismatch(f"coldstart: {name} child digest {got} != {expected}")
            if cached and not os.listdir(cache_dir):
                raise BenchmarkError(f"coldstart: {name} wrote nothing to its bytecode cache")
            benches.append(Bench(name, _child(args, env), False))
        return benches

    return build


def _child(args: list[str], env: dict[str, str]) -> Any:
    return lambda: run_child([CHILD, *args], env)


def check(outputs: dict[str, Any]) -> list[str]:
    digests = {v for k, v in outputs.items() if k != "baseline"}
    if len(digests) > 1:
        raise OutputMismatch(f"coldstart: children disagree: {outputs}")
    return []


CASE_NOCACHE = Case(
    name="coldstart-nocache",
    title=f"new process: import, load {COUNT} templates from source, render each once",
    engines=("tmpl", "jinja2"),
    build=_builder(cached=False),
    check=check,
    subprocess=True,
    baseline="baseline",
    quick_shrinks=True,
)
CASE_BCCACHE = Case(
    name="coldstart-bccache",
    title=f"new process: import, load {COUNT} templates via warm bytecode cache, render",
    engines=("tmpl", "jinja2"),
    build=_builder(cached=True),
    check=check,
    subprocess=True,
    baseline="baseline",
    quick_shrinks=True,
)

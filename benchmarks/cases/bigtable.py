"""bigtable: 1000 rows x 10 columns of dict values into an autoescaped ``<table>``.

The classic template-engine benchmark (Genshi's, then Jinja2's, Mako's, Chameleon's).  Besides
the engines it times two hand-written Python functions: ``python`` builds a list and escapes
with ``markupsafe.escape`` (what an autoescaping engine must do at the least: the practical
limit), ``python-str`` escapes into plain ``str`` with ``html.escape`` (no ``Markup`` objects).
"""

from __future__ import annotations

import contextlib
import html
from typing import Any

from markupsafe import escape

from benchmarks.cases import Case, Params
from benchmarks.harness import Bench, BenchmarkError, require_identical

ROWS = 1000

JINJA = """\
<table>
{% for row in table %}<tr>{% for value in row.values() %}<td>{{ value }}</td>{% endfor %}</tr>
{% endfor %}</table>
"""

MAKO = """\
<table>
% for row in table:
<tr>\\
% for value in row.values():
<td>${value}</td>\\
% endfor
</tr>
% endfor
</table>
"""

CHAMELEON = """\
<table>
<tr tal:repeat="row table"><td tal:repeat="value row.values()">${value}</td></tr>
</table>
"""


def make_table(rows: int = ROWS) -> list[dict[str, int]]:
    return [dict(a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10) for _ in range(rows)]


def render_python(table: list[dict[str, Any]]) -> str:
    out = ["<table>\n"]
    append = out.append
    for row in table:
        append("<tr>")
        for value in row.values():
            append("<td>")
            append(escape(value))
            append("</td>")
        append("</tr>\n")
    append("</table>")
    return "".join(out)


def render_python_str(table: list[dict[str, Any]]) -> str:
    out = ["<table>\n"]
    append = out.append
    html_escape = html.escape
    for row in table:
        append("<tr>")
        for value in row.values():
            append("<td>")
            append(html_escape(str(value)))
            append("</td>")
        append("</tr>\n")
    append("</table>")
    return "".join(out)


def build(engines: set[str], params: Params, stack: contextlib.ExitStack) -> list[Bench]:
    table = make_table()
    benches = []
    for name in ("tmpl", "jinja2"):
        if name in engines:
            module = __import__(name)
            template = module.Environment(autoescape=True).from_string(JINJA)
            benches.append(Bench(name, lambda t=template: t.render(table=table)))
    if "minijinja" in engines:
        import minijinja

        env = minijinja.Environment(
            templates={"bigtable.html": JINJA}, auto_escape_callback=lambda name: True
        )
        benches.append(
            Bench("minijinja", lambda: env.render_template("bigtable.html", table=table))
        )
    if "mako" in engines:
        from mako.template import Template

        mako_template = Template(MAKO, default_filters=["h"])
        benches.append(Bench("mako", lambda: mako_template.render(table=table)))
    if "chameleon" in engines:
        from chameleon import PageTemplate

        chameleon_template = PageTemplate(CHAMELEON)
        benches.append(Bench("chameleon", lambda: chameleon_template(table=table)))
    if "python" in engines:
        benches.append(Bench("python", lambda: render_python(table)))
    if "python-str" in engines:
        benches.append(Bench("python-str", lambda: render_python_str(table)))
    return benches


def check(outputs: dict[str, Any]) -> list[str]:
    require_identical("bigtable", outputs)
    # The hand-written functions write exactly what the Jinja template does.
    require_identical("bigtable", outputs, "python")
    require_identical("bigtable", outputs, "python-str")
    for name, out in outputs.items():
        rows, cells = out.count("<tr>"), out.count("<td>")
        if (rows, cells) != (ROWS, ROWS * 10) or out.count("<td>10</td>") != ROWS:
            raise BenchmarkError(f"bigtable: {name} rendered {rows} rows, {cells} cells")
    return []


CASE = Case(
    name="bigtable",
    title=f"{ROWS}x10 table of dict values, autoescaped",
    engines=("tmpl", "jinja2", "minijinja", "mako", "chameleon", "python", "python-str"),
    build=build,
    check=check,
)

"""small: a one-line template with five variables, rendered many times: per-call overhead.

What dominates here is everything around the template body: building the context from the
keyword arguments, entering the root render function, joining, returning.
"""

from __future__ import annotations

import contextlib
from typing import Any

from markupsafe import escape

from benchmarks.cases import Case, Params
from benchmarks.harness import Bench, BenchmarkError, require_identical

JINJA = (
    "<p>Hello {{ user.name }}! You have {{ count }} new messages"
    "{% if admin %} (admin){% endif %}. Last login: {{ last_login }} from {{ ip }}.</p>"
)
# Mako's "%" control lines must start a line; an inline conditional does the same work.
MAKO = (
    "<p>Hello ${user.name}! You have ${count} new messages"
    "${' (admin)' if admin else ''}. Last login: ${last_login} from ${ip}.</p>"
)
CHAMELEON = (
    "<p>Hello ${user.name}! You have ${count} new messages"
    '<tal:if condition="admin"> (admin)</tal:if>. Last login: ${last_login} from ${ip}.</p>'
)


class User:
    def __init__(self, name: str) -> None:
        self.name = name


def make_context() -> dict[str, Any]:
    return {
        "user": User("Ada <Lovelace>"),
        "count": 42,
        "admin": True,
        "last_login": "2024-05-17 09:31",
        "ip": "192.0.2.17",
    }


def render_python(user: User, count: int, admin: bool, last_login: str, ip: str) -> str:
    return (
        f"<p>Hello {escape(user.name)}! You have {escape(count)} new messages"
        f"{' (admin)' if admin else ''}. Last login: {escape(last_login)} from {escape(ip)}.</p>"
    )


def build(engines: set[str], params: Params, stack: contextlib.ExitStack) -> list[Bench]:
    ctx = make_context()
    benches = []
    for name in ("tmpl", "jinja2"):
        if name in engines:
            module = __import__(name)
            template = module.Environment(autoescape=True).from_string(JINJA)
            benches.append(Bench(name, lambda t=template: t.render(**ctx)))
    if "minijinja" in engines:
        import minijinja

        env = minijinja.Environment(
            templates={"small.html": JINJA}, auto_escape_callback=lambda name: True
        )
        benches.append(Bench("minijinja", lambda: env.render_template("small.html", **ctx)))
    if "mako" in engines:
        from mako.template import Template

        mako_template = Template(MAKO, default_filters=["h"])
        benches.append(Bench("mako", lambda: mako_template.render(**ctx)))
    if "chameleon" in engines:
        from chameleon import PageTemplate

        chameleon_template = PageTemplate(CHAMELEON)
        benches.append(Bench("chameleon", lambda: chameleon_template(**ctx)))
    if "python" in engines:
        benches.append(Bench("python", lambda: render_python(**ctx)))
    return benches


EXPECTED = (
    "<p>Hello Ada &lt;Lovelace&gt;! You have 42 new messages (admin). "
    "Last login: 2024-05-17 09:31 from 192.0.2.17.</p>"
)


def check(outputs: dict[str, Any]) -> list[str]:
    require_identical("small", outputs)
    for name, out in outputs.items():
        if out != EXPECTED:
            raise BenchmarkError(f"small: {name} rendered {out!r}, expected {EXPECTED!r}")
    return []


CASE = Case(
    name="small",
    title="one line, 5 variables, autoescaped: per-render overhead",
    engines=("tmpl", "jinja2", "minijinja", "mako", "chameleon", "python"),
    build=build,
    check=check,
)

"""compile: lex + parse + generate + ``compile()`` a ~400-line template, no caches involved.

``templates/compile/dashboard.html`` is a standalone admin dashboard: macros, call blocks,
``namespace``, ``with``, loops with ``else`` and filters, ``groupby``/``selectattr``/``tojson``,
``raw``, ``filter`` blocks, tests.  Each call is ``env.compile(source)``: the code object that a
template is made from, which is what the template cache and the bytecode cache exist to avoid.
Before timing, both engines render the compiled template and must agree byte for byte.
MiniJinja's ``add_template`` (parse + compile to its own instructions) is shown for scale.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from benchmarks.cases import Case, Params
from benchmarks.harness import Bench, BenchmarkError, require_identical

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_PATH = os.path.join(HERE, "templates", "compile", "dashboard.html")


class Obj:
    """Attribute bag for the render check."""

    def __init__(self, **attrs: Any) -> None:
        self.__dict__.update(attrs)


def make_context() -> dict[str, Any]:
    regions = ("north", "south", "east", "west")
    statuses = ("paid", "pending", "refunded", "cancelled")
    customers = [
        Obj(
            name=f"customer {i} <{'abc'[i % 3]}>",
            email=f"Customer{i}@Example.ORG",
            vip=i % 5 == 0,
            spent=round(1000 / (i + 1) * 7.3, 2),
            orders=i % 4,
            note="<b>likes</b> fast delivery & nice boxes" if i % 4 == 0 else "",
        )
        for i in range(14)
    ]
    orders = [
        {
            "id": 1000 + i,
            "customer": customers[i % len(customers)],
            "region": regions[i * 7 % 4],
            "items": [{"qty": (i + k) % 4 + 1} for k in range(i % 3 + 1)],
            "total": round((i * 53 % 400) + 0.99, 2),
            "status": statuses[i % 4],
            "flagged": i % 11 == 0,
            "created": f"2024-05-{i % 28 + 1:02d}T{i % 24:02d}:00",
        }
        for i in range(40)
    ]
    return {
        "settings": {
            "site_name": "Shop & Co",
            "static": "/static",
            "version": "3.2.1",
            "lang": "en",
            "stylesheets": ["main.css", "dashboard.css"],
            "analytics_id": "UA-1234",
            "contact_email": "",
            "welcome_text": "Welcome <friend>!",
        },
        "title": "Sales dashboard",
        "user": Obj(
            is_authenticated=True,
            is_staff=True,
            is_superuser=False,
            username="grace",
            display_name="Grace H.",
            first_name="Grace",
            avatar_url=None,
            prefs={"dark_mode": True},
        ),
        "request_path": "/dashboard/sales",
        "query": "",
        "navigation": [
            Obj(
                id=name,
                url=f"/{name}",
                icon=name,
                title=name.title(),
                children=[
                    Obj(url=f"/{name}/{c}", title=c.title(), visible=c != "hidden", count=k)
                    for k, c in enumerate(("overview", "sales", "hidden"))
                ],
            )
            for name in ("dashboard", "orders", "customers", "reports")
        ],
        "active_section": "dashboard",
        "messages": [{"level": "success", "text": "Saved <3 changes>"}, {"text": "Heads up"}],
        "hour": 15,
        "today": "2024-05-20",
        "kpis": [
            Obj(key="revenue", label="Revenue", kind="money", value=12345.5, previous=11000.25),
            Obj(key="conv", label="Conversion", kind="percent", value=0.0345, previous=0.041),
            Obj(key="visits", label="Visits", kind="count", value=8812, previous=8812),
        ],
        "orders": orders,
        "current_page": 1,
        "tasks": [
            Obj(
                title=f"Task number {i}: follow up with the supplier about the delayed shipment",
                done=i % 3 == 0,
                owner=("grace", "ada", "")[i % 3],
                due=f"2024-05-{10 + i:02d}" if i % 2 else None,
                tags=["Ops", "URGENT"] if i % 4 == 1 else [],
            )
            for i in range(9)
        ],
        "customers": customers,
        "activity": [
            Obj(
                kind=("order_created", "refund_issued", "login")[i % 3],
                actor=("grace", None, "ada")[i % 3],
                target=Obj(url=f"/orders/{1000 + i}", label=f"#{1000 + i}") if i % 2 else None,
                when=f"{i} minutes ago",
                details={"amount": i * 3.5, "note": f"n<{i}>", "items": [i, i + 1]}
                if i % 3 == 0
                else {},
            )
            for i in range(25)
        ],
        "csrf_token": "tok&en",
        "currencies": [Obj(value="EUR", label="Euro"), Obj(value="USD", label="US dollar")],
        "form_errors": {"welcome_text": ["Too <short>"]},
        "products": [
            Obj(
                sku=f"SKU-{i:04d}",
                name=f'Product {i} "deluxe"',
                category=("books", "games", "tools")[i // 5],
                stock=i * 3 % 17,
                price=round(9.99 + i * 2.5, 2),
                discontinued=i % 6 == 5,
                labels=["new"] if i % 4 == 0 else [],
                warehouses=[Obj(code=f"W{k}", stock=k + i) for k in range(i % 3)],
            )
            for i in range(15)
        ],
        "shortcuts": {"g d": "Go to dashboard", "g o": "Go to orders", "/": "Search"},
        "debug": True,
    }


def build(engines: set[str], params: Params, stack: contextlib.ExitStack) -> list[Bench]:
    with open(SOURCE_PATH, encoding="utf-8") as f:
        source = f.read()
    benches = []
    for name in ("tmpl", "jinja2"):
        if name in engines:
            module = __import__(name)
            env = module.Environment(autoescape=True)
            # The check renders what the timed call compiles.
            template = env.template_class.from_code(env, env.compile(source), env.globals, None)
            rendered = template.render(make_context())
            benches.append(Bench(name, _compiler(env, source, rendered)))
    if "minijinja" in engines:
        import minijinja

        mj = minijinja.Environment(auto_escape_callback=lambda name: True)

        def compile_minijinja() -> str:
            mj.add_template("dashboard.html", source)
            return "<compiled>"

        benches.append(
            Bench("minijinja", compile_minijinja, note="add_template: parse + own bytecode")
        )
    return benches


def _compiler(env: Any, source: str, rendered: str) -> Any:
    def compile_once() -> str:
        env.compile(source)
        return rendered

    return compile_once


def check(outputs: dict[str, Any]) -> list[str]:
    require_identical("compile", outputs)
    for name, out in outputs.items():
        if name in ("tmpl", "jinja2") and out.count('<tr class="') < 40:
            raise BenchmarkError(f"compile: {name}'s compiled template rendered too little")
    return []


CASE = Case(
    name="compile",
    title="compile a ~400-line template from source (no caches)",
    engines=("tmpl", "jinja2", "minijinja"),
    build=build,
    check=check,
)

"""page: a realistic page through a loader, autoescaped.

``templates/page/``: ``page.html`` extends ``layout.html`` extends ``base.html`` (blocks calling
``super()`` at each level), ``base.html`` includes ``_nav.html``, and ``page.html`` imports a
macro from ``_macros.html`` and calls it in a loop of 100 items that uses ``loop.index``,
``loop.first``, ``loop.last`` and ``loop.cycle``.  Filters: escape, title, truncate, join,
default, length, format, replace, round; if/elif/else; attribute access on objects and keys of
dicts.  Mako and Chameleon render the same page in their own syntax from
``templates/page_mako/`` and ``templates/page_chameleon/`` (METAL macros; Chameleon has no
``super()``, so its slots repeat the parent's markup).
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from benchmarks.cases import Case, Params
from benchmarks.harness import Bench, BenchmarkError, require_identical

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATES = os.path.join(HERE, "templates", "page")
MAKO_TEMPLATES = os.path.join(HERE, "templates", "page_mako")
CHAMELEON_TEMPLATES = os.path.join(HERE, "templates", "page_chameleon")
ITEMS = 100

WORDS = (
    "fast templates & <safe> output for everyone who renders html pages all day long "
    "with 'quotes' and \"double quotes\" and long words like incomprehensibilities"
).split()


class Author:
    def __init__(self, name: str, email: str) -> None:
        self.name = name
        self.email = email


class Item:
    def __init__(self, i: int, authors: list[Author]) -> None:
        self.id = i
        self.title = " ".join(WORDS[(i + k * 3) % len(WORDS)] for k in range(4))
        self.url = f"/items/{i}?ref=list&page={i // 10}"
        self.author = authors[i % len(authors)]
        self.summary = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(6 + i % 9))
        self.price = round((i * 37 % 200) + (i % 7) * 0.13, 2)
        self.rating = (i * 13 % 50) / 10 + 0.049
        self.tags = [f"tag-{(i + k) % 12}" for k in range(i % 4)]
        meta: dict[str, Any] = {"views": i * 131 % 10007}
        if i % 3 == 0:
            meta["note"] = f"note <{i}> & more"
        self.meta = meta


def make_context() -> dict[str, Any]:
    authors = [Author(name, f"{name.lower()}@example.org") for name in ("Ada", "Grace", "Linus")]
    items = [Item(i, authors) for i in range(ITEMS)]
    return {
        "site": {
            "name": "Tmpl & Friends",
            "static_url": "/static",
            "tagline": "Rendering pages faster than you can read them, every day",
            "lang": "",
        },
        "nav": [
            {"url": url, "label": label}
            for url, label in (
                ("/", "home"),
                ("/items", "all items"),
                ("/about", "about us"),
                ("/contact", "contact <us>"),
            )
        ],
        "current_url": "/items",
        "user": Author("Grace", "grace@example.org"),
        "page_title": "latest items & news",
        "items": items,
        "total": 250,
        "tags": sorted({t for item in items for t in item.tags}),
        "year": 2024,
    }


def truncate(s: str, length: int = 255, killwords: bool = False, end: str = "...") -> str:
    """Jinja2's ``truncate`` (leeway 5) for MiniJinja, whose Python build lacks it."""
    if len(s) <= length + 5:
        return s
    if killwords:
        return s[: length - len(end)] + end
    return s[: length - len(end)].rsplit(" ", 1)[0] + end


def build(engines: set[str], params: Params, stack: contextlib.ExitStack) -> list[Bench]:
    ctx = make_context()
    benches = []
    for name in ("tmpl", "jinja2"):
        if name in engines:
            module = __import__(name)
            env = module.Environment(loader=module.FileSystemLoader(TEMPLATES), autoescape=True)
            template = env.get_template("page.html")
            benches.append(Bench(name, lambda t=template: t.render(ctx)))
    if "minijinja" in engines:
        import minijinja

        env = minijinja.Environment(
            loader=minijinja.load_from_path(TEMPLATES),
            auto_escape_callback=lambda name: True,
            filters={"truncate": truncate},
        )
        benches.append(
            Bench(
                "minijinja",
                lambda: env.render_template("page.html", **ctx),
                note="truncate filter supplied from Python",
            )
        )
    if "mako" in engines:
        from mako.lookup import TemplateLookup

        lookup = TemplateLookup(directories=[MAKO_TEMPLATES], default_filters=["h"])
        mako_template = lookup.get_template("page.mako")
        benches.append(Bench("mako", lambda: mako_template.render(**ctx)))
    if "chameleon" in engines:
        from chameleon import PageTemplateLoader

        chameleon_template = PageTemplateLoader([CHAMELEON_TEMPLATES])["page.pt"]
        benches.append(
            Bench(
                "chameleon",
                lambda: chameleon_template(truncate=truncate, **ctx),
                note="no super(): slots repeat the parent's markup",
            )
        )
    return benches


def check(outputs: dict[str, Any]) -> list[str]:
    require_identical("page", outputs)
    for name, out in outputs.items():
        items = out.count('<li class="item ')
        if items != ITEMS or "<h1>Latest Items &amp; News</h1>" not in out:
            raise BenchmarkError(f"page: {name} rendered {items} items (or lost the heading)")
        if out.count('class="active"') != 1:
            raise BenchmarkError(f"page: {name} lost the active nav link")
    return []


CASE = Case(
    name="page",
    title=f"3-level inheritance + include + macro x {ITEMS} items, filters, autoescaped",
    engines=("tmpl", "jinja2", "minijinja", "mako", "chameleon"),
    build=build,
    check=check,
)

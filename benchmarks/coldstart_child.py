"""The child process of the cold-start case: import an engine, load templates, render each once.

Run as ``python coldstart_child.py ENGINE TEMPLATE_DIR CACHE_DIR COUNT``: ENGINE is ``tmpl``,
``jinja2`` or ``none`` (start-up only, the baseline), CACHE_DIR is a directory for the engine's
``FileSystemBytecodeCache`` or ``-`` for none.  Prints a SHA-256 of everything rendered so the
parent can check the work was done and matches what it rendered itself.

Only the standard library and the engine are imported, so the process measures the engine.
"""

from __future__ import annotations

import hashlib
import sys
from typing import Any


def make_context(i: int) -> dict[str, Any]:
    return {
        "title": f"Page {i} <draft>",
        "user": {"name": "Ada", "admin": i % 2 == 0},
        "items": [
            {"name": f"item {k} & co", "price": k * 1.25 + i, "tags": ["a", "b"][: k % 3]}
            for k in range(12)
        ],
        "flags": {"beta": i % 3 == 0, "sale": i % 5 == 0},
    }


def template_names(count: int) -> list[str]:
    return [f"page_{i:02d}.html" for i in range(count)]


def render_all(env: Any, count: int) -> str:
    digest = hashlib.sha256()
    for i, name in enumerate(template_names(count)):
        digest.update(env.get_template(name).render(make_context(i)).encode("utf-8"))
    return digest.hexdigest()


def main(argv: list[str]) -> None:
    engine, template_dir, cache_dir, count = argv
    if engine == "none":
        return
    if engine == "tmpl":
        import tmpl as module
    elif engine == "jinja2":
        import jinja2 as module  # type: ignore[no-redef]
    else:
        raise SystemExit(f"unknown engine {engine!r}")
    cache = module.FileSystemBytecodeCache(cache_dir) if cache_dir != "-" else None
    env = module.Environment(
        loader=module.FileSystemLoader(template_dir), autoescape=True, bytecode_cache=cache
    )
    print(render_all(env, int(count)))


if __name__ == "__main__":
    main(sys.argv[1:])

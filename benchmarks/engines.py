"""Which engines can run here: engine names in, versions (or the reason they are missing) out.

``tmpl`` is always imported from the repository this file lives in (the runner puts the repo
root first on ``sys.path``), never from some other installed copy.
"""

from __future__ import annotations

import importlib
import platform
from dataclasses import dataclass

# Display order.  "python" and "python-str" are hand-written render functions: the floor an
# engine can approach, not engines.
ALL_ENGINES = ("tmpl", "jinja2", "minijinja", "mako", "chameleon", "python", "python-str")

_MODULES = {
    "tmpl": "tmpl",
    "jinja2": "jinja2",
    "minijinja": "minijinja",
    "mako": "mako",
    "chameleon": "chameleon",
}
_DISTRIBUTIONS = {"chameleon": "Chameleon", "jinja2": "Jinja2", "mako": "Mako"}


@dataclass(frozen=True)
class EngineStatus:
    name: str
    version: str | None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.version is not None


def _version(name: str) -> str:
    from importlib import metadata

    module = importlib.import_module(_MODULES[name])
    version = getattr(module, "__version__", None)
    if version is None:
        try:
            version = metadata.version(_DISTRIBUTIONS.get(name, name))
        except metadata.PackageNotFoundError:
            version = "?"
    return str(version)


def probe(name: str) -> EngineStatus:
    """Import ``name`` and check it can do the least an engine must do."""
    if name in ("python", "python-str"):
        return EngineStatus(name, platform.python_version())
    try:
        version = _version(name)
    except ImportError as exc:
        return EngineStatus(name, None, f"not installed ({exc})")
    if name == "tmpl":
        # tmpl is under construction: run only once it renders.
        try:
            import tmpl

            out = tmpl.Environment().from_string("{{ 1 + 1 }}").render()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
            return EngineStatus(name, None, f"cannot render yet ({type(exc).__name__}: {exc})")
        if out != "2":
            return EngineStatus(name, None, f"renders '{{{{ 1 + 1 }}}}' as {out!r}")
    return EngineStatus(name, version)


def probe_all(names: tuple[str, ...] = ALL_ENGINES) -> dict[str, EngineStatus]:
    return {name: probe(name) for name in names}

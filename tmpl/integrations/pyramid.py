"""Pyramid renders with tmpl: ``config.include("tmpl.integrations.pyramid")``.

That registers a renderer for ``.tmpl`` and ``.html`` templates, so a view declared with
``renderer="templates/page.html"`` (relative to the view's package) or
``renderer="mypackage:templates/page.html"`` (an asset spec) renders with tmpl: the dict the
view returns, over Pyramid's system values (``request``, ``context``, ``renderer_name``,
``view``...).  Inside templates, ``{% extends %}``/``{% include %}`` take asset specs or
names relative to the ``tmpl.directories`` setting (asset specs or paths, one per line).
Templates autoescape by extension (``.html``, ``.htm``, ``.xml``, ``.xhtml``, ``.svg``;
``.tmpl`` too), and reload when changed if ``pyramid.reload_templates`` is true.
:func:`get_environment` returns the environment, to add filters or globals.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from pyramid.config import Configurator
from pyramid.path import AssetResolver
from pyramid.settings import asbool, aslist

from ..environment import Environment
from ..exceptions import TemplateNotFound
from ..loaders import BaseLoader, FileSystemLoader, SourceTuple, split_template_path
from ..utils import select_autoescape
from ..wsgi import AUTOESCAPE_EXTENSIONS

__all__ = ["AssetSpecLoader", "TmplRenderer", "get_environment", "includeme"]

_REGISTRY_KEY = "tmpl.environment"


class AssetSpecLoader(BaseLoader):
    """Templates named by Pyramid asset specs (``package:path``), and other names in
    ``directories``.  Spec paths are split like any template name, so ``..`` never
    leaves the package."""

    def __init__(self, directories: list[str]) -> None:
        self.resolver = AssetResolver()
        self.directories = FileSystemLoader(directories) if directories else None

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """The source of an asset spec, or of a name in the search directories."""
        if ":" not in template or os.path.isabs(template):
            if self.directories is None:
                raise TemplateNotFound(template)
            return self.directories.get_source(environment, template)
        package, _, path = template.partition(":")
        relative = "/".join(split_template_path(path))
        filename = self.resolver.resolve(f"{package}:{relative}").abspath()
        try:
            mtime = os.path.getmtime(filename)
            with open(filename, encoding="utf-8") as file:
                source = file.read()
        except (OSError, ValueError):
            raise TemplateNotFound(template) from None
        return source, filename, lambda: os.path.getmtime(filename) == mtime


def _search_path(spec: str) -> str:
    return AssetResolver().resolve(spec).abspath() if ":" in spec else spec


def get_environment(registry: Any) -> Environment:
    """The tmpl environment of a Pyramid registry (``request.registry`` or
    ``config.registry``)."""
    return registry[_REGISTRY_KEY]  # type: ignore[no-any-return]


class TmplRenderer:
    """One template as a Pyramid renderer: ``(value, system) -> str``."""

    def __init__(self, info: Any) -> None:
        self.environment = get_environment(info.registry)
        name: str = info.name
        if ":" in name or os.path.isabs(name) or info.package is None:
            self.names = [name]
        else:
            # Relative to the view's package first, as Pyramid's own renderers resolve.
            self.names = [f"{info.package.__name__}:{name}", name]

    def __call__(self, value: Mapping[str, Any], system: Mapping[str, Any]) -> str:
        """Render with the view's values over Pyramid's system values."""
        if not isinstance(value, Mapping):
            raise ValueError(f"a view rendered with tmpl must return a dict, not {value!r}")
        variables = dict(system)
        variables.update(value)
        template = self.environment.select_template(self.names)
        return template.render(variables)


def _autoescape(name: str | None) -> bool:
    return name is None or name.endswith(".tmpl") or select_autoescape(AUTOESCAPE_EXTENSIONS)(name)


def includeme(config: Configurator) -> None:
    """Set up the environment from the settings and register the renderer for ``.tmpl``
    and ``.html``."""
    settings = config.get_settings()
    directories = [
        _search_path(spec) for spec in aslist(settings.get("tmpl.directories", ""), flatten=False)
    ]
    environment = Environment(
        loader=AssetSpecLoader(directories),
        autoescape=_autoescape,
        auto_reload=asbool(settings.get("pyramid.reload_templates", False)),
    )
    config.registry[_REGISTRY_KEY] = environment
    factory: Callable[[Any], TmplRenderer] = TmplRenderer
    config.add_renderer(".tmpl", factory)
    config.add_renderer(".html", factory)

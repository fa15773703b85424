"""Bottle renders with tmpl: :func:`template` and :func:`view` are Bottle's own, with
:class:`TmplTemplate` as the template adapter (``bottle.template(..., template_adapter=
TmplTemplate)`` is the same thing).

Templates are found on Bottle's ``TEMPLATE_PATH`` (or the ``template_lookup`` keyword) as
Bottle finds them, with or without an extension.  Autoescaping is on for ``.html``,
``.htm``, ``.xml``, ``.xhtml``, ``.svg`` and for templates given as source text; keyword
settings (``template_settings``) are ``Environment`` arguments, plus ``filters``,
``tests`` and ``globals`` dictionaries.  Bottle caches compiled templates itself (not in
debug mode), keyed by name and lookup path only, whatever the adapter.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import bottle

from ..environment import Environment
from ..loaders import FunctionLoader
from ..utils import select_autoescape
from ..wsgi import AUTOESCAPE_EXTENSIONS

__all__ = ["TmplTemplate", "template", "view"]


class TmplTemplate(bottle.BaseTemplate):  # type: ignore[misc]  # Bottle ships no types
    """Bottle's template adapter for tmpl."""

    extensions = ["html", "tmpl", "tpl", "htm", "xml", "txt"]

    def prepare(
        self,
        filters: Mapping[str, Callable[..., Any]] | None = None,
        tests: Mapping[str, Callable[..., Any]] | None = None,
        globals: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> None:
        """Make the environment and compile the template (Bottle calls this once)."""
        options.setdefault("autoescape", select_autoescape(AUTOESCAPE_EXTENSIONS))
        self.env = Environment(loader=FunctionLoader(self._source), **options)
        self.env.filters.update(filters or {})
        self.env.tests.update(tests or {})
        self.env.globals.update(globals or {})
        if self.source:
            self.tpl = self.env.from_string(self.source)
        else:
            # By file name, so that autoescaping sees the extension Bottle's search found.
            self.tpl = self.env.get_template(self.filename)

    def render(self, *args: Mapping[str, Any], **kwargs: Any) -> str:
        """Render with Bottle's defaults, then the dictionaries, then the keywords."""
        variables = dict(self.defaults)
        for mapping in args:
            variables.update(mapping)
        variables.update(kwargs)
        return self.tpl.render(variables)

    def _source(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        # Included and parent templates are searched like the page itself; Bottle's search
        # refuses paths that leave the lookup directories.
        filename = name if name == self.filename else self.search(name, self.lookup)
        if not filename:
            return None
        mtime = os.path.getmtime(filename)
        with open(filename, encoding=self.encoding) as file:
            source = file.read()
        return source, filename, lambda: os.path.getmtime(filename) == mtime


def template(*args: Any, **kwargs: Any) -> str:
    """``bottle.template`` rendering with tmpl: a template name or source, then variables."""
    kwargs.setdefault("template_adapter", TmplTemplate)
    return bottle.template(*args, **kwargs)  # type: ignore[no-any-return]


def view(template_name: str, **defaults: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``bottle.view`` rendering with tmpl: the decorated handler returns the variables."""
    return bottle.view(template_name, template_adapter=TmplTemplate, **defaults)  # type: ignore[no-any-return]

"""A Django template backend: ``"BACKEND": "tmpl.integrations.django.Tmpl"`` in ``TEMPLATES``.

It follows Django's own Jinja2 backend (``django.template.backends.jinja2``), so moving a
project over is a one-line change, with these differences: app template directories are
named ``tmpl`` (not ``jinja2``); ``OPTIONS["environment"]`` defaults to
``tmpl.Environment``; the debug page marks the exact column of a syntax error; and runtime
errors (an undefined attribute, a failing filter...) carry ``template_debug`` too, so
Django's debug page shows the template line for them, as it does for its own templates.

``OPTIONS``: ``context_processors`` (import paths, called with the request as in Django's
own engine), ``environment`` (import path or class) and every ``Environment`` argument.
Defaults: a ``FileSystemLoader`` over ``DIRS`` and the apps' ``tmpl`` directories,
``autoescape=True``, ``auto_reload=settings.DEBUG``, and ``DebugUndefined`` under ``DEBUG``.
"""

from __future__ import annotations

import linecache
import os
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template import TemplateSyntaxError as DjangoTemplateSyntaxError
from django.template.backends.base import BaseEngine
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.template.base import Origin
from django.utils.module_loading import import_string

from .. import Environment, FileSystemLoader
from .. import Template as TmplTemplate
from ..exceptions import TemplateNotFound, TemplateSyntaxError
from ..runtime import DebugUndefined, Undefined
from ..wsgi import template_position

__all__ = ["Template", "Tmpl", "exception_info"]

# How many lines around the error Django's debug page shows, as in Django's backends.
_CONTEXT_LINES = 10


class Tmpl(BaseEngine):  # type: ignore[misc]  # Django ships no type information
    """The tmpl template engine for Django."""

    app_dirname = "tmpl"

    def __init__(self, params: dict[str, Any]) -> None:
        params = params.copy()
        options = params.pop("OPTIONS").copy()
        super().__init__(params)
        self.context_processors: list[str] = options.pop("context_processors", [])
        environment = options.pop("environment", Environment)
        environment_class = (
            import_string(environment) if isinstance(environment, str) else environment
        )
        options.setdefault("loader", FileSystemLoader(self.template_dirs))
        options.setdefault("autoescape", True)
        options.setdefault("auto_reload", settings.DEBUG)
        options.setdefault("undefined", DebugUndefined if settings.DEBUG else Undefined)
        self.env: Environment = environment_class(**options)

    def from_string(self, template_code: str) -> Template:
        """A template from source text."""
        try:
            return Template(self.env.from_string(template_code), self)
        except TemplateSyntaxError as error:
            raise _django_syntax_error(error) from error

    def get_template(self, template_name: str) -> Template:
        """The template named ``template_name``, or Django's ``TemplateDoesNotExist`` with
        every file tried (for the debug page's "template-loader postmortem")."""
        try:
            return Template(self.env.get_template(template_name), self)
        except TemplateNotFound as error:
            raise self._does_not_exist(error) from error
        except TemplateSyntaxError as error:
            raise _django_syntax_error(error) from error

    def _does_not_exist(self, error: TemplateNotFound) -> TemplateDoesNotExist:
        tried = []
        loader = self.env.loader
        if isinstance(loader, FileSystemLoader):
            for name in error.templates:
                for directory in loader.searchpath:
                    origin = Origin(os.path.join(directory, str(name)), str(name), loader)
                    tried.append((origin, "Source does not exist"))
        return TemplateDoesNotExist(str(error.name), tried=tried, backend=self)

    @cached_property
    def template_context_processors(self) -> list[Callable[[HttpRequest], Mapping[str, Any]]]:
        """The ``context_processors`` option, imported."""
        return [import_string(path) for path in self.context_processors]


class Template:
    """A tmpl template as Django's template API wants it: ``render(context, request)``
    and an ``origin``."""

    def __init__(self, template: TmplTemplate, backend: Tmpl) -> None:
        self.template = template
        self.backend = backend
        self.origin = Origin(name=template.filename, template_name=template.name)

    def render(
        self, context: Mapping[str, Any] | None = None, request: HttpRequest | None = None
    ) -> str:
        """Render with ``context``; with a request, also ``request``, ``csrf_input``,
        ``csrf_token`` and the context processors' variables."""
        variables = dict(context or {})
        if request is not None:
            variables["request"] = request
            variables["csrf_input"] = csrf_input_lazy(request)
            variables["csrf_token"] = csrf_token_lazy(request)
            for processor in self.backend.template_context_processors:
                variables.update(processor(request))
        try:
            return self.template.render(variables)
        except TemplateSyntaxError as error:  # in an included or parent template
            raise _django_syntax_error(error) from error
        except TemplateNotFound as error:
            raise self.backend._does_not_exist(error) from error
        except Exception as error:
            # Django's debug page shows the template line of any error that has this.
            position = template_position(error)
            if position is not None and not hasattr(error, "template_debug"):
                filename, lineno, col, _ = position
                error.template_debug = exception_info(  # type: ignore[attr-defined]
                    str(error), filename, lineno, col, None, None
                )
            raise


def _django_syntax_error(error: TemplateSyntaxError) -> DjangoTemplateSyntaxError:
    new = DjangoTemplateSyntaxError(error.args)
    new.template_debug = exception_info(
        error.message or "",
        error.filename or error.name or "<template>",
        error.lineno,
        error.col,
        error.end_col,
        error.source,
    )
    return new


def exception_info(
    message: str,
    filename: str,
    lineno: int,
    col: int | None,
    end_col: int | None,
    source: str | None,
) -> dict[str, Any]:
    """The ``template_debug`` dictionary Django's debug page reads: the lines around
    ``lineno`` and that line split into before / during / after the error's columns."""
    if source is None:
        # Templates register their source with linecache under their file name.
        lines = linecache.getlines(filename)
        source = "".join(lines) if lines else None
    numbered = list(enumerate(source.split("\n"), start=1)) if source is not None else []
    during = before = after = ""
    if 0 < lineno <= len(numbered):
        line = numbered[lineno - 1][1]
        if col is None:
            during = line
        else:
            end = end_col if end_col is not None and end_col > col else col + 1
            before, during, after = line[: col - 1], line[col - 1 : end - 1], line[end - 1 :]
    total = len(numbered)
    top = max(0, lineno - _CONTEXT_LINES - 1)
    bottom = min(total, lineno + _CONTEXT_LINES)
    return {
        "name": filename,
        "message": message,
        "source_lines": numbered[top:bottom],
        "line": lineno,
        "before": before,
        "during": during,
        "after": after,
        "total": total,
        "top": top,
        "bottom": bottom,
    }

"""Starlette (and FastAPI) render with tmpl: ``Templates``, shaped like Starlette's
``Jinja2Templates``.

``Templates(directory="templates")`` builds an async environment (``enable_async=True``,
HTML autoescaping by file extension) over a ``FileSystemLoader``; ``Templates(env=...)``
uses an environment of yours.  ``TemplateResponse(request, name, context)`` returns an HTML
response; ``request`` is in every template's context, ``url_for(name, **path_params)`` is a
global, and context processors add variables per request.

With an async environment the template renders when the response is sent, inside the event
loop (``render_async``), so the context may hold what an ASGI application naturally has:
async generators (``{% for row in rows %}`` over a database cursor), coroutines returned by
functions, objects with async methods.  Nothing blocks the loop while the template waits
for data.  With a sync environment the response renders when it is made, as Starlette's
does.  Either way Starlette's ``TestClient`` sees ``response.template`` and
``response.context``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from starlette.background import BackgroundTask
from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

from ..environment import Environment, Template
from ..loaders import FileSystemLoader
from ..utils import pass_context, select_autoescape

__all__ = ["TemplateResponse", "Templates"]

ContextProcessor = Callable[[Request], dict[str, Any]]


class TemplateResponse(HTMLResponse):
    """An HTML response whose body is ``template`` rendered with ``context``."""

    def __init__(
        self,
        template: Template,
        context: dict[str, Any],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        self.template = template
        self.context = context
        # A sync environment renders now, like Starlette's response; an async one when the
        # response is sent (``__init__`` runs inside the event loop and cannot wait).
        content = None if template.environment.is_async else template.render(context)
        super().__init__(content, status_code, headers, media_type, background)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.template.environment.is_async:
            self.body = self.render(await self.template.render_async(self.context))
            # Only the length changes: headers the application added since (cookies...) stay.
            if "content-length" in self.headers:
                self.headers["content-length"] = str(len(self.body))
        # Starlette's TestClient asks for this to fill ``response.template``/``.context``.
        extensions = scope.get("extensions") or {}
        if "http.response.debug" in extensions:
            await send(
                {
                    "type": "http.response.debug",
                    "info": {"template": self.template, "context": self.context},
                }
            )
        await super().__call__(scope, receive, send)


class Templates:
    """Renders tmpl templates as Starlette responses.

    Give either ``directory`` (one or several template folders; the environment is async,
    with ``select_autoescape()``) or ``env`` (an environment of your own, async or not).
    ``context_processors`` are called with the request for every response and their dicts
    merged into the context.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
        *,
        context_processors: list[ContextProcessor] | None = None,
        env: Environment | None = None,
    ) -> None:
        if (directory is None) == (env is None):
            raise TypeError("pass either 'directory' or 'env' to Templates")
        self.context_processors = list(context_processors or [])
        if env is None:
            env = Environment(
                loader=FileSystemLoader(directory),  # type: ignore[arg-type]
                autoescape=select_autoescape(),
                enable_async=True,
            )
        self.env = env
        env.globals.setdefault("url_for", _url_for)

    def get_template(self, name: str) -> Template:
        """The template ``name`` from the environment."""
        return self.env.get_template(name)

    def TemplateResponse(  # noqa: N802 - Starlette's name
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> TemplateResponse:
        """The response rendering template ``name`` with ``context`` (plus ``request`` and
        what the context processors add)."""
        context = dict(context or {})
        context.setdefault("request", request)
        for processor in self.context_processors:
            context.update(processor(request))
        return TemplateResponse(
            self.get_template(name),
            context,
            status_code=status_code,
            headers=headers,
            media_type=media_type,
            background=background,
        )


@pass_context
def _url_for(context: Any, name: str, /, **path_params: Any) -> URL:
    """The URL of route ``name`` for the request being rendered."""
    request: Request = context["request"]
    return request.url_for(name, **path_params)

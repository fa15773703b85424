"""Templates as WSGI responses and applications, and the ``tmpl serve`` preview server.

In: templates (a :class:`~tmpl.Template`, a directory or an :class:`~tmpl.Environment`) and
WSGI requests.  Out: WSGI responses.

- :class:`TemplateResponse` is one rendered (or streamed) template as a WSGI application:
  status, headers, and a ``Content-Type`` with its charset taken from the template's name.
- :class:`TemplateApp` serves a tree of templates as pages: ``/`` is ``index.html``,
  ``/about`` is ``about.html`` or ``about/index.html``.  Names with a segment starting with
  ``_`` or ``.`` (layouts, partials, hidden files) are never pages, and a URL never reaches a
  file outside the tree.  Template errors give a plain ``500``; the details go to
  ``wsgi.errors`` (the server's log), never to the client.
- :class:`PreviewApp` and :func:`serve` are for development only: templates reload when any
  file of the tree changes, and errors are shown as an HTML page with the file, line, column
  and code frame.

Everything here is plain WSGI (PEP 3333), so it runs under ``wsgiref``, waitress, gunicorn,
mod_wsgi or as CGI through :class:`wsgiref.handlers.CGIHandler`.
"""

from __future__ import annotations

import html
import mimetypes
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from http import HTTPStatus
from types import TracebackType
from typing import Any
from wsgiref.simple_server import WSGIServer, make_server

from .environment import Environment, Template
from .exceptions import TemplateError, TemplateNotFound, TemplateSyntaxError
from .loaders import FileSystemLoader
from .utils import select_autoescape

__all__ = [
    "AUTOESCAPE_EXTENSIONS",
    "PreviewApp",
    "TemplateApp",
    "TemplateResponse",
    "content_type_for",
    "error_page",
    "make_preview_server",
    "page_names",
    "serve",
    "template_position",
]

#: The type of WSGI's ``start_response``.
StartResponse = Callable[..., Any]
#: A context for :class:`TemplateApp`: fixed variables, or a function of the WSGI environ.
ContextSource = Mapping[str, Any] | Callable[[dict[str, Any]], Mapping[str, Any]] | None

#: The extensions of the templates a directory-made :class:`TemplateApp` autoescapes
#: (Flask's list, which adds ``.xhtml`` and ``.svg`` to Jinja2's default).
AUTOESCAPE_EXTENSIONS = ("html", "htm", "xml", "xhtml", "svg")

# Non-``text/*`` types that are text nonetheless and so get a charset parameter.
_TEXT_APPLICATION_TYPES = frozenset(
    {"application/json", "application/javascript", "application/xml", "application/xhtml+xml"}
)
_ALLOWED_METHODS = ("GET", "HEAD")


def content_type_for(name: str | None, charset: str = "utf-8") -> str:
    """The ``Content-Type`` for a template named ``name``: its type guessed from the
    extension (``text/html`` for templates without a name or without a known extension),
    with ``charset`` for textual types."""
    guessed = mimetypes.guess_type(name)[0] if name else None
    mime = guessed or "text/html"
    if mime.startswith("text/") or mime in _TEXT_APPLICATION_TYPES or mime.endswith("+xml"):
        return f"{mime}; charset={charset}"
    return mime


def _status_line(status: int | str) -> str:
    """``200`` -> ``"200 OK"``; a string is taken as a complete status line."""
    if isinstance(status, str):
        return status
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


class TemplateResponse:
    """One template as a WSGI application: render ``template`` with ``context`` and answer
    with ``status`` and ``headers``.

    ``content_type`` defaults to :func:`content_type_for` the template's name.  With
    ``stream=True`` the body is sent as ``Template.generate`` produces it (no
    ``Content-Length``; an error halfway through can then no longer change the status).
    A ``HEAD`` request gets the headers only; a buffered response still renders, so that
    the status and ``Content-Length`` are those a ``GET`` would get.
    """

    def __init__(
        self,
        template: Template,
        context: Mapping[str, Any] | None = None,
        status: int | str = 200,
        headers: Iterable[tuple[str, str]] | None = None,
        content_type: str | None = None,
        stream: bool = False,
        charset: str = "utf-8",
    ) -> None:
        self.template = template
        self.context = dict(context or {})
        self.status = _status_line(status)
        self.headers = list(headers or ())
        self.charset = charset
        self.content_type = content_type or content_type_for(template.name, charset)
        self.stream = stream

    def _headers(self, extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
        names = {name.lower() for name, _ in self.headers}
        own = [("Content-Type", self.content_type)] if "content-type" not in names else []
        return own + self.headers + extra

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request (the WSGI protocol)."""
        head = environ.get("REQUEST_METHOD", "GET") == "HEAD"
        if self.stream:
            start_response(self.status, self._headers([]))
            if head:
                return []
            return self._encode(self.template.generate(self.context))
        body = self.template.render(self.context).encode(self.charset)
        start_response(self.status, self._headers([("Content-Length", str(len(body)))]))
        return [] if head else [body]

    def _encode(self, chunks: Iterator[str]) -> Iterator[bytes]:
        for chunk in chunks:
            # An empty bytestring would make some servers flush (or end) the response early.
            if chunk:
                yield chunk.encode(self.charset)


def _plain_response(
    start_response: StartResponse,
    status: int,
    head: bool,
    extra_headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    line = _status_line(status)
    body = (line + "\n").encode("ascii")
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        *extra_headers,
    ]
    start_response(line, headers)
    return [] if head else [body]


def page_names(path_info: str) -> list[str] | None:
    """The template names that may serve the URL path ``path_info`` (a WSGI ``PATH_INFO``,
    already percent-decoded by the server), in order; ``None`` if the path can never be a
    page.

    ``/`` and ``/docs/`` give ``index.html``; ``/about`` gives ``about.html`` then
    ``about/index.html``; a last segment with an extension is taken as it is.  Refused:
    a segment starting with ``_`` or ``.`` (which covers ``..``), backslashes, NUL bytes,
    and paths that are not UTF-8.
    """
    try:
        # PEP 3333 hands the path over as bytes decoded as latin-1; URLs are UTF-8.
        path = path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    if "\\" in path or "\0" in path:
        return None
    directory = path == "" or path.endswith("/")
    segments = [segment for segment in path.split("/") if segment]
    if any(segment[0] in "_." for segment in segments):
        return None
    name = "/".join(segments)
    if directory:
        return [f"{name}/index.html" if name else "index.html"]
    if "." in segments[-1]:
        return [name]
    return [f"{name}.html", f"{name}/index.html"]


class TemplateApp:
    """A WSGI application serving the templates of a directory (or of an environment's
    loader) as pages; see :func:`page_names` for how URLs map to templates.

    ``context`` is the variables of every page: a mapping, or a function that receives the
    WSGI environ and returns one.  Only ``GET`` and ``HEAD`` are allowed (``405``
    otherwise); unknown and hidden names are ``404``.  A template error is a plain ``500``
    whose traceback goes to ``wsgi.errors``.
    """

    def __init__(
        self,
        directory_or_environment: str | os.PathLike[str] | Environment,
        context: ContextSource = None,
    ) -> None:
        if isinstance(directory_or_environment, Environment):
            self.environment = directory_or_environment
        else:
            self.environment = self.create_environment(directory_or_environment)
        self.context = context

    def create_environment(self, directory: str | os.PathLike[str]) -> Environment:
        """The environment for a directory: a ``FileSystemLoader`` and autoescaping for
        :data:`AUTOESCAPE_EXTENSIONS`."""
        return Environment(
            loader=FileSystemLoader(directory),
            autoescape=select_autoescape(AUTOESCAPE_EXTENSIONS),
        )

    def find_template(self, path_info: str) -> Template | None:
        """The template for a URL path, or ``None`` if there is no such page."""
        for name in page_names(path_info) or ():
            try:
                return self.environment.get_template(name)
            except TemplateNotFound as error:
                # Only the page itself missing means 404; a missing include is an error
                # of the page (and ``get_template`` does not render, so it cannot be one).
                if error.name != name:
                    raise
        return None

    def page_context(self, environ: dict[str, Any]) -> dict[str, Any]:
        """The variables for one request."""
        if self.context is None:
            return {}
        if callable(self.context):
            return dict(self.context(environ))
        return dict(self.context)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request (the WSGI protocol)."""
        method = environ.get("REQUEST_METHOD", "GET")
        head = method == "HEAD"
        if method not in _ALLOWED_METHODS:
            return _plain_response(
                start_response, 405, head, [("Allow", ", ".join(_ALLOWED_METHODS))]
            )
        try:
            template = self.find_template(environ.get("PATH_INFO", ""))
            if template is None:
                return _plain_response(start_response, 404, head)
            # Rendering before start_response, not while the server iterates the body,
            # keeps a failure a clean 500.
            body = template.render(self.page_context(environ)).encode("utf-8")
        except TemplateError:
            return self.error_response(environ, start_response, sys.exc_info())
        headers = [
            ("Content-Type", content_type_for(template.name)),
            ("Content-Length", str(len(body))),
        ]
        start_response(_status_line(200), headers)
        return [] if head else [body]

    def error_response(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        exc_info: tuple[type[BaseException], BaseException, TracebackType]
        | tuple[None, None, None],
    ) -> Iterable[bytes]:
        """The response to a template error: the traceback to ``wsgi.errors`` and a plain
        ``500`` that tells the client nothing about the templates."""
        _log_error(environ, exc_info[1])
        return _plain_response(start_response, 500, environ.get("REQUEST_METHOD") == "HEAD")


def _log_error(environ: dict[str, Any], error: BaseException | None) -> None:
    """Write the traceback of ``error`` to the server's error stream (PEP 3333's
    ``wsgi.errors``)."""
    errors: Any = environ.get("wsgi.errors") or sys.stderr
    errors.write("".join(traceback.format_exception(error)))
    errors.flush()


def _tree_fingerprint(directory: str) -> frozenset[tuple[str, int, int]]:
    """Every file under ``directory`` with its size and modification time: any edit,
    addition, removal or rename changes it."""
    entries = set()
    for root, _dirs, files in os.walk(directory):
        for filename in files:
            path = os.path.join(root, filename)
            try:
                stat = os.stat(path)
            except OSError:
                continue  # removed while walking; the next request sees the new tree
            entries.add((path, stat.st_size, stat.st_mtime_ns))
    return frozenset(entries)


class PreviewApp(TemplateApp):
    """:class:`TemplateApp` for development: with ``reload`` every request first checks
    every file under ``directory`` and forgets all compiled templates if any changed (so an
    edited layout or include shows at once, not only an edited page), and template errors
    are answered with an HTML page that shows the error's file, line, column and code
    frame.  That page shows template source: never use this class in production."""

    def __init__(
        self, directory: str | os.PathLike[str], context: ContextSource = None, reload: bool = True
    ) -> None:
        super().__init__(directory, context)
        self.directory = os.fspath(directory)
        self.reload = reload
        self.environment.auto_reload = reload
        self._fingerprint = _tree_fingerprint(self.directory) if reload else frozenset()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Answer one request, after reloading changed templates."""
        if self.reload:
            fingerprint = _tree_fingerprint(self.directory)
            if fingerprint != self._fingerprint and self.environment.cache is not None:
                self.environment.cache.clear()
            self._fingerprint = fingerprint
        return super().__call__(environ, start_response)

    def error_response(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        exc_info: tuple[type[BaseException], BaseException, TracebackType]
        | tuple[None, None, None],
    ) -> Iterable[bytes]:
        """A ``500`` with an HTML page describing the error (also written to the log)."""
        _log_error(environ, exc_info[1])
        body = error_page(exc_info[1]).encode("utf-8")
        start_response(
            _status_line(500),
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def template_position(error: BaseException) -> tuple[str, int, int | None, str] | None:
    """``(file, line, 1-based column, source line)`` of the innermost template frame in the
    traceback of ``error``: generated code carries template positions, so Python's own
    traceback data already points into the template."""
    found = None
    frames = traceback.extract_tb(error.__traceback__)
    tb = error.__traceback__
    for summary in frames:
        assert tb is not None
        if "__tmpl_template__" in tb.tb_frame.f_globals and summary.lineno is not None:
            line = summary.line or ""
            col = None
            if summary.colno is not None:
                # Python's columns are UTF-8 byte offsets.
                col = len(line.encode("utf-8")[: summary.colno].decode("utf-8", "replace")) + 1
            found = (summary.filename, summary.lineno, col, line)
        tb = tb.tb_next
    return found


def error_page(error: BaseException | None) -> str:
    """The HTML of the preview server's error page for ``error``: its type and message,
    the template file, line and column, the code frame and the traceback, all escaped."""
    e = html.escape
    title = type(error).__name__ if error is not None else "Error"
    message = str(getattr(error, "message", None) or error) if error is not None else ""
    location = frame = hint = ""
    if isinstance(error, TemplateSyntaxError):
        where = error.filename or error.name or "<template>"
        location = f"{where}, line {error.lineno}" + (f", column {error.col}" if error.col else "")
        frame = error.code_frame()
        hint = error.hint or ""
    elif error is not None:
        position = template_position(error)
        if position is not None:
            where, lineno, col, line = position
            location = f"{where}, line {lineno}" + (f", column {col}" if col else "")
            frame = f"{lineno} | {line}"
            if col is not None:
                frame += "\n" + " " * (len(f"{lineno} | ") + col - 1) + "^"
    trace = "".join(traceback.format_exception(error)) if error is not None else ""
    parts = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}pre{background:#f6f6f6;"
        "padding:1em;overflow:auto}.loc{font-weight:bold}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="message">{e(message)}</p>',
    ]
    if location:
        parts.append(f'<p class="loc">{e(location)}</p>')
    if frame:
        parts.append(f'<pre class="frame">{e(frame)}</pre>')
    if hint:
        parts.append(f'<p class="hint">hint: {e(hint)}</p>')
    parts.append(f"<details><summary>Traceback</summary><pre>{e(trace)}</pre></details>")
    parts.append("<p><small>tmpl preview server: development only.</small></p></body></html>\n")
    return "\n".join(parts)


def make_preview_server(
    directory: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8000,
    context: ContextSource = None,
    reload: bool = True,
) -> WSGIServer:
    """A ``wsgiref`` server for :class:`PreviewApp` on ``directory``, bound but not yet
    serving (``port=0`` picks a free port: read it from ``server.server_port``).  Call
    ``serve_forever()``; ``shutdown()`` from another thread stops it."""
    app = PreviewApp(directory, context, reload)
    return make_server(host, port, app)


def serve(
    directory: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8000,
    context: ContextSource = None,
    reload: bool = True,
) -> None:
    """Serve ``directory`` with the development preview server until interrupted
    (``tmpl serve DIR``).  Binds to the loopback address unless told otherwise, because
    its error pages show template source."""
    server = make_preview_server(directory, host, port, context, reload)
    with server:
        url = f"http://{host}:{server.server_port}/"
        print(f"Serving {os.fspath(directory)} on {url} (Ctrl+C to stop)", flush=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(
                "warning: the preview server shows template source on errors;"
                " do not expose it beyond your machine",
                file=sys.stderr,
                flush=True,
            )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass

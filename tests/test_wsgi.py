"""tmpl.wsgi: TemplateResponse, TemplateApp and the preview server, called directly and over
real HTTP (wsgiref, waitress), as CGI, and through ``tmpl serve``."""

from __future__ import annotations

import http.client
import io
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

import tmpl
from tmpl.wsgi import (
    PreviewApp,
    TemplateApp,
    TemplateResponse,
    content_type_for,
    make_preview_server,
    page_names,
)

FIXTURES = Path(__file__).parent / "wsgi_fixtures"
SITE = FIXTURES / "site"
CONTEXT = {"site_name": "My site", "visitor": "Ada"}
ROOT = Path(__file__).parent.parent
TIMEOUT = 10


def call(app: Any, path: str = "/", method: str = "GET") -> tuple[str, dict[str, str], bytes, str]:
    """Call a WSGI app in-process: status, headers, body and what it wrote to wsgi.errors."""
    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": method}
    setup_testing_defaults(environ)
    environ["wsgi.errors"] = io.StringIO()
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body, environ["wsgi.errors"].getvalue()


def subprocess_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


# -- page names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("", ["index.html"]),
        ("/", ["index.html"]),
        ("/about", ["about.html", "about/index.html"]),
        ("/docs/", ["docs/index.html"]),
        ("/docs//intro", ["docs/intro.html", "docs/intro/index.html"]),
        ("/feed.xml", ["feed.xml"]),
        ("/caf\xc3\xa9", ["café.html", "café/index.html"]),  # UTF-8 bytes, latin-1 decoded
        ("/_layout.html", None),
        ("/_partials/nav.html", None),
        ("/.hidden.html", None),
        ("/docs/.git/config", None),
        ("/../secret.html", None),
        ("/docs/../../secret.html", None),
        ("/..\\secret.html", None),
        ("/a\\b", None),
        ("/a\x00.html", None),
        ("/\xff", None),  # not UTF-8
    ],
)
def test_page_names(path: str, names: list[str] | None) -> None:
    assert page_names(path) == names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("data.json", "application/json; charset=utf-8"),
        ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("archive.zip", "application/zip"),
        ("noextension", "text/html; charset=utf-8"),
        (None, "text/html; charset=utf-8"),
    ],
)
def test_content_type_for(name: str | None, expected: str) -> None:
    assert content_type_for(name) == expected


def test_content_type_for_other_charset() -> None:
    assert content_type_for("a.html", "latin-1") == "text/html; charset=latin-1"


# -- TemplateResponse ------------------------------------------------------------------------


def test_template_response_renders_with_status_and_headers() -> None:
    env = tmpl.Environment(loader=tmpl.DictLoader({"hi.html": "Hi {{ who }} ✓"}))
    app = TemplateResponse(
        env.get_template("hi.html"), {"who": "<b>"}, status=201, headers=[("X-Test", "1")]
    )
    status, headers, body, _ = call(app)
    assert status == "201 Created"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Test"] == "1"
    assert body == "Hi <b> ✓".encode()
    assert headers["Content-Length"] == str(len(body))


def test_template_response_content_type_and_status_line() -> None:
    template = tmpl.Environment().from_string("{{ 1 + 1 }}")
    app = TemplateResponse(template, status="418 Short And Stout", content_type="text/plain")
    status, headers, body, _ = call(app)
    assert (status, headers["Content-Type"], body) == ("418 Short And Stout", "text/plain", b"2")


def test_template_response_header_content_type_wins() -> None:
    template = tmpl.Environment().from_string("x")
    app = TemplateResponse(template, headers=[("content-type", "text/csv")])
    _, headers, _, _ = call(app)
    assert headers == {"content-type": "text/csv", "Content-Length": "1"}


def test_template_response_streams_while_the_server_iterates() -> None:
    calls: list[int] = []

    def tick(i: int) -> int:
        calls.append(i)
        return i

    template = tmpl.Environment().from_string("{% for i in n %}<{{ tick(i) }}>{% endfor %}")
    app = TemplateResponse(template, {"n": range(3), "tick": tick}, stream=True)
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    result = app(environ, lambda status, headers: None)
    assert calls == []  # nothing rendered before the server asks for the body
    assert b"".join(result) == b"<0><1><2>"
    assert calls == [0, 1, 2]


def test_template_response_stream_has_no_length_and_head_has_no_body() -> None:
    template = tmpl.Environment().from_string("body")
    for stream in (False, True):
        status, headers, body, _ = call(TemplateResponse(template, stream=stream), method="HEAD")
        assert status == "200 OK"
        assert body == b""
        assert ("Content-Length" in headers) is not stream


# -- TemplateApp, in process -----------------------------------------------------------------


@pytest.fixture
def site_app() -> TemplateApp:
    return TemplateApp(SITE, context=CONTEXT)


@pytest.mark.parametrize(
    ("path", "content_type", "text"),
    [
        ("/", "text/html; charset=utf-8", "Welcome, Ada!"),
        ("/about", "text/html; charset=utf-8", "About page"),
        ("/about.html", "text/html; charset=utf-8", "About page"),
        ("/docs", "text/html; charset=utf-8", "Docs index"),
        ("/docs/", "text/html; charset=utf-8", "Docs index"),
        ("/feed.xml", "application/xml; charset=utf-8", "<title>My site</title>"),
        ("/style.css", "text/css; charset=utf-8", "color: black;"),
    ],
)
def test_app_serves_pages(site_app: TemplateApp, path: str, content_type: str, text: str) -> None:
    status, headers, body, _ = call(site_app, path)
    assert status == "200 OK"
    assert headers["Content-Type"] == content_type
    assert headers["Content-Length"] == str(len(body))
    assert text in body.decode()
    if content_type.startswith("text/html"):
        assert "<nav>My site</nav>" in body.decode()  # layout and partial were used


@pytest.mark.parametrize(
    "path",
    [
        "/missing",
        "/docs/missing/",
        "/_layout.html",
        "/_layout",
        "/_partials/nav.html",
        "/.hidden.html",
        "/.hidden",
        "/../secret.html",
        "/docs/../../secret.html",
        "/..%2fsecret.html",
        "/%2e%2e/secret.html",
        "/..\\secret.html",
        "/index.html\x00",
        "/docs/index/",
    ],
)
def test_app_404(site_app: TemplateApp, path: str) -> None:
    status, headers, body, _ = call(site_app, path)
    assert status == "404 Not Found"
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body == b"404 Not Found\n"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_app_405(site_app: TemplateApp, method: str) -> None:
    status, headers, body, _ = call(site_app, "/", method)
    assert status == "405 Method Not Allowed"
    assert headers["Allow"] == "GET, HEAD"


def test_app_head_has_headers_but_no_body(site_app: TemplateApp) -> None:
    _, get_headers, get_body, _ = call(site_app, "/about")
    status, headers, body, _ = call(site_app, "/about", "HEAD")
    assert status == "200 OK"
    assert body == b""
    assert headers == get_headers
    assert headers["Content-Length"] == str(len(get_body))


def test_app_context_callable_receives_environ() -> None:
    def context(environ: dict[str, Any]) -> dict[str, str]:
        return {"site_name": "S", "visitor": environ["QUERY_STRING"]}

    app = TemplateApp(SITE, context=context)
    environ: dict[str, Any] = {"PATH_INFO": "/", "QUERY_STRING": "Grace"}
    setup_testing_defaults(environ)
    body = b"".join(app(environ, lambda status, headers: None))
    assert b"Welcome, Grace!" in body


def test_app_autoescapes_html_not_css() -> None:
    app = TemplateApp(SITE, context={"site_name": "<A&B>", "visitor": "<script>"})
    assert b"Welcome, &lt;script&gt;!" in call(app, "/")[2]
    feed = call(app, "/feed.xml")[2]
    assert b"<title>&lt;A&amp;B&gt;</title>" in feed


def test_app_from_environment_and_plain_500() -> None:
    env = tmpl.Environment(
        loader=tmpl.DictLoader(
            {
                "index.html": "ok",
                "broken.html": "{% if %}secret source",
                "boom.html": "{{ 1 // zero }}",
                "include.html": "{% include 'nowhere.html' %}",
            }
        )
    )
    app = TemplateApp(env, context={"zero": 0})
    assert call(app, "/")[2] == b"ok"
    for path, logged in [
        ("/broken", "TemplateSyntaxError"),
        ("/include", "TemplateNotFound"),
    ]:
        status, headers, body, errors = call(app, path)
        assert status == "500 Internal Server Error"
        assert body == b"500 Internal Server Error\n"  # nothing about the template
        assert logged in errors
    # A non-template error is the server's to handle, as for any WSGI application.
    with pytest.raises(ZeroDivisionError):
        call(app, "/boom")


# -- over real HTTP and CGI ------------------------------------------------------------------


@pytest.fixture
def wsgiref_url() -> Iterator[str]:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = make_server(
        "127.0.0.1", 0, TemplateApp(SITE, context=CONTEXT), handler_class=QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def fetch(url: str, method: str = "GET") -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def raw_get(base: str, path: str) -> int:
    """GET ``path`` exactly as written (urllib would not normalise it, but be explicit)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def check_http_site(base: str, site_name: str) -> None:
    status, headers, body = fetch(base + "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f"<nav>{site_name}</nav>".encode() in body
    status, headers, body = fetch(base + "/feed.xml")
    assert (status, headers["Content-Type"]) == (200, "application/xml; charset=utf-8")
    status, headers, body = fetch(base + "/about", "HEAD")
    assert (status, body) == (200, b"")
    assert int(headers["Content-Length"]) > 0
    assert fetch(base + "/", "POST")[0] == 405
    for path in [
        "/missing",
        "/_layout.html",
        "/../secret.html",
        "/%2e%2e/secret.html",
        "/%2E%2E%2Fsecret.html",
        "/..%5csecret.html",
        "/a%00.html",
    ]:
        assert raw_get(base, path) == 404, path


def test_wsgiref_server(wsgiref_url: str) -> None:
    check_http_site(wsgiref_url, "My site")


def start_subprocess(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    """Start a server process whose first line of output holds its port or URL."""
    process = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=subprocess_env(),
    )
    assert process.stdout is not None
    first_line = process.stdout.readline()
    if not first_line:
        process.kill()
        process.wait(TIMEOUT)
        pytest.fail(f"{args} printed nothing")
    return process, first_line.strip()


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(TIMEOUT)
    if process.stdout is not None:
        process.stdout.close()


def test_waitress_server() -> None:
    process, port = start_subprocess([sys.executable, str(FIXTURES / "waitress_app.py")])
    try:
        check_http_site(f"http://127.0.0.1:{int(port)}", "Waitress site")
    finally:
        stop(process)


def run_cgi(path: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    """Run the CGI script once, the way a web server would, and parse its output."""
    env = {
        **subprocess_env(),
        "GATEWAY_INTERFACE": "CGI/1.1",
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "/cgi-bin/site.py",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    result = subprocess.run(
        [sys.executable, str(FIXTURES / "cgi_app.py")],
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    head, _, body = result.stdout.partition(b"\r\n\r\n")
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n"))
    return headers.pop("Status"), headers, body


def test_cgi() -> None:
    status, headers, body = run_cgi("/docs/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<nav>CGI site</nav>" in body and b"Docs index" in body
    assert run_cgi("/about", "HEAD")[2] == b""
    assert run_cgi("/../secret.html")[0] == "404 Not Found"
    assert run_cgi("/", "POST")[0] == "405 Method Not Allowed"


# -- the preview server ----------------------------------------------------------------------


@pytest.fixture
def preview_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    (tmp_path / "_layout.html").write_text("<h1>Layout v1</h1>{% block body %}{% endblock %}")
    (tmp_path / "index.html").write_text(
        '{% extends "_layout.html" %}{% block body %}Page v1{% endblock %}'
    )
    server = make_preview_server(tmp_path, port=0)
    # The test's output stays clean: wsgiref logs each request to stderr.
    server.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def test_preview_reloads_pages_and_layouts(preview_site: tuple[Path, str]) -> None:
    directory, url = preview_site
    assert fetch(url + "/")[2] == b"<h1>Layout v1</h1>Page v1"
    (directory / "index.html").write_text(
        '{% extends "_layout.html" %}{% block body %}Page version 2{% endblock %}'
    )
    assert fetch(url + "/")[2] == b"<h1>Layout v1</h1>Page version 2"
    # Only the parent changes: the page itself is untouched yet shows the new layout.
    (directory / "_layout.html").write_text("<h1>Layout two</h1>{% block body %}{% endblock %}")
    assert fetch(url + "/")[2] == b"<h1>Layout two</h1>Page version 2"
    (directory / "new.html").write_text("brand new")
    assert fetch(url + "/new")[2] == b"brand new"
    (directory / "new.html").unlink()
    assert fetch(url + "/new")[0] == 404


def test_preview_shows_escaped_syntax_error_page(preview_site: tuple[Path, str]) -> None:
    directory, url = preview_site
    (directory / "index.html").write_text(
        '{% extends "_layout.html" %}\n{% block body %}\n<b>{{ 1 + }}</b>\n{% endblock %}'
    )
    status, headers, body = fetch(url + "/")
    page = body.decode()
    assert status == 500
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>TemplateSyntaxError</h1>" in page
    assert f"{directory / 'index.html'}, line 3, column 11" in page
    assert "3 | &lt;b&gt;{{ 1 + }}&lt;/b&gt;" in page  # the code frame, escaped
    assert "<b>{{" not in page
    # Fixing the file fixes the page.
    (directory / "index.html").write_text("fixed")
    status, _, body = fetch(url + "/")
    assert (status, body) == (200, b"fixed")


def test_preview_shows_runtime_error_position(preview_site: tuple[Path, str]) -> None:
    directory, url = preview_site
    (directory / "_layout.html").write_text("<p>\n  {{ missing.attribute }}</p>")
    status, _, body = fetch(url + "/")
    page = body.decode()
    assert status == 500
    assert "<h1>UndefinedError</h1>" in page
    assert "&#x27;missing&#x27; is undefined" in page
    assert f"{directory / '_layout.html'}, line 2, column 6" in page


def test_preview_without_reload_keeps_compiled_templates(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("one")
    app = PreviewApp(tmp_path, reload=False)
    assert call(app, "/")[2] == b"one"
    (tmp_path / "index.html").write_text("two, longer")
    assert call(app, "/")[2] == b"one"


def test_tmpl_serve_command(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("Hello from {{ 'tmpl serve' }}")
    process, line = start_subprocess(
        [sys.executable, "-m", "tmpl", "serve", str(tmp_path), "--port", "0"]
    )
    try:
        assert line.startswith(f"Serving {tmp_path} on http://127.0.0.1:")
        url = line.split(" on ", 1)[1].split(" ", 1)[0].rstrip("/")
        assert fetch(url + "/")[2] == b"Hello from tmpl serve"
        (tmp_path / "index.html").write_text("{% for %}")
        status, _, body = fetch(url + "/")
        assert status == 500
        assert b"line 1, column" in body
    finally:
        stop(process)

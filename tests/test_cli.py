"""The ``tmpl`` command, run as users run it: ``python -m tmpl`` in a subprocess.

Covers every data format, stdin, merging, output files, exit codes (0 ok, 1 template or
data error, 2 usage error) and the exact text of errors on stderr.
"""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2
import pytest

import tmpl
from tmpl import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(
    *args: str,
    stdin: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    code: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m tmpl ARGS`` (or ``python -c CODE ARGS``), with the repository importable."""
    environ = {**os.environ, **(env or {}), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "tmpl", *args]
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=environ,
        timeout=120,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- render -----------------------------------------------------------------------------------


def test_example_page_renders_like_jinja2() -> None:
    result = run("render", "examples/templates/index.html", "-d", "examples/data.json", cwd=ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(EXAMPLES / "templates"),
        autoescape=jinja2.select_autoescape(),
    )
    data = json.loads((EXAMPLES / "data.json").read_text(encoding="utf-8"))
    assert result.stdout == env.get_template("index.html").render(data)
    assert "<h2>Sencha Kyoto</h2>" in result.stdout
    assert "Tea &amp; Things" in result.stdout  # autoescaped: an .html file


def test_template_from_stdin_with_defines() -> None:
    result = run("render", "-", "-D", "n=3", "-D", "name=Ann", stdin="{{ name }} {{ n + 1 }}")
    assert (result.returncode, result.stdout, result.stderr) == (0, "Ann 4", "")


def test_data_from_stdin_is_json(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ items | join(',') }}")
    result = run("render", str(template), "-d", "-", stdin='{"items": [1, 2]}')
    assert (result.returncode, result.stdout) == (0, "1,2")


def test_defines_are_json_when_they_parse() -> None:
    source = "{{ a is number }} {{ b is string }} {{ c.k }} {{ d is none }} {{ e }}"
    result = run(
        "render",
        "-",
        "-D",
        "a=1.5",
        "-D",
        "b=hello world",
        "-D",
        'c={"k": true}',
        "-D",
        "d=null",
        "-D",
        "e=x=y",
        stdin=source,
    )
    assert result.stdout == "True True True True x=y"


@pytest.mark.parametrize(
    ("filename", "text"),
    [
        ("data.json", '{"site": {"name": "A"}, "n": 2}'),
        ("data.yaml", "site:\n  name: A\nn: 2\n"),
        ("data.yml", "site: {name: A}\nn: 2\n"),
        ("data.toml", 'n = 2\n[site]\nname = "A"\n'),
        ("data.ini", "[site]\nname = A\n"),
        ("data.cfg", "[site]\nname = A\n"),
    ],
)
def test_every_data_format(tmp_path: Path, filename: str, text: str) -> None:
    template = write(tmp_path / "t.txt", "{{ site.name }}/{{ n | default(2) }}")
    data = write(tmp_path / filename, text)
    result = run("render", str(template), "-d", str(data))
    assert (result.returncode, result.stdout, result.stderr) == (0, "A/2", "")


def test_ini_keeps_case_and_percent_signs(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ db.UserName }} {{ db.rate }}")
    data = write(tmp_path / "d.ini", "[db]\nUserName = admin\nrate = 5%\n")
    assert run("render", str(template), "-d", str(data)).stdout == "admin 5%"


def test_env_files(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ A }}|{{ B }}|{{ C }}|{{ D }}|{{ E }}")
    data = write(
        tmp_path / ".env",
        "# settings\nA=1\nexport B = two words\nC=\"line\\nbreak\"\nD='$literal'\n\nE=x # note\n",
    )
    result = run("render", str(template), "-d", str(data))
    assert (result.returncode, result.stdout) == (0, "1|two words|line\nbreak|$literal|x")


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ x }}")
    data = write(tmp_path / "settings.conf", "x = 'toml'\n")
    result = run("render", str(template), "-d", str(data), "--format", "toml")
    assert result.stdout == "toml"


def test_env_prefix_reads_the_process_environment(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ HOST }}:{{ PORT }}")
    result = run(
        "render",
        str(template),
        "--env-prefix",
        "MYAPP_",
        env={"MYAPP_HOST": "db", "MYAPP_PORT": "5432", "OTHER_HOST": "no"},
    )
    assert result.stdout == "db:5432"


def test_data_merges_in_order_and_defines_win(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ db.host }} {{ db.port }} {{ debug }} {{ HOST }}")
    base = write(tmp_path / "base.json", '{"db": {"host": "a", "port": 1}, "debug": false}')
    local = write(tmp_path / "local.toml", "[db]\nhost = 'b'\n")
    result = run(
        "render",
        str(template),
        "-d",
        str(base),
        "-d",
        str(local),
        "-D",
        "debug=true",
        "--env-prefix",
        "T_",
        "-D",
        "HOST=cli",
        env={"T_HOST": "env", "T_debug": "env"},
    )
    assert result.stdout == "b 1 True cli"


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "new ✓\n")
    out = write(tmp_path / "out.txt", "old")
    out.chmod(0o640)
    result = run("render", str(template), "-o", str(out))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8") == "new ✓"  # keep_trailing_newline is off
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "t.txt"]


def test_failed_render_leaves_the_output_alone(tmp_path: Path) -> None:
    template = write(tmp_path / "t.txt", "{{ missing.x }}")
    out = write(tmp_path / "out.txt", "old")
    result = run("render", str(template), "-o", str(out), "--strict")
    assert result.returncode == 1
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "t.txt"]


def test_includes_resolve_next_to_the_template_and_in_search_paths(tmp_path: Path) -> None:
    write(
        tmp_path / "site" / "page.html",
        "{% extends 'base.html' %}{% block b %}{% include 'part.html' %}{% endblock %}",
    )
    write(tmp_path / "site" / "base.html", "[{% block b %}{% endblock %}]")
    write(tmp_path / "shared" / "part.html", "<part>")
    result = run("render", "site/page.html", "-I", "shared", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "[<part>]")


def test_autoescape_by_extension_and_forced(tmp_path: Path) -> None:
    html = write(tmp_path / "t.html", "{{ s }}")
    text = write(tmp_path / "t.txt", "{{ s }}")
    assert run("render", str(html), "-D", "s=<b>").stdout == "&lt;b&gt;"
    assert run("render", str(text), "-D", "s=<b>").stdout == "<b>"
    assert run("render", str(text), "-D", "s=<b>", "--autoescape").stdout == "&lt;b&gt;"
    assert run("render", str(html), "-D", "s=<b>", "--no-autoescape").stdout == "<b>"
    assert run("render", "-", "-D", "s=<b>", stdin="{{ s }}").stdout == "<b>"


def test_extensions(tmp_path: Path) -> None:
    source = "{% for i in range(5) %}{% if i == 2 %}{% break %}{% endif %}{{ i }}{% endfor %}"
    result = run("render", "-", "-e", "jinja2.ext.loopcontrols", stdin=source)
    assert (result.returncode, result.stdout) == (0, "01")


def test_unknown_extension_is_an_error() -> None:
    result = run("render", "-", "-e", "no.such.Extension", stdin="x")
    assert result.returncode == 1
    assert result.stderr.startswith("tmpl: error: cannot load extension: ")


# -- render errors ----------------------------------------------------------------------------


def test_strict_undefined_points_at_the_template(tmp_path: Path) -> None:
    write(tmp_path / "t.txt", "Hello\n  {{ user.name }}!\n")
    result = run("render", "t.txt", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "t.txt:2:6: UndefinedError: 'user' is undefined\n"
        "2 |   {{ user.name }}!\n"
        "         ^^^^^^^^^\n"
    )


def test_error_in_an_included_template_names_that_template(tmp_path: Path) -> None:
    write(tmp_path / "page.txt", "{% include 'part.txt' %}")
    write(tmp_path / "part.txt", "a\n{{ 1 // n }}")
    result = run("render", "page.txt", "-D", "n=0", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "part.txt:2:4: ZeroDivisionError: integer division or modulo by zero\n"
        "2 | {{ 1 // n }}\n"
        "       ^^^^^^\n"
        "hint: run with --traceback to see the Python traceback\n"
    )


def test_traceback_option_shows_the_python_traceback(tmp_path: Path) -> None:
    write(tmp_path / "t.txt", "{{ 1 // n }}")
    result = run("--traceback", "render", "t.txt", "-D", "n=0", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'File "t.txt", line 1, in render_direct' in result.stderr
    assert result.stderr.endswith("ZeroDivisionError: integer division or modulo by zero\n")


def test_syntax_error_with_suggestion(tmp_path: Path) -> None:
    write(tmp_path / "t.html", "<p>{{ name | titel }}</p>")
    result = run("render", "t.html", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "t.html:1:14: No filter named 'titel'.\n"
        "1 | <p>{{ name | titel }}</p>\n"
        "                 ^^^^^\n"
        "hint: did you mean 'title'?\n"
    )
    assert "Traceback" not in result.stderr


def test_missing_include(tmp_path: Path) -> None:
    write(tmp_path / "t.txt", "x\n{% include 'nav.txt' %}")
    result = run("render", "t.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("t.txt:2:1: TemplateNotFound: 'nav.txt' not found in search")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "nope.html"], "tmpl: error: nope.html: no such file\n"),
        (["render", "."], "tmpl: error: .: is a directory\n"),
        (["render", "-", "-d", "nope.json"], "tmpl: error: nope.json: no such file\n"),
    ],
)
def test_missing_files(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*args, stdin="x", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, message)


@pytest.mark.parametrize(
    ("filename", "text", "message"),
    [
        (
            "d.json",
            # (Trailing commas are worded differently from one Python version to the next.)
            '{"a": }',
            "d.json:1:7: invalid JSON: Expecting value",
        ),
        (
            "d.json",
            "[1, 2]",
            "d.json: the data must be a mapping of variable names to values, not list",
        ),
        (
            "d.yaml",
            "a: [1\n",
            "d.yaml:2:1: invalid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("d.toml", "a = \n", "d.toml: invalid TOML: Invalid value (at line 1, column 5)"),
        ("d.ini", "no section\n", "invalid INI: File contains no section headers."),
        (".env", "A=1\nnot a pair\n", ".env:2: expected KEY=value, found 'not a pair'"),
        ("d.xml", "<a/>", "d.xml: cannot tell the data format from the extension '.xml'"),
    ],
)
def test_bad_data(tmp_path: Path, filename: str, text: str, message: str) -> None:
    write(tmp_path / filename, text)
    result = run("render", "-", "-d", filename, stdin="x", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tmpl: error: {message}")
    assert "Traceback" not in result.stderr


def test_yaml_without_pyyaml_says_how_to_install_it(tmp_path: Path) -> None:
    write(tmp_path / "d.yaml", "a: 1\n")
    code = "import sys; sys.modules['yaml'] = None; from tmpl.cli import main; sys.exit(main())"
    result = run("render", "-", "-d", "d.yaml", stdin="x", cwd=tmp_path, code=code)
    assert result.returncode == 1
    assert result.stderr == (
        "tmpl: error: d.yaml: reading YAML needs PyYAML; install it with: pip install 'tmpl[yaml]'\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["render"],
        ["render", "-", "-D", "novalue"],
        ["render", "-", "--format", "xml"],
        ["render", "-", "--autoescape", "--no-autoescape"],
        ["render", "-", "-d", "-"],
        ["frobnicate"],
        ["check"],
        ["compile", "src"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args, stdin="")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "error" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_exits_0() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("render", "check", "compile", "serve"):
        assert command in result.stdout


# -- check ------------------------------------------------------------------------------------


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A small template tree with errors in two files and one good file."""
    write(tmp_path / "base.html", "<body>{% block body %}{% endblock %}</body>\n")
    write(
        tmp_path / "pages" / "home.html",
        "{% extends 'base.html' %}\n"
        "{% block body %}\n"
        "  {{ user.name | uper }}\n"
        "  {% for x in items %}{{ x + }}{% endfor %}\n"
        "{% endblock %}\n",
    )
    write(tmp_path / "mail.txt", "Hi {{ name }\n")
    write(tmp_path / "notes.md", "{{ not a template")
    write(tmp_path / ".hidden" / "x.html", "{{")
    return tmp_path


def test_check_reports_every_error(broken: Path) -> None:
    result = run("check", ".", cwd=broken)
    assert result.returncode == 1
    assert result.stdout == (
        "mail.txt:1:4: '{{' is never closed\n"
        "1 | Hi {{ name }\n"
        "       ^^\n"
        "hint: add '}}' to close it (parsing stopped at line 1, column 12: unexpected '}')\n"
        "pages/home.html:3:18: No filter named 'uper'.\n"
        "3 |   {{ user.name | uper }}\n"
        "                     ^^^^\n"
        "hint: did you mean 'upper'?\n"
        "pages/home.html:4:30: unexpected 'end of print statement'\n"
        "4 |   {% for x in items %}{{ x + }}{% endfor %}\n"
        "                                 ^^\n"
        "hint: an expression is missing here\n"
    )
    assert result.stderr == "tmpl: 3 errors in 2 of 3 templates\n"


def test_check_json(broken: Path) -> None:
    result = run("check", "--format", "json", "pages", "mail.txt", cwd=broken)
    assert result.returncode == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        {
            "file": os.path.join("pages", "home.html"),
            "line": 3,
            "column": 18,
            "end_column": 22,
            "message": "No filter named 'uper'.",
            "hint": "did you mean 'upper'?",
            "kind": "TemplateAssertionError",
        },
        {
            "file": os.path.join("pages", "home.html"),
            "line": 4,
            "column": 30,
            "end_column": 32,
            "message": "unexpected 'end of print statement'",
            "hint": "an expression is missing here",
            "kind": "TemplateSyntaxError",
        },
        {
            "file": "mail.txt",
            "line": 1,
            "column": 4,
            "end_column": 6,
            "message": "'{{' is never closed",
            "hint": "add '}}' to close it (parsing stopped at line 1, column 12: unexpected '}')",
            "kind": "TemplateSyntaxError",
        },
    ]


def test_check_ext_option(broken: Path) -> None:
    result = run("check", "--ext", "md", ".", cwd=broken)
    assert result.returncode == 1
    assert result.stdout.startswith("notes.md:1:1: ")
    assert result.stderr == "tmpl: 1 error in 1 of 1 templates\n"


def test_check_reports_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "latin1.HTML").write_bytes(b"caf\xe9 {{ x }}")
    result = run("check", "--ext", ".html", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "latin1.HTML:1: cannot read the template: not UTF-8 text"
        " (invalid continuation byte at byte 3)\n"
    )


def test_check_clean_tree(tmp_path: Path) -> None:
    write(tmp_path / "a.html", "{{ a }}")
    write(tmp_path / "b" / "c.txt", "{% if x %}y{% endif %}")
    result = run("check", str(tmp_path))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "tmpl: 2 templates checked, no errors\n"


def test_check_finds_nothing(tmp_path: Path) -> None:
    write(tmp_path / "a.css", "x")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("tmpl: error: no templates found")


def test_check_strict(tmp_path: Path) -> None:
    write(tmp_path / "base.html", "{% block body %}{% endblock %}")
    write(
        tmp_path / "page.html",
        "{% extends 'base.html' %}\n"
        "{% from 'forms.html' import field %}\n"
        "{% block body %}{{ usr.name }}{{ site }}{{ title | default('') }}\n"
        "{% if items is emtpy %}{% endif %}{% endblock %}\n",
    )
    plain = run("check", "page.html", cwd=tmp_path)
    assert (plain.returncode, plain.stdout) == (0, "")
    result = run("check", "--strict", "--globals", "user,site", "page.html", cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("page.html:")]
    assert lines == [
        "page.html:2:9: template 'forms.html' does not exist",
        "page.html:3:20: 'usr' is undefined",
        "page.html:4:7: 'items' is undefined",
        "page.html:4:16: No test named 'emtpy'.",
    ]
    assert "hint: did you mean 'user'?" in result.stdout


def test_check_example_templates_strict() -> None:
    result = run(
        "check", "--strict", "--globals", "site,page,products", "examples/templates", cwd=ROOT
    )
    assert (result.returncode, result.stdout) == (0, "")


# -- compile ----------------------------------------------------------------------------------


def _render_precompiled(target: Path) -> str:
    env = tmpl.Environment(
        loader=tmpl.ModuleLoader(str(target)), autoescape=tmpl.select_autoescape()
    )
    data = json.loads((EXAMPLES / "data.json").read_text(encoding="utf-8"))
    return env.get_template("index.html").render(data)


@pytest.mark.parametrize("zipped", [False, True])
def test_compile_for_module_loader(tmp_path: Path, zipped: bool) -> None:
    target = tmp_path / ("out.zip" if zipped else "out")
    args = ["compile", str(EXAMPLES / "templates"), "-o", str(target)]
    result = run(*args, *(["--zip"] if zipped else []))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    if zipped:
        assert len(zipfile.ZipFile(target).namelist()) == 4
    else:
        assert len(list(target.iterdir())) == 4
    expected = run("render", "examples/templates/index.html", "-d", "examples/data.json", cwd=ROOT)
    assert _render_precompiled(target) == expected.stdout


def test_compile_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "tmpl",
                "compile",
                str(EXAMPLES / "templates"),
                "-o",
                str(tmp_path / "o"),
            ],
            stdout=subprocess.PIPE,
            stderr=terminal,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
        os.close(terminal)
        terminal = -1
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # Linux reports the closed terminal as EIO
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if terminal >= 0:
            os.close(terminal)
        os.close(controller)
    assert result.returncode == 0
    assert b"compiling [1/4] _macros.html" in shown
    assert b"compiling [4/4] index.html" in shown
    assert shown.endswith(f"compiled 4 templates into {tmp_path / 'o'}\r\n".encode())


def test_compile_writes_nothing_if_a_template_is_broken(broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    result = run("compile", str(broken), "-o", str(target))
    assert result.returncode == 1
    assert result.stdout.count("hint:") == 3
    assert result.stderr == "tmpl: nothing compiled: 3 errors\n"
    assert not target.exists()


# -- serve and the module -----------------------------------------------------------------------


def test_serve_without_the_preview_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tmpl.wsgi", None)  # as if tmpl/wsgi.py did not exist
    assert cli.main(["serve", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        "tmpl: error: tmpl serve is not available in this version: the preview server"
        " (tmpl.wsgi) is not installed\n"
    )


def test_serve_passes_directory_host_and_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = []
    fake = type(sys)("tmpl.wsgi")
    fake.serve = lambda directory, host, port: calls.append((directory, host, port))
    monkeypatch.setitem(sys.modules, "tmpl.wsgi", fake)
    assert cli.main(["serve", str(tmp_path), "--port", "9001"]) == 0
    assert calls == [(str(tmp_path), "127.0.0.1", 9001)]


def test_importing_the_cli_leaves_data_formats_alone() -> None:
    code = (
        "import sys, tmpl.cli; "
        "print(sorted({'yaml', 'tomllib', 'configparser', 'tmpl.diagnostics'} & set(sys.modules)))"
    )
    assert run(code=code).stdout == "[]\n"


def test_console_script_entry_point() -> None:
    assert cli.main.__module__ == "tmpl.cli"
    result = run(
        "render",
        "-",
        stdin="{{ 6 * 7 }}",
        code="import sys; from tmpl.cli import main; sys.exit(main())",
    )
    assert (result.returncode, result.stdout) == (0, "42")

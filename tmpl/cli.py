"""The ``tmpl`` command line: render a template with data, check templates, precompile a
tree, preview a directory in the browser.

In: command-line arguments, template files, data files (JSON, YAML, TOML, INI, env).
Out: rendered text on stdout or in a file, diagnostics on stderr, an exit status
(0 success, 1 template or data error, 2 usage error).

Importing this module stays cheap: the engine and the data-format parsers are imported only
by the subcommand that needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from .environment import Environment, Template
    from .exceptions import TemplateSyntaxError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

#: Data formats by file extension, for ``--format auto``.
DATA_FORMATS = {
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".ini": "ini",
    ".cfg": "ini",
    ".env": "env",
}


class CommandError(Exception):
    """A problem with the user's input (a file, data, a template) that ends the command
    with a message and ``status``, but never with a traceback."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


# -- data -------------------------------------------------------------------------------------


def _read_text(path: str) -> str:
    """The text of ``path`` (``-`` is stdin), decoded as UTF-8."""
    try:
        if path == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file") from None
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None


def _data_format(path: str, requested: str) -> str:
    if requested != "auto":
        return requested
    if path == "-":
        return "json"
    ext = os.path.splitext(path)[1].lower()
    if not ext and os.path.basename(path).startswith(".env"):
        return "env"  # ".env", ".env.local": the dot-file convention
    if ext in DATA_FORMATS:
        return DATA_FORMATS[ext]
    known = ", ".join(sorted(DATA_FORMATS))
    raise CommandError(
        f"{path}: cannot tell the data format from the extension {ext or '(none)'!r}"
        f" (known: {known}); pass --format"
    )


def _parse_json(text: str, path: str) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"
        ) from None


def _parse_yaml(text: str, path: str) -> Any:
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError:
        raise CommandError(
            f"{path}: reading YAML needs PyYAML; install it with: pip install 'tmpl[yaml]'"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else path
        problem = getattr(error, "problem", None) or str(error)
        raise CommandError(f"{where}: invalid YAML: {problem}") from None


def _parse_toml(text: str, path: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # The message already ends with "(at line L, column C)".
        raise CommandError(f"{path}: invalid TOML: {error}") from None


def _parse_ini(text: str, path: str) -> Any:
    import configparser

    # No interpolation: a literal "%" in a value is data, not a syntax error.
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep the keys' case
    try:
        parser.read_string(text, source=path)
    except configparser.Error as error:
        raise CommandError(f"invalid INI: {error}") from None
    data: dict[str, Any] = {name: dict(parser[name]) for name in parser.sections()}
    if parser.defaults():
        data.setdefault(parser.default_section, dict(parser.defaults()))
    return data


def _parse_env(text: str, path: str) -> dict[str, str]:
    """``KEY=value`` lines as a dict; ``#`` comments, blank lines, ``export KEY=value`` and
    quoted values (``"..."`` with backslash escapes, ``'...'`` literal) as in shell env files."""
    data: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise CommandError(f"{path}:{lineno}: expected KEY=value, found {raw.strip()!r}")
        data[key] = _env_value(value.strip(), path, lineno)
    return data


def _env_value(value: str, path: str, lineno: int) -> str:
    if value[:1] in {'"', "'"}:
        quote = value[0]
        end = value.find(quote, 1)
        while quote == '"' and end > 0 and value[end - 1] == "\\":
            end = value.find(quote, end + 1)
        if end < 0:
            raise CommandError(f"{path}:{lineno}: unterminated {quote} quote")
        inner = value[1:end]
        if quote == '"':
            inner = (
                inner.replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace('\\"', '"')
                .replace("\\\\", "\\")
            )
        return inner
    # Unquoted: a " #" starts a trailing comment.
    comment = value.find(" #")
    return value[:comment].rstrip() if comment >= 0 else value


_PARSERS: dict[str, Callable[[str, str], Any]] = {
    "json": _parse_json,
    "yaml": _parse_yaml,
    "toml": _parse_toml,
    "ini": _parse_ini,
    "env": _parse_env,
}


def load_data(path: str, data_format: str = "auto") -> dict[str, Any]:
    """The variables in data file ``path`` (``-`` for stdin) as a dict.

    ``data_format`` is ``auto`` (by extension; stdin is JSON) or one of ``json``, ``yaml``,
    ``toml``, ``ini``, ``env``.  Raises :class:`CommandError` with a positioned message for
    a missing file or invalid data.
    """
    fmt = _data_format(path, data_format)
    shown = "<stdin>" if path == "-" else path
    data = _PARSERS[fmt](_read_text(path), shown)
    if data is None:  # an empty YAML document
        return {}
    if not isinstance(data, dict):
        raise CommandError(
            f"{shown}: the data must be a mapping of variable names to values,"
            f" not {type(data).__name__}"
        )
    return data


def merge_data(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """``update`` merged into ``base`` (in place): nested mappings merge key by key, any
    other value replaces the one before it.  Later data files override earlier ones."""
    for key, value in update.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            merge_data(current, value)
        else:
            base[key] = value
    return base


def parse_define(text: str) -> tuple[str, Any]:
    """``key=value`` from ``-D``: the value parsed as JSON if it is JSON, else the string."""
    import json

    key, sep, value = text.partition("=")
    if not sep or not key:
        raise CommandError(f"-D expects key=value, got {text!r}", EXIT_USAGE)
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


def environment_variables(prefix: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment's variables starting with ``prefix``, prefix removed."""
    environ = os.environ if environ is None else environ
    return {
        key[len(prefix) :]: value
        for key, value in sorted(environ.items())
        if key.startswith(prefix) and len(key) > len(prefix)
    }


# -- output -----------------------------------------------------------------------------------


def write_output(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: readers see the old file or the new
    one, and a failed render leaves the old file alone."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(
            dir=directory, prefix=os.path.basename(path) + ".", suffix=".tmp"
        )
    except OSError as error:
        raise CommandError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        try:
            mode = os.stat(path).st_mode & 0o7777  # keep an existing file's permissions
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # what open() would have made
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def _write_stdout(text: str) -> None:
    # Bytes, so that the output is UTF-8 with the template's own newlines whatever the
    # locale, exactly like a file written with -o.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


# -- the environment --------------------------------------------------------------------------


def make_environment(
    search_path: Sequence[str],
    strict: bool = False,
    autoescape: bool | None = None,
    extensions: Sequence[str] = (),
) -> Environment:
    """The environment the command line renders and checks with: a ``FileSystemLoader`` on
    ``search_path``, ``StrictUndefined`` if ``strict``, autoescaping forced on or off or (for
    ``None``) chosen by file extension."""
    from . import Environment, FileSystemLoader, StrictUndefined, Undefined, select_autoescape

    escape: bool | Callable[[str | None], bool]
    if autoescape is None:
        # A template read from stdin has no extension to go by: like any file with an
        # unknown extension it is not escaped unless --autoescape says so.
        escape = select_autoescape(default_for_string=False)
    else:
        escape = autoescape
    try:
        return Environment(
            loader=FileSystemLoader(list(search_path)),
            undefined=StrictUndefined if strict else Undefined,
            autoescape=escape,
            extensions=list(extensions),
        )
    except (ImportError, AttributeError, ValueError, TypeError) as error:
        raise CommandError(f"cannot load extension: {error}") from None


# -- render -----------------------------------------------------------------------------------


def _load_template(env: Environment, template: str, stdin_source: str | None) -> Template:
    if stdin_source is not None:
        # Compiled under the name "<stdin>" so that errors and tracebacks name it.
        code = env.compile(stdin_source, "<stdin>", "<stdin>")
        return env.template_class.from_code(env, code, env.make_globals(None))
    return env.get_template(os.path.basename(template))


def cmd_render(args: argparse.Namespace) -> int:
    """``tmpl render``: one template, rendered with the merged data."""
    if args.template == "-" and "-" in args.data:
        raise CommandError("the template and the data cannot both come from stdin", EXIT_USAGE)
    defines = [parse_define(item) for item in args.define]
    data: dict[str, Any] = {}
    for path in args.data:
        merge_data(data, load_data(path, args.format))
    if args.env_prefix:
        merge_data(data, environment_variables(args.env_prefix))
    for key, value in defines:
        data[key] = value

    if args.template == "-":
        stdin_source: str | None = _read_text("-")
        search_path = [os.curdir, *args.search_path]
    else:
        if not os.path.isfile(args.template):
            what = "is a directory" if os.path.isdir(args.template) else "no such file"
            raise CommandError(f"{args.template}: {what}")
        stdin_source = None
        search_path = [os.path.dirname(args.template) or os.curdir, *args.search_path]
    env = make_environment(search_path, args.strict, args.autoescape, args.extension)
    args.environment = env
    template = _load_template(env, args.template, stdin_source)
    text = template.render(data)
    if args.output:
        write_output(args.output, text)
    else:
        _write_stdout(text)
    return EXIT_OK


# -- check ------------------------------------------------------------------------------------

#: The extensions ``tmpl check`` and ``tmpl compile`` look for in directories.
DEFAULT_EXTENSIONS = (".html", ".htm", ".xml", ".txt", ".j2", ".jinja", ".jinja2", ".tmpl")


def _parse_extensions(text: str) -> tuple[str, ...]:
    exts = tuple(f".{e.strip().lstrip('.').lower()}" for e in text.split(",") if e.strip())
    if not exts:
        raise argparse.ArgumentTypeError("expected extensions such as .html,.txt")
    return exts


def _parse_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _wanted(name: str, extensions: Sequence[str]) -> bool:
    """Whether ``/``-separated template ``name`` is a template: the right extension, and no
    hidden file or directory (``.git``, editor backups) on the way."""
    parts = name.split("/")
    return not any(part.startswith(".") for part in parts) and name.lower().endswith(
        tuple(extensions)
    )


def find_templates(path: str, extensions: Sequence[str]) -> tuple[str, list[str]]:
    """The search-path root for ``path`` and the names of its templates below it: a
    directory's templates with one of ``extensions`` (recursively), or a file itself."""
    if os.path.isfile(path):
        return os.path.dirname(path) or os.curdir, [os.path.basename(path)]
    if not os.path.isdir(path):
        raise CommandError(f"{path}: no such file or directory")
    names: list[str] = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        relative = os.path.relpath(dirpath, path)
        prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
        names.extend(prefix + f for f in sorted(filenames) if _wanted(prefix + f, extensions))
    return path, names


def _error_dict(error: TemplateSyntaxError) -> dict[str, Any]:
    return {
        "file": error.filename,
        "line": error.lineno,
        "column": error.col,
        "end_column": error.end_col,
        "message": error.message,
        "hint": error.hint,
        "kind": type(error).__name__,
    }


def check_file(
    env: Environment,
    root: str,
    name: str,
    strict: bool = False,
    known_variables: Sequence[str] = (),
) -> list[TemplateSyntaxError]:
    """Every problem of template ``name`` below ``root`` (see ``tmpl check``)."""
    from .diagnostics import check_template, lint_template
    from .exceptions import TemplateSyntaxError

    filename = os.path.normpath(os.path.join(root, *name.split("/")))
    try:
        source = _read_text(filename)
    except CommandError as error:
        # Reported like any other problem of this file; the message already names it.
        reason = str(error).removeprefix(f"{filename}: ")
        return [TemplateSyntaxError(f"cannot read the template: {reason}", 1, name, filename)]
    template, errors = check_template(env, source, name, filename)
    if strict and template is not None:
        errors += lint_template(env, template, source, name, filename, known_variables)
    return errors


def cmd_check(args: argparse.Namespace) -> int:
    """``tmpl check``: every error of every template, as ``file:line:col: message``."""
    import json

    errors: list[TemplateSyntaxError] = []
    checked = 0
    environments: dict[str, Environment] = {}
    for path in args.paths:
        root, names = find_templates(path, args.ext)
        env = environments.get(root)
        if env is None:
            env = make_environment([root, *args.search_path], extensions=args.extension)
            environments[root] = env
        for name in names:
            errors += check_file(env, root, name, args.strict, args.globals)
            checked += 1
    if not checked:
        raise CommandError(
            f"no templates found (looked for {', '.join(args.ext)}; change with --ext)"
        )
    if args.output_format == "json":
        _write_stdout(json.dumps([_error_dict(e) for e in errors], indent=2) + "\n")
    else:
        _write_stdout("".join(f"{error}\n" for error in errors))
        failed = len({e.filename for e in errors})
        if errors:
            noun = "error" if len(errors) == 1 else "errors"
            summary = f"{len(errors)} {noun} in {failed} of {checked} templates"
        else:
            summary = f"{checked} templates checked, no errors"
        print(f"tmpl: {summary}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


# -- compile ----------------------------------------------------------------------------------


class _Progress:
    """``[n/total] name`` on one self-overwriting terminal line; silent when stderr is not
    a terminal, so that logs and pipes get only errors."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.enabled = sys.stderr.isatty()

    def log(self, message: str) -> None:
        """The ``log_function`` of ``compile_templates``."""
        if message.startswith("Compiled "):
            self.done += 1
            if self.enabled:
                name = message.split('"')[1] if '"' in message else ""
                sys.stderr.write(f"\r\033[Kcompiling [{self.done}/{self.total}] {name}")
                sys.stderr.flush()

    def finish(self, target: str) -> None:
        """Replace the progress line by a summary."""
        if self.enabled:
            sys.stderr.write(f"\r\033[Kcompiled {self.done} templates into {target}\n")


def cmd_compile(args: argparse.Namespace) -> int:
    """``tmpl compile``: precompile a template tree for ``ModuleLoader``.  Nothing is written
    unless every template compiles."""
    if not os.path.isdir(args.source):
        raise CommandError(f"{args.source}: not a directory")
    env = make_environment([args.source], autoescape=args.autoescape, extensions=args.extension)
    args.environment = env
    _, names = find_templates(args.source, args.ext)
    errors = [error for name in names for error in check_file(env, args.source, name)]
    if errors:
        _write_stdout("".join(f"{error}\n" for error in errors))
        print(f"tmpl: nothing compiled: {len(errors)} errors", file=sys.stderr)
        return EXIT_ERROR
    progress = _Progress(len(names))
    wanted = set(names)
    env.compile_templates(
        args.output,
        filter_func=wanted.__contains__,
        zip="deflated" if args.zip else None,
        log_function=progress.log,
        ignore_errors=False,
    )
    progress.finish(args.output)
    return EXIT_OK


# -- serve ------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """``tmpl serve``: the WSGI preview server of ``tmpl.wsgi``, when it is installed."""
    try:
        from .wsgi import serve  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.wsgi":
            raise
        raise CommandError(
            "tmpl serve is not available in this version: the preview server (tmpl.wsgi)"
            " is not installed"
        ) from None
    if not os.path.isdir(args.directory):
        raise CommandError(f"{args.directory}: not a directory")
    serve(args.directory, host=args.host, port=args.port)
    return EXIT_OK


# -- argument parsing -------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, exiting with status 2 and a one-line hint for every usage error."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``tmpl`` command and its subcommands."""
    parser = _Parser(
        prog="tmpl",
        description="Render, check and precompile Jinja2-compatible templates.",
    )
    parser.add_argument(
        "--traceback",
        action="store_true",
        help="show the Python traceback of an error instead of a short message",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    render = commands.add_parser(
        "render",
        help="render a template with data",
        description="Render TEMPLATE with variables from data files and -D options.",
    )
    render.add_argument("template", metavar="TEMPLATE", help="the template file, or - for stdin")
    render.add_argument(
        "-d",
        "--data",
        action="append",
        default=[],
        metavar="DATA",
        help="a data file (JSON, YAML, TOML, INI, env; - for stdin); repeat to merge several",
    )
    render.add_argument(
        "-D",
        "--define",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set one variable (the value is parsed as JSON if it is JSON); applied last",
    )
    render.add_argument(
        "--format",
        choices=["auto", *sorted(_PARSERS)],
        default="auto",
        help="the format of the data files (default: by extension; stdin is JSON)",
    )
    render.add_argument(
        "--env-prefix",
        metavar="PREFIX",
        help="also take the process environment's PREFIX* variables (prefix removed)",
    )
    render.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    render.add_argument(
        "--strict",
        action="store_true",
        help="make every use of an undefined variable an error (StrictUndefined)",
    )
    _add_escape_options(render)
    _add_loader_options(render)
    render.set_defaults(handler=cmd_render)

    check = commands.add_parser(
        "check",
        help="report every error in templates",
        description="Compile every template under the PATHs and report all errors as"
        " file:line:col: message with a code frame.  Exit status 1 if there are any.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a template or a directory")
    check.add_argument(
        "--ext",
        type=_parse_extensions,
        default=DEFAULT_EXTENSIONS,
        help="template extensions to look for in directories"
        f" (default: {','.join(DEFAULT_EXTENSIONS)})",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="also report unknown filters and tests, missing templates and undefined variables",
    )
    check.add_argument(
        "--globals",
        type=_parse_names,
        default=[],
        metavar="NAME,...",
        help="with --strict: the variables the application passes to every template",
    )
    check.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "json"],
        default="text",
        help="text for people, json for editors and CI",
    )
    _add_loader_options(check)
    check.set_defaults(handler=cmd_check)

    compile_ = commands.add_parser(
        "compile",
        help="precompile templates for deployment",
        description="Compile the templates under SRC into TARGET (a directory, or a zip"
        " file with --zip) for tmpl.ModuleLoader.",
    )
    compile_.add_argument("source", metavar="SRC", help="the template directory")
    compile_.add_argument("-o", "--output", required=True, metavar="TARGET", help="where to write")
    compile_.add_argument("--zip", action="store_true", help="write one zip file")
    compile_.add_argument(
        "--ext",
        type=_parse_extensions,
        default=DEFAULT_EXTENSIONS,
        help=f"template extensions (default: {','.join(DEFAULT_EXTENSIONS)})",
    )
    _add_escape_options(compile_)
    compile_.add_argument(
        "-e",
        "--extension",
        action="append",
        default=[],
        metavar="EXTENSION",
        help="load an extension by import path (e.g. jinja2.ext.i18n)",
    )
    compile_.set_defaults(handler=cmd_compile)

    serve = commands.add_parser(
        "serve",
        help="preview the templates of a directory in the browser",
        description="Serve DIR's templates over HTTP for previewing while editing.",
    )
    serve.add_argument("directory", metavar="DIR", help="the template directory")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on")
    serve.set_defaults(handler=cmd_serve)
    return parser


def _add_loader_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-I",
        "--search-path",
        action="append",
        default=[],
        metavar="SEARCH_PATH",
        help="another directory to look for included, extended and imported templates",
    )
    parser.add_argument(
        "-e",
        "--extension",
        action="append",
        default=[],
        metavar="EXTENSION",
        help="load an extension by import path (e.g. jinja2.ext.loopcontrols)",
    )


def _add_escape_options(parser: argparse.ArgumentParser) -> None:
    escape = parser.add_mutually_exclusive_group()
    escape.add_argument(
        "--autoescape",
        dest="autoescape",
        action="store_true",
        default=None,
        help="HTML-escape every output (default: only for .html, .htm and .xml files)",
    )
    escape.add_argument(
        "--no-autoescape",
        dest="autoescape",
        action="store_false",
        help="never escape output",
    )


# -- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tmpl`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit
    status.  Errors are reported on stderr without a traceback unless ``--traceback``."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away: not an error worth a message.  Point stdout at
        # nothing so that the interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:
        if args.traceback:
            raise
        return report_error(error, getattr(args, "environment", None))


def report_error(error: BaseException, environment: Environment | None = None) -> int:
    """Print ``error`` on stderr the way the command line shows it (``environment`` lets
    unknown filters and tests get suggestions); return the exit status."""
    from .diagnostics import format_exception
    from .exceptions import TemplateError

    if isinstance(error, CommandError):
        print(f"tmpl: error: {error}", file=sys.stderr)
        return error.status
    print(format_exception(error, environment), file=sys.stderr)
    if not isinstance(error, TemplateError):
        # Not a template problem as such (a filter or a function raised): the full
        # traceback may be what the user needs next.
        print("hint: run with --traceback to see the Python traceback", file=sys.stderr)
    return EXIT_ERROR

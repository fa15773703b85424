"""Loaders: the Jinja2 contracts, path safety, packages (also zipped), and precompilation."""

from __future__ import annotations

import builtins
import importlib
import linecache
import os
import pathlib
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import tmpl
from tmpl import loaders
from tmpl.bccache import Bucket, BytecodeCache, cache_version
from tmpl.exceptions import TemplateNotFound, TemplateSyntaxError
from tmpl.loaders import (
    BaseLoader,
    ChoiceLoader,
    DictLoader,
    FileSystemLoader,
    FunctionLoader,
    ModuleLoader,
    PackageLoader,
    PrefixLoader,
    compile_templates,
    split_template_path,
)

FIXTURES = pathlib.Path(__file__).parent / "loader_fixtures"
FIRST = FIXTURES / "first"
SECOND = FIXTURES / "second"

# Names that try to leave a search path, in every spelling the loaders must refuse or
# confine: parent segments, absolute paths, Windows separators and drives, NUL bytes.
ESCAPING_NAMES = [
    "../secret.html",
    "../../secret.html",
    "sub/../../secret.html",
    "./../secret.html",
    "/../secret.html",
    "..",
    "..\\secret.html",
    "sub\\..\\..\\secret.html",
    "C:/secret.html",
    "C:secret.html",
    "c:\\secret.html",
    "secret.html\0",
    "\0../secret.html",
    "templates/../../secret.html",
]


@pytest.fixture
def tmp_path() -> Iterator[pathlib.Path]:
    """A temporary directory removed right after the test (pytest's own keeps the last runs)."""
    with tempfile.TemporaryDirectory(prefix="tmpl-test-") as directory:
        yield pathlib.Path(directory)


@pytest.fixture
def env() -> tmpl.Environment:
    return tmpl.Environment()


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """``tmp_path/templates`` with one template, and a secret right outside it."""
    (tmp_path / "secret.html").write_text("SECRET")
    root = tmp_path / "templates"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("index")
    (root / "sub" / "page.html").write_text("page")
    return root


def _absolute_names(tree: pathlib.Path) -> list[str]:
    secret = str(tree.parent / "secret.html")
    return [secret, "//" + secret.lstrip("/"), secret.replace("/", "/./")]


# -- split_template_path ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pieces"),
    [
        ("index.html", ["index.html"]),
        ("a/b/c.html", ["a", "b", "c.html"]),
        ("/index.html", ["index.html"]),
        ("a//b.html", ["a", "b.html"]),
        ("./a/./b.html", ["a", "b.html"]),
        ("a/", ["a"]),
        ("...", ["..."]),
        ("a..b/c", ["a..b", "c"]),
        ("ab:c.html", ["ab:c.html"] if os.name != "nt" else None),
        ("", []),
    ],
)
def test_split_template_path_keeps_names_inside(name: str, pieces: list[str] | None) -> None:
    if pieces is None:
        with pytest.raises(TemplateNotFound):
            split_template_path(name)
    else:
        assert split_template_path(name) == pieces


@pytest.mark.parametrize("name", ESCAPING_NAMES)
def test_split_template_path_refuses_escapes(name: str) -> None:
    with pytest.raises(TemplateNotFound) as info:
        split_template_path(name)
    assert info.value.name == name


# -- path traversal against every loader -------------------------------------------------


@pytest.fixture
def watched_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the loaders stat or open during the test."""
    touched: list[str] = []
    real_isfile, real_isdir, real_open = os.path.isfile, os.path.isdir, builtins.open

    def isfile(path: Any) -> bool:
        touched.append(os.fspath(path))
        return real_isfile(path)

    def isdir(path: Any) -> bool:
        touched.append(os.fspath(path))
        return real_isdir(path)

    def open_(path: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, str | os.PathLike):
            touched.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os.path, "isfile", isfile)
    monkeypatch.setattr(os.path, "isdir", isdir)
    monkeypatch.setattr(loaders, "open", open_, raising=False)
    return touched


def _assert_inside(touched: list[str], root: pathlib.Path) -> None:
    top = os.path.realpath(root)
    for path in touched:
        resolved = os.path.realpath(path)
        assert resolved == top or resolved.startswith(top + os.sep), path


def _loaders_over(tree: pathlib.Path, compiled: pathlib.Path) -> dict[str, BaseLoader]:
    def naive_function(name: str) -> str | None:
        # A FunctionLoader delegates safety to its function; this one uses the helper.
        path = tree.joinpath(*split_template_path(name))
        return path.read_text() if path.is_file() else None

    return {
        "filesystem": FileSystemLoader(str(tree)),
        "filesystem-pathlike": FileSystemLoader([tree, tree / "sub"]),
        "dict": DictLoader({"index.html": "index"}),
        "function": FunctionLoader(naive_function),
        "prefix": PrefixLoader({"app": FileSystemLoader(tree)}),
        "choice": ChoiceLoader([DictLoader({}), FileSystemLoader(tree)]),
        "module": ModuleLoader(compiled),
    }


@pytest.mark.parametrize(
    "loader_name",
    ["filesystem", "filesystem-pathlike", "dict", "function", "prefix", "choice", "module"],
)
def test_no_loader_reads_outside_its_tree(
    loader_name: str,
    tree: pathlib.Path,
    env: tmpl.Environment,
    watched_files: list[str],
) -> None:
    compiled = tree / "compiled"
    compiled.mkdir()
    loader = _loaders_over(tree, compiled)[loader_name]
    names = ESCAPING_NAMES + _absolute_names(tree)
    if loader_name == "prefix":
        names = ["app/" + name for name in names]
    for name in names:
        with pytest.raises(TemplateNotFound):
            if loader.has_source_access:
                loader.get_source(env, name)
            else:
                loader.load(env, name)
    _assert_inside(watched_files, tree)


def test_package_loader_refuses_escapes(
    fixture_package: str, env: tmpl.Environment, watched_files: list[str]
) -> None:
    loader = PackageLoader(fixture_package)
    root = FIXTURES / "packages" / fixture_package / "templates"
    # "__init__.py" sits right outside the templates directory.
    for name in [*ESCAPING_NAMES, "../__init__.py", "/../__init__.py", str(root / "..")]:
        with pytest.raises(TemplateNotFound):
            loader.get_source(env, name)
    _assert_inside(watched_files, root)


def test_zipped_package_loader_refuses_escapes(zipped_package: str, env: tmpl.Environment) -> None:
    loader = PackageLoader(zipped_package)
    for name in [*ESCAPING_NAMES, "../__init__.py"]:
        with pytest.raises(TemplateNotFound):
            loader.get_source(env, name)


def test_symlinks_inside_the_tree_are_followed_like_jinja2(
    tree: pathlib.Path, env: tmpl.Environment
) -> None:
    # Whoever can put a link into the template directory controls the templates anyway;
    # Jinja2 follows such links in get_source, and so does tmpl.
    outside = tree.parent / "outside"
    outside.mkdir()
    (outside / "linked.html").write_text("linked dir")
    (tree / "linked_dir").symlink_to(outside, target_is_directory=True)
    (tree / "linked_file.html").symlink_to(tree.parent / "secret.html")

    plain = FileSystemLoader(tree)
    assert plain.get_source(env, "linked_dir/linked.html")[0] == "linked dir"
    assert plain.get_source(env, "linked_file.html")[0] == "SECRET"
    # followlinks decides only whether listing descends into linked directories.
    assert "linked_dir/linked.html" not in plain.list_templates()
    assert "linked_file.html" in plain.list_templates()
    following = FileSystemLoader(tree, followlinks=True)
    assert "linked_dir/linked.html" in following.list_templates()


# -- BaseLoader and load() ---------------------------------------------------------------


def test_base_loader_contract(env: tmpl.Environment) -> None:
    loader = BaseLoader()
    assert loader.has_source_access
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "x.html")
    with pytest.raises(TypeError):
        loader.list_templates()

    class NoSource(BaseLoader):
        has_source_access = False

    with pytest.raises(RuntimeError, match="NoSource cannot provide access"):
        NoSource().get_source(env, "x.html")


class RecordingCache(BytecodeCache):
    """A bytecode cache in a dict that records what load() asks of it."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        self.calls: list[tuple[str, str]] = []

    def load_bytecode(self, bucket: Bucket) -> None:
        self.calls.append(("load", bucket.key))
        if bucket.key in self.entries:
            bucket.bytecode_from_string(self.entries[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.calls.append(("dump", bucket.key))
        self.entries[bucket.key] = bucket.bytecode_to_string()


def _count_compiles(monkeypatch: pytest.MonkeyPatch, environment: tmpl.Environment) -> list[str]:
    compiled: list[str] = []
    real_compile = environment.compile

    def compile(source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return real_compile(source, name, *args, **kwargs)

    monkeypatch.setattr(environment, "compile", compile)
    return compiled


def test_load_compiles_once_and_reuses_the_bytecode_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = RecordingCache()
    loader = DictLoader({"hello.html": "Hello {{ name }}!"})
    first = tmpl.Environment(loader=loader, bytecode_cache=cache)
    compiled = _count_compiles(monkeypatch, first)
    assert first.get_template("hello.html").render(name="A") == "Hello A!"
    assert compiled == ["hello.html"]
    assert [call for call, _ in cache.calls] == ["load", "dump"]

    second = tmpl.Environment(loader=loader, bytecode_cache=cache)
    compiled_again = _count_compiles(monkeypatch, second)
    assert second.get_template("hello.html").render(name="B") == "Hello B!"
    assert compiled_again == []
    assert [call for call, _ in cache.calls] == ["load", "dump", "load"]


def test_tracebacks_show_template_lines_after_a_cache_hit() -> None:
    cache = RecordingCache()
    source = "line one\n{{ boom() }}\n"

    def boom() -> None:
        raise KeyError("boom")

    loader = DictLoader({"t.html": source})
    tmpl.Environment(loader=loader, bytecode_cache=cache).get_template("t.html")
    code_filename = tmpl.Environment().compile(source, "t.html").co_filename
    linecache.cache.pop(code_filename, None)

    # A fresh environment loads the code from the cache, without compiling.
    template = tmpl.Environment(loader=loader, bytecode_cache=cache).get_template("t.html")
    with pytest.raises(KeyError) as info:
        template.render(boom=boom)
    frames = [entry for entry in info.traceback if str(entry.path) == code_filename]
    assert frames and frames[-1].lineno + 1 == 2
    assert linecache.getline(code_filename, 2) == "{{ boom() }}\n"


def test_load_passes_globals_and_uptodate(env: tmpl.Environment) -> None:
    mapping = {"g.html": "{{ greeting }}"}
    loader = DictLoader(mapping)
    template = loader.load(env, "g.html", {"greeting": "hi"})
    assert template.render() == "hi"
    assert template.is_up_to_date
    mapping["g.html"] = "changed"
    assert not template.is_up_to_date


# -- FileSystemLoader --------------------------------------------------------------------


def test_filesystem_loader_searches_paths_in_order(env: tmpl.Environment) -> None:
    loader = FileSystemLoader([FIRST, str(SECOND)])
    source, filename, uptodate = loader.get_source(env, "index.html")
    assert source == "first index {{ value }}\n"
    assert filename == os.path.normpath(FIRST / "index.html")
    assert uptodate is not None and uptodate()
    assert loader.get_source(env, "only_second.html")[0] == "only in second\n"
    assert loader.get_source(env, "sub/nested.html")[0] == "nested {{ value }}\n"
    assert loader.list_templates() == [
        "index.html",
        "only_first.html",
        "only_second.html",
        "sub/nested.html",
    ]


def test_filesystem_loader_accepts_one_pathlike(env: tmpl.Environment) -> None:
    loader = FileSystemLoader(SECOND)
    assert loader.searchpath == [str(SECOND)]
    assert loader.get_source(env, "index.html")[0] == "second index\n"


def test_filesystem_loader_not_found_names_the_paths(env: tmpl.Environment) -> None:
    with pytest.raises(TemplateNotFound) as one:
        FileSystemLoader(FIRST).get_source(env, "missing.html")
    assert str(one.value) == f"'missing.html' not found in search path: {str(FIRST)!r}"
    assert one.value.name == "missing.html"
    with pytest.raises(TemplateNotFound, match="search paths: "):
        FileSystemLoader([FIRST, SECOND]).get_source(env, "missing.html")
    # A directory is not a template.
    with pytest.raises(TemplateNotFound):
        FileSystemLoader(FIRST).get_source(env, "sub")


def test_filesystem_loader_decodes_with_its_encoding(env: tmpl.Environment) -> None:
    latin1 = FileSystemLoader(FIXTURES / "latin1", encoding="latin-1")
    assert latin1.get_source(env, "greeting.html")[0] == "Grüße aus Köln, {{ name }}\n"
    with pytest.raises(UnicodeDecodeError):
        FileSystemLoader(FIXTURES / "latin1").get_source(env, "greeting.html")


def test_filesystem_loader_reads_utf8_by_default_and_other_encodings(
    tmp_path: pathlib.Path, env: tmpl.Environment
) -> None:
    (tmp_path / "utf8.html").write_text("→ {{ x }} ←", encoding="utf-8")
    (tmp_path / "utf16.html").write_text("ünïcödé", encoding="utf-16")
    assert FileSystemLoader(tmp_path).get_source(env, "utf8.html")[0] == "→ {{ x }} ←"
    utf16 = FileSystemLoader(tmp_path, encoding="utf-16")
    assert utf16.get_source(env, "utf16.html")[0] == "ünïcödé"


def test_filesystem_loader_uptodate_tracks_changes(
    tmp_path: pathlib.Path, env: tmpl.Environment
) -> None:
    path = tmp_path / "t.html"
    path.write_text("old")
    stat = path.stat()
    _, _, uptodate = FileSystemLoader(tmp_path).get_source(env, "t.html")
    assert uptodate is not None and uptodate()
    # Move the mtime explicitly rather than waiting for the clock.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert not uptodate()
    path.unlink()
    assert not uptodate()


def test_filesystem_loader_renders_through_environment(tmp_path: pathlib.Path) -> None:
    environment = tmpl.Environment(loader=FileSystemLoader([FIRST, SECOND]))
    assert environment.get_template("sub/nested.html").render(value=3) == "nested 3"
    assert environment.list_templates(extensions=["html"])[0] == "index.html"


# -- PackageLoader -----------------------------------------------------------------------


def _forget_package(name: str) -> None:
    for module in list(sys.modules):
        if module == name or module.startswith(name + "."):
            del sys.modules[module]
    importlib.invalidate_caches()


@pytest.fixture
def fixture_package(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.syspath_prepend(str(FIXTURES / "packages"))
    yield "tmpl_fixture_pkg"
    _forget_package("tmpl_fixture_pkg")


def _build_zip(path: pathlib.Path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)


@pytest.fixture
def zipped_package(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = "tmpl_zipped_pkg"
    archive = tmp_path / "packages.zip"
    _build_zip(
        archive,
        {
            f"{name}/__init__.py": "",
            f"{name}/templates/index.html": "zipped {{ value }}",
            f"{name}/templates/sub/page.html": "zipped page",
            f"{name}/other/alt.html": "alternative",
            f"{name}/secret.txt": "SECRET",
        },
    )
    monkeypatch.syspath_prepend(str(archive))
    yield name
    _forget_package(name)


def test_package_loader_from_directory(fixture_package: str, env: tmpl.Environment) -> None:
    loader = PackageLoader(fixture_package)
    source, filename, uptodate = loader.get_source(env, "index.html")
    assert source == "package index {{ value }}\n"
    assert filename == os.path.normpath(
        FIXTURES / "packages" / fixture_package / "templates" / "index.html"
    )
    assert uptodate is not None and uptodate()
    assert loader.get_source(env, "sub/page.html")[0] == "package page\n"
    assert loader.list_templates() == ["index.html", "sub/page.html"]
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "missing.html")
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "sub")


def test_package_loader_package_path_variants(fixture_package: str, env: tmpl.Environment) -> None:
    whole = PackageLoader(fixture_package, ".")
    assert whole.get_source(env, "templates/index.html")[0] == "package index {{ value }}\n"
    assert "__init__.py" in whole.list_templates()
    nested = PackageLoader(fixture_package, "templates/sub/")
    assert nested.list_templates() == ["page.html"]
    with pytest.raises(ValueError, match="could not find a 'nothing' directory"):
        PackageLoader(fixture_package, "nothing")


def test_package_loader_renders(fixture_package: str) -> None:
    environment = tmpl.Environment(loader=PackageLoader(fixture_package))
    assert environment.get_template("index.html").render(value=5) == "package index 5"


def test_package_loader_from_zip(zipped_package: str, env: tmpl.Environment) -> None:
    loader = PackageLoader(zipped_package)
    source, filename, uptodate = loader.get_source(env, "index.html")
    assert source == "zipped {{ value }}"
    assert filename is not None and filename.endswith(
        os.path.join("packages.zip", zipped_package, "templates", "index.html")
    )
    assert uptodate is None
    assert loader.get_source(env, "sub/page.html")[0] == "zipped page"
    assert loader.list_templates() == ["index.html", "sub/page.html"]
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "missing.html")
    assert PackageLoader(zipped_package, "other").list_templates() == ["alt.html"]
    environment = tmpl.Environment(loader=loader)
    assert environment.get_template("index.html").render(value=7) == "zipped 7"


def test_package_loader_namespace_package(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, env: tmpl.Environment
) -> None:
    # Two portions of one PEP 420 namespace package; only the second has templates.
    for portion, has_templates in (("one", False), ("two", True)):
        package = tmp_path / portion / "tmpl_namespace_pkg"
        package.mkdir(parents=True)
        if has_templates:
            (package / "templates").mkdir()
            (package / "templates" / "ns.html").write_text("namespace")
        monkeypatch.syspath_prepend(str(tmp_path / portion))
    try:
        loader = PackageLoader("tmpl_namespace_pkg")
        assert loader.get_source(env, "ns.html")[0] == "namespace"
    finally:
        _forget_package("tmpl_namespace_pkg")


def test_package_loader_missing_package() -> None:
    with pytest.raises(ImportError):
        PackageLoader("tmpl_no_such_package_anywhere")


# -- DictLoader, FunctionLoader, PrefixLoader, ChoiceLoader ------------------------------


def test_dict_loader(env: tmpl.Environment) -> None:
    mapping = {"b.html": "B", "a.html": "A"}
    loader = DictLoader(mapping)
    source, filename, uptodate = loader.get_source(env, "a.html")
    assert (source, filename) == ("A", None)
    assert uptodate is not None and uptodate()
    mapping["a.html"] = "changed"
    assert not uptodate()
    assert loader.list_templates() == ["a.html", "b.html"]
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "c.html")


def test_function_loader_return_forms(env: tmpl.Environment) -> None:
    def uptodate() -> bool:
        return True

    def load(name: str) -> str | tuple[str, str | None, Callable[[], bool] | None] | None:
        if name == "plain.html":
            return "plain"
        if name == "full.html":
            return "full", "/virtual/full.html", uptodate
        return None

    loader = FunctionLoader(load)
    assert loader.get_source(env, "plain.html") == ("plain", None, None)
    assert loader.get_source(env, "full.html") == ("full", "/virtual/full.html", uptodate)
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "none.html")
    with pytest.raises(TypeError):
        loader.list_templates()


def test_prefix_loader(env: tmpl.Environment) -> None:
    loader = PrefixLoader(
        {"a": DictLoader({"x.html": "AX", "sub/y.html": "AY"}), "b": DictLoader({"x.html": "BX"})}
    )
    assert loader.get_source(env, "a/x.html")[0] == "AX"
    assert loader.get_source(env, "a/sub/y.html")[0] == "AY"
    assert loader.get_source(env, "b/x.html")[0] == "BX"
    assert loader.list_templates() == ["a/sub/y.html", "a/x.html", "b/x.html"]
    for name in ("c/x.html", "x.html", "b/missing.html"):
        with pytest.raises(TemplateNotFound) as info:
            loader.get_source(env, name)
        assert info.value.name == name
    colon = PrefixLoader({"app": DictLoader({"x.html": "X"})}, delimiter=":")
    assert colon.get_source(env, "app:x.html")[0] == "X"
    assert colon.list_templates() == ["app:x.html"]


def test_prefix_and_choice_loaders_render(env: tmpl.Environment) -> None:
    loader = PrefixLoader(
        {
            "fs": FileSystemLoader(FIRST),
            "any": ChoiceLoader(
                [DictLoader({"index.html": "dict {{ value }}"}), FileSystemLoader(FIRST)]
            ),
        }
    )
    environment = tmpl.Environment(loader=loader)
    assert environment.get_template("fs/index.html").render(value=1) == "first index 1"
    assert environment.get_template("any/index.html").render(value=2) == "dict 2"
    assert environment.get_template("any/sub/nested.html").render(value=3) == "nested 3"
    with pytest.raises(TemplateNotFound) as info:
        environment.get_template("fs/missing.html")
    assert info.value.name == "fs/missing.html"


def test_choice_loader(env: tmpl.Environment) -> None:
    loader = ChoiceLoader(
        [DictLoader({"a.html": "dict a"}), FileSystemLoader(FIRST), FileSystemLoader(SECOND)]
    )
    assert loader.get_source(env, "a.html")[0] == "dict a"
    assert loader.get_source(env, "index.html")[0] == "first index {{ value }}\n"
    assert loader.get_source(env, "only_second.html")[0] == "only in second\n"
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "missing.html")
    assert loader.list_templates() == [
        "a.html",
        "index.html",
        "only_first.html",
        "only_second.html",
        "sub/nested.html",
    ]


# -- compile_templates and ModuleLoader --------------------------------------------------

SOURCES = {
    "index.html": "Hello {{ name }}!",
    "sub/child.html": "{% extends 'index.html' %}",
    "macros.txt": "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}",
    "uses_macro.html": "{% from 'macros.txt' import twice %}{{ twice(name) }}",
}


def _compiled(tmp_path: pathlib.Path, zip: str | None, **kwargs: Any) -> tuple[str, list[str]]:
    log: list[str] = []
    environment = tmpl.Environment(loader=DictLoader(SOURCES))
    target = tmp_path / ("compiled.zip" if zip else "compiled")
    compile_templates(environment, target, zip=zip, log_function=log.append, **kwargs)
    return str(target), log


@pytest.mark.parametrize("zip", [None, "deflated", "stored"])
def test_module_loader_renders_precompiled_templates(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, zip: str | None
) -> None:
    target, log = _compiled(tmp_path, zip)
    assert log[0].startswith("Compiling into")
    assert log[-1] == "Finished compiling templates"
    assert f'Compiled "index.html" as {ModuleLoader.get_module_filename("index.html")}' in log

    environment = tmpl.Environment(loader=ModuleLoader(target))
    compiled = _count_compiles(monkeypatch, environment)
    assert environment.get_template("index.html").render(name="A") == "Hello A!"
    assert environment.get_template("sub/child.html").render(name="B") == "Hello B!"
    assert environment.get_template("uses_macro.html").render(name="C") == "CC"
    assert compiled == []
    with pytest.raises(TemplateNotFound):
        environment.get_template("missing.html")


def test_module_loader_has_no_source(tmp_path: pathlib.Path, env: tmpl.Environment) -> None:
    target, _ = _compiled(tmp_path, None)
    loader = ModuleLoader(target)
    assert not loader.has_source_access
    with pytest.raises(RuntimeError, match="cannot provide access to the source"):
        loader.get_source(env, "index.html")
    template = loader.load(env, "index.html")
    assert template.render(name="E") == "Hello E!"
    assert template.is_up_to_date


def test_module_loader_searches_several_paths(tmp_path: pathlib.Path) -> None:
    environment = tmpl.Environment(loader=DictLoader({"only_a.html": "A"}))
    compile_templates(environment, tmp_path / "a", zip=None)
    environment = tmpl.Environment(loader=DictLoader({"only_b.html": "B"}))
    compile_templates(environment, tmp_path / "b.zip")
    loading = tmpl.Environment(loader=ModuleLoader([tmp_path / "a", str(tmp_path / "b.zip")]))
    assert loading.get_template("only_a.html").render() == "A"
    assert loading.get_template("only_b.html").render() == "B"


def test_compile_templates_writes_marshal_not_python(tmp_path: pathlib.Path) -> None:
    target, _ = _compiled(tmp_path, None)
    files = sorted(os.listdir(target))
    assert files == sorted(ModuleLoader.get_module_filename(name) for name in SOURCES)
    data = (pathlib.Path(target) / files[0]).read_bytes()
    assert data.startswith(b"\x89tmpl-code\r\n\x1a\n")
    with pytest.raises(SyntaxError):
        compile(data, "precompiled", "exec")


@pytest.mark.parametrize(
    ("zip", "method"), [("deflated", zipfile.ZIP_DEFLATED), ("stored", zipfile.ZIP_STORED)]
)
def test_compile_templates_zip_layout(tmp_path: pathlib.Path, zip: str, method: int) -> None:
    target, _ = _compiled(tmp_path, zip)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(
        ModuleLoader.get_module_filename(name) for name in SOURCES
    )
    assert {info.compress_type for info in infos} == {method}
    assert {info.external_attr >> 16 for info in infos} == {0o644}


def test_compile_templates_selects_templates(tmp_path: pathlib.Path) -> None:
    environment = tmpl.Environment(loader=DictLoader(SOURCES))
    compile_templates(environment, tmp_path / "html", zip=None, extensions=["html"])
    assert ModuleLoader.get_module_filename("macros.txt") not in os.listdir(tmp_path / "html")
    assert len(os.listdir(tmp_path / "html")) == 3
    compile_templates(
        environment, tmp_path / "sub", zip=None, filter_func=lambda name: name.startswith("sub/")
    )
    assert os.listdir(tmp_path / "sub") == [ModuleLoader.get_module_filename("sub/child.html")]


def test_compile_templates_errors(tmp_path: pathlib.Path) -> None:
    environment = tmpl.Environment(loader=DictLoader({"good.html": "good", "bad.html": "{% if %}"}))
    log: list[str] = []
    compile_templates(environment, tmp_path / "out", zip=None, log_function=log.append)
    assert any(line.startswith('Could not compile "bad.html": ') for line in log)
    assert os.listdir(tmp_path / "out") == [ModuleLoader.get_module_filename("good.html")]
    with pytest.raises(TemplateSyntaxError):
        compile_templates(environment, tmp_path / "strict", zip=None, ignore_errors=False)
    with pytest.raises(ValueError, match="zip must be"):
        compile_templates(environment, tmp_path / "x.zip", zip="bzip2")
    with pytest.raises(TypeError, match="no loader"):
        compile_templates(tmpl.Environment(), tmp_path / "none")


def test_compile_templates_skips_undecodable_files(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "ok.html").write_text("ok")
    (source / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    environment = tmpl.Environment(loader=FileSystemLoader(source))
    log: list[str] = []
    compile_templates(environment, tmp_path / "out", zip=None, log_function=log.append)
    assert any(line.startswith('Could not compile "logo.png"') for line in log)
    loading = tmpl.Environment(loader=ModuleLoader(tmp_path / "out"))
    assert loading.get_template("ok.html").render() == "ok"


def _other_version() -> bytes:
    """A version stamp of the same length as ours, as another release would write it."""
    version = cache_version()
    return version[:-1] + (b"0" if version[-1:] != b"0" else b"1")


def _rewrite(path: pathlib.Path, change: Callable[[bytes], bytes]) -> None:
    path.write_bytes(change(path.read_bytes()))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda data: b"", "not a tmpl code file"),
        (lambda data: data[:-10], "truncated or corrupt"),
        (lambda data: data[:-1] + bytes([data[-1] ^ 1]), "truncated or corrupt"),
        (
            lambda data: data.replace(cache_version(), _other_version()),
            "another tmpl or Python version",
        ),
        (lambda data: b"print('pwned')\n", "not a tmpl code file"),
    ],
)
def test_module_loader_refuses_stale_or_damaged_files(
    tmp_path: pathlib.Path, change: Callable[[bytes], bytes], reason: str
) -> None:
    target, _ = _compiled(tmp_path, None)
    _rewrite(pathlib.Path(target) / ModuleLoader.get_module_filename("index.html"), change)
    environment = tmpl.Environment(loader=ModuleLoader(target))
    with pytest.raises(TemplateNotFound) as info:
        environment.get_template("index.html")
    assert reason in str(info.value)
    assert "run compile_templates again" in str(info.value)


def test_module_loader_refuses_a_file_renamed_to_another_template(tmp_path: pathlib.Path) -> None:
    target = pathlib.Path(_compiled(tmp_path, None)[0])
    shutil.copy(
        target / ModuleLoader.get_module_filename("uses_macro.html"),
        target / ModuleLoader.get_module_filename("index.html"),
    )
    environment = tmpl.Environment(loader=ModuleLoader(target))
    with pytest.raises(TemplateNotFound, match="another template, source or settings"):
        environment.get_template("index.html")


def test_module_loader_refuses_code_compiled_with_other_settings(tmp_path: pathlib.Path) -> None:
    target, _ = _compiled(tmp_path, None)
    environment = tmpl.Environment(
        loader=ModuleLoader(target), variable_start_string="${", variable_end_string="}"
    )
    with pytest.raises(TemplateNotFound, match="another template, source or settings"):
        environment.get_template("index.html")


def test_module_loader_refuses_damaged_zip(tmp_path: pathlib.Path) -> None:
    target, _ = _compiled(tmp_path, "stored")
    data = bytearray(pathlib.Path(target).read_bytes())
    # Flip a byte inside the first member's stored data: its CRC no longer matches.
    data[60] ^= 0xFF
    pathlib.Path(target).write_bytes(bytes(data))
    environment = tmpl.Environment(loader=ModuleLoader(target))
    with pytest.raises(TemplateNotFound):
        for name in SOURCES:
            environment.get_template(name)
    (tmp_path / "garbage.zip").write_bytes(b"not a zip")
    with pytest.raises(TemplateNotFound):
        tmpl.Environment(loader=ModuleLoader(tmp_path / "garbage.zip")).get_template("index.html")


def test_stale_precompiled_templates_fall_back_to_source(tmp_path: pathlib.Path) -> None:
    target, _ = _compiled(tmp_path, None)
    _rewrite(
        pathlib.Path(target) / ModuleLoader.get_module_filename("index.html"), lambda d: d[:20]
    )
    environment = tmpl.Environment(
        loader=ChoiceLoader([ModuleLoader(target), DictLoader({"index.html": "fresh {{ name }}"})])
    )
    assert environment.get_template("index.html").render(name="D") == "fresh D"

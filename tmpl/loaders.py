"""Loaders: a template name in, ``(source, filename, uptodate)`` out; ``load`` makes a Template.

``get_source`` finds a template's source; :meth:`BaseLoader.load` turns it into a
``Template`` through the environment's bytecode cache (see :mod:`tmpl.bccache`) and
``Environment.compile``.  :func:`compile_templates` writes every template a loader lists as a
precompiled code file; :class:`ModuleLoader` reads those files back without any source.

Template names and the file system
----------------------------------
Names are ``/``-separated whatever the platform.  :func:`split_template_path` turns a name
into path segments for the loaders that read files (``FileSystemLoader``,
``PackageLoader``), and refuses, with ``TemplateNotFound``, every name that could reach
outside the search path: a ``..`` segment, a backslash or the platform's separator inside a
segment, a drive (``C:``) segment (on Windows any ``:``, which would name an NTFS stream), or
a NUL byte.  Empty and ``.`` segments are dropped, as in Jinja2, so ``/index.html`` and
``a//b.html`` mean ``index.html`` and ``a/b.html`` *inside* the search path: an absolute
name never reaches the root of the file system.

Symbolic links behave as in Jinja2: a link that somebody placed inside the search path is
trusted and followed by ``get_source`` wherever it points; ``followlinks`` only decides
whether ``FileSystemLoader.list_templates`` descends into linked directories.

Precompiled templates
---------------------
``compile_templates`` stores each template in ``tmpl_<sha1 of name>.tmplc``, in a directory
or a zip archive, written atomically.  The file is a :func:`tmpl.bccache.code_to_bytes`
entry: magic, ``CODE_FORMAT_VERSION``, tmpl version and ``sys.implementation.cache_tag``,
then a label made of the template name and the environment's code-shaping settings, a
SHA-256 of the payload, and the ``marshal``-ed code object.  ``ModuleLoader`` refuses a file
whose header, label or digest does not match with ``TemplateNotFound`` saying why, so a
stale or foreign precompiled file is never executed.  Put a source loader after it in a
:class:`ChoiceLoader` and such a template is compiled from source instead.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from .bccache import code_from_bytes, code_to_bytes, settings_fingerprint, write_atomically
from .exceptions import TemplateNotFound, TemplateSyntaxError

if TYPE_CHECKING:
    import zipimport

    from .environment import Environment, Template

# zipfile, zipimport and importlib.util are imported where a package loader or precompiled
# templates use them: most processes only read templates from directories, and importing them
# is a measurable share of a cold start.

__all__ = [
    "BaseLoader",
    "ChoiceLoader",
    "DictLoader",
    "FileSystemLoader",
    "FunctionLoader",
    "ModuleLoader",
    "PackageLoader",
    "PrefixLoader",
    "compile_templates",
    "split_template_path",
]

#: What ``get_source`` returns: the source, its file name (or ``None``), and a function
#: telling whether the template is unchanged (or ``None``: always up to date).
SourceTuple = tuple[str, str | None, Callable[[], bool] | None]

_StrPath = str | os.PathLike[str]


def _has_drive(piece: str) -> bool:
    return len(piece) >= 2 and piece[1] == ":" and piece[0].isascii() and piece[0].isalpha()


def split_template_path(template: str) -> list[str]:
    """Split a template name into path segments, refusing names that leave the search path.

    Raises ``TemplateNotFound`` for ``..`` segments, backslashes or the platform's separator
    inside a segment, drive segments (``C:``), and NUL bytes; see the module docstring.
    """
    pieces = []
    for piece in template.split("/"):
        if (
            piece == ".."
            or "\\" in piece
            or "\0" in piece
            or os.path.sep in piece
            or (os.path.altsep and os.path.altsep in piece)
            or _has_drive(piece)
            or (os.name == "nt" and ":" in piece)
        ):
            raise TemplateNotFound(
                template, f"{template!r} is not a template path inside the search path"
            )
        if piece and piece != ".":
            pieces.append(piece)
    return pieces


class BaseLoader:
    """Base class for loaders: subclasses override :meth:`get_source`.

    The environment calls :meth:`load` to get a ``Template``; loaders that combine other
    loaders call their ``get_source`` (or ``load``) directly.
    """

    #: ``False`` for loaders that cannot hand out template sources (``ModuleLoader``).
    has_source_access = True

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """Return ``(source, filename, uptodate)`` for ``template`` or raise TemplateNotFound.

        ``filename`` is the file the source came from, or ``None``; it names the template in
        tracebacks.  ``uptodate`` is called without arguments when auto-reloading and returns
        ``False`` once the template changed; ``None`` means it never changes.
        """
        if not self.has_source_access:
            raise RuntimeError(f"{type(self).__name__} cannot provide access to the source")
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        """Return the sorted names of all templates; ``TypeError`` if the loader cannot."""
        raise TypeError("this loader cannot iterate over all templates")

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Return the ``Template`` for ``name``, using the environment's bytecode cache.

        Subclasses override :meth:`get_source`, not this method.
        """
        if globals is None:
            globals = {}
        source, filename, uptodate = self.get_source(environment, name)
        bcc = environment.bytecode_cache
        if bcc is None:
            code = environment.compile(source, name, filename)
        else:
            bucket = bcc.get_bucket(environment, name, filename, source)
            if bucket.code is not None:
                code = bucket.code
                # compile() hands the source to linecache so tracebacks show template lines;
                # a cache hit skips compile(), so hand it over here.
                from .environment import _register_source

                _register_source(code.co_filename, source)
            else:
                code = environment.compile(source, name, filename)
                bucket.code = code
                bcc.set_bucket(bucket)
        return environment.template_class.from_code(environment, code, globals, uptodate)


def _search_paths(path: _StrPath | Sequence[_StrPath]) -> list[str]:
    if isinstance(path, str) or not isinstance(path, Iterable):
        return [os.fspath(path)]
    return [os.fspath(p) for p in path]


class FileSystemLoader(BaseLoader):
    """Load templates from one or more directories, searched in order.

    ``searchpath`` is a path or a list of paths (``str`` or ``os.PathLike``); relative paths
    are relative to the current directory.  Files are decoded with ``encoding``.
    ``followlinks`` lets :meth:`list_templates` descend into symlinked directories.
    """

    def __init__(
        self,
        searchpath: _StrPath | Sequence[_StrPath],
        encoding: str = "utf-8",
        followlinks: bool = False,
    ) -> None:
        self.searchpath = _search_paths(searchpath)
        self.encoding = encoding
        self.followlinks = followlinks

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """Read ``template`` from the first search path that has it."""
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            # posixpath, even on Windows, so that no segment can be read as a drive or share.
            filename = posixpath.join(searchpath, *pieces)
            # isfile first: opening a FIFO or device that happens to be in the tree would
            # block or read forever.
            if not os.path.isfile(filename):
                continue
            try:
                with open(filename, encoding=self.encoding) as f:
                    # The mtime is taken before reading: a write racing with the read then
                    # leaves the template out of date instead of stale forever.
                    mtime = os.fstat(f.fileno()).st_mtime_ns
                    contents = f.read()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                continue  # removed or replaced since isfile()
            break
        else:
            plural = "path" if len(self.searchpath) == 1 else "paths"
            paths = ", ".join(repr(p) for p in self.searchpath)
            raise TemplateNotFound(template, f"{template!r} not found in search {plural}: {paths}")

        def uptodate() -> bool:
            try:
                return os.stat(filename).st_mtime_ns == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate

    def list_templates(self) -> list[str]:
        """All files below the search paths, as sorted ``/``-separated names."""
        found = set()
        for searchpath in self.searchpath:
            for dirpath, _, filenames in os.walk(searchpath, followlinks=self.followlinks):
                relative = os.path.relpath(dirpath, searchpath)
                for filename in filenames:
                    parts = [] if relative == os.curdir else relative.split(os.path.sep)
                    found.add("/".join([*parts, filename]))
        return sorted(found)


class PackageLoader(BaseLoader):
    """Load templates from the directory ``package_path`` inside an importable package.

    The package may be a directory on disk or inside a zip archive on ``sys.path``
    (zipimport).  For a namespace package, the first portion that has ``package_path`` is
    used.  Files are decoded with ``encoding``.
    """

    def __init__(
        self, package_name: str, package_path: str = "templates", encoding: str = "utf-8"
    ) -> None:
        package_path = os.path.normpath(package_path).rstrip(os.path.sep)
        if package_path == os.curdir:
            package_path = ""
        self.package_name = package_name
        self.package_path = package_path
        self.encoding = encoding

        import importlib.util
        import zipimport

        # Importing first makes namespace packages resolvable by find_spec.
        importlib.import_module(package_name)
        spec = importlib.util.find_spec(package_name)
        if spec is None:
            raise ValueError(f"no import spec was found for the package {package_name!r}")
        loader = spec.loader
        self._archive: str | None = None
        self._zip_loader: zipimport.zipimporter | None = None

        if isinstance(loader, zipimport.zipimporter):
            self._archive = loader.archive
            self._zip_loader = loader
            locations = list(spec.submodule_search_locations or ())
            package_dir = locations[0] if locations else os.path.dirname(spec.origin or "")
            template_root = os.path.join(package_dir, package_path).rstrip(os.path.sep)
        else:
            # One location for a regular package, several for a namespace package, none
            # for a plain module (then its directory is used).
            roots = list(spec.submodule_search_locations or ())
            if not roots and spec.origin is not None:
                roots.append(os.path.dirname(spec.origin))
            if not roots:
                raise ValueError(
                    f"the {package_name!r} package was not installed in a way"
                    " that PackageLoader understands"
                )
            for root in roots:
                candidate = os.path.join(root, package_path)
                if os.path.isdir(candidate):
                    template_root = candidate
                    break
            else:
                raise ValueError(
                    f"PackageLoader could not find a {package_path!r} directory"
                    f" in the {package_name!r} package"
                )
        self._template_root = template_root

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """Read ``template`` from the package's template directory or archive."""
        path = os.path.normpath(posixpath.join(self._template_root, *split_template_path(template)))
        uptodate: Callable[[], bool] | None
        if self._zip_loader is None:
            if not os.path.isfile(path):
                raise TemplateNotFound(template)
            try:
                with open(path, "rb") as f:
                    mtime = os.fstat(f.fileno()).st_mtime_ns
                    data = f.read()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
                raise TemplateNotFound(template) from error

            def uptodate() -> bool:
                try:
                    return os.stat(path).st_mtime_ns == mtime
                except OSError:
                    return False

        else:
            try:
                data = self._zip_loader.get_data(path)
            except OSError as error:
                raise TemplateNotFound(template) from error
            # An archive on sys.path does not change under a running program.
            uptodate = None
        return data.decode(self.encoding), path, uptodate

    def list_templates(self) -> list[str]:
        """All files below the package's template directory, as sorted names."""
        results: list[str] = []
        if self._archive is None:
            for dirpath, _, filenames in os.walk(self._template_root):
                relative = os.path.relpath(dirpath, self._template_root)
                parts = [] if relative == os.curdir else relative.split(os.path.sep)
                results.extend("/".join([*parts, name]) for name in filenames)
        else:
            inner = self._template_root[len(self._archive) :].strip(os.path.sep)
            prefix = inner.replace(os.path.sep, "/") + "/"
            import zipfile

            with zipfile.ZipFile(self._archive) as archive:
                for name in archive.namelist():
                    if name.startswith(prefix) and not name.endswith("/"):
                        results.append(name[len(prefix) :])
        return sorted(results)


class DictLoader(BaseLoader):
    """Load templates from a mapping of names to sources (handy in tests).

    A template is up to date while the mapping holds the same source for its name.
    """

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self.mapping = mapping

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """Return the mapping's source for ``template``."""
        if template not in self.mapping:
            raise TemplateNotFound(template)
        source = self.mapping[template]
        return source, None, lambda: source == self.mapping.get(template)

    def list_templates(self) -> list[str]:
        """The mapping's keys, sorted."""
        return sorted(self.mapping)


class FunctionLoader(BaseLoader):
    """Load templates through a function of the template name.

    The function returns the source as a string, a full ``(source, filename, uptodate)``
    tuple, or ``None`` when there is no such template.
    """

    def __init__(self, load_func: Callable[[str], str | SourceTuple | None]) -> None:
        self.load_func = load_func

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """Ask the function for ``template``."""
        result = self.load_func(template)
        if result is None:
            raise TemplateNotFound(template)
        if isinstance(result, str):
            return result, None, None
        return result


class PrefixLoader(BaseLoader):
    """Dispatch to one of several loaders by the name's prefix.

    ``PrefixLoader({"app": loader})`` loads ``app/index.html`` as ``index.html`` from
    ``loader``; ``delimiter`` separates the prefix from the rest of the name.
    """

    def __init__(self, mapping: Mapping[str, BaseLoader], delimiter: str = "/") -> None:
        self.mapping = mapping
        self.delimiter = delimiter

    def get_loader(self, template: str) -> tuple[BaseLoader, str]:
        """Return the loader for ``template`` and the name to ask it for."""
        prefix, delimiter, name = template.partition(self.delimiter)
        if not delimiter or prefix not in self.mapping:
            raise TemplateNotFound(template)
        return self.mapping[prefix], name

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """The source from the loader the prefix names."""
        loader, name = self.get_loader(template)
        try:
            return loader.get_source(environment, name)
        except TemplateNotFound as error:
            # Report the full name, prefix included: that is what the caller asked for.
            raise TemplateNotFound(template) from error

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Load through the prefixed loader's own ``load`` (which may lack sources)."""
        loader, local_name = self.get_loader(name)
        try:
            return loader.load(environment, local_name, globals)
        except TemplateNotFound as error:
            raise TemplateNotFound(name) from error

    def list_templates(self) -> list[str]:
        """Every loader's templates, each with its prefix."""
        return [
            prefix + self.delimiter + template
            for prefix, loader in self.mapping.items()
            for template in loader.list_templates()
        ]


class ChoiceLoader(BaseLoader):
    """Try several loaders in order; the first one that has the template wins."""

    def __init__(self, loaders: Sequence[BaseLoader]) -> None:
        self.loaders = loaders

    def get_source(self, environment: Environment, template: str) -> SourceTuple:
        """The source from the first loader that has ``template``."""
        for loader in self.loaders:
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                pass
        raise TemplateNotFound(template)

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Load through the first loader that has ``name`` (using its own ``load``)."""
        for loader in self.loaders:
            try:
                return loader.load(environment, name, globals)
            except TemplateNotFound:
                pass
        raise TemplateNotFound(name)

    def list_templates(self) -> list[str]:
        """The union of all loaders' templates, sorted."""
        found: set[str] = set()
        for loader in self.loaders:
            found.update(loader.list_templates())
        return sorted(found)


def _precompiled_label(environment: Environment, name: str) -> str:
    # The name guards against a file copied to another template's file name; the settings
    # against loading code compiled by an environment that generates different code.
    return f"{name}\n{settings_fingerprint(environment, name)}"


class ModuleLoader(BaseLoader):
    """Load templates precompiled by :func:`compile_templates`, without their sources.

    ``path`` is a directory or zip archive (or a list of them, searched in order).  A file
    from another tmpl or Python version, for other settings, or damaged is refused with
    ``TemplateNotFound`` (see the module docstring).
    """

    has_source_access = False

    def __init__(self, path: _StrPath | Sequence[_StrPath]) -> None:
        self.paths = _search_paths(path)

    @staticmethod
    def get_template_key(name: str) -> str:
        """The file stem a template is stored under: ``tmpl_`` and the SHA-1 of its name."""
        return "tmpl_" + hashlib.sha1(name.encode("utf-8")).hexdigest()

    @staticmethod
    def get_module_filename(name: str) -> str:
        """The file name a template is stored under."""
        return ModuleLoader.get_template_key(name) + ".tmplc"

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """Return the ``Template`` for ``name`` from the first valid precompiled file."""
        filename = self.get_module_filename(name)
        label = _precompiled_label(environment, name)
        refused = []
        for path in self.paths:
            data = _read_precompiled(path, filename)
            if data is None:
                continue
            code, reason = code_from_bytes(data, label)
            if code is not None:
                return environment.template_class.from_code(
                    environment, code, {} if globals is None else globals, None
                )
            refused.append(f"{os.path.join(path, filename)} is {reason}")
        if refused:
            raise TemplateNotFound(
                name,
                f"the precompiled {name!r} cannot be used: {'; '.join(refused)};"
                " run compile_templates again",
            )
        raise TemplateNotFound(name)


def _read_precompiled(path: str, filename: str) -> bytes | None:
    """The bytes of ``filename`` in the directory or zip archive ``path``, or ``None``."""
    import zipfile
    import zlib

    try:
        if os.path.isdir(path):
            with open(os.path.join(path, filename), "rb") as f:
                return f.read()
        with zipfile.ZipFile(path) as archive:
            return archive.read(filename)
    except (OSError, KeyError, zipfile.BadZipFile, zlib.error):
        # Missing archive or member, unreadable or damaged archive (a bad CRC raises
        # BadZipFile): nothing usable here.
        return None


_ZIP_METHODS = ("deflated", "stored")


def compile_templates(
    environment: Environment,
    target: _StrPath,
    extensions: Iterable[str] | None = None,
    filter_func: Callable[[str], bool] | None = None,
    zip: str | None = "deflated",
    log_function: Callable[[str], None] | None = None,
    ignore_errors: bool = True,
) -> None:
    """Compile every template the environment's loader lists into ``target`` for ModuleLoader.

    ``target`` is a zip archive (``zip="deflated"`` or ``"stored"``) or, with ``zip=None``, a
    directory (created if needed).  ``extensions`` and ``filter_func`` select templates as in
    ``Environment.list_templates``.  With ``ignore_errors`` a template that fails to compile
    (a syntax error, or a file that does not decode) is skipped and logged; otherwise the
    error propagates.  ``log_function`` receives a line per step.  Every file, and the
    archive as a whole, is written atomically.
    """
    log = log_function if log_function is not None else _ignore_log
    if environment.loader is None:
        raise TypeError("the environment has no loader to list templates from")
    target = os.fspath(target)
    if zip is not None and zip not in _ZIP_METHODS:
        raise ValueError(f"zip must be 'deflated', 'stored' or None, not {zip!r}")

    compiled: dict[str, bytes] = {}
    if zip is not None:
        log(f"Compiling into Zip archive {target!r}")
    else:
        os.makedirs(target, exist_ok=True)
        log(f"Compiling into folder {target!r}")

    for name in environment.list_templates(extensions, filter_func):
        try:
            source, filename, _ = environment.loader.get_source(environment, name)
            code = environment.compile(source, name, filename)
        except (TemplateSyntaxError, UnicodeDecodeError) as error:
            if not ignore_errors:
                raise
            log(f'Could not compile "{name}": {error}')
            continue
        module_filename = ModuleLoader.get_module_filename(name)
        data = code_to_bytes(code, _precompiled_label(environment, name))
        if zip is None:
            write_atomically(os.path.join(target, module_filename), data, _PUBLIC_FILE_MODE)
        else:
            compiled[module_filename] = data
        log(f'Compiled "{name}" as {module_filename}')

    if zip is not None:
        write_atomically(target, _zip_archive(compiled, zip), _PUBLIC_FILE_MODE)
    log("Finished compiling templates")


# Precompiled templates are deployed for other users (a web server) to read.
_PUBLIC_FILE_MODE = stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH


def _ignore_log(message: str) -> None:
    """The log function used when the caller gives none."""


def _zip_archive(files: Mapping[str, bytes], compression: str) -> bytes:
    """A zip archive holding ``files`` in name order, readable by everybody once unpacked;
    ``compression`` is one of ``_ZIP_METHODS``."""
    import io
    import zipfile

    method = zipfile.ZIP_DEFLATED if compression == "deflated" else zipfile.ZIP_STORED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for filename in sorted(files):
            info = zipfile.ZipInfo(filename)
            info.compress_type = method
            info.external_attr = _PUBLIC_FILE_MODE << 16
            archive.writestr(info, files[filename])
    return buffer.getvalue()

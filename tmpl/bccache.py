"""The bytecode cache: compiled templates (code objects) stored on disk or in memcached.

In: the code object ``Environment.compile`` made for a template.  Out: the same code object
in a later process, without lexing, parsing or compiling the template again.

:class:`~tmpl.loaders.BaseLoader.load` asks the environment's ``bytecode_cache`` for a
:class:`Bucket` keyed by the template's name and file name; the bucket carries a checksum of
the source and of the environment settings that shape the generated code.  A bucket that the
cache cannot fill with a code object for exactly that checksum stays empty, the template is
compiled, and the fresh code is handed back with :meth:`BytecodeCache.set_bucket`.

Format of a stored entry (also used for the files ``compile_templates`` writes)::

    MAGIC                    b"\\x89tmpl-code\\r\\n\\x1a\\n"  (spots text-mode mangling)
    2-byte length + version  b"<CODE_FORMAT_VERSION>|<tmpl version>|<cache_tag>"
    4-byte length + label    the bucket checksum (or, for precompiled files, the name)
    32 bytes                 SHA-256 of the payload
    payload                  marshal.dumps(code object), up to the end

Every part is checked before the payload is unmarshalled: a stale tmpl (the compiler's
``CODE_FORMAT_VERSION`` or the package version differ), another Python bytecode version
(``sys.implementation.cache_tag``), a changed source or settings (the label), and a truncated,
bit-flipped, empty or foreign entry (magic and digest) all read as a miss, and a miss is
simply compiled and written again.  Only a ``types.CodeType`` is ever accepted.

Files are written to a temporary file in the cache directory and moved into place with
``os.replace``, so a reader sees either the old entry or the new one, never half of one: any
number of threads and processes may share one directory.  Nothing is fsync'ed; an entry torn
by a power loss fails its digest and is recompiled.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import stat
import struct
import sys
from collections.abc import Callable
from types import CodeType
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Protocol

if TYPE_CHECKING:
    from .environment import Environment

__all__ = [
    "Bucket",
    "BytecodeCache",
    "FileSystemBytecodeCache",
    "MemcachedBytecodeCache",
    "cache_version",
    "code_from_bytes",
    "code_to_bytes",
    "settings_fingerprint",
    "write_atomically",
]

#: The first bytes of every stored entry; the CR LF and ^Z expose text-mode mangling.
MAGIC = b"\x89tmpl-code\r\n\x1a\n"
_DIGEST_SIZE = hashlib.sha256().digest_size
_SHORT = struct.Struct(">H")
_LONG = struct.Struct(">I")

# Environment attributes that change the code the compiler generates for the same source.
# Reading them with getattr keeps environments that lack one (older subclasses) working.
_CODE_SHAPING_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "sandboxed",
    "newstyle_gettext",
)


@functools.cache
def cache_version() -> bytes:
    """The version stamp every stored entry carries: code format, tmpl version, cache tag.

    Read on first use: ``tmpl/__init__`` imports this module lazily, after it has set
    ``__version__``.
    """
    from . import __version__
    from .runtime import CODE_FORMAT_VERSION

    tag = sys.implementation.cache_tag
    if tag is None:
        # An implementation without a cache tag still has a marshal format; pin it exactly.
        tag = f"{sys.implementation.name}-{sys.hexversion:x}"
    return f"{CODE_FORMAT_VERSION}|{__version__}|{tag}".encode()


def code_to_bytes(code: CodeType, label: str) -> bytes:
    """Serialize ``code`` with the header described in the module docstring.

    ``label`` says what the code is for (a source checksum, a template name); the reader must
    present the same label to get the code back.
    """
    payload = marshal.dumps(code)
    version = cache_version()
    label_bytes = label.encode("utf-8")
    return b"".join(
        (
            MAGIC,
            _SHORT.pack(len(version)),
            version,
            _LONG.pack(len(label_bytes)),
            label_bytes,
            hashlib.sha256(payload).digest(),
            payload,
        )
    )


def code_from_bytes(data: bytes, label: str) -> tuple[CodeType | None, str]:
    """Read back what :func:`code_to_bytes` wrote: ``(code, "")`` or ``(None, why_not)``.

    Never raises for bad data; ``why_not`` is a short reason for messages and logs.
    """
    if not data.startswith(MAGIC):
        return None, "not a tmpl code file"
    offset = len(MAGIC)
    version = cache_version()
    expected = _SHORT.pack(len(version)) + version
    if data[offset : offset + len(expected)] != expected:
        return None, "written by another tmpl or Python version"
    offset += len(expected)
    label_bytes = label.encode("utf-8")
    expected = _LONG.pack(len(label_bytes)) + label_bytes
    if data[offset : offset + len(expected)] != expected:
        return None, "written for another template, source or settings"
    offset += len(expected)
    digest = data[offset : offset + _DIGEST_SIZE]
    payload = data[offset + _DIGEST_SIZE :]
    if hashlib.sha256(payload).digest() != digest:
        return None, "truncated or corrupt"
    try:
        code = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        # The digest matched, so this is a marshal stream we wrote but cannot read back
        # (only possible if marshal itself changed under an unchanged cache tag).
        return None, "unreadable marshal data"
    if not isinstance(code, CodeType):
        return None, f"holds a {type(code).__name__}, not a code object"
    return code, ""


def _code_generator_label(environment: Environment) -> str:
    """The dotted name of ``environment.code_generator_class``, found without triggering the
    default's lazy import of the compiler (a cache hit must not need the compiler)."""
    scopes = [getattr(environment, "__dict__", {})] + [vars(k) for k in type(environment).__mro__]
    for scope in scopes:
        if "code_generator_class" in scope:
            generator = scope["code_generator_class"]
            if isinstance(generator, type):
                return f"{generator.__module__}.{generator.__qualname__}"
            return str(getattr(generator, "label", generator))
    return "-"


def settings_fingerprint(environment: Environment, name: str | None) -> str:
    """A digest of the environment settings that shape the code compiled for ``name``.

    Two environments that differ in delimiters, whitespace handling, extensions, async mode,
    sandboxing or the template's autoescape decision generate different code from one
    source, so their cached code must never be swapped.
    """
    parts = [f"{attr}={getattr(environment, attr, None)!r}" for attr in _CODE_SHAPING_SETTINGS]
    parts.append("extensions=" + ",".join(sorted(getattr(environment, "extensions", {}))))
    parts.append(f"generator={_code_generator_label(environment)}")
    for operators in ("intercepted_binops", "intercepted_unops"):
        # A sandbox decides at compile time which operators go through its checks.
        parts.append(f"{operators}={sorted(getattr(environment, operators, ()))!r}")
    # Attributes are looked up inline unless the environment overrides ``getattr``.
    from .environment import inlines_getattr

    parts.append(f"inline_getattr={inlines_getattr(environment)!r}")
    # Whether output goes through finalize is decided in the generated code.
    finalize = getattr(environment, "finalize", None)
    parts.append(f"finalize={finalize is not None!r}")
    autoescape = getattr(environment, "autoescape", False)
    if callable(autoescape):
        # select_autoescape & co decide per template name, at compile time.
        autoescape = autoescape(name)
    parts.append(f"autoescape={bool(autoescape)!r}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


class Bucket:
    """The cached code of one template, as handed between a loader and a bytecode cache.

    ``key`` names the entry in the cache; ``checksum`` is what the stored entry must have been
    written for (source and settings).  ``code`` is the code object, or ``None`` when the
    cache had nothing usable.
    """

    def __init__(self, environment: Environment, key: str, checksum: str) -> None:
        self.environment = environment
        self.key = key
        self.checksum = checksum
        self.code: CodeType | None = None

    def reset(self) -> None:
        """Forget the loaded code, so that the template is compiled again."""
        self.code = None

    def load_bytecode(self, f: BinaryIO) -> None:
        """Fill ``code`` from the file object ``f``; anything unusable leaves the bucket empty."""
        self.bytecode_from_string(f.read())

    def write_bytecode(self, f: IO[bytes]) -> None:
        """Write ``code`` to the file object ``f``; raises ``TypeError`` for an empty bucket."""
        f.write(self.bytecode_to_string())

    def bytecode_from_string(self, string: bytes) -> None:
        """Fill ``code`` from ``string``; anything unusable leaves the bucket empty."""
        self.code, _ = code_from_bytes(string, self.checksum)

    def bytecode_to_string(self) -> bytes:
        """Return ``code`` serialized; raises ``TypeError`` for an empty bucket."""
        if self.code is None:
            raise TypeError("can't write empty bucket")
        return code_to_bytes(self.code, self.checksum)


class BytecodeCache:
    """Base class for bytecode caches: subclasses implement where buckets are kept.

    Override :meth:`load_bytecode` (fill the bucket from storage, or leave it alone) and
    :meth:`dump_bytecode` (store the bucket); validation is the bucket's job, so a storage
    backend never needs to know about versions or checksums.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from storage (``bucket.load_bytecode``); do nothing on a miss."""
        raise NotImplementedError()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store ``bucket`` (``bucket.write_bytecode``); raise if that is impossible."""
        raise NotImplementedError()

    def clear(self) -> None:
        """Remove every entry of this cache.  tmpl never calls it; applications may."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """The storage key for a template: a hex digest of its name and file name."""
        key = hashlib.sha256(name.encode("utf-8"))
        if filename is not None:
            key.update(f"|{filename}".encode())
        return key.hexdigest()

    def get_source_checksum(self, source: str) -> str:
        """A hex digest of the template source."""
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        """Return the bucket for a template, filled from the cache if an entry is valid."""
        key = self.get_cache_key(name, filename)
        settings = settings_fingerprint(environment, name)
        bucket = Bucket(environment, key, f"{self.get_source_checksum(source)}:{settings}")
        self.load_bytecode(bucket)
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        """Store a bucket whose code was just compiled."""
        self.dump_bytecode(bucket)


def _refuse_cache_dir(path: str) -> None:
    raise RuntimeError(
        f"the bytecode cache directory {path!r} is not a private directory of this user;"
        " pass FileSystemBytecodeCache a directory explicitly"
    )


def _private_cache_dir() -> str:
    """Create (or reuse) ``<tmp>/_tmpl-cache-<uid>``, refusing one anybody else controls."""
    import tempfile  # here and in write_atomically: a cache hit needs neither

    tmpdir = tempfile.gettempdir()
    if os.name == "nt":
        # The temp directory is already per user on Windows.
        return tmpdir
    if not hasattr(os, "getuid"):
        _refuse_cache_dir(tmpdir)
    path = os.path.join(tmpdir, f"_tmpl-cache-{os.getuid()}")
    try:
        os.mkdir(path, stat.S_IRWXU)
    except FileExistsError:
        pass
    # lstat, not stat: a symlink planted by another user must not redirect the cache.
    info = os.lstat(path)
    if info.st_uid != os.getuid() or not stat.S_ISDIR(info.st_mode):
        _refuse_cache_dir(path)
    if stat.S_IMODE(info.st_mode) != stat.S_IRWXU:
        # Ours but too open (an old umask, a manual mkdir): tighten it, then check again.
        os.chmod(path, stat.S_IRWXU)
        if stat.S_IMODE(os.lstat(path).st_mode) != stat.S_IRWXU:
            _refuse_cache_dir(path)
    return path


class FileSystemBytecodeCache(BytecodeCache):
    """A bytecode cache keeping one file per template in ``directory``.

    Without a directory, a private per-user directory in the system temp directory is used
    (created with mode 0700; refused if it belongs to somebody else or is a symlink).
    ``pattern`` names the files, ``%s`` standing for the cache key; caches with different
    patterns can share a directory.  Safe to share between threads and processes.
    """

    def __init__(
        self, directory: str | os.PathLike[str] | None = None, pattern: str = "__tmpl_%s.cache"
    ) -> None:
        if directory is None:
            directory = _private_cache_dir()
        self.directory = os.fspath(directory)
        self.pattern = pattern

    def _get_cache_filename(self, bucket: Bucket) -> str:
        return os.path.join(self.directory, self.pattern % (bucket.key,))

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from its file; a missing or unreadable file is a miss."""
        # Open without checking first: the file may vanish (clear()) in between anyway.
        try:
            with open(self._get_cache_filename(bucket), "rb") as f:
                bucket.load_bytecode(f)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write ``bucket`` to its file atomically (temporary file, then ``os.replace``)."""
        write_atomically(self._get_cache_filename(bucket), bucket.bytecode_to_string())

    def clear(self) -> None:
        """Remove this cache's files, including temporary files left by killed writers."""
        import fnmatch

        entry = self.pattern % ("*",)
        for filename in os.listdir(self.directory):
            if fnmatch.fnmatchcase(filename, entry) or fnmatch.fnmatchcase(
                filename, entry + ".*.tmp"
            ):
                _remove_quietly(os.path.join(self.directory, filename))


def write_atomically(path: str, data: bytes, mode: int = stat.S_IRUSR | stat.S_IWUSR) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The data goes to a temporary file (``<name>.<random>.tmp``, created with ``mode``) in the
    same directory, which then replaces ``path`` with ``os.replace``.
    """
    import tempfile

    fd, tmp_name = tempfile.mkstemp(
        dir=os.path.dirname(path) or ".", prefix=os.path.basename(path) + ".", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            if hasattr(os, "fchmod"):  # not on Windows, where the mode bits mean little
                os.fchmod(f.fileno(), mode)
            f.write(data)
        os.replace(tmp_name, path)
    except FileNotFoundError:
        # A concurrent FileSystemBytecodeCache.clear() removed the temporary file before the
        # rename.  Losing this one write is harmless: the next load compiles again.
        pass
    except BaseException:
        _remove_quietly(tmp_name)
        raise


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        # Already removed by another clear() or by its writer, or (Windows) held open by a
        # reader: either way there is nothing useful to do about it.
        pass


class MemcachedClient(Protocol):
    """What :class:`MemcachedBytecodeCache` needs of a memcached client."""

    def get(self, key: str, /) -> Any:
        """Return the bytes stored under ``key``, or ``None``."""

    def set(self, key: str, value: bytes, timeout: int = ..., /) -> Any:
        """Store ``value`` under ``key``, for ``timeout`` seconds when one is given."""


class MemcachedBytecodeCache(BytecodeCache):
    """A bytecode cache in memcached, through any client with ``get`` and ``set``.

    ``set(key, value[, timeout])`` and ``get(key) -> bytes | None`` are all that is used
    (pymemcache, python-memcached, cachelib and others fit).  Keys are ``prefix`` plus the
    cache key; ``timeout`` (seconds) is passed to ``set`` when given.  With
    ``ignore_memcache_errors`` a failing server is a cache miss instead of an error.
    :meth:`clear` does nothing: memcached cannot list keys.
    """

    def __init__(
        self,
        client: MemcachedClient,
        prefix: str = "tmpl/bytecode/",
        timeout: int | None = None,
        ignore_memcache_errors: bool = True,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.timeout = timeout
        self.ignore_memcache_errors = ignore_memcache_errors

    def _call(self, operation: Callable[[], Any]) -> Any:
        try:
            return operation()
        except Exception:
            if not self.ignore_memcache_errors:
                raise
            return None

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from memcached; a miss, an error or a non-bytes value is a miss."""
        value = self._call(lambda: self.client.get(self.prefix + bucket.key))
        if isinstance(value, bytes | bytearray | memoryview):
            bucket.bytecode_from_string(bytes(value))

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store ``bucket`` in memcached, with the timeout if one was given."""
        key = self.prefix + bucket.key
        value = bucket.bytecode_to_string()
        timeout = self.timeout
        if timeout is not None:
            self._call(lambda: self.client.set(key, value, timeout))
        else:
            self._call(lambda: self.client.set(key, value))

"""The bytecode cache: entry format, damage handling, file system and memcached backends."""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pathlib
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from types import CodeType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tmpl
from tmpl.bccache import (
    MAGIC,
    Bucket,
    BytecodeCache,
    FileSystemBytecodeCache,
    MemcachedBytecodeCache,
    cache_version,
    code_from_bytes,
    code_to_bytes,
    settings_fingerprint,
)
from tmpl.loaders import DictLoader

REPO = pathlib.Path(__file__).resolve().parent.parent
CODE = compile("result = 6 * 7", "<cached>", "exec")
LABEL = "checksum-of-the-source"


@pytest.fixture
def tmp_path() -> Iterator[pathlib.Path]:
    """A temporary directory removed right after the test (pytest's own keeps the last runs)."""
    with tempfile.TemporaryDirectory(prefix="tmpl-test-") as directory:
        yield pathlib.Path(directory)


def _run(code: CodeType) -> Any:
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    return namespace["result"]


def _entry(payload: bytes, label: str = LABEL) -> bytes:
    """An entry laid out as the module docstring says, around an arbitrary payload."""
    version = cache_version()
    label_bytes = label.encode()
    return (
        MAGIC
        + struct.pack(">H", len(version))
        + version
        + struct.pack(">I", len(label_bytes))
        + label_bytes
        + hashlib.sha256(payload).digest()
        + payload
    )


# -- the entry format --------------------------------------------------------------------


def test_entry_round_trip() -> None:
    data = code_to_bytes(CODE, LABEL)
    assert data == _entry(marshal.dumps(CODE))
    code, reason = code_from_bytes(data, LABEL)
    assert reason == ""
    assert code is not None and _run(code) == 42


def test_version_stamp_names_format_tmpl_and_python() -> None:
    from tmpl.runtime import CODE_FORMAT_VERSION

    assert cache_version().split(b"|") == [
        str(CODE_FORMAT_VERSION).encode(),
        tmpl.__version__.encode(),
        (sys.implementation.cache_tag or "").encode(),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a tmpl code file"),
        (b"\x89tmpl", "not a tmpl code file"),
        (marshal.dumps(CODE), "not a tmpl code file"),
        (code_to_bytes(CODE, "another label"), "written for another template, source or settings"),
        (code_to_bytes(CODE, LABEL) + b"trailing", "truncated or corrupt"),
        (_entry(marshal.dumps(42)), "holds a int, not a code object"),
        (_entry(marshal.dumps({"co_code": b""})), "holds a dict, not a code object"),
        (_entry(b""), "unreadable marshal data"),
        (_entry(b"\xff\xff"), "unreadable marshal data"),
        (_entry(marshal.dumps(CODE)[:-3]), "unreadable marshal data"),
    ],
)
def test_unusable_entries_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    assert code_from_bytes(data, LABEL) == (None, reason)


def test_entry_from_another_version_is_refused() -> None:
    version = cache_version()
    other = version[:-1] + (b"0" if version[-1:] != b"0" else b"1")
    data = code_to_bytes(CODE, LABEL).replace(version, other, 1)
    assert code_from_bytes(data, LABEL) == (None, "written by another tmpl or Python version")


def test_every_truncation_and_every_flipped_byte_is_refused() -> None:
    data = code_to_bytes(CODE, LABEL)
    for length in range(len(data)):
        assert code_from_bytes(data[:length], LABEL)[0] is None, length
    for index in range(len(data)):
        damaged = bytearray(data)
        damaged[index] ^= 0x5A
        assert code_from_bytes(bytes(damaged), LABEL)[0] is None, index


@given(st.binary(max_size=300), st.text(max_size=20))
def test_arbitrary_bytes_never_raise(data: bytes, label: str) -> None:
    code, reason = code_from_bytes(data, label)
    assert code is None and reason


# -- Bucket and BytecodeCache ------------------------------------------------------------


def test_bucket_reads_and_writes_files_and_strings() -> None:
    environment = tmpl.Environment()
    bucket = Bucket(environment, "key", LABEL)
    assert bucket.code is None
    with pytest.raises(TypeError, match="empty bucket"):
        bucket.bytecode_to_string()
    bucket.code = CODE
    stream = io.BytesIO()
    bucket.write_bytecode(stream)
    assert stream.getvalue() == bucket.bytecode_to_string() == code_to_bytes(CODE, LABEL)

    loaded = Bucket(environment, "key", LABEL)
    loaded.load_bytecode(io.BytesIO(stream.getvalue()))
    assert loaded.code is not None and _run(loaded.code) == 42
    loaded.reset()
    assert loaded.code is None

    stale = Bucket(environment, "key", "the source changed")
    stale.bytecode_from_string(stream.getvalue())
    assert stale.code is None
    # A bucket that had code and then reads garbage is empty again.
    loaded.bytecode_from_string(stream.getvalue())
    loaded.bytecode_from_string(b"garbage")
    assert loaded.code is None


def test_bytecode_cache_keys_and_checksums() -> None:
    cache = BytecodeCache()
    assert cache.get_cache_key("a.html") == cache.get_cache_key("a.html")
    assert cache.get_cache_key("a.html") != cache.get_cache_key("b.html")
    assert cache.get_cache_key("a.html") != cache.get_cache_key("a.html", "/x/a.html")
    assert cache.get_source_checksum("x") != cache.get_source_checksum("y")
    with pytest.raises(NotImplementedError):
        cache.load_bytecode(Bucket(tmpl.Environment(), "k", "c"))
    with pytest.raises(NotImplementedError):
        cache.dump_bytecode(Bucket(tmpl.Environment(), "k", "c"))
    cache.clear()


def test_settings_that_change_generated_code_change_the_checksum() -> None:
    def checksum(environment: tmpl.Environment, name: str = "t.html") -> str:
        memory = MemoryCache()
        return memory.get_bucket(environment, name, None, "{{ x }}").checksum

    plain = checksum(tmpl.Environment())
    assert checksum(tmpl.Environment()) == plain
    assert checksum(tmpl.Environment(block_start_string="<%", block_end_string="%>")) != plain
    assert checksum(tmpl.Environment(trim_blocks=True)) != plain
    assert checksum(tmpl.Environment(autoescape=True)) != plain
    assert checksum(tmpl.Environment(enable_async=True)) != plain
    assert checksum(tmpl.Environment(extensions=["jinja2.ext.loopcontrols"])) != plain

    def by_name(name: str | None) -> bool:
        return bool(name and name.endswith(".html"))

    selective = tmpl.Environment(autoescape=by_name)
    assert checksum(selective, "t.html") == checksum(tmpl.Environment(autoescape=True))
    assert checksum(selective, "t.txt") == plain
    assert settings_fingerprint(selective, "t.html") != settings_fingerprint(selective, "t.txt")


class MemoryCache(BytecodeCache):
    """The smallest real backend: a dict."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.entries:
            bucket.bytecode_from_string(self.entries[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.entries[bucket.key] = bucket.bytecode_to_string()


# -- FileSystemBytecodeCache -------------------------------------------------------------


def _filled_bucket(cache: BytecodeCache, name: str = "t.html", source: str = "src") -> Bucket:
    bucket = cache.get_bucket(tmpl.Environment(), name, None, source)
    bucket.code = CODE
    return bucket


def test_filesystem_cache_round_trip(tmp_path: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache(tmp_path)
    assert cache.get_bucket(tmpl.Environment(), "t.html", None, "src").code is None
    cache.set_bucket(_filled_bucket(cache))
    (entry,) = os.listdir(tmp_path)
    assert entry == f"__tmpl_{cache.get_cache_key('t.html')}.cache"
    assert stat.S_IMODE((tmp_path / entry).stat().st_mode) == 0o600

    again = FileSystemBytecodeCache(str(tmp_path)).get_bucket(
        tmpl.Environment(), "t.html", None, "src"
    )
    assert again.code is not None and _run(again.code) == 42
    changed = cache.get_bucket(tmpl.Environment(), "t.html", None, "changed source")
    assert changed.code is None


def test_filesystem_cache_treats_unreadable_entries_as_misses(tmp_path: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache(tmp_path, pattern="%s.entry")
    bucket = _filled_bucket(cache)
    # A directory where the file should be: a miss, not an error.
    (tmp_path / f"{bucket.key}.entry").mkdir()
    assert cache.get_bucket(tmpl.Environment(), "t.html", None, "src").code is None


def test_filesystem_cache_clear_removes_only_its_files(tmp_path: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache(tmp_path)
    other = FileSystemBytecodeCache(tmp_path, pattern="other_%s.bin")
    cache.set_bucket(_filled_bucket(cache, "a.html"))
    cache.set_bucket(_filled_bucket(cache, "b.html"))
    other.set_bucket(_filled_bucket(other, "a.html"))
    # What a writer killed between writing and renaming leaves behind.
    (tmp_path / "__tmpl_abc.cache.k3y9x.tmp").write_bytes(b"partial")
    (tmp_path / "unrelated.txt").write_text("keep me")
    cache.clear()
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["unrelated.txt", f"other_{other.get_cache_key('a.html')}.bin"]
    )


def test_dump_into_a_missing_directory_raises(tmp_path: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache(tmp_path / "missing")
    with pytest.raises(FileNotFoundError):
        cache.set_bucket(_filled_bucket(cache))


@pytest.fixture
def private_tmp(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path / f"_tmpl-cache-{os.getuid()}"


def test_default_directory_is_private(private_tmp: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache()
    assert cache.directory == str(private_tmp)
    assert stat.S_IMODE(private_tmp.stat().st_mode) == 0o700
    cache.set_bucket(_filled_bucket(cache))
    assert FileSystemBytecodeCache().get_bucket(tmpl.Environment(), "t.html", None, "src").code


def test_default_directory_too_open_is_tightened(private_tmp: pathlib.Path) -> None:
    private_tmp.mkdir(mode=0o755)
    private_tmp.chmod(0o777)
    FileSystemBytecodeCache()
    assert stat.S_IMODE(private_tmp.stat().st_mode) == 0o700


def test_default_directory_refuses_a_planted_symlink(
    private_tmp: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    (tmp_path / "attacker").mkdir(mode=0o700)
    private_tmp.symlink_to(tmp_path / "attacker", target_is_directory=True)
    with pytest.raises(RuntimeError, match="not a private directory"):
        FileSystemBytecodeCache()


def test_default_directory_refuses_one_owned_by_somebody_else(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    other_uid = os.getuid() + 1
    (tmp_path / f"_tmpl-cache-{other_uid}").mkdir(mode=0o700)
    # Pretend to be that other user: the directory's owner (us) is then a stranger.
    monkeypatch.setattr(os, "getuid", lambda: other_uid)
    with pytest.raises(RuntimeError, match="not a private directory"):
        FileSystemBytecodeCache()


# -- rendering through a damaged cache ---------------------------------------------------

TEMPLATES = {
    "base.html": "<h1>{% block title %}base{% endblock %}</h1>{% block body %}{% endblock %}",
    "page.html": (
        "{% extends 'base.html' %}{% block title %}{{ title }}{% endblock %}"
        "{% block body %}{% for i in items %}[{{ i }}]{% endfor %}{% endblock %}"
    ),
    "other.html": "{{ title | upper }}-{{ items | length }}",
}
EXPECTED = {"page.html": "<h1>T</h1>[1][2][3]", "other.html": "T-3"}


def _render_all(cache: BytecodeCache) -> dict[str, str]:
    environment = tmpl.Environment(loader=DictLoader(TEMPLATES), bytecode_cache=cache)
    return {
        name: environment.get_template(name).render(title="T", items=[1, 2, 3]) for name in EXPECTED
    }


def _entries(directory: pathlib.Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _assert_cache_is_whole(cache: BytecodeCache, directory: pathlib.Path, files: list[str]) -> None:
    """Every template has a valid entry again (bytes may differ: marshal is not canonical)."""
    assert sorted(os.listdir(directory)) == files
    environment = tmpl.Environment()
    for name, source in TEMPLATES.items():
        assert cache.get_bucket(environment, name, None, source).code is not None, name


def test_damaged_cache_files_are_ignored_and_rewritten(tmp_path: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache(tmp_path)
    assert _render_all(cache) == EXPECTED
    good = _entries(tmp_path)
    assert len(good) == len(TEMPLATES)
    names = sorted(good)

    damages = {
        "empty": lambda data: b"",
        "truncated": lambda data: data[: len(data) // 2],
        "one byte short": lambda data: data[:-1],
        "flipped payload byte": lambda data: data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
        "foreign file": lambda data: b"\x7fELF" + bytes(range(256)),
        "bare marshal": lambda data: marshal.dumps(compile("x = 1", "<evil>", "exec")),
        "another version": lambda data: data.replace(cache_version(), cache_version()[:-1] + b"~"),
    }
    for damage, change in damages.items():
        for name in names:
            (tmp_path / name).write_bytes(change(good[name]))
        assert _render_all(cache) == EXPECTED, damage
        _assert_cache_is_whole(cache, tmp_path, names)

    # Swap two entries: each is now valid but for another template.
    first, second = names[0], names[1]
    (tmp_path / first).write_bytes(good[second])
    (tmp_path / second).write_bytes(good[first])
    assert _render_all(cache) == EXPECTED
    _assert_cache_is_whole(cache, tmp_path, names)


def test_cache_entry_of_a_changed_source_is_replaced(tmp_path: pathlib.Path) -> None:
    cache = FileSystemBytecodeCache(tmp_path)
    environment = tmpl.Environment(loader=DictLoader({"t.html": "one"}), bytecode_cache=cache)
    assert environment.get_template("t.html").render() == "one"
    environment = tmpl.Environment(loader=DictLoader({"t.html": "two"}), bytecode_cache=cache)
    assert environment.get_template("t.html").render() == "two"
    assert len(os.listdir(tmp_path)) == 1


# -- several processes and threads sharing one directory ---------------------------------

WORKER = textwrap.dedent(
    """
    import sys, threading, random
    import tmpl
    from tmpl.bccache import FileSystemBytecodeCache
    from tmpl.loaders import DictLoader

    cache_dir, role = sys.argv[1], sys.argv[2]
    TEMPLATES = {
        f"t{i}.html": (
            "{% extends 'base.html' %}{% block body %}"
            + f"{i}:" + "{{ items | join(',') }}{% endblock %}"
        )
        for i in range(12)
    }
    TEMPLATES["base.html"] = "<{% block body %}{% endblock %}>"
    compiles = []
    real_compile = tmpl.Environment.compile

    def counting_compile(self, source, name=None, *args, **kwargs):
        compiles.append(name)
        return real_compile(self, source, name, *args, **kwargs)

    tmpl.Environment.compile = counting_compile
    failures = []

    def work(seed):
        rng = random.Random(seed)
        cache = FileSystemBytecodeCache(cache_dir)
        for round in range(6):
            # A fresh environment per round, so every template goes through the cache.
            environment = tmpl.Environment(loader=DictLoader(TEMPLATES), bytecode_cache=cache)
            names = [n for n in TEMPLATES if n != "base.html"]
            rng.shuffle(names)
            for name in names:
                i = name[1:-5]
                got = environment.get_template(name).render(items=[round, i])
                if got != f"<{i}:{round},{i}>":
                    failures.append((name, got))
            if role == "clearer" and round % 2:
                cache.clear()

    if role == "single":
        work(0)
    else:
        threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failures:
        sys.exit(f"wrong output: {failures[:3]}")
    print(len(compiles))
    """
)


def _python(script: pathlib.Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> str:
    try:
        out, err = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    return out


@pytest.fixture
def worker(tmp_path: pathlib.Path) -> pathlib.Path:
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    return script


def test_processes_and_threads_share_one_cache_directory(
    tmp_path: pathlib.Path, worker: pathlib.Path
) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    roles = ["threads", "threads", "clearer"]
    processes = [_python(worker, str(cache_dir), role) for role in roles]
    for process in processes:
        _finish(process)
    # Nothing half-written or left over: every file is a complete entry.
    for path in cache_dir.iterdir():
        assert path.suffix == ".cache", path.name
        assert path.read_bytes().startswith(MAGIC)
    # And what is there is valid: a new process compiles only what clear() removed.
    _finish(_python(worker, str(cache_dir), "single"))
    assert _finish(_python(worker, str(cache_dir), "single")).strip() == "0"


def test_second_process_with_a_warm_cache_compiles_nothing(
    tmp_path: pathlib.Path, worker: pathlib.Path
) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cold = _finish(_python(worker, str(cache_dir), "single"))
    assert int(cold) == 13  # 12 pages and their base, each compiled once
    assert len(os.listdir(cache_dir)) == 13
    warm = _finish(_python(worker, str(cache_dir), "single"))
    assert warm.strip() == "0"


# -- memcached ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(
                f"memcached exited early: {process.stderr.read() if process.stderr else ''!r}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            try:
                process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                pass
    pytest.fail(f"memcached did not listen on 127.0.0.1:{port}")


@pytest.fixture
def memcached_port() -> Iterator[int]:
    binary = shutil.which("memcached")
    if binary is None:
        pytest.fail(
            "the memcached binary is needed for the MemcachedBytecodeCache tests and was not"
            " found on PATH; install Debian's memcached package (apt-get install memcached)"
        )
    port = _free_port()
    command = [binary, "-l", "127.0.0.1", "-p", str(port), "-U", "0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command += ["-u", "root"]  # memcached refuses to run as root without -u
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


def _client(port: int) -> Any:
    try:
        from pymemcache.client.base import Client
    except ImportError:
        pytest.fail("pymemcache is needed for the memcached tests: pip install pymemcache")
    # default_noreply=False: a set is acknowledged before the next client reads.
    return Client(("127.0.0.1", port), connect_timeout=2, timeout=2, default_noreply=False)


def test_memcached_cache_with_a_real_server(
    memcached_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = _client(memcached_port)
    cache = MemcachedBytecodeCache(client, prefix="test/", timeout=600)
    assert _render_all(cache) == EXPECTED
    key = cache.get_cache_key("page.html")
    stored = client.get("test/" + key)
    assert isinstance(stored, bytes) and stored.startswith(MAGIC)

    # A second client (as in another process) gets the code without compiling.
    compiles: list[str] = []
    real_compile = tmpl.Environment.compile

    def counting(
        self: tmpl.Environment, source: str, name: str | None = None, *a: Any, **k: Any
    ) -> Any:
        compiles.append(name or "")
        return real_compile(self, source, name, *a, **k)

    monkeypatch.setattr(tmpl.Environment, "compile", counting)
    second = MemcachedBytecodeCache(_client(memcached_port), prefix="test/")
    assert _render_all(second) == EXPECTED
    assert compiles == []

    # Garbage under the key is a miss, and the entry is written again.
    client.set("test/" + key, b"garbage")
    assert _render_all(second) == EXPECTED
    assert compiles == ["page.html"]
    # The rewritten entry is whole again: a third client renders from it without compiling.
    # (Not compared byte for byte with the first entry: marshal's output depends on the
    # reference counts of the objects it writes, which differ between compiles.)
    rewritten = client.get("test/" + key)
    assert isinstance(rewritten, bytes) and rewritten.startswith(MAGIC)
    assert _render_all(MemcachedBytecodeCache(_client(memcached_port), prefix="test/")) == EXPECTED
    assert compiles == ["page.html"]
    client.close()


def test_memcached_errors_are_misses_unless_asked_to_raise() -> None:
    client = _client(_free_port())  # nothing listens there
    assert _render_all(MemcachedBytecodeCache(client)) == EXPECTED
    strict = MemcachedBytecodeCache(client, ignore_memcache_errors=False)
    with pytest.raises(OSError):
        _render_all(strict)


class FakeClient:
    """Records calls; returns what it is told to."""

    def __init__(self, value: Any = None) -> None:
        self.value = value
        self.calls: list[tuple[Any, ...]] = []

    def get(self, key: str) -> Any:
        self.calls.append(("get", key))
        return self.value

    def set(self, key: str, value: bytes, *timeout: int) -> None:
        self.calls.append(("set", key, *timeout))


def test_memcached_cache_passes_the_timeout_only_when_given() -> None:
    with_timeout = FakeClient()
    _render_all(MemcachedBytecodeCache(with_timeout, timeout=30))
    assert {call[2] for call in with_timeout.calls if call[0] == "set"} == {30}
    without = FakeClient()
    _render_all(MemcachedBytecodeCache(without))
    assert {len(call) for call in without.calls if call[0] == "set"} == {2}
    assert all(call[1].startswith("tmpl/bytecode/") for call in without.calls)


@pytest.mark.parametrize("value", ["a str", 42, bytearray(b"junk"), memoryview(b"junk")])
def test_memcached_cache_ignores_values_that_are_not_entries(value: Any) -> None:
    assert _render_all(MemcachedBytecodeCache(FakeClient(value))) == EXPECTED


# -- what a cache hit costs a new process --------------------------------------------------

_COMPILING_MODULES = (
    "ast",
    "tmpl.compiler",
    "tmpl.nodes",
    "tmpl.lexer",
    "tmpl.parser",
    "tmpl.parser_expressions",
    "tmpl.ext",
)

_RENDER_FROM_CACHE = """
import sys
import tmpl
env = tmpl.Environment(
    loader=tmpl.FileSystemLoader(sys.argv[1]),
    bytecode_cache=tmpl.FileSystemBytecodeCache(sys.argv[2]),
    autoescape=True,
)
print(env.get_template("page.html").render(title="<T>", items=[1, 2]))
print(",".join(m for m in {modules!r} if m in sys.modules))
"""


def test_a_warm_cache_spares_a_new_process_the_compiler(tmp_path: pathlib.Path) -> None:
    """Rendering templates that all come from the bytecode cache never imports the compiling
    half of tmpl: that is most of a cold start's import time."""
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cache.mkdir()
    for name, source in TEMPLATES.items():
        (templates / name).write_text(source, encoding="utf-8")
    script = _RENDER_FROM_CACHE.format(modules=_COMPILING_MODULES)

    def run() -> list[str]:
        argv = [sys.executable, "-c", script, str(templates), str(cache)]
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.splitlines()

    cold = run()
    assert cold[0] == "<h1>&lt;T&gt;</h1>[1][2]"
    assert "tmpl.compiler" in cold[1].split(",")  # the first process compiled
    assert run() == [cold[0], ""]

"""Diagnostics: every problem of a template, each at its exact spot, for the library and the
command line alike.

In: template source (for :func:`check_source` and :func:`lint_template`) or exceptions (for
:func:`format_exception`).  Out: :class:`~tmpl.exceptions.TemplateSyntaxError` objects
(``file:line:col: message``, code frame, hint) and text.

* :func:`check_source` reports every syntax error of a file, not only the first: after an
  error it overwrites the offending tag in a copy of the source (same length, newlines kept,
  so every later position is still right) and parses again.
* :func:`enrich` adds what the parser and compiler leave out: "did you mean" for unknown
  filters and tests (pointing at the name itself), and the start of a ``{{`` left open.
* :func:`lint_template` is ``tmpl check --strict``: unknown filters and tests anywhere,
  missing templates, variables nobody defines.
* :func:`format_exception` prints a runtime error at the innermost template line.  Generated
  code carries template positions and is compiled under the template's file name, so that
  frame *is* the spot in the template: nothing here maps lines.
"""

from __future__ import annotations

import difflib
import linecache
import re
import traceback
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

from . import nodes
from .exceptions import TemplateAssertionError, TemplateNotFound, TemplateSyntaxError

if TYPE_CHECKING:
    from .environment import Environment

__all__ = [
    "MAX_ERRORS",
    "TemplateLocation",
    "check_source",
    "code_frame",
    "enrich",
    "format_exception",
    "lint_template",
    "suggest",
    "template_location",
]

#: How many errors :func:`check_source` reports for one file before it stops.
MAX_ERRORS = 100


# -- positions and frames ---------------------------------------------------------------------


class TemplateLocation(NamedTuple):
    """A spot in a template: file name, 1-based line, 1-based column (``None`` when the
    interpreter does not know it), 1-based end column (exclusive), and the line's text."""

    filename: str
    lineno: int
    col: int | None
    end_col: int | None
    line: str

    def __str__(self) -> str:
        if self.col is None:
            return f"{self.filename}:{self.lineno}"
        return f"{self.filename}:{self.lineno}:{self.col}"


def code_frame(line: str, lineno: int, col: int | None, end_col: int | None = None) -> str:
    """``line`` behind a ``lineno |`` gutter, with carets under columns ``col`` (1-based)
    to ``end_col`` (exclusive): the frame :class:`TemplateSyntaxError` draws, for any
    location."""
    # Tabs become one space so that the caret lines up in every terminal.
    gutter = f"{lineno} | "
    frame = gutter + line.rstrip("\r\n").expandtabs(1)
    if col is not None:
        width = end_col - col if end_col is not None and end_col > col else 1
        frame += "\n" + " " * (len(gutter) + col - 1) + "^" * width
    return frame


def _char_col(line: str, byte_col: int | None) -> int | None:
    """The 0-based character column of a 0-based UTF-8 byte column of ``line``: Python
    reports columns in bytes, a reader counts characters."""
    if byte_col is None:
        return None
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))


# Line breaks as the lexer counts them (not str.splitlines, which also breaks at \f, \v...).
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _position(source: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset."""
    lineno, line_start = 1, 0
    for brk in _NEWLINE.finditer(source, 0, offset):
        lineno += 1
        line_start = brk.end()
    return lineno, offset - line_start + 1


def _offset(source: str, lineno: int, col: int | None) -> int:
    """The character offset of a 1-based line and column (line start when col is None);
    past ``len(source)`` for a position past the end."""
    starts = [0, *(brk.end() for brk in _NEWLINE.finditer(source))]
    if lineno > len(starts):
        return len(source) + (col or 1)
    return starts[lineno - 1] + (col or 1) - 1


def _error_at(
    cls: type[TemplateSyntaxError],
    message: str,
    source: str,
    start: int,
    end: int | None,
    name: str | None,
    filename: str | None,
    hint: str | None = None,
) -> TemplateSyntaxError:
    """An error of class ``cls`` at offsets ``start``..``end`` of ``source``."""
    lineno, col = _position(source, start)
    end_col = None
    if end is not None:
        end_lineno, end_col = _position(source, end)
        if end_lineno != lineno:
            end_col = None
    error = cls(message, lineno, name, filename, col=col, hint=hint, end_col=end_col)
    error.source = source
    return error


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most similar to ``name`` (a likely typo), or ``None``."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


# -- enriching errors -------------------------------------------------------------------------

# The compiler says "No filter named 'x'.", the runtime (for deferred lookups) adds "found".
_NO_SUCH = re.compile(r"No (filter|test) named '([^']+)'(?: found)?\.")


def _name_span(source: str, start: int, kind: str, name: str) -> tuple[int, int] | None:
    """Offsets of the filter or test ``name`` in ``source`` after ``start``: the node's span
    starts at the filtered value, the reader wants the caret under the name."""
    word = re.escape(name)
    if kind == "filter":
        pattern = rf"(?:\||\bfilter)\s*({word})\b"
    else:
        pattern = rf"\bis\s+(?:not\s+)?({word})\b"
    match = re.compile(pattern).search(source, start)
    if match is None:
        return None
    return match.start(1), match.end(1)


def _enrich_unknown(
    error: TemplateSyntaxError, environment: Environment | None
) -> TemplateSyntaxError:
    """Add "did you mean" to "No filter named 'x'." and move the caret onto the name."""
    match = _NO_SUCH.fullmatch(error.message or "")
    if match is None:
        return error
    kind, name = match.groups()
    if error.hint is None and environment is not None:
        registry = environment.filters if kind == "filter" else environment.tests
        close = suggest(name, registry)
        if close is not None:
            error.hint = f"did you mean {close!r}?"
        else:
            error.hint = f"{kind}s come from the environment: register it in environment.{kind}s"
    if error.source is not None and error.col is not None:
        found = _name_span(error.source, _offset(error.source, error.lineno, error.col), kind, name)
        if found is not None:
            error.lineno, error.col = _position(error.source, found[0])
            error.end_col = error.col + found[1] - found[0]
    return error


def _enrich_unclosed(error: TemplateSyntaxError, environment: Environment) -> TemplateSyntaxError:
    """An error inside a ``{{`` or ``{%`` that has no end before the next tag starts (or
    none at all): the real mistake is that the tag was never closed, so point at its start
    ("{{ user.name</p>" fails at the "/" otherwise)."""
    source = error.source
    if source is None or error.col is None:
        return error
    offset = _offset(source, error.lineno, error.col)
    syntax = _Syntax(environment)
    tag = syntax.enclosing(source, offset)
    if tag is None or tag.start >= offset or tag.kind not in ("block", "variable"):
        return error
    if any(source.startswith(end, offset) for _, (_, end) in syntax.starters if end != tag.closer):
        return error  # closed with the wrong delimiter: the lexer says so at the delimiter
    inner = tag.end - (len(tag.closer) if tag.closed else 0)
    if tag.closed and not any(
        source.find(start, tag.start + len(tag.opener), inner) >= 0
        for _, (start, _) in syntax.starters
    ):
        return error
    found = f"line {error.lineno}, column {error.col}: {error.message}"
    error.lineno, error.col = _position(source, tag.start)
    error.end_col = error.col + len(tag.opener)
    error.args = (f"{tag.opener!r} is never closed",)
    error.hint = f"add {tag.closer!r} to close it (parsing stopped at {found})"
    return error


def enrich(
    error: TemplateSyntaxError, environment: Environment | None = None
) -> TemplateSyntaxError:
    """``error`` with the help the parser and compiler do not give yet (modified in place,
    and returned): a suggestion and an exact caret for unknown filters and tests, and the
    start of a ``{{`` or ``{%`` that was never closed.  ``error.source`` must be set for
    anything positional."""
    _enrich_unknown(error, environment)
    if environment is not None and not isinstance(error, TemplateAssertionError):
        _enrich_unclosed(error, environment)
    return error


# -- scanning tags ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tag:
    """One ``{% %}``/``{{ }}``/``{# #}`` region of the source, as the lexer would see it."""

    kind: str  # "block", "variable", "comment" or "line" (a line statement)
    start: int
    end: int  # just past the closing delimiter; the end of the source when never closed
    closed: bool
    opener: str
    closer: str
    name: str | None  # a block tag's name ("for", "endif"...)


_WORD = re.compile(r"[-+]?\s*([A-Za-z_]\w*)")


class _Syntax:
    """The delimiters of an environment, and a scanner that finds tags the way the lexer
    does (without understanding expressions: a delimiter inside a string literal is rare
    enough for a recovery heuristic)."""

    def __init__(self, environment: Environment) -> None:
        self.block = (environment.block_start_string, environment.block_end_string)
        self.variable = (environment.variable_start_string, environment.variable_end_string)
        self.comment = (environment.comment_start_string, environment.comment_end_string)
        self.line_prefix = environment.line_statement_prefix
        self.line_statement = None
        if self.line_prefix:
            self.line_statement = re.compile(rf"(?m)^[ \t]*({re.escape(self.line_prefix)})")
        self.starters = sorted(
            [("block", self.block), ("variable", self.variable), ("comment", self.comment)],
            key=lambda item: -len(item[1][0]),
        )
        raw_end = rf"{re.escape(self.block[0])}[-+]?\s*endraw\s*[-+]?{re.escape(self.block[1])}"
        self.raw_end = re.compile(raw_end)

    def starter_at(self, source: str, offset: int) -> str | None:
        for _, (start, _) in self.starters:
            if source.startswith(start, offset):
                return start
        return None

    def _next_start(self, source: str, pos: int) -> tuple[str, int, str, str] | None:
        """The kind, offset and delimiters of the first tag at or after ``pos``."""
        found = None
        for kind, (start, end) in self.starters:
            index = source.find(start, pos)
            if index >= 0 and (found is None or index < found[1]):
                found = (kind, index, start, end)
        if self.line_statement is not None:
            match = self.line_statement.search(source, pos)
            if match is not None and (found is None or match.start(1) < found[1]):
                found = ("line", match.start(1), self.line_prefix or "", "\n")
        return found

    def tags(self, source: str) -> Iterator[_Tag]:
        """Every tag of ``source`` in order."""
        pos = 0
        while True:
            found = self._next_start(source, pos)
            if found is None:
                return
            kind, index, start, end = found
            close = source.find(end, index + len(start))
            closed = close >= 0 or kind == "line"
            if kind == "line":
                # A line statement ends at its line's end; the newline is not part of it.
                stop = close if close >= 0 else len(source)
            else:
                stop = close + len(end) if closed else len(source)
            name = None
            if kind in ("block", "line"):
                word = _WORD.match(source, index + len(start))
                if word is not None and (not closed or word.end(1) <= stop):
                    name = word.group(1)
            yield _Tag(kind, index, stop, closed, start, end, name)
            pos = max(stop, index + 1)
            if name == "raw" and closed:
                # The body of a raw block is text, not tags.
                raw_end = self.raw_end.search(source, pos)
                if raw_end is not None:
                    pos = raw_end.start()

    def enclosing(self, source: str, offset: int) -> _Tag | None:
        """The tag that contains ``offset``."""
        for tag in self.tags(source):
            if tag.start > offset:
                break
            if offset < tag.end or (offset == tag.end and (not tag.closed or tag.kind == "line")):
                return tag
        return None


# -- recovering from an error -----------------------------------------------------------------

# Block tags that need an end tag, and what a valid stand-in for a broken one looks like
# (shortest first; used only if it fits in the broken tag's place).
_OPENERS = frozenset(
    ["for", "if", "block", "macro", "call", "filter", "with", "autoescape", "set", "trans"]
)
_STAND_INS = {
    "if": "if 1",
    "elif": "elif 1",
    "for": "for _ in ()",
    "with": "with",
    "macro": "macro _()",
    "filter": "filter e",
    "set": "set _",
    "autoescape": "autoescape 1",
}
_CLOSE_WITH = re.compile(r"close it with '(\w+)'")
_DID_YOU_MEAN = re.compile(r"did you mean '(\w+)'\?")
_OPENED_AT = re.compile(r"closed is '(\w+)' \(opened at line (\d+), column \d+\)")
# The parser reports a tag that was never closed at its opener and says in the hint where
# parsing stopped; recovery works from there.
_STOPPED_AT = re.compile(r"\(parsing stopped at line (\d+), column (\d+): ")


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with ``start:end`` overwritten by spaces, newlines kept."""
    region = re.sub(r"[^\r\n]", " ", text[start:end])
    return text[:start] + region + text[end:]


def _overwrite(text: str, start: int, end: int, replacement: str) -> str | None:
    """``text`` with ``replacement`` in ``start:end`` (padded with spaces, newlines kept);
    ``None`` if it does not fit, since every later position must stay where it was."""
    region = text[start:end]
    if len(replacement) > len(region.split("\n", 1)[0]):
        return None
    padded = replacement + re.sub(r"[^\r\n]", " ", region[len(replacement) :])
    return text[:start] + padded + text[end:]


def _is_opener(text: str, tag: _Tag) -> bool:
    if tag.name not in _OPENERS:
        return False
    # "{% set x = 1 %}" is a statement; only "{% set x %}...{% endset %}" has a body.
    return tag.name != "set" or "=" not in text[tag.start : tag.end]


def _blank_with_partners(text: str, tag: _Tag, syntax: _Syntax) -> str:
    """Blank a block tag together with its ``elif``/``else`` and its end tag, so that the
    body parses as if the block were not there instead of leaving a stray end tag."""
    text = _blank(text, tag.start, tag.end)
    closer = f"end{tag.name}"
    depth = 0
    for later in syntax.tags(text):
        if later.start < tag.end or later.kind not in ("block", "line") or later.name is None:
            continue
        if later.name == tag.name or (later.name in _OPENERS and _is_opener(text, later)):
            depth += 1
        elif later.name.startswith("end"):
            if depth == 0:
                if later.name == closer:
                    text = _blank(text, later.start, later.end)
                break
            depth -= 1
        elif depth == 0 and later.name in ("elif", "else") and tag.name in ("if", "for"):
            text = _blank(text, later.start, later.end)
    return text


def _unclosed_opener(text: str, offset: int, hint: str, syntax: _Syntax) -> _Tag | None:
    """The opening tag the parser names as "the innermost block that needs to be closed"."""
    opened = _OPENED_AT.search(hint)
    if opened is None:
        return None
    name, lineno = opened.group(1), int(opened.group(2))
    found = None
    for tag in syntax.tags(text):
        if tag.start >= offset:
            break
        if tag.name == name and text.count("\n", 0, tag.start) + 1 == lineno:
            found = tag
    return found


def _recover(text: str, error: TemplateSyntaxError, syntax: _Syntax) -> str | None:
    """A copy of ``text`` in which the cause of ``error`` is neutralised, so that parsing
    again finds the next error; ``None`` if there is no safe way on."""
    hint = error.hint or ""
    offset = _offset(text, error.lineno, error.col)
    stopped = _STOPPED_AT.search(hint)
    if stopped is not None and (error.message or "").endswith("is never closed"):
        offset = _offset(text, int(stopped.group(1)), int(stopped.group(2)))
    if offset >= len(text.rstrip()) and "end of template" in (error.message or "").lower():
        # An unclosed block at the end: close it where the source ends.  Positions before
        # the end do not move.
        wanted = _CLOSE_WITH.search(hint)
        if wanted is None:
            return None
        return f"{text}{syntax.block[0]} {wanted.group(1)} {syntax.block[1]}"

    tag = syntax.enclosing(text, offset)
    if tag is None:
        return None
    end: int | None = None
    if offset > tag.start and syntax.starter_at(text, offset) is not None:
        # A new tag starts inside this one: this one was never closed.  It ends there.
        end = offset
    for _, (_, other_end) in syntax.starters:
        if other_end != tag.closer and text.startswith(other_end, offset):
            end = offset + len(other_end)  # "{% if x }}": the wrong delimiter ends it
    if end is None and not tag.closed:
        # Keep what follows the unclosed opener: it is most likely plain text and tags.
        end = max(offset, tag.start + len(tag.opener))
    if end is not None:
        tag = replace(tag, end=end, closed=True)
        if tag.kind == "block" and _is_opener(text, tag):
            return _blank_with_partners(text, tag, syntax)
        return _blank(text, tag.start, tag.end)
    if tag.kind == "line" and _is_opener(text, tag):
        return _blank_with_partners(text, tag, syntax)
    if tag.kind != "block" or tag.name is None:
        return _blank(text, tag.start, tag.end)
    if "nesting mistake" in (error.message or ""):
        # An end tag that an outer block expects: the inner block was never closed.  Drop
        # the inner block's opening tag rather than this end tag.
        inner = _unclosed_opener(text, offset, hint, syntax)
        if inner is not None:
            return _blank_with_partners(text, inner, syntax)
    if isinstance(error, TemplateAssertionError):
        # The tag is well formed but not allowed here ("block defined twice", "break"
        # outside a loop): a stand-in would fail the same way.
        return (
            _blank_with_partners(text, tag, syntax)
            if _is_opener(text, tag)
            else _blank(text, tag.start, tag.end)
        )
    if tag.name.startswith("end") or tag.name in ("elif", "else"):
        expected = _CLOSE_WITH.search(hint)
        meant = _DID_YOU_MEAN.search(hint)
        # A stray "elif" (no open "if") is dropped, not replaced by a stand-in that fails
        # again.
        stray = "Encountered unknown tag" in (error.message or "")
        stand_in = None if stray else _STAND_INS.get(tag.name)
        if expected is not None and (
            tag.name.startswith("end") or (meant and meant.group(1) == expected.group(1))
        ):
            # A misspelt or mismatched end tag: put the end tag the parser wanted there.
            stand_in = expected.group(1)
        elif tag.name.startswith("end") and not stray:
            # A known end tag with something wrong after its name ("endblock b").
            stand_in = tag.name
        if stand_in is not None:
            fixed = _overwrite(
                text, tag.start, tag.end, f"{syntax.block[0]}{stand_in}{syntax.block[1]}"
            )
            if fixed is not None:
                return fixed
        return _blank(text, tag.start, tag.end)
    if _is_opener(text, tag):
        stand_in = _STAND_INS.get(tag.name)
        if tag.name == "block":
            word = _WORD.match(text, tag.start + len(tag.opener) + len("block") + 1)
            stand_in = f"block {word.group(1)}" if word is not None else None
        if stand_in is not None:
            fixed = _overwrite(
                text, tag.start, tag.end, f"{syntax.block[0]}{stand_in}{syntax.block[1]}"
            )
            if fixed is not None:
                return fixed
        return _blank_with_partners(text, tag, syntax)
    meant = _DID_YOU_MEAN.search(hint)
    if meant is not None and meant.group(1) in _OPENERS:
        # A misspelt block tag ("fore"): its end tag goes with it.
        return _blank_with_partners(text, replace(tag, name=meant.group(1)), syntax)
    if meant is None and tag.name not in _STAND_INS:
        # An unknown tag (an extension that is not loaded): its end tag goes with it.
        return _blank_with_partners(text, tag, syntax)
    return _blank(text, tag.start, tag.end)


# -- checking ---------------------------------------------------------------------------------


def _placeholder(*args: object, **kwargs: object) -> None:
    """Stands in for an unknown filter or test once it has been reported, so that
    compiling goes on to the next problem."""


def _from_python_syntax_error(
    error: SyntaxError, source: str, name: str | None, filename: str | None
) -> TemplateSyntaxError:
    """A Python ``SyntaxError`` from compiling generated code (it carries template
    positions) as a template error, in template terms."""
    # Template variables are l_<depth>_<name> in generated code (docs/internals.md).
    message = re.sub(r"\bl_\d+_(\w+)", r"\1", error.msg)
    lineno = error.lineno or 1
    col = None
    if error.offset:
        lines = source.splitlines()
        line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
        char_col = _char_col(line, error.offset - 1)
        col = None if char_col is None else char_col + 1
    result = TemplateSyntaxError(message, lineno, name, filename, col=col)
    result.source = source
    return result


def _same(one: TemplateSyntaxError, other: TemplateSyntaxError) -> bool:
    # The hint is left out: blocks left open at the end give the same message at the same
    # spot, with hints that differ only in where each block was opened.
    return (one.lineno, one.col, one.message) == (other.lineno, other.col, other.message)


def _sort_key(error: TemplateSyntaxError) -> tuple[int, int]:
    return error.lineno, error.col or 0


def check_template(
    environment: Environment,
    source: str,
    name: str | None = None,
    filename: str | None = None,
    max_errors: int = MAX_ERRORS,
) -> tuple[nodes.Template | None, list[TemplateSyntaxError]]:
    """:func:`check_source`, also returning the template's AST (``None`` unless the source
    has no errors at all) for further analysis."""
    syntax = _Syntax(environment)
    errors: list[TemplateSyntaxError] = []
    seen: set[tuple[int, int | None, str | None]] = set()
    unknown: dict[str, dict[str, object]] = {"filters": {}, "tests": {}}
    text = source
    # Every round either records an error or closes a block left open at the end, and a
    # recovery that makes no progress stops the loop; the cap is a second safety net.
    for _ in range(4 * max_errors):
        if len(errors) >= max_errors:
            break
        env = environment
        if unknown["filters"] or unknown["tests"]:
            env = environment.overlay(
                filters={**environment.filters, **unknown["filters"]},
                tests={**environment.tests, **unknown["tests"]},
            )
        try:
            template = env._parse(text, name, filename)
            module = env._generate(template, name, filename, source_text=text)
            compile(module, filename or name or "<template>", "exec")
        except TemplateSyntaxError as exc:
            error = exc
        except SyntaxError as exc:
            error = _from_python_syntax_error(exc, source, name, filename)
        else:
            return (template if not errors else None), sorted(errors, key=_sort_key)
        error.source = text
        key = (error.lineno, error.col, error.message)
        if key in seen:
            break  # the recovery made no progress
        seen.add(key)
        match = _NO_SUCH.fullmatch(error.message or "")
        next_text: str | None = text
        if match is not None:
            unknown[match.group(1) + "s"][match.group(2)] = _placeholder
        else:
            next_text = _recover(text, error, syntax)
        enrich(error, environment)
        error.source = source
        if _offset(source, error.lineno, error.col) > len(source):
            # Reported past the end of a source we closed blocks of: the real end.
            error.lineno, error.col = _position(source, len(source))
            error.end_col = None
        if not any(_same(error, other) for other in errors):
            # Two unclosed blocks give the same message at the same end: say it once.
            errors.append(error)
        if next_text is None:
            break
        text = next_text
    return None, sorted(errors, key=_sort_key)


def check_source(
    environment: Environment,
    source: str,
    name: str | None = None,
    filename: str | None = None,
) -> list[TemplateSyntaxError]:
    """Every syntax error in ``source``, in source order, not only the first (``[]`` if it
    compiles).  What ``Environment.check`` returns.

    Each error has its position, the source attached (so ``str(error)`` draws the code
    frame) and, where known, a hint.  Errors that the compiler raises (unknown filter,
    block defined twice) are included.  An error after the first may be a consequence of
    it; the recovery is built to keep those rare.
    """
    return check_template(environment, source, name, filename)[1]


# -- strict checks ----------------------------------------------------------------------------


def _guarded_names(template: nodes.Template) -> set[str]:
    """Variables the template itself tests for (``x is defined``, ``x | default(...)``):
    it expects them to be missing sometimes."""
    names = set()
    for node in template.find_all((nodes.Test, nodes.Filter)):
        guard = ("defined", "undefined") if isinstance(node, nodes.Test) else ("default", "d")
        if node.name in guard and isinstance(node.node, nodes.Name):
            names.add(node.node.name)
    return names


def _unknown_filters_and_tests(
    environment: Environment,
    template: nodes.Template,
    source: str,
    name: str | None,
    filename: str | None,
) -> Iterator[TemplateSyntaxError]:
    for node in template.find_all((nodes.Filter, nodes.Test)):
        kind = "filter" if isinstance(node, nodes.Filter) else "test"
        registry = environment.filters if kind == "filter" else environment.tests
        if node.name in registry or node.span is None:
            continue
        start = node.node.span.end_offset if node.node is not None and node.node.span else None
        found = _name_span(source, node.span.offset if start is None else start, kind, node.name)
        begin, end = found if found is not None else (node.span.offset, None)
        error = _error_at(
            TemplateAssertionError,
            f"No {kind} named {node.name!r}.",
            source,
            begin,
            end,
            name,
            filename,
        )
        yield _enrich_unknown(error, environment)


def _missing_templates(
    environment: Environment,
    template: nodes.Template,
    source: str,
    name: str | None,
    filename: str | None,
) -> Iterator[TemplateSyntaxError]:
    if environment.loader is None:
        return
    kinds = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    for node in template.find_all(kinds):
        if isinstance(node, nodes.Include) and node.ignore_missing:
            continue
        target: nodes.Expr = node.template  # type: ignore[attr-defined]
        consts = target.items if isinstance(target, nodes.Tuple | nodes.List) else [target]
        names = [c for c in consts if isinstance(c, nodes.Const) and isinstance(c.value, str)]
        if len(names) != len(consts):
            continue  # computed at render time
        missing = []
        for const in names:
            try:
                environment.loader.get_source(environment, const.value)
            except TemplateNotFound:
                missing.append(const)
            else:
                break  # a list of candidates needs only one that exists
        else:
            for const in missing[:1] if len(names) > 1 else missing:
                span = const.span if const.span is not None else node.span
                error = _error_at(
                    TemplateAssertionError,
                    f"template {const.value!r} does not exist",
                    source,
                    span.offset if span else 0,
                    span.end_offset if span else None,
                    name,
                    filename,
                    hint=_template_hint(environment, const.value),
                )
                yield error


def _template_hint(environment: Environment, missing: str) -> str:
    try:
        available = environment.list_templates()
    except (TypeError, AssertionError):
        available = []
    close = suggest(missing, available)
    if close is not None:
        return f"did you mean {close!r}?"
    paths = getattr(environment.loader, "searchpath", None)
    if paths:
        return "templates are looked up in: " + ", ".join(paths)
    return "check the template name and the loader's search path"


def _top_level_names(body: list[nodes.Node]) -> Iterator[str]:
    """Names the template's top level defines (``set``, ``import``, ``from``, ``macro``):
    they go into the render context, where the template's blocks find them."""
    for node in body:
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            targets = [node.target, *node.target.find_all(nodes.Name)]
            yield from (t.name for t in targets if isinstance(t, nodes.Name))
        elif isinstance(node, nodes.Import):
            yield node.target
        elif isinstance(node, nodes.FromImport):
            yield from (item if isinstance(item, str) else item[1] for item in node.names)
        elif isinstance(node, nodes.Macro):
            yield node.name
        elif isinstance(node, nodes.If):
            for branch in (node.body, *(elif_.body for elif_ in node.elif_), node.else_):
                yield from _top_level_names(branch)


def _undefined_variables(
    template: nodes.Template,
    known: Collection[str],
    source: str,
    name: str | None,
    filename: str | None,
) -> Iterator[TemplateSyntaxError]:
    from .meta import find_undeclared_variables

    undeclared = find_undeclared_variables(template) - set(known) - _guarded_names(template)
    undeclared -= set(_top_level_names(template.body))
    if not undeclared:
        return
    first: dict[str, nodes.Name] = {}
    for node in template.find_all(nodes.Name):
        if node.ctx == "load" and node.name in undeclared and node.span is not None:
            first.setdefault(node.name, node)
    for variable in sorted(undeclared):
        node_ = first.get(variable)
        start = node_.span.offset if node_ is not None and node_.span else 0
        end = node_.span.end_offset if node_ is not None and node_.span else None
        close = suggest(variable, known)
        if close is not None:
            hint = f"did you mean {close!r}?"
        else:
            hint = "the template neither sets nor imports it and it is no global: it must be passed"
        yield _error_at(
            TemplateAssertionError,
            f"{variable!r} is undefined",
            source,
            start,
            end,
            name,
            filename,
            hint=hint,
        )


def lint_template(
    environment: Environment,
    template: nodes.Template,
    source: str,
    name: str | None = None,
    filename: str | None = None,
    known_variables: Collection[str] = (),
) -> list[TemplateSyntaxError]:
    """The problems a template that compiles can still have (``tmpl check --strict``):
    unknown filters and tests anywhere (the compiler lets those in ``{% if %}`` conditions
    pass until render time), ``extends``/``include``/``import`` of templates the loader does
    not have, and variables that nobody defines: neither the template, nor the environment's
    globals, nor ``known_variables`` (what the application passes).  Variables the template
    tests with ``is defined`` or ``| default`` count as expected to be missing sometimes.
    """
    known = {*environment.globals, *known_variables}
    found = [
        *_unknown_filters_and_tests(environment, template, source, name, filename),
        *_missing_templates(environment, template, source, name, filename),
        *_undefined_variables(template, known, source, name, filename),
    ]
    return sorted(found, key=_sort_key)


# -- runtime errors ---------------------------------------------------------------------------


def template_location(tb: TracebackType | None) -> TemplateLocation | None:
    """The innermost frame of ``tb`` that runs template code, as a location; ``None`` if the
    traceback never passes through a template.

    Template code is recognised by its module namespace, which holds the ``Template``
    object under ``__tmpl_template__``; the position comes from the interpreter's own
    line and column table (columns on Python 3.11+).
    """
    found: TemplateLocation | None = None
    frames = [frame for frame, _ in traceback.walk_tb(tb)]
    # extract_tb, unlike StackSummary.extract, keeps the column positions.
    for frame, summary in zip(frames, traceback.extract_tb(tb), strict=True):
        if "__tmpl_template__" not in frame.f_globals or summary.lineno is None:
            continue
        filename = frame.f_code.co_filename
        line = linecache.getline(filename, summary.lineno)
        template = frame.f_globals["__tmpl_template__"]
        shown = filename
        if filename.startswith("<template") and getattr(template, "name", None):
            # No file behind it ("<template:name>" from a DictLoader): its name says more.
            shown = template.name
        col = _char_col(line, getattr(summary, "colno", None))
        end_col = None
        if getattr(summary, "end_lineno", None) == summary.lineno:
            end_col = _char_col(line, getattr(summary, "end_colno", None))
        found = TemplateLocation(
            shown,
            summary.lineno,
            None if col is None else col + 1,
            None if end_col is None else end_col + 1,
            line,
        )
    return found


def _attach_source(error: TemplateSyntaxError) -> None:
    """Give ``error`` its source (from ``linecache``, where tmpl registers every compiled
    template, or from the file) so that it can draw a code frame."""
    if error.source is not None or error.filename is None:
        return
    lines = linecache.getlines(error.filename)
    if lines:
        error.source = "".join(lines)


def format_exception(error: BaseException, environment: Environment | None = None) -> str:
    """``error`` as the command line prints it.

    A syntax error prints as ``file:line:col: message``, the code frame and its hint.  Any
    other exception raised while a template ran prints as ``file:line:col: ErrorClass:
    message`` and a code frame at the innermost template line; one raised outside templates
    prints as ``ErrorClass: message``.  With ``environment``, unknown filters and tests get
    a "did you mean".
    """
    if isinstance(error, SyntaxError) and error.filename and linecache.getlines(error.filename):
        source = "".join(linecache.getlines(error.filename))
        error = _from_python_syntax_error(error, source, None, error.filename)
    if isinstance(error, TemplateSyntaxError):
        _attach_source(error)
        return str(enrich(error, environment))
    kind = type(error).__name__
    message = str(error)
    summary = f"{kind}: {message}" if message else kind
    where = template_location(error.__traceback__)
    text = summary
    if where is not None:
        frame = code_frame(where.line, where.lineno, where.col, where.end_col)
        text = f"{where}: {summary}\n{frame}"
    unknown = _NO_SUCH.fullmatch(message)
    if unknown is not None and environment is not None:
        kind_, name = unknown.groups()
        registry = environment.filters if kind_ == "filter" else environment.tests
        close = suggest(name, registry)
        if close is not None:
            text += f"\nhint: did you mean {close!r}?"
    return text

"""Diagnostics: errors shown as ``file:line:col: message`` with a code frame, for the
library and the command line alike.

In: exceptions (syntax errors, or runtime errors whose traceback passes through template
code).  Out: text.  Generated template code carries template positions and is compiled under
the template's file name, so the innermost traceback frame of a template *is* the spot in
the template: nothing here maps lines.
"""

from __future__ import annotations

import linecache
import traceback
from types import TracebackType
from typing import NamedTuple

from .exceptions import TemplateSyntaxError

__all__ = [
    "TemplateLocation",
    "code_frame",
    "format_exception",
    "template_location",
]


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


def template_location(tb: TracebackType | None) -> TemplateLocation | None:
    """The innermost frame of ``tb`` that runs template code, as a location; ``None`` if the
    traceback never passes through a template.

    Template code is recognised by its module namespace, which holds the ``Template``
    object under ``__tmpl_template__``; the position comes from the interpreter's own
    line and column table (columns on Python 3.11+).
    """
    found: TemplateLocation | None = None
    frames = list(traceback.walk_tb(tb))
    summaries = traceback.StackSummary.extract(iter(frames), lookup_lines=True)
    for (frame, _), summary in zip(frames, summaries, strict=True):
        if "__tmpl_template__" not in frame.f_globals or summary.lineno is None:
            continue
        filename = frame.f_code.co_filename
        line = linecache.getline(filename, summary.lineno)
        col = _char_col(line, getattr(summary, "colno", None))
        end_col = None
        if getattr(summary, "end_lineno", None) == summary.lineno:
            end_col = _char_col(line, getattr(summary, "end_colno", None))
        found = TemplateLocation(
            filename,
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


def format_exception(error: BaseException) -> str:
    """``error`` as the command line prints it.

    A syntax error prints as ``file:line:col: message``, the code frame and its hint.  Any
    other exception raised while a template ran prints as ``file:line:col: ErrorClass:
    message`` and a code frame at the innermost template line; one raised outside templates
    prints as ``ErrorClass: message``.
    """
    if isinstance(error, TemplateSyntaxError):
        _attach_source(error)
        return str(error)
    kind = type(error).__name__
    message = str(error)
    summary = f"{kind}: {message}" if message else kind
    where = template_location(error.__traceback__)
    if where is None:
        return summary
    return f"{where}: {summary}\n{code_frame(where.line, where.lineno, where.col, where.end_col)}"

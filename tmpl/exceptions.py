"""The exceptions tmpl raises; every one derives from :class:`TemplateError`.

Syntax errors carry their position (template name, file, line, column) and, once the
environment attaches the source, render a code frame with a caret under the offending spot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .runtime import Undefined


# The lexer breaks lines only at these; ``str.splitlines`` would also break at \f, \v, ...
# (A pattern string: ``re`` compiles it when an error is first shown, not at import.)
_LINE_BREAK = r"\r\n|\r|\n"


def _source_lines(source: str, keepends: bool = False) -> list[str]:
    if not keepends:
        return re.split(_LINE_BREAK, source)
    lines: list[str] = []
    start = 0
    for match in re.finditer(_LINE_BREAK, source):
        lines.append(source[start : match.end()])
        start = match.end()
    lines.append(source[start:])
    return lines


class TemplateError(Exception):
    """Base class for all template errors."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)

    @property
    def message(self) -> str | None:
        """The error message, without location."""
        return self.args[0] if self.args else None


class TemplateNotFound(OSError, LookupError, TemplateError):
    """Raised when a template does not exist.

    ``name`` is the template that was looked for; ``templates`` lists every name tried.
    """

    # Silence the OSError constructor's positional-argument handling.
    message: str | None = None

    def __init__(
        self, name: str | Undefined | None, message: str | None = None
    ) -> None:
        OSError.__init__(self, name)
        if message is None:
            from .runtime import Undefined

            if isinstance(name, Undefined):
                name._fail_with_undefined_error()
            message = name
        self.message = message
        self.name = name
        self.templates = [name]

    def __str__(self) -> str:
        return str(self.message)


class TemplatesNotFound(TemplateNotFound):
    """Raised when none of several candidate templates exists (``select_template``)."""

    def __init__(
        self, names: Sequence[str | Undefined] = (), message: str | None = None
    ) -> None:
        if message is None:
            from .runtime import Undefined

            parts = []
            for name in names:
                if isinstance(name, Undefined):
                    parts.append(name._undefined_message)
                else:
                    parts.append(name)
            listed = ", ".join(map(str, parts))
            message = f"none of the templates given were found: {listed}"
        super().__init__(names[-1] if names else None, message)
        self.templates = list(names)


class TemplateSyntaxError(TemplateError):
    """A problem with the template's source, with its exact position.

    ``lineno`` is 1-based; ``col`` is the 1-based column (``None`` when unknown);
    ``hint`` says what to do about it.  ``source`` is attached by the environment so that
    ``str(error)`` can show the offending line with a caret.
    """

    def __init__(
        self,
        message: str,
        lineno: int,
        name: str | None = None,
        filename: str | None = None,
        col: int | None = None,
        hint: str | None = None,
        end_col: int | None = None,
    ) -> None:
        super().__init__(message)
        self.lineno = lineno
        self.name = name
        self.filename = filename
        self.col = col
        self.end_col = end_col
        self.hint = hint
        self.source: str | None = None
        # Kept for Jinja2 compatibility; tmpl never rewrites tracebacks.
        self.translated = False

    @property
    def offset(self) -> int | None:
        """The 0-based character offset of the error in ``source``, if both are known."""
        if self.source is None or self.col is None:
            return None
        lines = _source_lines(self.source, keepends=True)
        return sum(len(line) for line in lines[: self.lineno - 1]) + self.col - 1

    @property
    def location(self) -> str:
        """``file:line:col`` (or as much of it as is known)."""
        where = self.filename or self.name or "<template>"
        text = f"{where}:{self.lineno}"
        if self.col is not None:
            text += f":{self.col}"
        return text

    def code_frame(self) -> str:
        """The offending source line with a caret under the column, or ``""``."""
        if self.source is None:
            return ""
        lines = _source_lines(self.source)
        if not 0 < self.lineno <= len(lines):
            return ""
        line = lines[self.lineno - 1].expandtabs(1)
        gutter = f"{self.lineno} | "
        frame = gutter + line
        if self.col is not None:
            width = 1
            if self.end_col is not None and self.end_col > self.col:
                width = self.end_col - self.col
            frame += "\n" + " " * (len(gutter) + self.col - 1) + "^" * width
        return frame

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        frame = self.code_frame()
        if frame:
            text += "\n" + frame
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions with required extra arguments do not pickle without this.
        return _rebuild_syntax_error, (type(self), self.message, self.lineno, self.__dict__)


def _rebuild_syntax_error(
    cls: type[TemplateSyntaxError], message: str, lineno: int, state: dict[str, Any]
) -> TemplateSyntaxError:
    error = cls(message, lineno)
    error.__dict__.update(state)
    return error


class TemplateAssertionError(TemplateSyntaxError):
    """A template that parses but cannot be compiled (unknown filter, bad assignment...)."""


class TemplateRuntimeError(TemplateError):
    """A generic error while rendering."""


class UndefinedError(TemplateRuntimeError):
    """An undefined value was used in a way that needs a real value."""


class SecurityError(TemplateRuntimeError):
    """The sandbox refused an operation."""


class FilterArgumentError(TemplateRuntimeError):
    """A filter was called with arguments it cannot use."""


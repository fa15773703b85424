"""The lexer: template source text in, a :class:`TokenStream` of :class:`Token`\\s out.

In: a template's source ``str`` and the environment's delimiter and whitespace settings.
Out: ``Lexer.tokenize`` returns a :class:`TokenStream` of cooked tokens for the parser
(numbers converted, strings unescaped, comments and whitespace dropped, a final ``eof``);
``Lexer.tokeniter`` yields the raw ``(lineno, type, value)`` triples that Jinja2's
``Environment.lex`` exposes.

Every token is a 3-tuple ``(lineno, type, value)`` exactly as in Jinja2 and additionally
carries a :class:`~tmpl.nodes.Span` in ``token.span`` (``None`` for tokens an extension made).

Design: a template alternates between *data* and *tags*.  One compiled regex searches the
data for the next tag opener (its alternatives are ordered the way Jinja2 orders them, so the
same text splits the same way); inside a tag one compiled alternation regex per tag kind reads
a token at a time.  Brackets are tracked on a small stack so that ``}}`` inside ``{{ {...} }}``
is read as two braces, and so that unbalanced brackets are reported where they were opened.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from operator import itemgetter
from sys import intern
from typing import TYPE_CHECKING, Any, NoReturn

from .exceptions import TemplateSyntaxError
from .nodes import Span

if TYPE_CHECKING:
    from .environment import Environment

__all__ = [
    "Lexer",
    "Token",
    "TokenStream",
    "TokenStreamIterator",
    "count_newlines",
    "describe_token",
    "describe_token_expr",
    "get_lexer",
]

# Token types.  Interned so that identity comparisons (``type is TOKEN_EOF``) work, as in
# Jinja2, whose extensions sometimes rely on that.
TOKEN_ADD = intern("add")
TOKEN_ASSIGN = intern("assign")
TOKEN_COLON = intern("colon")
TOKEN_COMMA = intern("comma")
TOKEN_DIV = intern("div")
TOKEN_DOT = intern("dot")
TOKEN_EQ = intern("eq")
TOKEN_FLOORDIV = intern("floordiv")
TOKEN_GT = intern("gt")
TOKEN_GTEQ = intern("gteq")
TOKEN_LBRACE = intern("lbrace")
TOKEN_LBRACKET = intern("lbracket")
TOKEN_LPAREN = intern("lparen")
TOKEN_LT = intern("lt")
TOKEN_LTEQ = intern("lteq")
TOKEN_MOD = intern("mod")
TOKEN_MUL = intern("mul")
TOKEN_NE = intern("ne")
TOKEN_PIPE = intern("pipe")
TOKEN_POW = intern("pow")
TOKEN_RBRACE = intern("rbrace")
TOKEN_RBRACKET = intern("rbracket")
TOKEN_RPAREN = intern("rparen")
TOKEN_SEMICOLON = intern("semicolon")
TOKEN_SUB = intern("sub")
TOKEN_TILDE = intern("tilde")
TOKEN_WHITESPACE = intern("whitespace")
TOKEN_FLOAT = intern("float")
TOKEN_INTEGER = intern("integer")
TOKEN_NAME = intern("name")
TOKEN_STRING = intern("string")
TOKEN_OPERATOR = intern("operator")
TOKEN_BLOCK_BEGIN = intern("block_begin")
TOKEN_BLOCK_END = intern("block_end")
TOKEN_VARIABLE_BEGIN = intern("variable_begin")
TOKEN_VARIABLE_END = intern("variable_end")
TOKEN_RAW_BEGIN = intern("raw_begin")
TOKEN_RAW_END = intern("raw_end")
TOKEN_COMMENT_BEGIN = intern("comment_begin")
TOKEN_COMMENT_END = intern("comment_end")
TOKEN_COMMENT = intern("comment")
TOKEN_LINESTATEMENT_BEGIN = intern("linestatement_begin")
TOKEN_LINESTATEMENT_END = intern("linestatement_end")
TOKEN_LINECOMMENT_BEGIN = intern("linecomment_begin")
TOKEN_LINECOMMENT_END = intern("linecomment_end")
TOKEN_LINECOMMENT = intern("linecomment")
TOKEN_DATA = intern("data")
TOKEN_INITIAL = intern("initial")
TOKEN_EOF = intern("eof")

#: Operator text -> token type.
operators: dict[str, str] = {
    "+": TOKEN_ADD,
    "-": TOKEN_SUB,
    "/": TOKEN_DIV,
    "//": TOKEN_FLOORDIV,
    "*": TOKEN_MUL,
    "%": TOKEN_MOD,
    "**": TOKEN_POW,
    "~": TOKEN_TILDE,
    "[": TOKEN_LBRACKET,
    "]": TOKEN_RBRACKET,
    "(": TOKEN_LPAREN,
    ")": TOKEN_RPAREN,
    "{": TOKEN_LBRACE,
    "}": TOKEN_RBRACE,
    "==": TOKEN_EQ,
    "!=": TOKEN_NE,
    ">": TOKEN_GT,
    ">=": TOKEN_GTEQ,
    "<": TOKEN_LT,
    "<=": TOKEN_LTEQ,
    "=": TOKEN_ASSIGN,
    ".": TOKEN_DOT,
    ":": TOKEN_COLON,
    "|": TOKEN_PIPE,
    ",": TOKEN_COMMA,
    ";": TOKEN_SEMICOLON,
}
#: Token type -> operator text.
reverse_operators: dict[str, str] = {v: k for k, v in operators.items()}

#: Raw token types that never reach the parser.
ignored_tokens = frozenset(
    [
        TOKEN_COMMENT_BEGIN,
        TOKEN_COMMENT,
        TOKEN_COMMENT_END,
        TOKEN_WHITESPACE,
        TOKEN_LINECOMMENT_BEGIN,
        TOKEN_LINECOMMENT_END,
        TOKEN_LINECOMMENT,
    ]
)
#: Raw token types that are not emitted at all when their text is empty.
ignore_if_empty = frozenset([TOKEN_WHITESPACE, TOKEN_DATA, TOKEN_COMMENT, TOKEN_LINECOMMENT])

# --- the token grammar inside tags -------------------------------------------------------
# These follow Jinja2 3.1 exactly (the same text must split into the same tokens); the
# patterns are written so that no group inside an alternative captures, which lets
# ``match.lastgroup`` name the alternative that matched.
whitespace_re = re.compile(r"\s+")
newline_re = re.compile(r"(\r\n|\r|\n)")
string_re = re.compile(r"""'[^'\\]*(?:\\.[^'\\]*)*'|"[^"\\]*(?:\\.[^"\\]*)*\"""", re.S)
integer_re = re.compile(
    r"0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*", re.I
)
float_re = re.compile(
    r"(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+\-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)", re.I
)
# A name starts like a Python identifier and runs until whitespace or ASCII punctuation other
# than "_"; ``str.isidentifier`` then validates it.  This accepts every Unicode identifier
# without a generated table of code points; text that is not one is an error either way.
name_re = re.compile(r"[^\W\d][^\s!-/:-@\[-^`{-~]*")
operator_re = re.compile(
    "|".join(re.escape(op) for op in sorted(operators, key=lambda op: -len(op)))
)

# Names come first because most tokens are names: ``re`` tries the alternatives in order,
# and this order makes the average token about a third cheaper to match.  Only the order of
# alternatives that can match at the same position matters for the result (float before
# integer, and each tag's end delimiter before the operators); the others start with
# disjoint characters.
_TAG_TOKENS = (
    rf"(?P<name>{name_re.pattern})|(?P<operator>{operator_re.pattern})"
    rf"|(?P<string>{string_re.pattern})"
    rf"|(?P<float>{float_re.pattern})|(?P<integer>{integer_re.pattern})"
)
_WHITESPACE = rf"(?P<whitespace>{whitespace_re.pattern})"
_TAG_BODY = rf"{_WHITESPACE}|{_TAG_TOKENS}"
# Flags as Jinja2 compiles its rules: IGNORECASE only matters for numbers (0X1F, 1E5).
_TAG_FLAGS = re.M | re.S | re.I
# What each named group of a tag regex stands for: a raw token type, or the tag's end.
_TAG_END = intern("end")
_GROUP_TYPES = {
    "whitespace": TOKEN_WHITESPACE,
    "float": TOKEN_FLOAT,
    "integer": TOKEN_INTEGER,
    "name": TOKEN_NAME,
    "string": TOKEN_STRING,
    "operator": TOKEN_OPERATOR,
    "end": _TAG_END,
}


def _group_kinds(regex: re.Pattern[str]) -> tuple[str, ...]:
    """What each group of a tag regex stands for, indexed by group number."""
    kinds = [""] * (regex.groups + 1)
    for group, index in regex.groupindex.items():
        kinds[index] = _GROUP_TYPES[group]
    return tuple(kinds)


_tag_re = re.compile(_TAG_BODY, _TAG_FLAGS)
# Cooked tag regexes skip the spaces in front of a token themselves (the parser never sees
# whitespace tokens), but not newlines: whitespace with a newline in it is a token of its
# own, so that a token's line is known without looking at what was skipped.
_COOKED_SKIP = r"[^\S\n]*"
_cooked_tag_re = re.compile(rf"{_COOKED_SKIP}(?:{_TAG_TOKENS}|{_WHITESPACE})", _TAG_FLAGS)
_tag_kinds = _group_kinds(_tag_re)
_cooked_tag_kinds = _group_kinds(_cooked_tag_re)

_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(")]}")

_DESCRIPTIONS = {
    TOKEN_COMMENT_BEGIN: "begin of comment",
    TOKEN_COMMENT_END: "end of comment",
    TOKEN_COMMENT: "comment",
    TOKEN_LINECOMMENT: "comment",
    TOKEN_BLOCK_BEGIN: "begin of statement block",
    TOKEN_BLOCK_END: "end of statement block",
    TOKEN_VARIABLE_BEGIN: "begin of print statement",
    TOKEN_VARIABLE_END: "end of print statement",
    TOKEN_LINESTATEMENT_BEGIN: "begin of line statement",
    TOKEN_LINESTATEMENT_END: "end of line statement",
    TOKEN_DATA: "template data / text",
    TOKEN_EOF: "end of template",
}


def _describe_token_type(token_type: str) -> str:
    if token_type in reverse_operators:
        return reverse_operators[token_type]
    return _DESCRIPTIONS.get(token_type, token_type)


def describe_token(token: tuple[Any, ...]) -> str:
    """A human-readable description of a token: a name's text, else its kind."""
    if token[1] == TOKEN_NAME:
        return str(token[2])
    return _describe_token_type(token[1])


def describe_token_expr(expr: str) -> str:
    """Like :func:`describe_token` but for a token expression (``"name:endfor"``)."""
    if ":" in expr:
        type_, value = expr.split(":", 1)
        if type_ == TOKEN_NAME:
            return value
    else:
        type_ = expr
    return _describe_token_type(type_)


def count_newlines(value: str) -> int:
    """The number of line breaks (``\\r\\n``, ``\\r`` or ``\\n``) in ``value``."""
    return len(newline_re.findall(value))


class Token(tuple):  # type: ignore[type-arg]
    """One token: the 3-tuple ``(lineno, type, value)`` plus its source ``span``.

    It stays a plain 3-tuple (it compares equal to Jinja2's tokens and unpacks the same);
    the span lives in an attribute so that extensions creating ``Token(lineno, type, value)``
    keep working (their tokens have ``span = None``).  Tokens from the lexer keep their
    position as a plain tuple and build the :class:`~tmpl.nodes.Span` object only when
    ``span`` is first read, which keeps lexing cheap.
    """

    span: Span | None
    # (lineno, col, end_lineno, end_col, offset, end_offset) or None; see __getattr__.
    _p: tuple[int, ...] | None
    # Only on the eof token of a source that ends inside a tag: where that tag was opened
    # (lineno, 0-based col, width of the delimiter, hint); see error_position.
    unclosed: tuple[int, int, int, str]

    def __new__(cls, lineno: int, type: str, value: Any, span: Span | None = None) -> Token:
        self = tuple.__new__(cls, (lineno, type, value))
        self.span = span
        return self

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set yet: derive span from _p or _p from span.
        d = self.__dict__
        if name == "span":
            p = d.get("_p")
            span = None if p is None else Span(*p)
            d["span"] = span
            return span
        if name == "_p":
            span = d.get("span")
            p = (
                None
                if span is None
                else (
                    span.lineno,
                    span.col,
                    span.end_lineno,
                    span.end_col,
                    span.offset,
                    span.end_offset,
                )
            )
            d["_p"] = p
            return p
        raise AttributeError(name)

    def __getnewargs__(self) -> tuple[Any, ...]:
        return (self[0], self[1], self[2], self.span)

    def error_position(self) -> tuple[int, int | None, int | None, str | None]:
        """Where an error "at this token" belongs: ``(lineno, col, end_col, hint)``.

        Columns are 1-based (``None`` if unknown).  For the ``eof`` token of a template
        that ends inside a tag, that is the tag's opening delimiter, with a hint.
        """
        unclosed = self.__dict__.get("unclosed")
        if unclosed is not None:
            lineno, col, width, hint = unclosed
            return lineno, col + 1, col + 1 + width, hint
        span = self.span
        if span is None:
            return self[0], None, None, None
        end_col = span.end_col + 1 if span.end_lineno == span.lineno else None
        return span.lineno, span.col + 1, end_col, None

    def __getstate__(self) -> dict[str, Any]:
        return {"span": self.span}

    lineno: int = property(itemgetter(0), doc="The 1-based line of the token.")  # type: ignore[assignment]
    type: str = property(itemgetter(1), doc="The token type, e.g. ``name``.")  # type: ignore[assignment]
    value: Any = property(itemgetter(2), doc="The token's (converted) value.")

    def __str__(self) -> str:
        return describe_token(self)

    def __repr__(self) -> str:
        return f"Token({self[0]!r}, {self[1]!r}, {self[2]!r})"

    def test(self, expr: str) -> bool:
        """Whether the token matches ``expr``: a type (``"name"``) or ``"type:value"``."""
        if self[1] == expr:
            return True
        if ":" in expr:
            type_, _, value = expr.partition(":")
            return bool(self[1] == type_ and self[2] == value)
        return False

    def test_any(self, *iterable: str) -> bool:
        """Whether the token matches any of the token expressions."""
        return any(self.test(expr) for expr in iterable)


class TokenStreamIterator:
    """Iterates over a :class:`TokenStream` up to (not including) the ``eof`` token."""

    def __init__(self, stream: TokenStream) -> None:
        self.stream = stream

    def __iter__(self) -> TokenStreamIterator:
        return self

    def __next__(self) -> Token:
        token = self.stream.current
        if token[1] is TOKEN_EOF:
            self.stream.close()
            raise StopIteration
        return next(self.stream)


class TokenStream:
    """A stream of tokens with one token of lookahead, consumed by the parser.

    ``current`` is the active token; ``next(stream)`` advances and returns the previous one;
    ``last`` is the token consumed most recently (the parser reads node end positions from
    it).  Tokens pushed back with :meth:`push` are returned before the underlying iterator
    is asked again.
    """

    def __init__(
        self, generator: Iterable[tuple[Any, ...]], name: str | None, filename: str | None
    ) -> None:
        tokens: Iterator[Any] = iter(generator)
        # The lexer's generators yield Token objects; other iterables (an extension's
        # filter_stream) are converted on the way.  That keeps the type check out of
        # __next__, which runs for every token the parser reads.
        if getattr(tokens, "gi_code", None) not in _LEXER_CODES:
            tokens = _as_tokens(tokens)
        self._iter: Iterator[Token] = tokens
        self._pushed: deque[Token] = deque()
        self.name = name
        self.filename = filename
        self.closed = False
        self.current: Token = Token(1, TOKEN_INITIAL, "", Span(1, 0, 1, 0, 0, 0))
        self.last: Token = self.current
        next(self)

    def __iter__(self) -> TokenStreamIterator:
        return TokenStreamIterator(self)

    def __bool__(self) -> bool:
        return bool(self._pushed) or self.current[1] is not TOKEN_EOF

    @property
    def eos(self) -> bool:
        """Whether the end of the stream has been reached."""
        return not self

    def push(self, token: Token) -> None:
        """Push a token back; it is returned before the rest of the stream."""
        self._pushed.append(token)

    def look(self) -> Token:
        """The token after ``current``, without consuming anything."""
        last = self.last
        old_token = next(self)
        result = self.current
        self.push(result)
        self.current = old_token
        self.last = last
        return result

    def skip(self, n: int = 1) -> None:
        """Advance ``n`` tokens."""
        for _ in range(n):
            next(self)

    def next_if(self, expr: str) -> Token | None:
        """Consume and return the current token if it matches ``expr``, else ``None``."""
        token = self.current
        # The type comparison first: most expressions are plain types ("comma").
        if token[1] == expr or (":" in expr and token.test(expr)):
            return next(self)
        return None

    def skip_if(self, expr: str) -> bool:
        """Consume the current token if it matches ``expr``; return whether it did."""
        return self.next_if(expr) is not None

    def __next__(self) -> Token:
        """Advance one token and return the one that was current."""
        rv = self.current
        if self._pushed:
            self.current = self._pushed.popleft()
        elif rv[1] is not TOKEN_EOF:
            try:
                self.current = next(self._iter)
            except StopIteration:
                self.close()
        self.last = rv
        return rv

    def close(self) -> None:
        """End the stream: ``current`` becomes an ``eof`` token."""
        span = self.current.span
        if span is not None:
            span = Span(
                span.end_lineno,
                span.end_col,
                span.end_lineno,
                span.end_col,
                span.end_offset,
                span.end_offset,
            )
        self.current = Token(self.current[0], TOKEN_EOF, "", span)
        self._iter = iter(())
        self.closed = True

    def expect(self, expr: str) -> Token:
        """Consume and return the current token, which must match ``expr``.

        Raises :class:`TemplateSyntaxError` (with the token's line and column) otherwise.
        """
        token = self.current
        if token[1] == expr or (":" in expr and token.test(expr)):
            return next(self)
        what = describe_token_expr(expr)
        if token[1] is TOKEN_EOF:
            message = f"unexpected end of template, expected {what!r}."
        else:
            message = f"expected token {what!r}, got {describe_token(token)!r}"
        lineno, col, end_col, hint = token.error_position()
        raise TemplateSyntaxError(
            message, lineno, self.name, self.filename, col=col, end_col=end_col, hint=hint
        )


def _as_tokens(items: Iterator[tuple[Any, ...]]) -> Iterator[Token]:
    """``items`` as Token objects: an extension's filter_stream may yield Jinja2 tokens or
    plain tuples."""
    for item in items:
        if type(item) is not Token:
            item = Token(item[0], item[1], item[2], getattr(item, "span", None))
        yield item


_lexer_cache: dict[tuple[Any, ...], Lexer] = {}
_LEXER_CACHE_SIZE = 50


def get_lexer(environment: Environment) -> Lexer:
    """The lexer for ``environment``'s settings; environments with equal settings share one."""
    key = (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
    )
    lexer = _lexer_cache.get(key)
    if lexer is None:
        if len(_lexer_cache) >= _LEXER_CACHE_SIZE:
            # Drop the oldest entry (dicts keep insertion order).
            del _lexer_cache[next(iter(_lexer_cache))]
        _lexer_cache[key] = lexer = Lexer(environment)
    return lexer


# Kinds of tag openers the data scanner can find.
_RAW = "raw_begin"
# Kind of a tag with tokens inside -> the types of its begin and end tokens; tokenize()
# reads line statements as blocks.
_END_OF = {
    TOKEN_BLOCK_BEGIN: TOKEN_BLOCK_END,
    TOKEN_VARIABLE_BEGIN: TOKEN_VARIABLE_END,
    TOKEN_LINESTATEMENT_BEGIN: TOKEN_LINESTATEMENT_END,
}
_BEGIN_OF = {kind: kind for kind in _END_OF}
_COOKED_BEGIN_OF = {**_BEGIN_OF, TOKEN_LINESTATEMENT_BEGIN: TOKEN_BLOCK_BEGIN}
_COOKED_END_OF = {**_END_OF, TOKEN_LINESTATEMENT_BEGIN: TOKEN_BLOCK_END}


_tuple_new = tuple.__new__


def _shift_offsets(tokens: Iterator[Token], shifts: list[int]) -> Iterator[Token]:
    for token in tokens:
        p = token._p
        if p is not None:
            token._p = (p[0], p[1], p[2], p[3], p[4] + shifts[p[0] - 1], p[5] + shifts[p[2] - 1])
        yield token


def _new_token(lineno: int, type_: str, value: Any, position: tuple[int, ...]) -> Token:
    """A Token with a lazily built span (see ``Token.__getattr__``)."""
    token: Token = _tuple_new(Token, (lineno, type_, value))
    token._p = position
    return token


def _text_span(text: str, start: int, lineno: int, line_start: int) -> tuple[int, ...]:
    """The span of ``text`` found at offset ``start`` on line ``lineno``."""
    newlines = text.count("\n")
    end = start + len(text)
    if newlines:
        return (
            lineno,
            start - line_start,
            lineno + newlines,
            end - (start + text.rfind("\n") + 1),
            start,
            end,
        )
    return (lineno, start - line_start, lineno, end - line_start, start, end)


def _lstrip_before_tag(text: str, source: str, pos: int) -> str:
    """``lstrip_blocks``: drop the spaces and tabs between the start of the line and a tag,
    if nothing else is on that part of the line (``text`` is the data before the tag, which
    starts at ``pos`` in ``source``)."""
    nl = text.rfind("\n")
    if nl >= 0 or pos == 0 or source[pos - 1] == "\n":
        tail = text[nl + 1 :]
        if tail and tail.isspace():
            return text[: nl + 1]
    return text


class Lexer:
    """Splits template source into tokens according to an environment's settings.

    Lexers hold no per-template state, so :func:`get_lexer` shares one between
    environments with the same settings.
    """

    def __init__(self, environment: Environment) -> None:
        e = re.escape
        self.lstrip_blocks: bool = environment.lstrip_blocks
        self.trim_blocks: bool = environment.trim_blocks
        self.newline_sequence: str = environment.newline_sequence
        self.keep_trailing_newline: bool = environment.keep_trailing_newline
        self.block_start_string: str = environment.block_start_string
        self.variable_start_string: str = environment.variable_start_string
        self.comment_start_string: str = environment.comment_start_string

        block_start = e(environment.block_start_string)
        block_end = e(environment.block_end_string)
        comment_end = e(environment.comment_end_string)
        variable_end = e(environment.variable_end_string)
        # trim_blocks removes the first newline after a block tag (not after "+%}").
        block_suffix = "\\n?" if environment.trim_blocks else ""

        # Tag openers, longest delimiter first so that e.g. "<%=" wins over "<%"; ties are
        # broken the way Jinja2 breaks them (by reverse token name) so both split alike.
        openers: list[tuple[int, str, str]] = [
            (
                len(environment.comment_start_string),
                TOKEN_COMMENT_BEGIN,
                e(environment.comment_start_string),
            ),
            (len(environment.block_start_string), TOKEN_BLOCK_BEGIN, block_start),
            (
                len(environment.variable_start_string),
                TOKEN_VARIABLE_BEGIN,
                e(environment.variable_start_string),
            ),
        ]
        if environment.line_statement_prefix is not None:
            openers.append(
                (
                    len(environment.line_statement_prefix),
                    TOKEN_LINESTATEMENT_BEGIN,
                    r"^[ \t\v]*" + e(environment.line_statement_prefix),
                )
            )
        if environment.line_comment_prefix is not None:
            openers.append(
                (
                    len(environment.line_comment_prefix),
                    TOKEN_LINECOMMENT_BEGIN,
                    r"(?:^|(?<=\S))[^\S\r\n]*" + e(environment.line_comment_prefix),
                )
            )
        openers.sort(reverse=True)

        # The only group of each alternative is its sign, named after the kind, so that
        # ``match.lastindex`` tells the kind.  No group encloses a whole alternative: then
        # ``re`` moves the first character the alternatives share ("{" by default) out in
        # front, and ``search`` skips to that character instead of trying every position.
        parts = [rf"{block_start}(?P<{_RAW}>[-+]?)\s*raw\s*(?:-{block_end}\s*|{block_end})"]
        for _, kind, pattern in openers:
            parts.append(rf"{pattern}(?P<{kind}>[-+]?)")
        self._opener_re = re.compile("|".join(parts), re.M | re.S)
        self._opener_kind: dict[int, str] = {
            index: intern(kind) for kind, index in self._opener_re.groupindex.items()
        }

        block_end_pattern = rf"\+{block_end}|-{block_end}\s*|{block_end}{block_suffix}"
        self._tag_res: dict[str, re.Pattern[str]] = {
            TOKEN_BLOCK_BEGIN: re.compile(rf"(?P<end>{block_end_pattern})|{_TAG_BODY}", _TAG_FLAGS),
            TOKEN_VARIABLE_BEGIN: re.compile(
                rf"(?P<end>-{variable_end}\s*|{variable_end})|{_TAG_BODY}", _TAG_FLAGS
            ),
            TOKEN_LINESTATEMENT_BEGIN: re.compile(rf"(?P<end>\s*(?:\n|$))|{_TAG_BODY}", _TAG_FLAGS),
        }
        # Cooked variants skip spaces in front of tokens (see _COOKED_SKIP).  Line
        # statements end at a newline, so they keep whitespace as a token of its own.
        self._cooked_tag_res: dict[str, re.Pattern[str]] = {
            TOKEN_BLOCK_BEGIN: re.compile(
                rf"{_COOKED_SKIP}(?:(?P<end>{block_end_pattern})|{_TAG_TOKENS}"
                rf"|{_WHITESPACE})",
                _TAG_FLAGS,
            ),
            TOKEN_VARIABLE_BEGIN: re.compile(
                rf"{_COOKED_SKIP}(?:(?P<end>-{variable_end}\s*|{variable_end})|{_TAG_TOKENS}"
                rf"|{_WHITESPACE})",
                _TAG_FLAGS,
            ),
            TOKEN_LINESTATEMENT_BEGIN: self._tag_res[TOKEN_LINESTATEMENT_BEGIN],
        }
        if environment.block_end_string[:1].isspace():
            self._cooked_tag_res[TOKEN_BLOCK_BEGIN] = self._tag_res[TOKEN_BLOCK_BEGIN]
        if environment.variable_end_string[:1].isspace():
            self._cooked_tag_res[TOKEN_VARIABLE_BEGIN] = self._tag_res[TOKEN_VARIABLE_BEGIN]
        # Tag kind -> what the groups of its regex stand for.
        self._tag_kinds = {tag: _group_kinds(regex) for tag, regex in self._tag_res.items()}
        self._cooked_tag_kinds = {
            tag: _group_kinds(regex) for tag, regex in self._cooked_tag_res.items()
        }
        self._comment_end_re = re.compile(
            rf"\+{comment_end}|-{comment_end}\s*|{comment_end}{block_suffix}", re.S
        )
        self._endraw_re = re.compile(
            rf"{block_start}(?P<sign>[-+]?)\s*endraw\s*"
            rf"(?:\+{block_end}|-{block_end}\s*|{block_end}{block_suffix})",
            re.S,
        )
        self._variable_end_string: str = environment.variable_end_string
        self._block_end_string: str = environment.block_end_string
        self._comment_end_string: str = environment.comment_end_string

    # --- public API ------------------------------------------------------------------------

    def tokenize(
        self,
        source: str,
        name: str | None = None,
        filename: str | None = None,
        state: str | None = None,
    ) -> TokenStream:
        """Tokenize ``source`` into a :class:`TokenStream` of parser-ready tokens.

        ``state`` may be ``"variable"`` or ``"block"`` to start inside a tag (used to
        compile a bare expression).
        """
        return TokenStream(self._lex(source, name, filename, state, True), name, filename)

    def tokeniter(
        self,
        source: str,
        name: str | None = None,
        filename: str | None = None,
        state: str | None = None,
    ) -> Iterator[Token]:
        """Yield the raw tokens of ``source``: Jinja2's ``(lineno, type, value)`` triples.

        Whitespace, comments and raw markers are included, operators have the type
        ``operator``, and values are the source text.  Only ``\\r\\n``, ``\\r`` and ``\\n``
        count as line breaks.
        """
        return self._lex(source, name, filename, state, False)

    def wrap(
        self,
        stream: Iterable[tuple[Any, ...]],
        name: str | None = None,
        filename: str | None = None,
    ) -> Iterator[Token]:
        """Turn raw tokens (as from :meth:`tokeniter`) into parser tokens.

        Drops whitespace, comments and raw markers, maps line statements to blocks and
        operators to their own types, and converts the values of numbers and strings.
        """
        for token in stream:
            lineno, type_, value = token[0], token[1], token[2]
            span = getattr(token, "span", None)
            if type_ in ignored_tokens or type_ is TOKEN_RAW_BEGIN or type_ is TOKEN_RAW_END:
                continue
            if type_ == TOKEN_LINESTATEMENT_BEGIN:
                type_ = TOKEN_BLOCK_BEGIN
            elif type_ == TOKEN_LINESTATEMENT_END:
                type_ = TOKEN_BLOCK_END
            elif type_ == TOKEN_DATA:
                value = self._normalize_newlines(value)
            elif type_ == "keyword":
                type_ = value
            elif type_ == TOKEN_OPERATOR:
                type_ = operators[value]
            elif type_ in (TOKEN_NAME, TOKEN_STRING, TOKEN_INTEGER, TOKEN_FLOAT):
                col = None if span is None else span.col
                value = self._cook_value(type_, value, lineno, col, name, filename)
            yield Token(lineno, type_, value, span)

    # --- implementation -------------------------------------------------------------------

    def _normalize_newlines(self, value: str) -> str:
        # Sources are normalised to "\n" before lexing, so only "\n" needs replacing.
        if self.newline_sequence != "\n":
            return value.replace("\n", self.newline_sequence)
        return value

    def _cook_value(
        self,
        type_: str,
        text: str,
        lineno: int,
        col: int | None,
        name: str | None,
        filename: str | None,
    ) -> Any:
        """Convert a name, string or number token's text to its value."""
        if type_ == TOKEN_NAME:
            if not text.isidentifier():
                bad = next((i for i, ch in enumerate(text) if not ("a" + ch).isidentifier()), 0)
                raise TemplateSyntaxError(
                    "Invalid character in identifier",
                    lineno,
                    name,
                    filename,
                    col=None if col is None else col + bad + 1,
                    hint=f"{text[bad]!r} cannot be part of a name",
                )
            return text
        if type_ == TOKEN_STRING:
            body = self._normalize_newlines(text[1:-1])
            if "\\" not in body:
                return body
            try:
                # Python's escapes, applied to a str: non-ASCII text survives the round trip
                # because it is first turned into \\uXXXX escapes.
                return body.encode("ascii", "backslashreplace").decode("unicode-escape")
            except Exception as exc:
                message = str(exc).split(":")[-1].strip()
                raise TemplateSyntaxError(
                    message,
                    lineno,
                    name,
                    filename,
                    col=None if col is None else col + 1,
                    hint="check the backslash escapes in this string literal",
                ) from exc
        if type_ == TOKEN_INTEGER:
            return int(text.replace("_", ""), 0)
        return float(text.replace("_", ""))

    def _fail(
        self,
        message: str,
        lineno: int,
        col: int,
        name: str | None,
        filename: str | None,
        hint: str | None = None,
    ) -> NoReturn:
        raise TemplateSyntaxError(message, lineno, name, filename, col=col + 1, hint=hint)

    def _lex(
        self,
        source: str,
        name: str | None,
        filename: str | None,
        state: str | None,
        cooked: bool,
    ) -> Iterator[Token]:
        """Tokens of ``source``; see :meth:`_lex_normalized`."""
        tokens = self._lex_normalized(source, name, filename, state, cooked)
        if "\r\n" not in source:
            return tokens
        # Positions are computed on the "\n"-normalised text; shift offsets back into the
        # original text, which has two characters for every CRLF before the token's line.
        shifts = [0]
        for brk in newline_re.split(source)[1::2]:
            shifts.append(shifts[-1] + (1 if brk == "\r\n" else 0))
        return _shift_offsets(tokens, shifts)

    def _lex_normalized(
        self,
        source: str,
        name: str | None,
        filename: str | None,
        state: str | None,
        cooked: bool,
    ) -> Iterator[Token]:
        """The tokenizer loop shared by :meth:`tokenize` (cooked) and :meth:`tokeniter`.

        Positions: ``lineno`` and ``line_start`` (offset of the current line's first
        character) are kept up to date, so columns are ``offset - line_start``.
        """
        # Normalise line breaks (as Jinja2 does) so the regexes only deal with "\n".
        if "\r" in source:
            lines = newline_re.split(source)[::2]
        else:
            lines = source.split("\n")
        if not self.keep_trailing_newline and lines[-1] == "":
            del lines[-1]
        source = "\n".join(lines)
        newline_seq = self.newline_sequence
        normalize = newline_seq != "\n"
        lstrip = self.lstrip_blocks
        opener_search = self._opener_re.search
        opener_kind = self._opener_kind
        tag_res = self._cooked_tag_res if cooked else self._tag_res
        tag_body_match = _cooked_tag_re.match if cooked else _tag_re.match
        tag_kinds = self._cooked_tag_kinds if cooked else self._tag_kinds
        begin_of = _COOKED_BEGIN_OF if cooked else _BEGIN_OF
        end_of = _COOKED_END_OF if cooked else _END_OF
        body_kinds = _cooked_tag_kinds if cooked else _tag_kinds
        cook = self._cook_value
        new_token = _new_token
        tuple_new = tuple.__new__
        n = len(source)
        pos = 0
        lineno = 1
        line_start = 0

        # A tag that is open: its kind, and where it was opened (for error messages).
        tag: str | None = None
        tag_line = tag_col = 0
        from_state = False
        if state is not None and state != "root":
            if state not in ("variable", "block"):
                raise ValueError(f"invalid lexer state {state!r}")
            tag = state + "_begin"
            from_state = True
        brackets: list[tuple[str, int, int]] = []  # (closing char, lineno, col)
        unclosed: tuple[int, int, int, str] | None = None

        while True:
            if tag is None:
                # ---- template data up to the next tag opener ----
                m = opener_search(source, pos)
                if m is None:
                    if pos < n:
                        text = source[pos:]
                        yield new_token(
                            lineno,
                            TOKEN_DATA,
                            text.replace("\n", newline_seq) if cooked and normalize else text,
                            _text_span(text, pos, lineno, line_start),
                        )
                        newlines = text.count("\n")
                        if newlines:
                            line_start = pos + text.rfind("\n") + 1
                            lineno += newlines
                        pos = n
                    break
                start = m.start()
                index = m.lastindex
                kind = opener_kind[index]  # type: ignore[index]
                sign = m[index]  # type: ignore[index]
                text = source[pos:start]
                # Lines and columns restart from the true position of the opener (stripped
                # text may have contained newlines too).
                if "\n" in text:
                    open_line = lineno + text.count("\n")
                    open_line_start = pos + text.rfind("\n") + 1
                else:
                    open_line, open_line_start = lineno, line_start
                if sign == "-":
                    text = text.rstrip()
                elif sign != "+" and lstrip and kind is not TOKEN_VARIABLE_BEGIN and text:
                    text = _lstrip_before_tag(text, source, pos)
                if text:
                    tok = tuple_new(
                        Token,
                        (
                            lineno,
                            TOKEN_DATA,
                            text.replace("\n", newline_seq) if cooked and normalize else text,
                        ),
                    )
                    if pos + len(text) == start:  # nothing stripped: it ends at the opener
                        tok._p = (
                            lineno,
                            pos - line_start,
                            open_line,
                            start - open_line_start,
                            pos,
                            start,
                        )
                    else:
                        tok._p = _text_span(text, pos, lineno, line_start)
                    yield tok
                lineno, line_start = open_line, open_line_start
                value = m.group()
                end = m.end()
                open_line, open_col = lineno, start - line_start
                if kind is _RAW:
                    if value.count("\n"):
                        end_line = lineno + value.count("\n")
                        end_line_start = start + value.rfind("\n") + 1
                    else:
                        end_line, end_line_start = lineno, line_start
                    if not cooked:
                        yield new_token(
                            lineno,
                            TOKEN_RAW_BEGIN,
                            value,
                            (lineno, open_col, end_line, end - end_line_start, start, end),
                        )
                    lineno, line_start, pos = end_line, end_line_start, end
                    # ---- raw block: everything up to {% endraw %} is data ----
                    m = self._endraw_re.search(source, pos)
                    if m is None:
                        if not cooked and pos >= n:
                            break  # Jinja2's lex() stops quietly right after the opener.
                        self._fail(
                            "Missing end of raw directive",
                            open_line,
                            open_col,
                            name,
                            filename,
                            hint=f"add {self.block_start_string} endraw "
                            f"{self._block_end_string} to close this raw block",
                        )
                    start = m.start()
                    text = source[pos:start]
                    sign = m.group("sign")
                    if sign == "-":
                        text = text.rstrip()
                    elif sign != "+" and lstrip and text:
                        text = _lstrip_before_tag(text, source, pos)
                    if text:
                        yield new_token(
                            lineno,
                            TOKEN_DATA,
                            text.replace("\n", newline_seq) if cooked and normalize else text,
                            _text_span(text, pos, lineno, line_start),
                        )
                    newlines = source.count("\n", pos, start)
                    if newlines:
                        lineno += newlines
                        line_start = source.rfind("\n", pos, start) + 1
                    value = m.group()
                    end = m.end()
                    newlines = value.count("\n")
                    end_line = lineno + newlines
                    end_line_start = start + value.rfind("\n") + 1 if newlines else line_start
                    if not cooked:
                        yield new_token(
                            lineno,
                            TOKEN_RAW_END,
                            value,
                            (
                                lineno,
                                start - line_start,
                                end_line,
                                end - end_line_start,
                                start,
                                end,
                            ),
                        )
                    lineno, line_start, pos = end_line, end_line_start, end
                    continue

                # The opener token itself (never contains a newline, except a line-comment
                # or line-statement prefix cannot either).
                opener_span = (lineno, open_col, lineno, end - line_start, start, end)
                pos = end
                if kind is TOKEN_COMMENT_BEGIN:
                    m = self._comment_end_re.search(source, pos)
                    if m is None:
                        if not cooked and pos >= n:
                            yield new_token(lineno, TOKEN_COMMENT_BEGIN, value, opener_span)
                            break  # Jinja2's lex() stops quietly right after the opener.
                        self._fail(
                            "Missing end of comment tag",
                            open_line,
                            open_col,
                            name,
                            filename,
                            hint=f"close the comment with {self._comment_end_string!r}",
                        )
                    if not cooked:
                        yield new_token(lineno, TOKEN_COMMENT_BEGIN, value, opener_span)
                        cstart = m.start()
                        comment = source[pos:cstart]
                        c_line, c_line_start = lineno, line_start
                        if comment:
                            yield new_token(
                                lineno,
                                TOKEN_COMMENT,
                                comment,
                                _text_span(comment, pos, lineno, line_start),
                            )
                            newlines = comment.count("\n")
                            if newlines:
                                c_line += newlines
                                c_line_start = pos + comment.rfind("\n") + 1
                        yield new_token(
                            c_line,
                            TOKEN_COMMENT_END,
                            m.group(),
                            _text_span(m.group(), cstart, c_line, c_line_start),
                        )
                    end = m.end()
                    newlines = source.count("\n", pos, end)
                    if newlines:
                        lineno += newlines
                        line_start = source.rfind("\n", pos, end) + 1
                    pos = end
                    continue
                if kind is TOKEN_LINECOMMENT_BEGIN:
                    cend = source.find("\n", pos)
                    if cend < 0:
                        cend = n
                    if not cooked:
                        yield new_token(lineno, TOKEN_LINECOMMENT_BEGIN, value, opener_span)
                        if cend > pos:
                            yield new_token(
                                lineno,
                                TOKEN_LINECOMMENT,
                                source[pos:cend],
                                (lineno, pos - line_start, lineno, cend - line_start, pos, cend),
                            )
                        yield new_token(
                            lineno,
                            TOKEN_LINECOMMENT_END,
                            "",
                            (lineno, cend - line_start, lineno, cend - line_start, cend, cend),
                        )
                    pos = cend
                    continue
                # A tag with tokens inside: block, variable or line statement.
                tok = tuple_new(Token, (lineno, begin_of[kind], value))
                tok._p = opener_span
                yield tok
                tag = kind
                tag_line, tag_col = open_line, open_col
                from_state = False
                continue

            # ---- inside a tag: one token at a time ----
            # In cooked mode the tag regexes skip leading spaces themselves, so ``start``
            # may lie beyond ``pos`` (but never beyond a newline).  Inside brackets the
            # body regex (no end delimiter) is used; ``match`` and ``kinds`` switch when
            # the first bracket opens and the last one closes.
            tag_match = match = tag_res[tag].match
            kinds = tag_kinds[tag]
            while True:
                m = match(source, pos)
                if m is None:
                    # Every tag regex reads whitespace, so this is at the end of the source
                    # or at a character that starts no token.
                    if pos >= n:
                        # The source ends inside a tag.  Raw lexing (``Environment.lex``)
                        # just stops, like Jinja2's; for parsing it is an error reported
                        # where the tag or bracket was opened, unless lexing started inside
                        # the tag (``state``: a bare expression).
                        if cooked:
                            unclosed = self._unclosed(
                                tag, tag_line, tag_col, brackets, from_state, name, filename
                            )
                        break
                    if not from_state:
                        self.fail_if_wrong_closer(
                            source, pos, tag, tag_line, tag_col, lineno, line_start, name, filename
                        )
                    char = source[pos]
                    hint = None
                    if char in "'\"":
                        hint = "this string literal is never closed"
                    elif char in "!&^@$?`\\":
                        hint = f"{char!r} is not an operator in templates"
                    self._fail(
                        f"unexpected char {char!r} at {pos}",
                        lineno,
                        pos - line_start,
                        name,
                        filename,
                        hint=hint,
                    )
                # Reading the group by number and deriving its start from its length is
                # the cheapest way to get kind, text and span out of a match object; the
                # token's group always ends where the match does.
                index = m.lastindex
                kind = kinds[index]  # type: ignore[index]
                value = m[index]  # type: ignore[index]
                end = m.end()
                start = end - len(value)
                if kind is TOKEN_NAME:
                    if cooked and not value.isidentifier():
                        cook(TOKEN_NAME, value, lineno, start - line_start, name, filename)
                    tok = tuple_new(Token, (lineno, TOKEN_NAME, value))
                    tok._p = (lineno, start - line_start, lineno, end - line_start, start, end)
                    yield tok
                    pos = end
                    continue
                if kind is TOKEN_OPERATOR:
                    if value in _OPENING:
                        if not brackets:
                            match = tag_body_match
                            kinds = body_kinds
                        brackets.append((_OPENING[value], lineno, start - line_start))
                    elif value in _CLOSING:
                        if not brackets:
                            if not from_state:
                                self.fail_if_wrong_closer(
                                    source,
                                    start,
                                    tag,
                                    tag_line,
                                    tag_col,
                                    lineno,
                                    line_start,
                                    name,
                                    filename,
                                )
                            self._fail(
                                f"unexpected {value!r}",
                                lineno,
                                start - line_start,
                                name,
                                filename,
                                hint=f"there is no opening bracket for this {value!r}",
                            )
                        expected, open_line, open_col = brackets.pop()
                        if not brackets:
                            match = tag_match
                            kinds = tag_kinds[tag]
                        if expected != value:
                            self._fail(
                                f"unexpected {value!r}, expected {expected!r}",
                                lineno,
                                start - line_start,
                                name,
                                filename,
                                hint=f"the bracket opened at line {open_line}, column "
                                f"{open_col + 1} is closed by {expected!r}",
                            )
                    tok = tuple_new(
                        Token, (lineno, operators[value] if cooked else TOKEN_OPERATOR, value)
                    )
                    tok._p = (lineno, start - line_start, lineno, end - line_start, start, end)
                    yield tok
                    pos = end
                    continue
                if kind is _TAG_END:
                    if "\n" in value:
                        end_line = lineno + value.count("\n")
                        end_line_start = start + value.rfind("\n") + 1
                    else:
                        end_line, end_line_start = lineno, line_start
                    tok = tuple_new(Token, (lineno, end_of[tag], value))
                    tok._p = (
                        lineno,
                        start - line_start,
                        end_line,
                        end - end_line_start,
                        start,
                        end,
                    )
                    yield tok
                    lineno, line_start, pos = end_line, end_line_start, end
                    tag = None
                    break
                if kind is TOKEN_WHITESPACE:
                    newlines = value.count("\n")
                    if not cooked:
                        if newlines:
                            end_line = lineno + newlines
                            els = start + value.rfind("\n") + 1
                        else:
                            end_line, els = lineno, line_start
                        yield new_token(
                            lineno,
                            TOKEN_WHITESPACE,
                            value,
                            (lineno, start - line_start, end_line, end - els, start, end),
                        )
                    if newlines:
                        lineno += newlines
                        line_start = start + value.rfind("\n") + 1
                    pos = end
                    continue
                # string, integer, float
                token_line = lineno
                col = start - line_start
                if kind is TOKEN_STRING and "\n" in value:
                    newlines = value.count("\n")
                    els = start + value.rfind("\n") + 1
                    span = (lineno, col, lineno + newlines, end - els, start, end)
                    lineno += newlines
                    line_start = els
                else:
                    span = (lineno, col, lineno, end - line_start, start, end)
                if cooked:
                    value = cook(kind, value, token_line, col, name, filename)
                tok = tuple_new(Token, (token_line, kind, value))
                tok._p = span
                yield tok
                pos = end
            if tag is not None:
                break

        if cooked:
            eof = new_token(
                lineno,
                TOKEN_EOF,
                "",
                (lineno, pos - line_start, lineno, pos - line_start, pos, pos),
            )
            if unclosed is not None:
                eof.unclosed = unclosed
            yield eof

    def fail_if_wrong_closer(
        self,
        source: str,
        pos: int,
        tag: str,
        tag_line: int,
        tag_col: int,
        lineno: int,
        line_start: int,
        name: str | None,
        filename: str | None,
    ) -> None:
        """Fail if the text at ``pos`` is part of another kind of tag's closing delimiter.

        ``{{ x %}`` otherwise reads ``%`` as an operator and fails at ``}`` with "no opening
        bracket", which sends the reader looking for a bracket instead of the delimiter.
        """
        if tag is TOKEN_VARIABLE_BEGIN:
            opener, right = self.variable_start_string, self._variable_end_string
            others = [(self._block_end_string, self.block_start_string)]
        elif tag is TOKEN_BLOCK_BEGIN:
            opener, right = self.block_start_string, self._block_end_string
            others = [(self._variable_end_string, self.variable_start_string)]
        else:
            return  # a line statement ends at the end of its line, not at a delimiter
        others.append((self._comment_end_string, self.comment_start_string))
        for closer, closer_opener in others:
            # The closer may have begun before ``pos``: "%" of "%}" was read as an operator.
            for start in range(max(pos - len(closer) + 1, 0), pos + 1):
                if source.startswith(closer, start) and closer != right:
                    col = start - line_start
                    raise TemplateSyntaxError(
                        f"expected {right!r} to end the {opener!r} at line {tag_line}, "
                        f"column {tag_col + 1}, found {closer!r}",
                        lineno,
                        name,
                        filename,
                        col=col + 1,
                        end_col=col + 1 + len(closer),
                        hint=f"{closer!r} closes {closer_opener!r} tags; end this tag with "
                        f"{right!r}",
                    )

    def _unclosed(
        self,
        tag: str,
        tag_line: int,
        tag_col: int,
        brackets: list[tuple[str, int, int]],
        from_state: bool,
        name: str | None,
        filename: str | None,
    ) -> tuple[int, int, int, str] | None:
        """The source ended inside a tag: fail for an open bracket, else describe the tag.

        An unclosed bracket is reported here, where it was opened.  An unclosed tag is
        left to the parser, which fails with Jinja2's message for whatever it was expecting
        at the end; the ``eof`` token carries ``(lineno, col, width, hint)`` of the opener so
        that the error points there.  Returns ``None`` when lexing started inside the tag.
        """
        if brackets:
            closing, line, col = brackets[-1]
            opening = {v: k for k, v in _OPENING.items()}[closing]
            self._fail(
                f"unclosed {opening!r}",
                line,
                col,
                name,
                filename,
                hint=f"the template ends before this {opening!r} is closed with {closing!r}",
            )
        if from_state:
            return None
        if tag is TOKEN_VARIABLE_BEGIN:
            opener, closer = self.variable_start_string, self._variable_end_string
        else:
            opener, closer = self.block_start_string, self._block_end_string
        return tag_line, tag_col, len(opener), f"this {opener!r} is never closed; add {closer!r}"


# The code of the generators that Lexer.tokenize hands to TokenStream.
_LEXER_CODES = frozenset([Lexer._lex_normalized.__code__, _shift_offsets.__code__])

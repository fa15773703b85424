"""Load ``tmpl.lark`` into a working parser, and check or render it for the docs.

In: template source text.  Out: a Lark parse tree, or :class:`lark.exceptions.LarkError`
(a :class:`NotAnIdentifier` among them) when the source is not a valid template.

The grammar file is the specification; this module adds only the two lexical rules that a
``.lark`` file cannot state (both are spelled out in the file's comments):

* **Viable tokens.**  Lark's contextual lexer tries the tokens acceptable in the parser's
  current LALR state.  LALR merges the lookaheads of states that share a core, so that set
  can be too large (``}}`` after ``{{ {'a': 1`` looks acceptable because ``1}}`` would be,
  elsewhere).  :class:`ViableLexer` therefore takes, among the matching tokens, the
  highest-priority, longest one that the parser can really shift; it rejects a candidate
  by simulating the parser's reductions on its state stack, and lexes again without it.
  For tag ends this is Jinja2's own rule: inside brackets ``}}`` and ``%}`` never end a tag.
* **Identifiers.**  A name must be a Python identifier (``str.isidentifier()``), as Jinja2
  checks after lexing; ``x²`` is not one.

Command line::

    python grammar/tmpl_lark.py FILE...       # parse templates, report the first error
    python grammar/tmpl_lark.py --markdown    # the grammar as a Markdown page, for the docs
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Iterator
from copy import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.common import LexerConf
from lark.exceptions import LarkError, UnexpectedCharacters
from lark.lexer import BasicLexer, ContextualLexer, LexerState
from lark.parsers.lalr_analysis import Shift

GRAMMAR_PATH = Path(__file__).with_name("tmpl.lark")

#: The name tokens; each must also be a Python identifier.
NAME_TOKENS = (
    "NAME", "TARGET_NAME", "NESTED_TARGET_NAME", "IMPORT_NAME", "CALLEE_NAME", "BARE_ARG_NAME"
)


class NotAnIdentifier(LarkError):
    """A name token that is not a Python identifier (Jinja2: "Invalid character in identifier")."""


def _check_identifier(token: Token) -> Token:
    if not token.value.isidentifier():
        raise NotAnIdentifier(f"{token.value!r} is not an identifier (line {token.line})")
    return token


def _viable(states: Any, stack: list[Any], token_type: str) -> bool:
    """Whether the LALR parser with this state stack can shift a token of this type."""
    stack = list(stack)
    while True:
        action = states[stack[-1]].get(token_type)
        if action is None:
            return False
        kind, arg = action
        if kind is Shift:
            return True
        size = len(arg.expansion)
        if size:
            del stack[-size:]
        stack.append(states[stack[-1]][arg.origin.name][1])


class ViableLexer(ContextualLexer):
    """A contextual lexer that only produces tokens the parser can shift (see the module doc)."""

    def __init__(
        self, conf: LexerConf, states: dict[int, Collection[str]], always_accept: Collection[str] = ()
    ) -> None:
        super().__init__(conf, states, always_accept)
        self._conf = conf
        extra = set(conf.ignore) | set(always_accept)
        self._accepts = {state: frozenset(accepts) | extra for state, accepts in states.items()}
        self._lexers_by_names: dict[frozenset[str], BasicLexer] = {}

    def _lexer_for(self, names: frozenset[str]) -> BasicLexer:
        lexer = self._lexers_by_names.get(names)
        if lexer is None:
            conf = copy(self._conf)
            conf.terminals = [t for t in self._conf.terminals if t.name in names]
            conf.skip_validation = True
            lexer = self._lexers_by_names[names] = BasicLexer(conf)
        return lexer

    def lex(self, lexer_state: LexerState, parser_state: Any) -> Iterator[Token]:
        states = parser_state.parse_conf.states
        counter = lexer_state.line_ctr
        while True:
            names = self._accepts[parser_state.position]
            position = counter.char_pos, counter.line, counter.column, counter.line_start_pos
            last_token = lexer_state.last_token
            first_error: UnexpectedCharacters | None = None
            while True:
                try:
                    token = self._lexer_for(names).next_token(lexer_state, parser_state)
                except EOFError:
                    return
                except UnexpectedCharacters as error:
                    # Nothing viable matches here: report the first candidate that was refused.
                    raise first_error or error from None
                if _viable(states, parser_state.state_stack, token.type):
                    break
                if first_error is None:
                    first_error = UnexpectedCharacters(
                        lexer_state.text.text, position[0], position[1], position[2],
                        allowed={token.type},
                    )
                # Back to the token's start, and try again without its type.
                counter.char_pos, counter.line, counter.column, counter.line_start_pos = position
                lexer_state.last_token = last_token
                names = names - {token.type}
            yield token


def build(**options: Any) -> Lark:
    """A new LALR(1) parser for ``tmpl.lark``; ``options`` are extra Lark options."""
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        lexer_callbacks={name: _check_identifier for name in NAME_TOKENS},
        _plugins={"ContextualLexer": ViableLexer},
        **options,
    )


@lru_cache(maxsize=1)
def load() -> Lark:
    """The LALR(1) parser for ``tmpl.lark`` (built once)."""
    return build()


def parse(source: str) -> Tree[Token]:
    """Parse a template; raises :class:`lark.exceptions.LarkError` if it is not valid."""
    return load().parse(source)


def markdown() -> str:
    """``tmpl.lark`` as a Markdown page.

    The grammar's comment conventions: prose starts one to three spaces after ``//``;
    four or more spaces mean preformatted text (examples, tables); ``1. Title`` between
    rulers is a section, ``--- title ---`` a subsection, a line underlined with ``---`` a
    heading.  Rules become code blocks."""
    out: list[str] = []
    block: list[str] = []  # rules, or preformatted comment lines, being collected
    block_is_rules = False

    def flush() -> None:
        while block and not block[-1].strip():
            block.pop()
        if block:
            indent = min(len(x) - len(x.lstrip()) for x in block if x.strip())
            out.extend(["", "```", *(x[indent:] for x in block), "```", ""])
            block.clear()

    for line in GRAMMAR_PATH.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        is_comment = stripped.startswith("//")
        text = stripped[2:] if is_comment else line
        preformatted = is_comment and text.startswith("    ")
        rules = not is_comment
        if block and (rules != block_is_rules or not (rules or preformatted)):
            flush()
        if rules or preformatted:
            block_is_rules = rules
            if text.strip() or block:
                block.append(text)
            continue
        title = text.strip()
        if title and set(title) <= {"=", "-"}:
            if title[0] == "-" and out and out[-1] and out[-1][0].isalnum():
                out[-1] = f"### {out[-1]}"
            continue
        subsection = re.fullmatch(r"-{3} (.+?) -+", title)
        if subsection:
            out.extend(["", f"### {subsection.group(1)}", ""])
        elif re.match(r"\d\. ", title):
            out.extend(["", f"## {title}", ""])
        else:
            out.append(title)
    flush()
    page = "\n".join(["# The tmpl grammar", "", *out]).strip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", page)


def main(argv: list[str]) -> int:
    """Parse the named template files, or print the Markdown rendering."""
    if argv == ["--markdown"]:
        sys.stdout.write(markdown())
        return 0
    status = 0
    for name in argv:
        try:
            parse(Path(name).read_text(encoding="utf-8"))
        except LarkError as error:
            print(f"{name}: {str(error).splitlines()[0]}")
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Questions about a template's AST that tools ask: which variables it expects from its
context, and which other templates it uses.

In: a ``nodes.Template`` (from ``Environment.parse``).  Out: sets of names.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import nodes
from .compiler import CodeGenerator, Frame
from .scopes import RESOLVE

if TYPE_CHECKING:
    import ast

    from .environment import Environment


class _TrackingCodeGenerator(CodeGenerator):
    """Generates code only to record every name the template looks up in its context."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment, "<introspection>", "<introspection>")
        self.undeclared_identifiers: set[str] = set()

    def enter_frame(self, frame: Frame) -> list[ast.stmt]:
        for kind, param in frame.symbols.loads.values():
            # Names the environment provides as globals are not expected from the caller.
            if kind == RESOLVE and param not in self.environment.globals:
                self.undeclared_identifiers.add(param)  # type: ignore[arg-type]
        return super().enter_frame(frame)


def find_undeclared_variables(ast: nodes.Template) -> set[str]:
    """The variables ``ast`` reads from its render context (rather than defining itself).

    ``{% set foo = 42 %}{{ bar + foo }}`` gives ``{'bar'}``.
    """
    assert ast.environment is not None, "parse the template with Environment.parse"
    generator = _TrackingCodeGenerator(ast.environment)
    generator.generate(ast)
    return generator.undeclared_identifiers


_REF_TYPES = (nodes.Extends, nodes.FromImport, nodes.Import, nodes.Include)


def find_referenced_templates(ast: nodes.Template) -> Iterator[str | None]:
    """The names of the templates ``ast`` extends, includes or imports; None for a name
    computed at render time."""
    for node in ast.find_all(_REF_TYPES):
        template: nodes.Expr = node.template  # type: ignore[attr-defined]
        if not isinstance(template, nodes.Const):
            if isinstance(template, nodes.Tuple | nodes.List):
                for item in template.items:
                    if isinstance(item, nodes.Const) and isinstance(item.value, str):
                        yield item.value
                    else:
                        yield None
            else:
                yield None
            continue
        if isinstance(template.value, str):
            yield template.value
        elif isinstance(node, nodes.Include) and isinstance(template.value, tuple | list):
            for template_name in template.value:
                if isinstance(template_name, str):
                    yield template_name
        else:
            yield None

"""Walking and rewriting template ASTs (for extensions and tools).

In: a ``nodes.Node`` tree.  Out: whatever the ``visit_<NodeName>`` methods return; a
:class:`NodeTransformer` returns the rewritten tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .nodes import Node


class NodeVisitor:
    """Calls ``visit_<ClassName>`` for each node visited, or ``generic_visit``."""

    def get_visitor(self, node: Node) -> Callable[..., Any] | None:
        """The method for ``node``'s class, if there is one."""
        return getattr(self, f"visit_{type(node).__name__}", None)

    def visit(self, node: Node, *args: Any, **kwargs: Any) -> Any:
        """Visit a node."""
        visitor = self.get_visitor(node)
        if visitor is not None:
            return visitor(node, *args, **kwargs)
        return self.generic_visit(node, *args, **kwargs)

    def generic_visit(self, node: Node, *args: Any, **kwargs: Any) -> Any:
        """Visit every child of ``node``."""
        for child in node.iter_child_nodes():
            self.visit(child, *args, **kwargs)


class NodeTransformer(NodeVisitor):
    """A visitor whose methods return the replacement for the visited node: the same node,
    a new node, a list of nodes (inside list fields), or None to remove it."""

    def generic_visit(self, node: Node, *args: Any, **kwargs: Any) -> Node:
        for field, old_value in node.iter_fields():
            if isinstance(old_value, list):
                new_values: list[Any] = []
                for value in old_value:
                    if isinstance(value, Node):
                        value = self.visit(value, *args, **kwargs)
                        if value is None:
                            continue
                        if not isinstance(value, Node):
                            new_values.extend(value)
                            continue
                    new_values.append(value)
                old_value[:] = new_values
            elif isinstance(old_value, Node):
                new_node = self.visit(old_value, *args, **kwargs)
                if new_node is None:
                    delattr(node, field)
                else:
                    setattr(node, field, new_node)
        return node

    def visit_list(self, node: Node, *args: Any, **kwargs: Any) -> list[Node]:
        """Visit ``node`` and always return a list."""
        rv = self.visit(node, *args, **kwargs)
        if not isinstance(rv, list):
            return [rv]
        return rv

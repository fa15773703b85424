"""tmpl: a fast template engine for Python that speaks Jinja2's language.

``import tmpl as jinja2`` works for code written against Jinja2's documented API.
"""

from typing import TYPE_CHECKING, Any

from .environment import Environment, Template
from .exceptions import (
    TemplateAssertionError,
    TemplateError,
    TemplateNotFound,
    TemplateRuntimeError,
    TemplatesNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from .runtime import (
    ChainableUndefined,
    DebugUndefined,
    StrictUndefined,
    Undefined,
    make_logging_undefined,
)
from .utils import (
    clear_caches,
    is_undefined,
    pass_context,
    pass_environment,
    pass_eval_context,
    select_autoescape,
)

if TYPE_CHECKING:
    from .bccache import BytecodeCache, FileSystemBytecodeCache, MemcachedBytecodeCache
    from .loaders import (
        BaseLoader,
        ChoiceLoader,
        DictLoader,
        FileSystemLoader,
        FunctionLoader,
        ModuleLoader,
        PackageLoader,
        PrefixLoader,
    )

__version__ = "0.1.0"

# Loaders and bytecode caches pull in zipfile, hashlib and tempfile; they are imported when
# first used, which keeps ``import tmpl`` cheap for processes that only render from strings
# or precompiled code.
_LAZY = {
    "BytecodeCache": "bccache",
    "FileSystemBytecodeCache": "bccache",
    "MemcachedBytecodeCache": "bccache",
    "BaseLoader": "loaders",
    "ChoiceLoader": "loaders",
    "DictLoader": "loaders",
    "FileSystemLoader": "loaders",
    "FunctionLoader": "loaders",
    "ModuleLoader": "loaders",
    "PackageLoader": "loaders",
    "PrefixLoader": "loaders",
}


# Submodules that ``import jinja2`` makes available as attributes (``jinja2.nodes.Const``)
# but that rendering does not need: the template AST and the compile pipeline are imported
# when a template is first compiled, or when one of these attributes is first read.
_LAZY_SUBMODULES = frozenset(
    {"bccache", "compiler", "ext", "lexer", "loaders", "meta", "nativetypes", "nodes"}
    | {"parser", "sandbox", "visitor"}
)


def __getattr__(name: str) -> Any:
    from importlib import import_module

    if name in _LAZY_SUBMODULES:
        return import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tmpl' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

__all__ = [
    "BaseLoader",
    "BytecodeCache",
    "ChainableUndefined",
    "ChoiceLoader",
    "DebugUndefined",
    "DictLoader",
    "Environment",
    "FileSystemBytecodeCache",
    "FileSystemLoader",
    "FunctionLoader",
    "MemcachedBytecodeCache",
    "ModuleLoader",
    "PackageLoader",
    "PrefixLoader",
    "StrictUndefined",
    "Template",
    "TemplateAssertionError",
    "TemplateError",
    "TemplateNotFound",
    "TemplateRuntimeError",
    "TemplateSyntaxError",
    "TemplatesNotFound",
    "Undefined",
    "UndefinedError",
    "clear_caches",
    "is_undefined",
    "make_logging_undefined",
    "pass_context",
    "pass_environment",
    "pass_eval_context",
    "select_autoescape",
]

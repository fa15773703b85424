"""tmpl: a fast template engine for Python that speaks Jinja2's language.

``import tmpl as jinja2`` works for code written against Jinja2's documented API.
"""

from .bccache import BytecodeCache, FileSystemBytecodeCache, MemcachedBytecodeCache
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
from .runtime import (
    ChainableUndefined,
    DebugUndefined,
    StrictUndefined,
    Undefined,
    make_logging_undefined,
)
from .utils import clear_caches, is_undefined, pass_context, pass_environment, pass_eval_context, select_autoescape

__version__ = "0.1.0"

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

"""tmpl: a fast template engine for Python that speaks Jinja2's language."""

__version__ = "0.1.0"

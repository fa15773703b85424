"""A Django app for the tmpl backend tests: views, URLs and app templates (in ``tmpl/``)."""

"""A CGI script serving tests/wsgi_fixtures/site through tmpl.wsgi.TemplateApp."""

import os
from wsgiref.handlers import CGIHandler

from tmpl.wsgi import TemplateApp

SITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site")

CGIHandler().run(TemplateApp(SITE, context={"site_name": "CGI site", "visitor": "cgi"}))

"""Serve tests/wsgi_fixtures/site with waitress on a free loopback port; print the port."""

import os

import waitress

from tmpl.wsgi import TemplateApp

SITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site")

app = TemplateApp(SITE, context={"site_name": "Waitress site", "visitor": "waitress"})
server = waitress.create_server(app, host="127.0.0.1", port=0)
print(server.effective_port, flush=True)
server.run()

"""A Pyramid app for the tmpl renderer tests."""

from pyramid.config import Configurator
from pyramid.view import view_config


@view_config(route_name="home", renderer="templates/home.html")
def home(request):
    return {"name": "<Ada>"}


@view_config(route_name="spec", renderer="tmpl_pyramid_app:templates/card.tmpl")
def spec(request):
    return {"title": "<T>"}


@view_config(route_name="broken", renderer="templates/home.html")
def broken(request):
    return ["not", "a", "dict"]


def main(directories=""):
    config = Configurator(settings={"tmpl.directories": directories})
    config.include("tmpl.integrations.pyramid")
    config.add_route("home", "/")
    config.add_route("spec", "/spec")
    config.add_route("broken", "/broken")
    config.scan(__name__)
    return config.make_wsgi_app()

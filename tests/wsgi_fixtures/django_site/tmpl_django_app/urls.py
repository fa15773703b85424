"""URLs of the test project."""

from django.urls import path

from . import views

urlpatterns = [
    path("hello/", views.hello),
    path("form/", views.form),
    path("t/<path:name>", views.by_name),
]

"""Views that render through Django's template API with the tmpl backend."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


def hello(request):
    return render(request, "hello.html", {"name": "<Ada>"})


@ensure_csrf_cookie
def form(request):
    if request.method == "POST":
        return HttpResponse("posted " + request.POST["q"])
    return render(request, "form.html")


def by_name(request, name):
    return render(request, name, {"value": 42})

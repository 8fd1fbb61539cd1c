from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A static page: when the server is failing, the database may be the reason.
    return HttpResponseServerError(loader.get_template("500.html").render())

"""The SPA fallback, last in both hosts' URL lists: any path that is no server path and whose last
segment has no file extension (a missing `/assets/x.js` or `/robots.txt` stays a 404) is a route
of the app."""

from django.urls import re_path

from . import views

SERVER_PATHS = r"(?:api|ws|admin|media|static|assets)(?:/|$)|(?:healthz|readyz|metrics)/?$"

urlpatterns = [
    re_path(rf"^(?!{SERVER_PATHS})(?P<path>(?:[^/]+/)*[^/.]*)$", views.index, name="spa"),
]

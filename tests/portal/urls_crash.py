"""The portal's URLs plus one that fails, to see the 500 page."""

from django.urls import path

from ascn.urls import handler404, handler500  # noqa: F401
from ascn.urls import urlpatterns as portal_urlpatterns


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("crash/", crash), *portal_urlpatterns]

"""The portal's URL map: public pages, the secretariat admin, the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from cities.views import CityMapView

from . import views

urlpatterns = [
    path("", CityMapView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("", include("cities.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("ascn.api")),
    path("admin/", admin.site.urls),
    path("healthz/", views.health, name="health"),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

handler404 = "ascn.views.page_not_found"
handler500 = "ascn.views.server_error"

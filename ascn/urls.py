"""The portal's URL map: public pages, the workspace, the secretariat admin, the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("cities.urls")),
    path("", include("portal.urls")),
    path("", include("plans.urls")),
    path("", include("network.urls")),
    path("", include("stats.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("", include("partnerships.marketplace_urls")),
    path("data/", include("opendata.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("ascn.api")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", include("bench.urls")))

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from . import views
from .sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path(
        "member-states/<str:code>/",
        views.MemberStateDetailView.as_view(),
        name="memberstate_detail",
    ),
    path("framework/", views.FrameworkView.as_view(), name="framework"),
    path("framework/<slug:key>/", views.FocusAreaDetailView.as_view(), name="focusarea_detail"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("about/governance/", views.GovernanceView.as_view(), name="governance"),
    path("healthz/", views.health, name="health"),
    path("readyz/", views.ready, name="ready"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]

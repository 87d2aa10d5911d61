from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.DataCatalogueView.as_view(), name="catalogue"),
    path("catalog.jsonld", views.CatalogueJSONLDView.as_view(), name="catalog_jsonld"),
    path("datapackage.json", views.DataPackageView.as_view(), name="datapackage"),
    path("<slug:key>/", views.DatasetDetailView.as_view(), name="dataset_detail"),
    path("<slug:key>.<slug:fmt>", views.DatasetDownloadView.as_view(), name="dataset_download"),
]

from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.PartnershipAgreementListView.as_view(), name="partnershipagreement_list"),
    path(
        "<slug:slug>/",
        views.PartnershipAgreementDetailView.as_view(),
        name="partnershipagreement_detail",
    ),
]

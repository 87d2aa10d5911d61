"""The marketplace's pages: /projects/, /organisations/, /alerts/ and, in the
workspace, /my/interests/ and /my/brokering/."""

from django.urls import path

from . import marketplace_views as views

app_name = "marketplace"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<uuid:uuid>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path(
        "projects/<uuid:uuid>/interest/",
        views.InterestCreateView.as_view(),
        name="interest_create",
    ),
    path(
        "organisations/register/",
        views.OrganisationRegisterView.as_view(),
        name="organisation_register",
    ),
    path(
        "organisations/confirm/<str:token>/",
        views.OrganisationConfirmView.as_view(),
        name="organisation_confirm",
    ),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("alerts/", views.SavedSearchCreateView.as_view(), name="savedsearch_create"),
    path(
        "alerts/confirm/<str:token>/",
        views.SavedSearchConfirmView.as_view(),
        name="savedsearch_confirm",
    ),
    path(
        "alerts/unsubscribe/<str:token>/",
        views.SavedSearchUnsubscribeView.as_view(),
        name="savedsearch_unsubscribe",
    ),
    path("my/interests/", views.InterestListView.as_view(), name="interest_list"),
    path("my/interests/<uuid:uuid>/", views.InterestDetailView.as_view(), name="interest_detail"),
    path(
        "my/interests/<uuid:uuid>/messages/",
        views.InterestMessageCreateView.as_view(),
        name="interestmessage_create",
    ),
    path(
        "my/interests/<uuid:uuid>/agreement/",
        views.InterestAgreementCreateView.as_view(),
        name="interest_agreement",
    ),
    path(
        "my/interests/<uuid:uuid>/<slug:move>/",
        views.InterestMoveView.as_view(),
        name="interest_move",
    ),
    path("my/brokering/", views.BrokeringBoardView.as_view(), name="brokering_board"),
]

"""The API's one router: every endpoint under /api/v1/, the schema, the docs and the
token endpoint."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from cities.api import views as cities
from network.api import views as network
from partnerships.api import views as partnerships
from plans.api import views as plans
from representatives.api import views as representatives

router = DefaultRouter()
router.include_format_suffixes = False
router.register("member-states", cities.MemberStateViewSet, basename="memberstate")
router.register("cities", cities.CityViewSet, basename="city")
router.register("focus-areas", cities.FocusAreaViewSet, basename="focusarea")
router.register("strategic-outcomes", cities.StrategicOutcomeViewSet, basename="strategicoutcome")
router.register("action-plans", plans.ActionPlanViewSet, basename="actionplan")
router.register("projects", plans.PriorityProjectViewSet, basename="priorityproject")
router.register(
    "representatives/national",
    representatives.NationalRepresentativeViewSet,
    basename="nationalrepresentative",
)
router.register(
    "representatives/chief-officers",
    representatives.ChiefSmartCityOfficerViewSet,
    basename="chiefsmartcityofficer",
)
router.register("partners", partnerships.PartnerViewSet, basename="partner")
router.register(
    "partnerships", partnerships.PartnershipAgreementViewSet, basename="partnershipagreement"
)
router.register("meetings", partnerships.MeetingViewSet, basename="meeting")
router.register("documents", network.DocumentViewSet, basename="document")
router.register(
    "projects-on-public-record", network.RecordedProjectViewSet, basename="recordedproject"
)


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token: `{"token": "..."}`. Send it
    as `Authorization: Token <token>`."""


app_name = "api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]

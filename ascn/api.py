"""The API's one router: every endpoint under /api/v1/, the schema, the docs and the
token endpoint."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from accounts.api import views as accounts
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
router.register("interests", partnerships.InterestViewSet, basename="interest")
router.register("documents", network.DocumentViewSet, basename="document")
router.register(
    "projects-on-public-record", network.RecordedProjectViewSet, basename="recordedproject"
)


# Redoc injects <style> elements as it draws and builds its search worker from a blob:
# URL, so its page alone allows inline styles and blob workers (scripts stay strict).
# Never cached: a cached answer would come back with the site-wide policy.
redoc = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
    never_cache(SpectacularRedocView.as_view(url_name="api:schema"))
)

app_name = "api"

urlpatterns = [
    path("auth/token/", accounts.TokenObtainView.as_view(), name="token"),
    path("auth/tokens/", accounts.TokenListView.as_view(), name="token_list"),
    re_path(
        r"^auth/tokens/(?P<token_id>[0-9a-f]{8})/$",
        accounts.TokenDetailView.as_view(),
        name="token_detail",
    ),
    path(
        "projects/<uuid:uuid>/interests/",
        partnerships.ProjectInterestCreateView.as_view(),
        name="project-interests",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL, not inline (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", redoc, name="redoc"),
    path("", include(router.urls)),
]

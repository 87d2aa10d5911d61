from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city_detail"),
    path("member-states/", views.MemberStateListView.as_view(), name="memberstate_list"),
    path(
        "member-states/<str:code>/",
        views.MemberStateDetailView.as_view(),
        name="memberstate_detail",
    ),
    path("framework/", views.FrameworkView.as_view(), name="framework"),
]

from django.urls import path

from . import views

app_name = "cities"

urlpatterns = [
    path("cities/", views.CityListView.as_view(), name="city_list"),
    path("member-states/", views.MemberStateListView.as_view(), name="memberstate_list"),
]

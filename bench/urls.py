from django.urls import path

from . import views

urlpatterns = [path("", views.bench_floor, name="bench_floor")]

from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("statistics/<slug:key>.csv", views.FigureCSVView.as_view(), name="figure_csv"),
    path("statistics/report/<int:year>/", views.YearReportView.as_view(), name="year_report"),
    path("my/monitoring/", views.MonitoringView.as_view(), name="monitoring"),
]

from django.urls import path

from . import feeds, views

app_name = "network"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings.ics", views.meetings_ics, name="meeting_ical"),
    path("meetings/feed/", feeds.MeetingFeed(), name="meeting_feed"),
    path("meetings/<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("action-plans/feed/", feeds.PublishedPlanFeed(), name="actionplan_feed"),
    path("projects/seeking-partners/feed/", feeds.SeekingPartnersFeed(), name="project_feed"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("my/meetings/", views.MeetingWorkspaceView.as_view(), name="meeting_workspace"),
    path(
        "my/meetings/<slug:slug>/cities/<slug:city>/",
        views.AttendanceConfirmView.as_view(),
        name="meetingattendance_confirm",
    ),
    path(
        "my/meetings/<slug:slug>/attendance/",
        views.AttendanceListView.as_view(),
        name="meetingattendance_list",
    ),
    path(
        "my/meetings/<slug:slug>/attendance.csv",
        views.AttendanceExportView.as_view(),
        name="meetingattendance_export",
    ),
]

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path(
        "action-plans/<uuid:uuid>/attachments/<uuid:attachment>/",
        views.PlanAttachmentDownloadView.as_view(),
        name="planattachment_download",
    ),
    # The workspace of CSCOs, national representatives and the secretariat.
    path("my/", views.DashboardView.as_view(), name="dashboard"),
    path("my/reviews/", views.ReviewQueueView.as_view(), name="actionplan_review_queue"),
    path("my/notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("my/plans/new/", views.ActionPlanCreateView.as_view(), name="actionplan_create"),
    path("my/plans/<uuid:uuid>/", views.ActionPlanManageView.as_view(), name="actionplan_manage"),
    path(
        "my/plans/<uuid:uuid>/edit/", views.ActionPlanUpdateView.as_view(), name="actionplan_update"
    ),
    path(
        "my/plans/<uuid:uuid>/preview/",
        views.ActionPlanPreviewView.as_view(),
        name="actionplan_preview",
    ),
    path(
        "my/plans/<uuid:uuid>/attachments/",
        views.PlanAttachmentCreateView.as_view(),
        name="planattachment_create",
    ),
    path(
        "my/plans/<uuid:uuid>/attachments/<uuid:attachment>/delete/",
        views.PlanAttachmentDeleteView.as_view(),
        name="planattachment_delete",
    ),
    path(
        "my/plans/<uuid:uuid>/<slug:move>/",
        views.ActionPlanMoveView.as_view(),
        name="actionplan_move",
    ),
]

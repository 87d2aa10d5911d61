"""Background imports: a large admin import runs as a Celery task; its job row keeps the
file, who asked, the state, and the result report shown in the admin."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class ImportJobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    READY = "ready", _("Checked: ready to apply")
    PENDING = "pending", _("Waiting to apply")
    RUNNING = "running", _("Applying")
    DONE = "done", _("Applied")
    FAILED = "failed", _("Nothing applied")


class ImportJob(models.Model):
    """One admin import too large to run within the request: the uploaded file (private
    storage) and the resource that reads it. A background task first checks it (the
    preview, in a rolled-back transaction), then, once the secretariat confirms, applies
    it; the report says what the check found or what the import did."""

    resource = models.CharField(
        _("resource"), max_length=200, help_text=_("Dotted path of the import resource.")
    )
    model_label = models.CharField(_("records"), max_length=100)
    file = models.FileField(_("file"), upload_to="imports/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    input_format = models.CharField(_("format"), max_length=10)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.CHECKING,
    )
    report = models.JSONField(
        _("report"),
        default=dict,
        blank=True,
        help_text=_(
            "Rows created, updated, unchanged, and every row with an error and its reason."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.model_label} · {self.original_name}"

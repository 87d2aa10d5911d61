"""Admin imports: one dry run for the preview, one run that applies every row in one
transaction or none, and the background job for large files. The admin and the task
call these."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from core.permissions import is_secretariat

from .models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

IMPORT_FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}


def import_format(name):
    """The import-export format class for a file kind (`csv` or `xlsx`)."""
    return IMPORT_FORMATS[name.lower()]


def import_run(*, resource, dataset, user, dry_run):
    """Import `dataset` with `resource`: with `dry_run`, nothing stays written (the
    preview); otherwise every row is written in one transaction, and none if any row
    is invalid or fails."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat imports records."))
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )


def import_report(result):
    """What an import did or would do, as plain data: counts per kind of row, and each
    row in error with its number (1 is the first row under the header) and reason."""
    totals = dict(result.totals)
    invalid = [
        {
            "row": row.number,
            "errors": {
                field: [str(message) for message in messages]
                for field, messages in row.error_dict.items()
            },
        }
        for row in result.invalid_rows
    ]
    errors = [
        {"row": number, "errors": {"__all__": [str(error.error) for error in row_errors]}}
        for number, row_errors in result.row_errors()
    ]
    return {
        "new": totals.get("new", 0),
        "update": totals.get("update", 0),
        "skip": totals.get("skip", 0),
        "invalid": sorted(invalid + errors, key=lambda item: item["row"] or 0),
        "valid": not (result.has_errors() or result.has_validation_errors()),
    }


@transaction.atomic
def import_job_create(*, user, resource_class, model, data, original_name, input_format, rows):
    """Keep a large import for the background worker, which checks it (the preview) on
    commit; `import_job_apply` then has it applied."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat imports records."))
    job = ImportJob(
        resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
        model_label=str(model._meta.verbose_name_plural),
        original_name=original_name[:200],
        input_format=input_format,
        total_rows=rows,
        created_by=user,
    )
    job.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{input_format}", ContentFile(data), save=False)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
    return job


@transaction.atomic
def import_job_apply(*, user, job):
    """The secretariat confirms a checked import: the worker applies it, all or nothing."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat imports records."))
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJobStatus.READY:
        raise ValidationError(_("Only a checked import without errors can be applied."))
    job.status = ImportJobStatus.PENDING
    job.save(update_fields=["status"])
    transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
    return job


def import_job_run(*, job_id):
    """Check (dry run) or apply a kept import, by its state; the report says what the
    check found or what the import did. Applying writes all rows or none."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportJobStatus.CHECKING, ImportJobStatus.PENDING):
        return job
    dry_run = job.status == ImportJobStatus.CHECKING
    if not dry_run:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)
    try:
        fmt = import_format(job.input_format)()
        with job.file.open("rb") as file:
            data = file.read()
        if not fmt.is_binary():
            data = data.decode("utf-8-sig")
        dataset = fmt.create_dataset(data)
        resource = import_string(job.resource)(job_id=job.pk)
        result = import_run(
            resource=resource, dataset=dataset, user=job.created_by, dry_run=dry_run
        )
        report = import_report(result)
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        report = {"valid": False, "invalid": [{"row": None, "errors": {"__all__": [str(error)]}}]}
    job.report = report
    if dry_run and report["valid"]:
        job.status = ImportJobStatus.READY  # the file stays for the apply step
    else:
        job.status = ImportJobStatus.DONE if report["valid"] else ImportJobStatus.FAILED
        job.finished_at = timezone.now()
        job.file.delete(save=False)
    job.save(update_fields=["report", "status", "finished_at"])
    return job


@shared_task
def import_job_run_task(job_id):
    """Apply a confirmed large admin import (all rows or none) and keep its report."""
    return import_job_run(job_id=job_id).status


def import_is_large(rows):
    return rows > settings.DATA_IMPORT_ASYNC_ROWS

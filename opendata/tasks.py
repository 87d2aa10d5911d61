"""Background work of the open-data app: large admin imports. The task lives beside the
service it runs (opendata.services), as the outbox's does; it is named here for the
worker's autodiscovery."""

from .services import import_job_run_task  # noqa: F401

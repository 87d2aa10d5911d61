"""The shared bases: abstract models, natural keys, API errors, pagination, permissions,
caching. Imports no feature app."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from corsheaders.signals import check_request_enabled
        from django.db.backends.signals import connection_created

        from .cache import connect_public_models
        from .cors import cors_allowed
        from .db import register_in_keys, use_iso_timestamp_loader

        check_request_enabled.connect(cors_allowed, dispatch_uid="ascn-cors-safe-methods")
        connect_public_models()
        register_in_keys()
        connection_created.connect(use_iso_timestamp_loader, dispatch_uid="ascn-iso-timestamps")

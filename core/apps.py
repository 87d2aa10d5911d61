"""The shared bases: abstract models, natural keys, API errors, pagination, permissions,
caching. Imports no feature app."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from .cache import connect_public_models
        from .cors import cors_allowed

        check_request_enabled.connect(cors_allowed, dispatch_uid="ascn-cors-safe-methods")
        connect_public_models()

"""Storage for files that are never served by URL (plan attachments): they live under
PRIVATE_MEDIA_ROOT, outside every served folder, and reach people only through views
that check permissions."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # url() refuses: there is no public address for these files


private_storage = PrivateStorage()

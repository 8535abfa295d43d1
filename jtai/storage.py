"""Where files that only permission-checked views serve are kept: outside the web root."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files kept under `PRIVATE_MEDIA_ROOT` (read at each use, so tests can point it elsewhere):
    no URL serves them; a view checks who asks, then streams them."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


private_storage = PrivateStorage()

"""Private document storage: uploaded scans are personal data.

Files live under MEDIA_ROOT, which no web server serves, and have no URL:
they reach a browser only through a view that checks permission and writes an
audit entry (see core.files.private_download).
"""

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    # No location given: FileSystemStorage then follows settings.MEDIA_ROOT.
    def url(self, name):
        raise NotImplementedError("Private files have no public URL; serve them through a permission-checked view.")


private_storage = PrivateStorage()

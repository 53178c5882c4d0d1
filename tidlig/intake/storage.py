"""Where attachments to notifications are kept: on disk, with no URL.

An attachment leaves Tidlig only through the permission-checked download view
(`intake:attachment`), never through a web server route to the files, whatever DEBUG or MEDIA_URL
say (ASVS V12.5.1: uploaded files are not served from a public path; V4.2.1: need to know).
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    """A file system storage that has no URLs: asking for one is a programming error."""

    def url(self, name):
        raise ValueError("Attachments have no URL; serve them through the permission-checked view.")


def attachment_storage() -> PrivateFileStorage:
    # A callable, so the migration names this function rather than a path; with no location the storage
    # reads MEDIA_ROOT when used (and follows it when tests change it).
    return PrivateFileStorage()

import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Attachments stored in a fresh directory (MEDIA_ROOT), looked at by the test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path

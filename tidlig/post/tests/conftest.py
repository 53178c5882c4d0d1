from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def outbox_dir(settings, tmp_path):
    """Every test writes its MeMo files to its own directory (the file transport)."""
    settings.POST_TRANSPORT = "file"
    settings.POST_FILE_DIR = tmp_path / "outbox"
    return settings.POST_FILE_DIR


@pytest.fixture
def queue(alice, child, mother):
    from tidlig.post import services

    def make(**extra):
        body = {
            "actor": alice,
            "recipient_cpr": mother.cpr,
            "recipient_name": str(mother),
            "subject": "Kvittering for underretning",
            "html": "<html><body><p>Vi har modtaget jeres underretning.</p></body></html>",
            "pdf": b"%PDF-1.7 synthetic",
            "child": child,
            **extra,
        }
        return services.letter_queue(**body)

    return make

"""Helpers every app's API routers share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError


@contextmanager
def api_fields(**names: str) -> Iterator[None]:
    """Name the service's error fields as the API's request fields (e.g. type → type_id)."""
    try:
        yield
    except ValidationError as e:
        if not hasattr(e, "error_dict"):
            raise
        raise ValidationError({names.get(k, k): v for k, v in e.error_dict.items()}) from None

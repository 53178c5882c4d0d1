"""crossteam through the API: the same services and permissions as the UI."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["crossteam"])

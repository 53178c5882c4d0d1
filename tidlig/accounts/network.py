"""Who is on the other end of a request: address and browser, for lockout and the security log."""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the outermost one saw.

    Only the proxies' own entries in X-Forwarded-For are trusted; a client can prepend anything.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    meta = getattr(request, "META", {}) or {}
    if count > 0:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count][:45]
    return meta.get("REMOTE_ADDR") or None


def user_agent(request) -> str:
    meta = getattr(request, "META", {}) or {}
    return meta.get("HTTP_USER_AGENT", "")[:300]

"""The request behind each audit row: method, path, route (page or API operation), IP and user agent.

A middleware captures them once per request into a context variable, so every audit.record() and
audit.record_access() in that request gets them without changing any call site (ASVS 4.0 V7.1.3:
log who, what, when and from where; GDPR art. 30 record of processing).
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.conf import settings

# Column sizes of AuditEntry; longer values are cut, never refused: the log must always be written.
PATH_MAX = 300
ROUTE_MAX = 120
USER_AGENT_MAX = 300


@dataclass(frozen=True)
class RequestContext:
    method: str = ""
    path: str = ""
    route: str = ""
    ip: str | None = None
    user_agent: str = ""


EMPTY = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("tidlig_audit_request", default=EMPTY)


def current() -> RequestContext:
    return _current.get()


def _clean(value: str, limit: int) -> str:
    # NUL and lone surrogates would crash PostgreSQL or the encoder; the log keeps a readable trace.
    text = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:limit]


def _ip(value: str | None) -> str | None:
    """A valid IPv4/IPv6 address or None: the column is an inet on PostgreSQL, and a server on a unix
    socket may give REMOTE_ADDR as anything."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind a reverse proxy that sets it, the header AUDIT_CLIENT_IP_HEADER names
    (e.g. HTTP_X_REAL_IP; for X-Forwarded-For the last address, the one the proxy itself added)."""
    header = getattr(settings, "AUDIT_CLIENT_IP_HEADER", "")
    if header and (value := request.META.get(header)):
        return _ip(value.split(",")[-1])
    return _ip(request.META.get("REMOTE_ADDR"))


def from_request(request) -> RequestContext:
    # The path only, never the query string: a search like ?cpr=… must not put a CPR in the log.
    return RequestContext(
        method=_clean(request.method or "", 10),
        path=_clean(request.path, PATH_MAX),
        ip=client_ip(request),
        user_agent=_clean(request.META.get("HTTP_USER_AGENT", ""), USER_AGENT_MAX),
    )


@contextlib.contextmanager
def bound(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def _ninja_operation(view_func, method: str) -> str:
    """The django-ninja operation (its function's name) that will answer this method, or ""."""
    for cell in getattr(view_func, "__closure__", None) or ():
        try:
            operations = getattr(cell.cell_contents, "operations", None)
        except ValueError:  # an empty cell
            continue
        for op in operations or ():
            if method in getattr(op, "methods", ()):
                return getattr(op.view_func, "__name__", "")
    return ""


class AuditRequestMiddleware:
    """Binds the request's context for the audit log; the route is added once URL resolution is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with bound(from_request(request)):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        route = match.view_name if match and match.view_name else getattr(view_func, "__name__", "")
        if match and (operation := _ninja_operation(view_func, request.method)):
            # One API path can serve several methods (GET and POST /notifications): name the one called.
            route = f"{match.namespace}:{operation}" if match.namespace else operation
        _current.set(replace(_current.get(), route=_clean(route, ROUTE_MAX)))
        return None

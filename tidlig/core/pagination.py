"""Every list the API returns is paginated the same way (issue 9, "The API contract"): `@paginated`.

The answer stays what v1 promised, a JSON array, so no existing client breaks (docs/api.md, "Stability").
Two query parameters and three headers are added:

- `limit` (1–`maximum`, default `default`): how many items at most; `offset` (0 or more): how many to skip.
- `X-Total-Count: <n>`: how many items the whole list has (a count is cheap: a `COUNT(*)` on an indexed
  query, or the length of a list the route already holds).
- `Link: <url>; rel="next", <url>; rel="prev"` (RFC 8288): the same URL with the next and the previous
  `offset`; no `rel="next"` on the last page. A client follows `next` until there is none.

It is django-ninja's pagination (`ninja.pagination.PaginationBase`) with `Output = None`, so the response
schema stays the route's `list[...]`, plus the headers set on ninja's temporal response. A route returns
what it returned before (a list, or a QuerySet); to build answer items for the page only, it returns
`Rows(source, to_item)`.

A bad `limit` or `offset` answers 422 naming the parameter in Danish (tidlig/api.py, on_schema_error).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Schema
from ninja.pagination import PaginationBase
from ninja.utils import contribute_operation_callback

DEFAULT_LIMIT = 500  # generous: every list but the longest fits on one page, as before pagination
MAX_LIMIT = 1000
MAX_OFFSET = 10**9  # a bound PostgreSQL's OFFSET takes without complaint

HEADERS_DOC = {
    "X-Total-Count": {
        "description": "How many items the whole list has (all pages).",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Link": {
        "description": 'RFC 8288 links to the other pages: `<url>; rel="next"` (absent on the last page) '
        'and `<url>; rel="prev"` (absent on the first).',
        "schema": {"type": "string"},
    },
}


@dataclass
class Rows:
    """A route's list, turned into answer items one page at a time: `source` is a QuerySet (counted and
    sliced in SQL) or a sequence; `to_item` builds one answer item from one of its elements."""

    source: QuerySet | Sequence
    to_item: Callable[[Any], Any]


@functools.cache
def page_input(default: int, maximum: int) -> type[Schema]:
    """The query schema of `limit` and `offset`; one class per (default, maximum), each with its own name
    (django-ninja lists it as a component, and names must be unique in the document)."""
    return type(
        "PageQuery"
        if (default, maximum) == (DEFAULT_LIMIT, MAX_LIMIT)
        else f"PageQuery{default}Max{maximum}",
        (Schema,),
        {
            "__annotations__": {"limit": int, "offset": int},
            "limit": Field(
                default, ge=1, le=maximum, description=f"Items per page, 1–{maximum} (default {default})."
            ),
            "offset": Field(
                0,
                ge=0,
                le=MAX_OFFSET,
                description='Items to skip; follow the `Link` header\'s `rel="next"` rather than counting.',
            ),
        },
    )


class ListPagination(PaginationBase):
    """limit/offset over a QuerySet, a sequence or `Rows`; the answer stays the list itself."""

    Output = None  # keep the route's `list[...]` schema: v1's JSON array

    def __init__(self, *, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT, **kwargs: Any) -> None:
        self.Input = page_input(default, maximum)
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params: Any):
        to_item = None
        if isinstance(queryset, Rows):
            queryset, to_item = queryset.source, queryset.to_item
        limit, offset = pagination.limit, pagination.offset
        total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        page = list(queryset[offset : offset + limit])
        return (total, [to_item(x) for x in page] if to_item else page)


def _url(request: HttpRequest, **changes: int) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = str(value)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.lists()), doseq=True)


def next_url(request: HttpRequest, *, total: int, limit: int, offset: int) -> str | None:
    """The URL of the next page, or None on the last."""
    return _url(request, offset=offset + limit, limit=limit) if offset + limit < total else None


def page_headers(
    response: HttpResponse, request: HttpRequest, *, total: int, limit: int, offset: int
) -> None:
    """X-Total-Count and Link (next/prev) on `response`. The worklist sends the largest section's total."""
    response["X-Total-Count"] = str(total)
    links = []
    if nxt := next_url(request, total=total, limit=limit, offset=offset):
        links.append(f'<{nxt}>; rel="next"')
    if offset > 0:
        links.append(f'<{_url(request, offset=max(0, offset - limit), limit=limit)}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)


def document_headers(op) -> None:
    """The operation's 200 answer documents X-Total-Count and Link (an operation callback)."""
    extra = op.openapi_extra or {}
    extra.setdefault("responses", {}).setdefault(200, {}).setdefault("headers", {}).update(HEADERS_DOC)
    op.openapi_extra = extra


def paginated(view=None, *, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT):
    """Paginate a list route (put it under `@router.get(...)`); see the module's docstring."""

    def decorate(func):
        paginator = ListPagination(default=default, maximum=maximum)

        @wraps(func)
        def wrapped(request, *args, _page_response: HttpResponse, ninja_pagination=None, **kwargs):
            pagination = ninja_pagination or paginator.Input()
            result = func(request, *args, **kwargs)
            if not isinstance(result, list | tuple | QuerySet | Rows):
                return result  # an error answer (Status): passed on as it is
            total, items = paginator.paginate_queryset(result, pagination, request)
            page_headers(
                _page_response, request, total=total, limit=pagination.limit, offset=pagination.offset
            )
            return items

        # ninja reads the view's signature: the route's own parameters, plus the temporal response it
        # hands to a parameter annotated HttpResponse (for the headers) and the page query.
        sig = inspect.signature(func, eval_str=True)
        params = [p for p in sig.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        query = Query[paginator.Input]
        params += [
            inspect.Parameter("ninja_pagination", inspect.Parameter.KEYWORD_ONLY, annotation=query),
            inspect.Parameter("_page_response", inspect.Parameter.KEYWORD_ONLY, annotation=HttpResponse),
        ]
        wrapped.__signature__ = sig.replace(parameters=params)
        wrapped.__annotations__ = {**func.__annotations__, "ninja_pagination": query}
        contribute_operation_callback(wrapped, document_headers)
        wrapped._ninja_is_paginated = True
        return wrapped

    return decorate(view) if view is not None else decorate

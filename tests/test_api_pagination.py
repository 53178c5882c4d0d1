"""Every list the API returns is paginated the same way (issue 9; tidlig/core/pagination.py, docs/api.md):
`limit` and `offset`, the body still a JSON array, `X-Total-Count`, and `Link: <…>; rel="next"` until the
last page."""

from __future__ import annotations

import re

import pytest

from tidlig.api import api
from tidlig.organisation.services import api_token_create


def _array_gets(document: dict):
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        answer = (
            get["responses"].get(200, {}).get("content", {}).get("application/json", {}).get("schema", {})
        )
        if answer.get("type") == "array":
            yield path, get


def test_every_list_the_api_returns_is_paginated_and_documented():
    document = api.get_openapi_schema()
    lists = dict(_array_gets(document))

    assert len(lists) >= 20  # the walk found the list routes (tokens, concerns, ratings, …)
    unpaginated = {
        path: sorted(
            {"limit", "offset"} - {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        )
        for path, op in lists.items()
    }
    assert {path: missing for path, missing in unpaginated.items() if missing} == {}
    undocumented = [
        path
        for path, op in lists.items()
        if set(op["responses"][200].get("headers", {})) != {"X-Total-Count", "Link"}
    ]
    assert undocumented == []


def test_the_worklist_is_paginated_per_section():
    document = api.get_openapi_schema()
    get = document["paths"]["/api/v1/worklist"]["get"]

    assert {"limit", "offset"} <= {p["name"] for p in get["parameters"]}
    assert {"totals", "next"} <= set(document["components"]["schemas"]["WorklistOut"]["properties"])
    assert set(get["responses"][200]["headers"]) == {"X-Total-Count", "Link"}


def _next(response) -> str | None:
    found = re.search(r'<([^>]+)>; rel="next"', response.headers.get("Link", ""))
    return found.group(1) if found else None


def test_a_client_pages_through_a_list_by_following_next(client_for, rita):
    for n in range(5):
        api_token_create(staff=rita, label=f"integration {n}")
    client = client_for(rita)

    first = client.get("/api/v1/tokens?limit=2")

    assert first.status_code == 200
    assert isinstance(first.json(), list) and len(first.json()) == 2  # still v1's JSON array
    assert first.headers["X-Total-Count"] == "5"
    assert 'rel="prev"' not in first.headers["Link"]
    seen, response, pages = [], first, 0
    while True:
        pages += 1
        seen += [t["id"] for t in response.json()]
        url = _next(response)
        if url is None:
            break
        assert "offset=" in url and "limit=2" in url
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["X-Total-Count"] == "5"
    assert pages == 3 and len(seen) == 5 and len(set(seen)) == 5
    assert len(response.json()) == 1  # the last page: the rest, no next, a prev
    assert 'rel="prev"' in response.headers["Link"]


def test_without_limit_a_short_list_comes_whole_as_before(client_for, rita):
    for n in range(3):
        api_token_create(staff=rita, label=f"integration {n}")

    response = client_for(rita).get("/api/v1/tokens")

    assert response.status_code == 200
    assert len(response.json()) == 3
    assert response.headers["X-Total-Count"] == "3"
    assert "Link" not in response.headers


def test_an_offset_past_the_end_is_an_empty_page(client_for, rita):
    api_token_create(staff=rita, label="integration")

    response = client_for(rita).get("/api/v1/tokens?offset=10")

    assert response.status_code == 200
    assert response.json() == []
    assert response.headers["X-Total-Count"] == "1"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("limit=0", "limit", "Skriv et tal på mindst 1."),
        ("limit=1001", "limit", "Skriv et tal på højst 1000."),
        ("limit=ti", "limit", "Skriv et helt tal."),
        ("limit=", "limit", "Skriv et helt tal."),
        ("offset=-1", "offset", "Skriv et tal på mindst 0."),
        ("offset=1e3", "offset", "Skriv et helt tal."),
        ("offset=99999999999999999999999", "offset", "Skriv et tal på højst 1000000000."),
    ],
)
def test_a_bad_limit_or_offset_answers_422_in_danish(client_for, rita, query, field, message):
    response = client_for(rita).get(f"/api/v1/tokens?{query}")

    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}
    assert response.json()["detail"] == (
        "Forespørgslen har ugyldige eller manglende felter. Ret felterne i »errors«, og send igen."
    )


def test_a_route_with_its_own_bounds_keeps_them(client_for, alice, child):
    """The journal notes had limit 1–500, default 50, before pagination was one mechanism; still so."""
    client = client_for(alice)

    assert client.get(f"/api/v1/children/{child.pk}/notes?limit=501").json()["errors"] == {
        "limit": ["Skriv et tal på højst 500."]
    }

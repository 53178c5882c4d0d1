"""Carry what one page knows over to a form on another, without putting personal data in the URL.

A concern's "Skriv underretning" hands the child and the observation to the notification form
(issue 10). The child's id may travel in the query string (`?barn=<id>`, no personal data); the text
goes through the session, keyed by the form and the child, so it is used only for that child and a
reload keeps it. The receiving form still decides who may be picked: the prefill is a suggestion.
"""

from __future__ import annotations

SESSION_KEY = "tidlig_prefill"


def stash(request, *, form: str, child_id: int, **values: str) -> None:
    """Remember `values` for `form` about one child (the last stash per form wins)."""
    store = request.session.get(SESSION_KEY, {})
    store[form] = {"child": child_id, **values}
    request.session[SESSION_KEY] = store


def take(request, *, form: str, child_id: int | None) -> dict[str, str]:
    """The values stashed for `form` about this child, or nothing."""
    if child_id is None:
        return {}
    found = request.session.get(SESSION_KEY, {}).get(form) or {}
    if found.get("child") != child_id:
        return {}
    return {k: v for k, v in found.items() if k != "child"}


def forget(request, *, form: str) -> None:
    """Drop the stash once the form is sent, so the next notification starts empty."""
    store = request.session.get(SESSION_KEY, {})
    if store.pop(form, None) is not None:
        request.session[SESSION_KEY] = store

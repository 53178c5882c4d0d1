"""The API's request parser: a body must be the documented JSON object, and a query string must hold no text
a database cannot store (query parameters are not typed by core.schemas).

django-ninja wraps whatever `parse_body` raises into a 400 "Cannot parse request body"; `BadInput` is
kept as the cause, and `tidlig.api` answers it with a 422 that names the field (OWASP ASVS 4.0 V5.1.3).
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from .limits import text_problem


class BadInput(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _walk(value, path: list[str], errors: dict[str, list[str]]) -> None:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            errors.setdefault(".".join(path) or "body", []).append(problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            key_problem = text_problem(key)
            if key_problem:
                errors.setdefault(".".join(path) or "body", []).append(key_problem)
                continue
            _walk(item, [*path, key], errors)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, [*path, str(i)], errors)


def text_errors(data) -> dict[str, list[str]]:
    """Every field, by its dotted path, whose text contains a NUL byte or a lone UTF-16 surrogate."""
    errors: dict[str, list[str]] = {}
    _walk(data, [], errors)
    return errors


class EdgeParser(Parser):
    def parse_body(self, request):
        try:
            data = json.loads(request.body)
        except ValueError:  # not JSON, or not UTF-8
            raise BadInput({"body": [_("Forespørgslens indhold er ikke gyldig JSON.")]}) from None
        if not isinstance(data, dict):
            raise BadInput({"body": [_('Send et JSON-objekt med felterne, fx {"note": "…"}.')]})
        # The text inside is checked by the schemas' types (core.schemas), so that every field's fault is
        # named in the same answer.
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        # Query parameters reach the database (?cpr=…): refuse NUL before PostgreSQL does with a 500.
        errors = text_errors({key: data.getlist(key) for key in data.keys()})
        if errors:
            raise NinjaValidationError(
                [
                    {"loc": ("query", key.split(".")[0]), "msg": msgs[0], "type": "text_invalid"}
                    for key, msgs in errors.items()
                ]
            )
        return result

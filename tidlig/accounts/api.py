"""API twins of "Mine API-nøgler": list, create and revoke tokens, with the same services as the page."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tidlig.core.pagination import paginated
from tidlig.core.schemas import api_errors
from tidlig.organisation.models import ApiToken
from tidlig.organisation.services import api_token_issue, api_token_revoke, api_tokens_visible_to

router = Router(tags=["api tokens"])
ERRORS = api_errors(403, 404)


class TokenOut(Schema):
    id: int
    label: str
    owner: str
    scope: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    label: str = Field(..., min_length=1, max_length=100)
    scope: ApiToken.Scope = ApiToken.Scope.READ
    expires_at: dt.datetime


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret, shown this once; only its digest is kept.")


def token_out(t: ApiToken) -> dict:
    return {
        "id": t.pk,
        "label": t.label,
        "owner": t.staff.username,
        "scope": t.scope,
        "created_at": t.created_at,
        "expires_at": t.expires_at,
        "last_used_at": t.last_used_at,
        "revoked_at": t.revoked_at,
    }


@router.get(
    "/tokens", response={200: list[TokenOut], **ERRORS}, summary="My API tokens (an administrator: all)"
)
@paginated
def tokens_list(request):
    return [token_out(t) for t in api_tokens_visible_to(request.user)]


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, summary="Create an API token")
def tokens_create(request, payload: TokenIn):
    if getattr(request, "api_token", None) is not None:
        # A token is made only from a signed-in session with two factors, never from another token.
        raise PermissionDenied(
            _(
                "API-nøgler laves, når du er logget ind med to faktorer, ikke med en anden nøgle. "
                "Log ind i Tidlig, og lav nøglen der."
            )
        )
    token, raw = api_token_issue(
        staff=request.user, label=payload.label, scope=payload.scope, expires_at=payload.expires_at
    )
    return Status(201, {**token_out(token), "token": raw})


@router.post(
    "/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS}, summary="Revoke an API token at once"
)
def tokens_revoke(request, token_id: int):
    token = get_object_or_404(api_tokens_visible_to(request.user), pk=token_id)
    return token_out(api_token_revoke(actor=request.user, token=token))

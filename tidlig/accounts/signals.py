"""The security log (ASVS 4.0 V7.1, 7.2): sign-ins, failed sign-ins, lockouts and sign-outs go into the
append-only audit log, with the address and browser; never a password (ASVS 7.1.1)."""

from __future__ import annotations

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tidlig.audit import services as audit

from .network import client_ip, user_agent

# Session keys: when the person signed in and when they last did something (SessionTimeoutMiddleware).
LOGIN_AT = "tidlig_login_at"
LAST_SEEN = "tidlig_last_seen"
# Set by the OIDC sign-in (another part of Tidlig) when the identity provider asserted the factors.
OIDC_KEYS = ("oidc_acr", "oidc_amr")


def where(request) -> dict:
    if request is None:
        return {}
    return {"ip": client_ip(request), "user_agent": user_agent(request)}


@receiver(user_logged_in, dispatch_uid="tidlig.accounts.login")
def on_login(sender, request, user, **kwargs):
    data = where(request)
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT] = now
        session[LAST_SEEN] = now
        data.update({k: session[k] for k in OIDC_KEYS if session.get(k) is not None})
    audit.record(actor=user, action="auth.login", data=data)


@receiver(user_login_failed, dispatch_uid="tidlig.accounts.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the username that was tried: Django has already masked the password, and we keep none of it.
    username = str((credentials or {}).get("username", ""))[:150]
    audit.record(actor=None, action="auth.login_failed", data={"username": username, **where(request)})


@receiver(user_logged_out, dispatch_uid="tidlig.accounts.logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "tidlig_logout_reason", "user")
    audit.record(actor=user, action="auth.logout", data={"reason": reason, **where(request)})


@receiver(user_locked_out, dispatch_uid="tidlig.accounts.lockout")
def on_lockout(sender, request, username, ip_address, **kwargs):
    audit.record(
        actor=None,
        action="auth.lockout",
        data={"username": str(username or "")[:150], "ip": ip_address, "user_agent": user_agent(request)},
    )

from django import template

from tidlig.organisation import oidc

register = template.Library()


@register.simple_tag
def sso_enabled() -> bool:
    """Offer "Log ind med kommunens login" only where the installation has configured a provider."""
    return oidc.enabled()

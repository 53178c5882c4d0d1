from django import template

from tidlig.audit.selectors import action_label as _action_label

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def action_label(action: str) -> str:
    return _action_label(action)

"""docs/style-da.md: every error message says what to do next (issue 14 § 5) – »Skriv en dato som 25.04.2025«,
not only »Ugyldig dato«. A next step is a sentence (or a clause after »så«, »og«, »eller«, »men« or a
semicolon) that opens with a Danish imperative. Checked on the error pages a user lands on (403, 404, 500;
Tidlig has no 429 page: the API's 429 is checked with api.py below, the FIT link's plain-text 429 is not yet)
and on every error message in the modules swept so far (MODULES), read from the source with ast."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tidlig.rules.lix import html_text

from .test_button_labels import IMPERATIVES

ROOT = Path(__file__).resolve().parent.parent / "tidlig"

# Imperatives that tell the reader what to do about an error, besides the buttons' verbs.
NEXT_STEP_VERBS = IMPERATIVES | {
    "Angiv", "Arbejd", "Bed", "Begrund", "Beskriv", "Brug", "Genindlæs", "Gør", "Indhent", "Kontakt", "Lad", "Ring", "Saml",
    "Spørg", "Tjek", "Vent",
}  # fmt: skip

# Modules whose error messages have all been given a next step; add a module when you have swept it.
MODULES = [
    "api.py",
    "core/forms.py",
    "core/limits.py",
    "core/schemas.py",
    "cases/access.py",
    "cases/casework.py",
    "cases/forms.py",
    "course/forms.py",
    "course/services.py",
    "genogram/services.py",
    "network/forms.py",
    "organisation/services.py",
    "people/cpr.py",
    "plans/services.py",
    "review/services.py",
    "review/access.py",
    "interventions/services/appeals.py",
    "interventions/services/decisions.py",
    "interventions/services/measures.py",
    "interventions/services/outbox.py",
    "interventions/api.py",
    "audit/selectors.py",
    "comparison/access.py",
    "comparison/services.py",
    "delivery/access.py",
    "metrics/figure_tables.py",
    "metrics/installation.py",
    "metrics/keyfigures/scope.py",
    "metrics/report.py",
    "people/api.py",
    "people/services.py",
    "accounts/api.py",
    "concerns/api.py",
    "concerns/services.py",
    "concerns/views.py",
    "accounts/services.py",
    "cases/family.py",
    "cases/views.py",
    "cases/views_casework.py",
    "comparison/views.py",
    "course/access.py",
    "course/api.py",
    "crossteam/access.py",
    "crossteam/api.py",
    "crossteam/api_twins.py",
    "crossteam/early.py",
    "crossteam/services.py",
    "crossteam/views.py",
    "crossteam/views_early.py",
    "fit/family.py",
    "fit/services.py",
    "fit/statistics.py",
    "genogram/views.py",
    "intake/api.py",
    "intake/services/attachments.py",
    "intake/services/casework.py",
    "intake/services/handling.py",
    "intake/services/outbox.py",
    "intake/services/registration.py",
    "intake/views.py",
    "interventions/forms.py",
    "interventions/views.py",
    "metrics/views.py",
    "network/access.py",
    "network/api.py",
    "network/booking.py",
    "network/selectors.py",
    "network/services.py",
    "organisation/admin.py",
    "organisation/models.py",
    "people/selectors.py",
    "people/views.py",
    "plans/views.py",
    "post/access.py",
    "post/services.py",
    "wellbeing/access.py",
    "wellbeing/admin.py",
    "wellbeing/overview.py",
    "wellbeing/selectors.py",
    "wellbeing/services.py",
    "wellbeing/setup.py",
    "wellbeing/setup_selectors.py",
    "wellbeing/transitions.py",
    "wellbeing/views.py",
]
RAISERS = {"ValidationError", "PermissionDenied", "Http404", "HttpError", "_error", "error", "add_error"}
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
CLAUSE = re.compile(r"(?<=[.!?;:])\s+|,\s+(?:så|og|eller|men)\s+|\s+–\s+")


def has_next_step(message: str) -> bool:
    for clause in CLAUSE.split(message):
        words = re.findall(r"[^\W\d_]+", clause)
        if words and words[0].capitalize() in NEXT_STEP_VERBS:
            return True
    return False


def error_messages(path: Path) -> list[tuple[int, str]]:
    """The translatable strings inside a raise of an error, or put in an `errors` dict or list."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        name = ""
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "append" and getattr(node.func.value, "id", "") == "errors":
                name = "error"
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Subscript) and getattr(t.value, "id", "") == "errors" for t in node.targets
        ):
            name = "error"
        if name not in RAISERS:
            continue
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") in GETTEXT:
                for arg in call.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.append((call.lineno, arg.value))
    return found


def test_the_check_knows_a_next_step():
    assert has_next_step("Skriv datoen som dd.mm.åååå, fx 14.04.2025.")
    assert has_next_step("Slutdatoen ligger i fremtiden; afslut forløbet, når det er slut.")
    assert has_next_step("Har du brug for adgang, så bed din leder om den.")
    assert not has_next_step("Datoen ligger i fremtiden.")
    assert not has_next_step("Du har ikke adgang.")
    assert not has_next_step("Ugyldig dato. Datoen er forkert.")


def test_the_swept_modules_have_error_messages():
    assert sum(len(error_messages(ROOT / m)) for m in MODULES) > 80


@pytest.mark.parametrize("module", MODULES)
def test_every_error_message_in_a_swept_module_says_what_to_do(module):
    assert [
        f"{module}:{line}: {text}" for line, text in error_messages(ROOT / module) if not has_next_step(text)
    ] == []


@pytest.mark.django_db
@pytest.mark.parametrize("template", ["403.html", "404.html", "500.html"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_an_error_page_says_what_to_do(template, language):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        page = render_to_string(template, {}, request=request)
    body = page.split("</h1>", 1)[1]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", html_text(body)) if s.strip()]
    if (
        language == "da" or template == "500.html"
    ):  # 500 is plain Danish: it renders without the i18n machinery
        assert any(has_next_step(s) for s in sentences), sentences
    else:
        assert re.search(r"\b(ask|contact|go|try)\b", html_text(body), re.I), sentences

"""The decision letter through the API (issue 9): the page's HTML and PDF, for the case owners only."""

from __future__ import annotations

import pytest

from tidlig.interventions.tests.api_helpers import draft

pytestmark = pytest.mark.usefixtures("frozen")


def test_the_draft_letter_is_served_in_html_to_the_caseworker(api, case, token_for, tom, bob, eva):
    decision = draft(api, case)
    url = f"/api/v1/decisions/{decision['id']}/letter"

    letter = api.get(url)

    assert letter.status_code == 200 and letter["Content-Type"].startswith("text/html")
    assert "UDKAST" in letter.content.decode()  # the same rendering as the page: a draft says so
    assert token_for(tom).get(url).status_code == 200  # the team leader owns the case too
    assert token_for(bob).get(url).status_code == 404  # another team's caseworker does not see it
    assert token_for(eva).get(url).status_code == 404  # an educator sees no case
    assert api.get("/api/v1/decisions/999999/letter").status_code == 404


@pytest.mark.slow
def test_the_letter_is_served_as_pdf(api, case, token_for, bob):
    decision = draft(api, case)
    url = f"/api/v1/decisions/{decision['id']}/letter.pdf"

    pdf = api.get(url)

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert token_for(bob).get(url).status_code == 404

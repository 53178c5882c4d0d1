"""Finding a child by CPR or name (issue 10): only among the children the user may see, every read logged."""

from __future__ import annotations

import pytest

from tidlig.audit.models import AuditEntry
from tidlig.people.models import Child


@pytest.fixture
def many(municipality, org):
    return [
        Child.objects.create(
            municipality=municipality,
            cpr=f"01011{i}4231"[:10],
            first_name=f"Anna{i}",
            last_name="Holm",
            sex="F",
            institution=org["solsikken"],
        )
        for i in range(5)
    ]


def test_reception_finds_a_child_by_cpr_with_or_without_the_dash(client_for, rita, child, sibling):
    client = client_for(rita)

    with_dash = client.get("/boern/soeg/", {"q": "150418-4235"})
    without = client.get("/boern/soeg/", {"q": "1504184235"})

    for response in (with_dash, without):
        page = response.content.decode()
        assert response.status_code == 200
        assert f'href="/boern/{child.pk}/"' in page
        assert "Ida Jensen" not in page


def test_reception_finds_children_by_name_words_in_any_order(client_for, rita, child, sibling):
    page = client_for(rita).get("/boern/soeg/", {"q": "jensen lu"}).content.decode()

    assert "Lukas Jensen" in page
    assert "Ida Jensen" not in page


def test_a_birth_date_finds_the_children_born_that_day(client_for, rita, child, sibling):
    page = client_for(rita).get("/boern/soeg/", {"q": "150418"}).content.decode()

    assert "Lukas Jensen" in page
    assert "Ida Jensen" not in page


def test_a_query_too_short_or_a_bad_cpr_is_explained_in_danish(client_for, rita, child):
    client = client_for(rita)

    short = client.get("/boern/soeg/", {"q": "L"}).content.decode()
    digits = client.get("/boern/soeg/", {"q": "1504"}).content.decode()
    bad = client.get("/boern/soeg/", {"q": "321318-1234"}).content.decode()

    assert "mindst 2 bogstaver" in short
    assert "Skriv hele CPR-nummeret" in digits
    assert "gyldig fødselsdato" in bad
    assert 'value="321318-1234"' in bad  # what was typed is kept


def test_a_caseworker_finds_only_her_own_children(client_for, alice, bob, child, sibling):
    child.caseworker = alice
    child.save()

    mine = client_for(alice).get("/boern/soeg/", {"q": "Jensen"}).content.decode()
    theirs = client_for(bob).get("/boern/soeg/", {"q": "Jensen"}).content.decode()

    assert "Lukas Jensen" in mine
    assert "Ida Jensen" not in mine
    assert "Lukas Jensen" not in theirs
    assert "Ingen børn, du har adgang til" in theirs


def test_every_child_found_is_logged_as_read(client_for, rita, child, sibling):
    client_for(rita).get("/boern/soeg/", {"q": "Jensen"})

    logged = AuditEntry.objects.filter(actor=rita, data__view="search").values_list("child_id", flat=True)
    assert sorted(logged) == sorted([child.pk, sibling.pk])


def test_the_search_page_is_for_case_handling_roles(client_for, eva, ann):
    assert client_for(eva).get("/boern/soeg/", {"q": "Jensen"}).status_code == 403
    assert client_for(ann).get("/boern/soeg/", {"q": "Jensen"}).status_code == 403


def test_reception_has_the_search_on_the_worklist_and_in_the_menu(client_for, rita):
    page = client_for(rita).get("/underretninger/modtagelse/").content.decode()

    assert 'action="/boern/soeg/"' in page
    assert 'href="/boern/soeg/"' in page


# API twin


def test_the_api_searches_with_a_limit_and_says_when_there_are_more(token_for, rita, many):
    client = token_for(rita)

    first = client.get("/api/v1/children/search", {"q": "Holm", "limit": 2}).json()
    rest = client.get("/api/v1/children/search", {"q": "Holm", "limit": 2, "offset": 4}).json()

    assert [c["first_name"] for c in first["results"]] == ["Anna0", "Anna1"]
    assert first["more"] is True
    assert [c["first_name"] for c in rest["results"]] == ["Anna4"]
    assert rest["more"] is False


def test_the_api_search_answers_422_for_a_short_query(token_for, rita):
    response = token_for(rita).get("/api/v1/children/search", {"q": "x"})

    assert response.status_code == 422
    assert "mindst 2 bogstaver" in response.json()["errors"]["q"][0]


def test_an_educator_finds_by_api_only_the_children_of_her_institution_without_case_data(
    token_for, eva, child, municipality
):
    Child.objects.create(municipality=municipality, cpr="0101204231", first_name="Sofie", last_name="Jensen")

    body = token_for(eva).get("/api/v1/children/search", {"q": "Jensen"}).json()

    assert [c["first_name"] for c in body["results"]] == ["Lukas"]
    assert "caseworker_id" not in body["results"][0]

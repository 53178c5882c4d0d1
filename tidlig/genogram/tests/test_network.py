"""The child's network on pages: who may see and edit it, the read logged, the forms' errors in one round,
and the drawing's symbols for a hand-built family."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tidlig.audit.models import AuditEntry
from tidlig.genogram import services
from tidlig.genogram.drawing import genogram_svg, network_map_svg
from tidlig.genogram.models import NetworkPerson, Relation
from tidlig.genogram.selectors import network_for


@pytest.fixture
def owned(child, alice):
    child.caseworker = alice
    child.save()
    return child


@pytest.fixture
def family(owned, alice):
    """Lukas, his mother Mette (from the register), his father who has left, the mother's new partner, their
    daughter (Lukas' half-sister), and the late grandfather; a football coach outside the family."""
    services.network_from_register(child=owned, actor=alice)
    node = NetworkPerson.objects.get(child=owned, is_child=True)
    mother = NetworkPerson.objects.get(child=owned, first_name="Mette")
    add = lambda **kw: services.network_person_add(child=owned, actor=alice, **kw)  # noqa: E731
    father = add(
        first_name="Karsten", role="far", sex="M", born_year=1984, household="Vejen 2", bond="distant"
    )
    partner = add(
        first_name="Jonas", role="mors kæreste", sex="M", born_year=1987, household=mother.household
    )
    half = add(first_name="Alma", role="halvsøster", sex="F", born_year=2022, household=mother.household,
               bond="close")  # fmt: skip
    granddad = add(first_name="Erik", role="morfar", sex="M", born_year=1950, died_year=2023)
    add(first_name="Per", role="fodboldtræner", sex="M", sector="friends", closeness=2, bond="resource",
        is_resource=True, support_person=True)  # fmt: skip
    rel = lambda a, kind, b: services.relation_add(child=owned, actor=alice, a=a, kind=kind, b=b)  # noqa: E731
    rel(father, "parent", node)
    rel(mother, "separated", father)
    rel(mother, "partner", partner)
    rel(mother, "parent", half)
    rel(partner, "parent", half)
    rel(granddad, "parent", mother)
    return owned


def test_the_caseworker_sees_the_genogram_with_its_symbols_and_the_text_list(family, alice, client_for):
    page = client_for(alice).get(f"/boern/{family.pk}/netvaerk/")
    html = page.content.decode()

    assert page.status_code == 200
    start = html.index('data-testid="genogram"')
    svg = html[start : html.index("</svg>", start)]
    assert 'class="separation"' in svg and "Gået fra hinanden" in svg  # the slash on the couple line
    erik = re.search(r'<g class="person"[^>]*>\s*<title>Erik, morfar, død 2023</title>(.*?)</g>', svg, re.S)
    assert erik and erik.group(1).count("<path") + erik.group(1).count("<line") >= 2  # the cross
    assert 'class="household"' in svg  # a household circled
    assert 'class="person child"' in svg  # the child marked
    assert "Per" not in svg  # the coach is in the network map, not in the family's genogram
    text = re.sub(r"<[^>]+>", "", html)
    assert (
        "Alma (halvsøster), født 2022; barn af Mette Jensen, barn af Jonas; husstand: Barnets hjem." in text
    )
    assert "Erik (morfar), født 1950, død 2023; forælder til Mette Jensen." in text
    assert "Per (fodboldtræner): venner og fritid, nogen kontakt, relation: ressource;" in text
    assert "mulig støtteperson (§ 53)" in html
    assert " style=" not in html and "<script>" not in html


def test_the_drawings_show_marks_for_resources_and_custody(family, alice):
    net = network_for(alice, family.pk)

    gsvg, msvg = str(genogram_svg(net)), str(network_map_svg(net))

    assert ">FM<" in gsvg  # Mette has custody (from the register)
    assert ">R<" in msvg and ">§ 53<" in msvg
    assert "Venner og fritid" in msvg and "Professionelle" in msvg
    assert " style=" not in gsvg + msvg


def test_every_read_of_the_network_is_logged(family, alice, client_for):
    before = AuditEntry.objects.filter(action="people.child.viewed", child_id=family.pk).count()

    client_for(alice).get(f"/boern/{family.pk}/netvaerk/")

    entry = (
        AuditEntry.objects.filter(action="people.child.viewed", child_id=family.pk).order_by("-pk").first()
    )
    assert AuditEntry.objects.filter(action="people.child.viewed", child_id=family.pk).count() == before + 1
    assert entry.data == {"view": "network"} and entry.actor == alice


@pytest.mark.parametrize("persona", ["bob", "eva", "ann", "olga", "rita"])
def test_people_outside_the_case_do_not_see_the_network(family, persona, client_for, request):
    client = client_for(request.getfixturevalue(persona))
    person = NetworkPerson.objects.filter(child=family, is_child=False).first()

    assert client.get(f"/boern/{family.pk}/netvaerk/").status_code == 404
    assert client.get(f"/netvaerk/person/{person.pk}/").status_code == 404
    assert client.post(f"/netvaerk/person/{person.pk}/fjern/").status_code == 404
    assert NetworkPerson.objects.filter(pk=person.pk).exists()


def test_a_colleague_given_read_access_sees_but_cannot_change(family, alice, bob, client_for):
    from tidlig.cases.models import CaseAccess

    CaseAccess.objects.create(child=family, staff=bob, granted_by=alice)
    client = client_for(bob)

    page = client.get(f"/boern/{family.pk}/netvaerk/")
    assert page.status_code == 200 and "Tilføj person" not in page.content.decode()
    assert client.get(f"/boern/{family.pk}/netvaerk/person/ny/").status_code == 403
    assert client.post(f"/boern/{family.pk}/netvaerk/person/ny/", {"first_name": "X"}).status_code == 403


def test_adding_a_person_names_every_problem_at_once_and_keeps_what_was_typed(owned, alice, client_for):
    response = client_for(alice).post(
        f"/boern/{owned.pk}/netvaerk/person/ny/",
        {"first_name": "", "role": "mormor", "cpr": "123", "sex": "F", "born_year": "1960", "died_year": "1950",
         "sector": "family", "closeness": "1"},
    )  # fmt: skip
    html = response.content.decode()

    assert response.status_code == 422
    assert "Skriv personens fornavn" in html
    assert "Et CPR-nummer har 10 cifre" in html
    assert "Dødsåret ligger før fødselsåret." in html
    assert 'value="mormor"' in html
    assert not NetworkPerson.objects.filter(child=owned, is_child=False).exists()


def test_a_grandmother_without_cpr_and_a_guardian_linked_by_cpr(owned, alice, mother, client_for):
    client = client_for(alice)

    client.post(f"/boern/{owned.pk}/netvaerk/person/ny/",
                {"first_name": "Grethe", "role": "mormor", "sex": "F", "sector": "family", "closeness": "1",
                 "marks": ["is_resource", "network_foster"]})  # fmt: skip
    client.post(
        f"/boern/{owned.pk}/netvaerk/person/ny/",
        {"first_name": "Mette", "cpr": "030385-1234", "sex": "F", "sector": "family", "closeness": "1"},
    )

    grethe = NetworkPerson.objects.get(child=owned, first_name="Grethe")
    assert grethe.cpr == "" and grethe.is_resource and grethe.network_foster and grethe.person is None
    assert NetworkPerson.objects.get(child=owned, first_name="Mette").person == mother
    assert NetworkPerson.objects.filter(child=owned, is_child=True).count() == 1


def test_a_relation_is_refused_when_it_makes_no_sense(family, alice, client_for):
    node = NetworkPerson.objects.get(child=family, is_child=True)
    mette = NetworkPerson.objects.get(child=family, first_name="Mette")

    same = client_for(alice).post(
        f"/boern/{family.pk}/netvaerk/relation/ny/", {"a": node.pk, "kind": "parent", "b": node.pk}
    )
    backwards = client_for(alice).post(
        f"/boern/{family.pk}/netvaerk/relation/ny/", {"a": node.pk, "kind": "parent", "b": mette.pk}
    )

    assert same.status_code == 422 and "Vælg to forskellige personer." in same.content.decode()
    assert backwards.status_code == 422 and "er allerede forælder til" in backwards.content.decode()


def test_the_child_cannot_be_removed_but_a_person_can_with_their_ties(family, alice, client_for):
    client = client_for(alice)
    node = NetworkPerson.objects.get(child=family, is_child=True)
    jonas = NetworkPerson.objects.get(child=family, first_name="Jonas")

    client.post(f"/netvaerk/person/{node.pk}/fjern/")
    client.post(f"/netvaerk/person/{jonas.pk}/fjern/")

    assert NetworkPerson.objects.filter(pk=node.pk).exists()
    assert not NetworkPerson.objects.filter(pk=jonas.pk).exists()
    assert (
        not Relation.objects.filter(a=jonas.pk).exists() and not Relation.objects.filter(b=jonas.pk).exists()
    )
    assert AuditEntry.objects.filter(action="genogram.person.removed", object_id=jonas.pk).exists()


def test_the_childs_page_links_to_the_network(owned, alice, client_for):
    page = client_for(alice).get(f"/boern/{owned.pk}/")

    assert f'href="/boern/{owned.pk}/netvaerk/"' in page.content.decode()


def test_editing_a_person_and_the_child_itself(family, alice, client_for):
    client = client_for(alice)
    erik = NetworkPerson.objects.get(child=family, first_name="Erik")
    node = NetworkPerson.objects.get(child=family, is_child=True)

    form = client.get(f"/netvaerk/person/{erik.pk}/")
    changed = client.post(f"/netvaerk/person/{erik.pk}/",
                          {"first_name": "Erik", "role": "morfar", "sex": "M", "born_year": "1950", "died_year": "2023",
                           "sector": "family", "closeness": "3", "bond": "", "marks": ["is_dead", "is_resource"]})  # fmt: skip
    child_form = client.get(f"/netvaerk/person/{node.pk}/")
    child_saved = client.post(f"/netvaerk/person/{node.pk}/",
                              {"first_name": "Lukas", "last_name": "Jensen", "sex": "M", "born_year": "2018",
                               "household": "Barnets hjem", "marks": ["is_resource"]})  # fmt: skip

    assert form.status_code == 200 and 'value="morfar"' in form.content.decode()
    assert changed.status_code == 302
    erik.refresh_from_db()
    assert erik.is_resource and erik.is_dead and erik.closeness == 3
    assert child_form.status_code == 200 and "Del af netværket" not in child_form.content.decode()
    assert child_saved.status_code == 302
    node.refresh_from_db()
    assert node.is_resource and node.closeness == 1 and node.household == "Barnets hjem"


def test_the_page_costs_the_same_number_of_queries_however_large_the_network(family, alice, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/boern/{family.pk}/netvaerk/")
    for i in range(15):
        services.network_person_add(child=family, actor=alice, first_name=f"Ven {i}", sector="friends")
    with CaptureQueriesContext(connection) as large:
        client.get(f"/boern/{family.pk}/netvaerk/")

    assert len(large) == len(small) < 25


def test_the_network_page_in_english(family, alice, client_for):
    client = client_for(alice)
    client.post("/sprog/", {"language": "en", "next": "/"})

    try:
        html = client.get(f"/boern/{family.pk}/netvaerk/").content.decode()
    finally:
        translation.activate("da")  # the page left English active in this thread

    assert "Lukas Jensen&#x27;s network" in html or "Lukas Jensen's network" in html
    assert "Genogram of Lukas Jensen" in html and "Friends and leisure" in html
    assert "possible support person (§ 53)" in html


def test_parents_from_the_register_keep_their_households_and_custody(owned, alice, mother, municipality):
    from tidlig.people.models import Guardianship, Person

    mother.address = "Engvej 2"
    mother.save()
    father = Person.objects.create(
        municipality=municipality,
        cpr="0101831235",
        first_name="Jens",
        last_name="Jensen",
        address="Bøgevej 7",
    )
    Guardianship.objects.create(
        child=owned, person=father, relation="father", has_custody=False, lives_with_child=False
    )

    added = services.network_from_register(child=owned, actor=alice)
    again = services.network_from_register(child=owned, actor=alice)

    node = NetworkPerson.objects.get(child=owned, is_child=True)
    homes = {p.first_name: (p.household, p.has_custody, p.sex) for p in added}
    assert homes == {"Mette": ("Engvej 2", True, "F"), "Jens": ("Bøgevej 7", False, "M")}
    assert node.household == "Engvej 2" and again == []
    kinds = sorted(Relation.objects.filter(child=owned).values_list("kind", flat=True))
    assert kinds == ["parent", "parent"]  # living apart: no couple is assumed

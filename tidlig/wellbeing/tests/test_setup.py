"""The institution leader sets up rating periods and groups; nobody else, and never another institution's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_staff
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Role
from tidlig.people.models import Child
from tidlig.wellbeing import setup
from tidlig.wellbeing.models import Group, GroupMember, Indicator, Rating, RatingPeriod

D = dt.date


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def syd_period(org):
    return RatingPeriod.objects.create(
        institution=org["syd_skole"], title="Syd efterår", opens_on=D(2026, 9, 1), closes_on=D(2026, 10, 1)
    )


@pytest.fixture
def syd_group(org, kim):
    g = Group.objects.create(institution=org["syd_skole"], name="0.A")
    g.educators.add(kim)
    return g


@pytest.fixture
def newcomer(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        first_name="Noah",
        last_name="Nybegynder",
        birth_date=D(2021, 3, 1),
        institution=org["solsikken"],
    )


@pytest.fixture
def syd_child(municipality, org):
    return Child.objects.create(
        municipality=municipality,
        first_name="Sofie",
        last_name="Sydbo",
        birth_date=D(2019, 1, 1),
        institution=org["syd_skole"],
    )


def _create(lea, org, opens, closes, title="Forår"):
    return setup.period_create(
        actor=lea, institution=org["solsikken"], title=title, opens_on=opens, closes_on=closes
    )


# --- Services ------------------------------------------------------------------------------------------


def test_leader_creates_a_period_and_it_is_audited(lea, org):
    p = _create(lea, org, D(2027, 3, 1), D(2027, 4, 15))
    assert (p.institution, p.title) == (org["solsikken"], "Forår")
    assert AuditEntry.objects.filter(action="wellbeing.period.created", object_id=p.pk, actor=lea).exists()


def test_period_must_close_after_it_opens(lea, org):
    with pytest.raises(ValidationError) as e:
        _create(lea, org, D(2027, 3, 10), D(2027, 3, 9))
    assert "senere" in e.value.message_dict["closes_on"][0]


def test_period_may_last_at_most_three_months(lea, org):
    _create(lea, org, D(2027, 1, 1), D(2027, 4, 1))  # exactly three months is allowed
    with pytest.raises(ValidationError) as e:
        _create(lea, org, D(2027, 5, 1), D(2027, 8, 2))
    assert "01.08.2027" in e.value.message_dict["closes_on"][0]


def test_three_months_from_the_end_of_november_is_the_end_of_february():
    assert setup.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_periods_at_the_same_institution_must_not_overlap(lea, org, period):
    with pytest.raises(ValidationError) as e:
        _create(lea, org, period.closes_on, period.closes_on + dt.timedelta(days=10))
    assert "overlapper Efterår" in e.value.message_dict["opens_on"][0]


def test_another_institutions_period_is_no_overlap(lea, org, syd_period):
    assert _create(lea, org, syd_period.opens_on, syd_period.closes_on).pk


def test_a_period_cannot_be_moved_away_from_its_ratings(lea, eva, org, group, period, child, today):
    Rating.objects.create(
        municipality=org["solsikken"].municipality,
        institution=org["solsikken"],
        period=period,
        group=group,
        child=child,
        kind=Rating.Kind.INDIVIDUAL,
        rater=eva,
        colour="green",
        rated_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as e:
        setup.period_update(
            actor=lea,
            period=period,
            title="Efterår",
            opens_on=today + dt.timedelta(days=1),
            closes_on=period.closes_on,
        )
    assert "allerede vurderinger" in e.value.message_dict["opens_on"][0]
    p = setup.period_update(
        actor=lea, period=period, title="Efterår 2026", opens_on=today, closes_on=period.closes_on
    )
    assert p.title == "Efterår 2026" and p.opens_on == today


def test_only_the_leader_of_the_institution_sets_up(
    eva, kim, sara, mads, olga, lea, org, syd_period, syd_group
):
    for actor in (eva, kim, sara, mads, olga):
        with pytest.raises(PermissionDenied):
            _create(actor, org, D(2027, 3, 1), D(2027, 3, 20))
    with pytest.raises(PermissionDenied):
        setup.period_update(
            actor=lea,
            period=syd_period,
            title="x",
            opens_on=syd_period.opens_on,
            closes_on=syd_period.closes_on,
        )
    with pytest.raises(PermissionDenied):
        setup.group_rename(actor=lea, group=syd_group, name="Overtaget")


def test_educators_must_be_educators_at_the_institution(lea, group, eva, kim, sara):
    for outsider in (kim, sara):
        with pytest.raises(ValidationError):
            setup.group_set_educators(actor=lea, group=group, educator_ids=[eva.pk, outsider.pk])
    setup.group_set_educators(actor=lea, group=group, educator_ids=[eva.pk])
    assert list(group.educators.all()) == [eva]


def test_adding_a_child_to_a_new_group_closes_the_old_membership(lea, org, group, child, today):
    other = setup.group_create(actor=lea, institution=org["solsikken"], name="Sommerfuglene")
    setup.group_add_child(actor=lea, group=other, child=child, today=today)
    old = GroupMember.objects.get(group=group, child=child)
    assert old.left_on == today
    assert GroupMember.objects.get(child=child, left_on__isnull=True).group == other


def test_a_child_of_another_institution_cannot_join(lea, group, syd_child, today):
    with pytest.raises(ValidationError) as e:
        setup.group_add_child(actor=lea, group=group, child=syd_child, today=today)
    assert "Sofie Sydbo er ikke tilknyttet Solsikken" in e.value.messages[0]


def test_removing_a_child_keeps_its_ratings(lea, eva, org, group, period, child, today):
    r = Rating.objects.create(
        municipality=org["solsikken"].municipality,
        period=period,
        group=group,
        child=child,
        kind=Rating.Kind.INDIVIDUAL,
        rater=eva,
        colour="yellow",
        rated_at=timezone.now(),
    )
    setup.group_remove_child(actor=lea, group=group, child=child, today=today)
    assert GroupMember.objects.get(group=group, child=child).left_on == today
    r.refresh_from_db()
    assert r.group == group


def test_group_names_are_unique_among_groups_in_use(lea, org, group):
    with pytest.raises(ValidationError):
        setup.group_create(actor=lea, institution=org["solsikken"], name="mariehønen")
    setup.group_deactivate(actor=lea, group=group, today=timezone.localdate())
    assert setup.group_create(actor=lea, institution=org["solsikken"], name="Mariehønen").pk != group.pk
    assert not GroupMember.objects.filter(group=group, left_on__isnull=True).exists()


# --- Pages ---------------------------------------------------------------------------------------------

URL = "/trivsel/opsaetning/"


def test_leader_sees_periods_open_now_and_groups(client_for, lea, group, period):
    r = client_for(lea).get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Åben nu" in html and "Mariehønen" in html and "Eva Pædagog" in html
    assert "Lukas" not in html  # the overview shows counts, not names


def test_start_page_links_to_setup_for_the_leader_only(client_for, lea, eva, group):
    assert URL in client_for(lea).get("/trivsel/").content.decode()
    assert URL not in client_for(eva).get("/trivsel/").content.decode()


@pytest.mark.parametrize("persona", ["eva", "kim", "sara", "mads", "olga"])
def test_others_are_refused_the_setup_pages(client_for, request, persona, lea, group, period):
    c = client_for(request.getfixturevalue(persona))
    assert c.get(URL).status_code == 403
    assert c.get(f"{URL}gruppe/{group.pk}/").status_code == 403
    r = c.post(f"{URL}periode/ny/", {"title": "X", "opens_on": "01.03.2027", "closes_on": "10.03.2027"})
    assert r.status_code == 403
    assert RatingPeriod.objects.count() == 1
    leader = client_for(lea)
    assert leader.get(URL).status_code == 200
    assert leader.get(f"{URL}gruppe/{group.pk}/").status_code == 200


def test_lea_cannot_touch_sydskolens_period_or_group(client_for, lea, syd_period, syd_group, kim):
    c = client_for(lea)
    assert c.get(f"{URL}periode/{syd_period.pk}/").status_code == 404
    r = c.post(
        f"{URL}periode/{syd_period.pk}/", {"title": "Ny", "opens_on": "01.09.2026", "closes_on": "02.09.2026"}
    )
    assert r.status_code == 404
    assert c.post(f"{URL}gruppe/{syd_group.pk}/", {"name": "Overtaget"}).status_code == 404
    assert c.post(f"{URL}gruppe/{syd_group.pk}/ud-af-brug/").status_code == 404
    syd_group.refresh_from_db()
    assert syd_group.name == "0.A" and syd_group.active
    # Sydskolen's own leader on the same URLs.
    sydleder = make_staff(
        "sigrid", Role.INSTITUTION_LEADER, lea.municipality, institution=syd_group.institution
    )
    assert client_for(sydleder).get(f"{URL}periode/{syd_period.pk}/").status_code == 200
    assert client_for(sydleder).post(f"{URL}gruppe/{syd_group.pk}/", {"name": "0.B"}).status_code == 302
    syd_group.refresh_from_db()
    assert syd_group.name == "0.B"
    assert client_for(sydleder).post(f"{URL}gruppe/{syd_group.pk}/ud-af-brug/").status_code == 302
    syd_group.refresh_from_db()
    assert not syd_group.active


def test_a_period_form_error_keeps_what_was_typed(client_for, lea, period):
    r = client_for(lea).post(
        f"{URL}periode/ny/", {"title": "Forår 2027", "opens_on": "10.03.2027", "closes_on": "01.03.2027"}
    )
    html = r.content.decode()
    assert r.status_code == 422
    assert 'value="Forår 2027"' in html and 'value="10.03.2027"' in html and 'value="01.03.2027"' in html
    assert "Perioden skal lukke samme dag" in html


def test_leader_creates_and_edits_a_period_by_the_page(client_for, lea, org):
    c = client_for(lea)
    r = c.post(f"{URL}periode/ny/", {"title": "Forår", "opens_on": "01.03.2027", "closes_on": "15.04.2027"})
    assert r.status_code == 302
    p = RatingPeriod.objects.get(institution=org["solsikken"])
    assert 'value="01.03.2027"' in c.get(f"{URL}periode/{p.pk}/").content.decode()
    c.post(
        f"{URL}periode/{p.pk}/", {"title": "Forår 2027", "opens_on": "01.03.2027", "closes_on": "20.04.2027"}
    )
    p.refresh_from_db()
    assert (p.title, p.closes_on) == ("Forår 2027", D(2027, 4, 20))


def test_group_page_lists_unplaced_children_and_logs_the_names(client_for, lea, group, newcomer, syd_child):
    r = client_for(lea).get(f"{URL}gruppe/{group.pk}/")
    html = r.content.decode()
    assert "Noah Nybegynder" in html and "Lukas Jensen" in html
    assert "Sofie Sydbo" not in html
    logged = set(
        AuditEntry.objects.filter(actor=lea, action="people.child.viewed").values_list("child_id", flat=True)
    )
    assert newcomer.pk in logged and group.members.first().child_id in logged


def test_one_submit_adds_and_removes_children(client_for, lea, group, child, sibling, newcomer, today):
    r = client_for(lea).post(f"{URL}gruppe/{group.pk}/boern/", {"add": [newcomer.pk], "remove": [child.pk]})
    assert r.status_code == 302
    current = set(
        GroupMember.objects.filter(group=group, left_on__isnull=True).values_list("child_id", flat=True)
    )
    assert current == {sibling.pk, newcomer.pk}


def test_a_child_of_another_institution_is_refused_on_the_page(client_for, lea, group, syd_child, newcomer):
    r = client_for(lea).post(f"{URL}gruppe/{group.pk}/boern/", {"add": [newcomer.pk, syd_child.pk]})
    assert r.status_code == 422
    assert "allerede sat i en gruppe" in r.content.decode()
    assert not GroupMember.objects.filter(child=newcomer).exists()  # nothing half-done


def test_leader_ticks_educators_and_renames(client_for, lea, municipality, org, group, eva, emil, kim):
    ny = make_staff("nina", Role.EDUCATOR, municipality, institution=org["solsikken"], name="Nina Ny")
    c = client_for(lea)
    html = c.get(f"{URL}gruppe/{group.pk}/").content.decode()
    assert "Nina Ny" in html and "Kim Lærer" not in html
    r = c.post(f"{URL}gruppe/{group.pk}/", {"name": "Mariehønerne", "educators": [eva.pk, ny.pk]})
    assert r.status_code == 302
    group.refresh_from_db()
    assert group.name == "Mariehønerne"
    assert set(group.educators.all()) == {eva, ny}
    r = c.post(f"{URL}gruppe/{group.pk}/", {"name": "", "educators": [eva.pk, kim.pk]})
    assert r.status_code == 422
    group.refresh_from_db()
    assert set(group.educators.all()) == {eva, ny}


def test_leader_creates_a_group_and_a_blank_name_is_explained(client_for, lea, org):
    c = client_for(lea)
    r = c.post(f"{URL}gruppe/ny/", {"name": "  "})
    assert r.status_code == 422 and "Skriv et navn på gruppen" in r.content.decode()
    r = c.post(f"{URL}gruppe/ny/", {"name": "Bierne"})
    g = Group.objects.get(name="Bierne")
    assert r.status_code == 302 and r["Location"] == f"{URL}gruppe/{g.pk}/"


# --- API -----------------------------------------------------------------------------------------------

API = "/api/v1/wellbeing/setup"


def _json(c, method, url, body=None):
    return getattr(c, method)(url, data=json.dumps(body or {}), content_type="application/json")


def test_api_leader_lists_and_creates_periods(token_for, lea, period):
    c = token_for(lea)
    assert [p["title"] for p in c.get(f"{API}/periods").json()] == ["Efterår"]
    # After `period` (open today), whatever day today is: a fixed 2027 date overlapped it in March 2027.
    opens = period.closes_on + dt.timedelta(days=30)
    day = dt.date.isoformat
    body = {"title": "Forår", "opens_on": day(opens), "closes_on": day(opens + dt.timedelta(days=122))}
    r = _json(c, "post", f"{API}/periods", body)
    assert r.status_code == 422 and "3 måneder" in r.json()["errors"]["closes_on"][0]
    body["closes_on"] = day(opens + dt.timedelta(days=31))
    r = _json(c, "post", f"{API}/periods", body)
    assert r.status_code == 201
    body["opens_on"] = day(opens + dt.timedelta(days=1))
    r = _json(c, "put", f"{API}/periods/{r.json()['id']}", body)
    assert r.status_code == 200 and r.json()["opens_on"] == day(opens + dt.timedelta(days=1))


@pytest.mark.parametrize("persona", ["eva", "kim", "sara", "mads", "olga"])
def test_api_refuses_everyone_but_the_leader(token_for, request, persona, group, period, newcomer):
    c = token_for(request.getfixturevalue(persona))
    assert c.get(f"{API}/periods").status_code == 403
    assert c.get(f"{API}/groups").status_code == 403
    body = {"title": "X", "opens_on": "2027-03-01", "closes_on": "2027-03-02"}
    assert _json(c, "post", f"{API}/periods", body).status_code == 403
    assert _json(c, "post", f"{API}/groups/{group.pk}/children", {"child_id": newcomer.pk}).status_code == 403
    assert not GroupMember.objects.filter(child=newcomer).exists()
    leader = token_for(request.getfixturevalue("lea"))
    assert leader.get(f"{API}/periods").status_code == 200
    assert leader.get(f"{API}/groups").status_code == 200
    added = _json(leader, "post", f"{API}/groups/{group.pk}/children", {"child_id": newcomer.pk})
    assert added.status_code in (200, 201), added.content


def test_api_lea_cannot_touch_sydskolen(token_for, lea, syd_period, syd_group, syd_child, newcomer):
    c = token_for(lea)
    body = {"title": "X", "opens_on": "2026-09-01", "closes_on": "2026-09-02"}
    assert _json(c, "put", f"{API}/periods/{syd_period.pk}", body).status_code == 404
    assert _json(c, "put", f"{API}/groups/{syd_group.pk}/educators", {"educator_ids": []}).status_code == 404
    assert (
        _json(c, "post", f"{API}/groups/{syd_group.pk}/children", {"child_id": newcomer.pk}).status_code
        == 404
    )
    assert syd_group.educators.count() == 1
    sydleder = make_staff(
        "sigrid", Role.INSTITUTION_LEADER, lea.municipality, institution=syd_group.institution
    )
    mine = token_for(sydleder)
    assert (
        _json(mine, "put", f"{API}/groups/{syd_group.pk}/educators", {"educator_ids": []}).status_code == 200
    )
    assert syd_group.educators.count() == 0
    assert _json(mine, "put", f"{API}/periods/{syd_period.pk}", body).status_code == 200
    added = _json(mine, "post", f"{API}/groups/{syd_group.pk}/children", {"child_id": syd_child.pk})
    assert added.status_code in (200, 201), added.content


def test_api_groups_educators_and_children(
    token_for, lea, eva, emil, kim, group, child, newcomer, syd_child, today
):
    c = token_for(lea)
    r = _json(c, "post", f"{API}/groups", {"name": "Sommerfuglene"})
    assert r.status_code == 201
    gid = r.json()["id"]
    r = _json(c, "put", f"{API}/groups/{gid}/educators", {"educator_ids": [eva.pk, kim.pk]})
    assert r.status_code == 422
    r = _json(c, "put", f"{API}/groups/{gid}/educators", {"educator_ids": [eva.pk, emil.pk]})
    assert sorted(e["name"] for e in r.json()["educators"]) == ["Emil Pædagog", "Eva Pædagog"]
    r = _json(c, "post", f"{API}/groups/{gid}/children", {"child_id": child.pk})
    assert r.status_code == 201 and r.json()["joined_on"] == today.isoformat()
    assert GroupMember.objects.get(group=group, child=child).left_on == today
    assert _json(c, "post", f"{API}/groups/{gid}/children", {"child_id": syd_child.pk}).status_code == 404
    r = c.delete(f"{API}/groups/{gid}/children/{child.pk}")
    assert r.status_code == 200 and r.json()["left_on"] == today.isoformat()
    listed = {g["name"]: g["children"] for g in c.get(f"{API}/groups").json()}
    assert listed == {"Mariehønen": 1, "Sommerfuglene": 0}


# --- Admin ---------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client_for, municipality):
    su = make_staff("root", Role.ADMINISTRATOR, municipality, is_staff=True, is_superuser=True)
    return client_for(su)


def test_admin_shows_group_members_by_id_only(admin_client, group, child):
    r = admin_client.get(f"/admin/wellbeing/group/{group.pk}/change/")
    assert r.status_code == 200
    html = r.content.decode()
    assert f'value="{child.pk}"' in html and "Lukas" not in html


def test_admin_applies_the_period_rules(admin_client, org, period):
    r = admin_client.post(
        "/admin/wellbeing/ratingperiod/add/",
        {
            "institution": org["solsikken"].pk,
            "title": "Dobbelt",
            "opens_on": period.opens_on.strftime("%d.%m.%Y"),
            "closes_on": period.closes_on.strftime("%d.%m.%Y"),
        },
    )
    assert r.status_code == 200 and "overlapper" in r.content.decode()
    assert RatingPeriod.objects.count() == 1


def test_admin_lists_indicators_and_refuses_educators(admin_client, client_for, municipality, eva):
    Indicator.objects.create(municipality=municipality, title="Sociale kompetencer", order=1)
    assert "Sociale kompetencer" in admin_client.get("/admin/wellbeing/indicator/").content.decode()
    assert client_for(eva).get("/admin/wellbeing/indicator/").status_code == 302

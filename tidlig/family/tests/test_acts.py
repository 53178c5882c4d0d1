"""The family's own actions (issue 14 §§ 2–3), page and API: Mette (custody of Lukas) withdraws a consent and
staff see it, writes to the caseworker who sees it on the case, reads the notes shown to her and answers FIT;
the father without custody, the grandmother and a stranger are refused everything."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.cases import casework
from tidlig.cases.models import JournalNote
from tidlig.crossteam import services as crossteam
from tidlig.crossteam.models import MeetingItem
from tidlig.fit import services as fit
from tidlig.fit.models import Rating, Respondent

from .conftest import FATHER_CPR, GRANDMOTHER_CPR, STRANGER_CPR
from .helpers import citizen_client

pytestmark = pytest.mark.django_db
MOTHER_CPR = "0303851234"  # conftest's mother, Mette Jensen


def _json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def mette():
    return citizen_client(MOTHER_CPR, "Mette Jensen")


@pytest.fixture
def owned(child, alice):
    child.caseworker = alice
    child.save(update_fields=["caseworker"])
    return child


@pytest.fixture
def named_item(lea, org, child, mother):
    meeting = crossteam.meeting_create(
        actor=lea,
        institution_id=org["solsikken"].pk,
        starts_at=timezone.now() + dt.timedelta(days=7),
        place="Salen",
    )
    return crossteam.item_add(
        actor=lea,
        meeting=meeting,
        kind="named",
        question="Lukas trækker sig fra legen.",
        child=child,
        consent_by=mother,
        consent_on=timezone.localdate(),
        consent_note="Skriftligt",
    )


def test_the_parent_sees_a_consent_with_its_effect_and_withdraws_it(
    mette, client_for, lea, child, named_item
):
    page = mette.get(reverse("family:consents", args=[child.pk])).content.decode()
    assert "Drøftelse med navn i det tværfaglige team" in page
    confirm_url = reverse("family:consent_withdraw", args=[child.pk, "crossteam", named_item.pk])
    confirm = mette.get(confirm_url).content.decode()
    assert "bliver taget af dagsordenen" in confirm and "Træk samtykket tilbage" in confirm

    r = mette.post(confirm_url)

    assert r.status_code == 302
    after = mette.get(reverse("family:consents", args=[child.pk])).content.decode()
    assert "Samtykket er trukket tilbage." in after and "I trak samtykket tilbage den" in after
    item = MeetingItem.objects.get(pk=named_item.pk)
    assert item.meeting_id is None and item.consent_withdrawn_by_id is not None
    staff_page = client_for(lea).get(reverse("crossteam:item", args=[item.pk])).content.decode()
    assert "af forælderen via Tidlig" in staff_page
    assert AuditEntry.objects.filter(
        action="people.child.viewed", actor=None, data__view="family.consents"
    ).exists()


def test_the_api_twin_lists_and_withdraws(mette, child, named_item):
    [row] = mette.get(f"/api/v1/family/children/{child.pk}/consents").json()
    assert row["kind"] == "crossteam" and row["withdrawn_on"] is None
    r = _json(mette, f"/api/v1/family/children/{child.pk}/consents/crossteam/{named_item.pk}/withdraw", {})
    assert r.status_code == 200 and r.json()["withdrawn_by_family"] is True
    again = _json(
        mette, f"/api/v1/family/children/{child.pk}/consents/crossteam/{named_item.pk}/withdraw", {}
    )
    assert again.status_code == 422 and "allerede trukket tilbage" in again.content.decode()


@pytest.mark.parametrize("cpr", [FATHER_CPR, GRANDMOTHER_CPR, STRANGER_CPR])
def test_others_are_refused_every_action(cpr, child, father, grandmother, named_item, owned):
    other = citizen_client(cpr)
    for url in (
        reverse("family:consents", args=[child.pk]),
        reverse("family:consent_withdraw", args=[child.pk, "crossteam", named_item.pk]),
        reverse("family:message", args=[child.pk]),
        reverse("family:notes", args=[child.pk]),
        reverse("family:fit", args=[child.pk]),
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(reverse("family:message", args=[child.pk]), {"text": "Hej"}).status_code == 404
    api = _json(other, f"/api/v1/family/children/{child.pk}/consents/crossteam/{named_item.pk}/withdraw", {})
    assert api.status_code == 404
    assert _json(other, f"/api/v1/family/children/{child.pk}/messages", {"text": "Hej"}).status_code == 404
    assert MeetingItem.objects.get(pk=named_item.pk).consent_withdrawn_on is None
    assert not JournalNote.objects.exists()


def test_staff_are_no_citizens(client_for, alice, child, named_item):
    r = _json(client_for(alice), f"/api/v1/family/children/{child.pk}/messages", {"text": "Hej"})
    assert r.status_code == 401


def test_the_message_is_checked_in_one_round_and_gets_a_receipt(mette, client_for, alice, owned):
    url = reverse("family:message", args=[owned.pk])
    bad = mette.post(url, {"text": "<script>x</script>" + "a" * 2100})
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "for lang" in body and "almindelig tekst" in body and "a" * 100 in body  # kept what was typed
    ok = mette.post(url, {"text": "Kan vi flytte mødet?"})
    assert ok.status_code == 302
    receipt = mette.get(ok["Location"]).content.decode()
    assert "Beskeden er sendt" in receipt and "Kan vi flytte mødet?" in receipt
    case_page = client_for(alice).get(reverse("cases:child", args=[owned.pk])).content.decode()
    assert "Mette Jensen via Tidlig" in case_page and "Kan vi flytte mødet?" in case_page


def test_the_message_api_twin(mette, owned):
    r = _json(mette, f"/api/v1/family/children/{owned.pk}/messages", {"text": "Tak for mødet."})
    assert r.status_code == 201 and r.json()["from_family"] is True
    bad = _json(mette, f"/api/v1/family/children/{owned.pk}/messages", {"text": " "})
    assert bad.status_code == 422


def test_the_family_reads_only_the_notes_shown_to_them(mette, alice, owned):
    casework.journal_note_write(
        child=owned, actor=alice, kind="note", happened_on=timezone.localdate(), text="INTERNT-ARBEJDSNOTAT"
    )
    casework.journal_note_write(
        child=owned,
        actor=alice,
        kind="phone",
        happened_on=timezone.localdate(),
        text="Vi aftalte et møde.",
        for_family=True,
    )
    page = mette.get(reverse("family:notes", args=[owned.pk])).content.decode()
    assert "Vi aftalte et møde." in page and "INTERNT-ARBEJDSNOTAT" not in page
    rows = mette.get(f"/api/v1/family/children/{owned.pk}/notes").json()
    assert [n["text"] for n in rows] == ["Vi aftalte et møde."]


def test_fit_from_home_is_on_the_professionals_page_at_once(mette, client_for, alice, owned):
    mum = fit.respondent_add(child=owned, actor=alice, role=Respondent.Role.MOTHER, first_name="Mette")
    session = fit.session_open(
        child=owned, actor=alice, held_on=timezone.localdate(), respondent_ids=[mum.pk]
    )
    rating = Rating.objects.get(session=session)
    listing = mette.get(reverse("family:fit", args=[owned.pk])).content.decode()
    assert listing.count('data-testid="fit-open"') == 2
    url = reverse("family:fit_answer", args=[owned.pk, rating.pk, "outcome"])
    bad = mette.post(url, {"item1": "", "item2": "12", "item3": "5", "item4": "5"})
    assert bad.status_code == 422
    ok = mette.post(url, {"item1": "6", "item2": "7", "item3": "8", "item4": "9"})
    assert ok.status_code == 302
    professional = client_for(alice).get(reverse("fit:session", args=[session.pk])).content.decode()
    assert "30.0" in professional or "30,0" in professional
    assert AuditEntry.objects.filter(action="fit.rating.answered_from_home", child_id=owned.pk).exists()
    api = _json(
        mette, f"/api/v1/family/children/{owned.pk}/fit/{rating.pk}/alliance", {"items": [9, 9, 9, 8.5]}
    )
    assert api.status_code == 200 and api.json()["total"] == "35.5"
    assert (
        mette.get(reverse("family:fit", args=[owned.pk])).content.decode().count('data-testid="fit-open"')
        == 0
    )


def test_the_action_pages_read_easily(mette, alice, owned, named_item):
    """Issue 14 § 6: the family's action pages, with a consent's effect on them, score LIX ≤ 35."""
    from tidlig.rules.lix import FAMILY_LIMIT, html_text, measure

    confirm = reverse("family:consent_withdraw", args=[owned.pk, "crossteam", named_item.pk])
    pages = [
        reverse("family:consents", args=[owned.pk]),
        confirm,
        reverse("family:message", args=[owned.pk]),
        reverse("family:notes", args=[owned.pk]),
        reverse("family:fit", args=[owned.pk]),
    ]
    for path in pages:
        m = measure(html_text(mette.get(path).content.decode()))
        assert m.score <= FAMILY_LIMIT, f"{path}: {m}"
    mette.post(confirm)
    m = measure(html_text(mette.get(pages[0]).content.decode()))
    assert m.score <= FAMILY_LIMIT, f"after withdrawing: {m}"

"""A parent withdraws the consent behind a daycare → school handover (issue 14 § 2): it was sent when written,
so nothing is stopped, but the school no longer reads the summary here and sees that the parent withdrew."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from tidlig.audit import services as audit
from tidlig.audit.models import AuditEntry
from tidlig.organisation.models import Role
from tidlig.people.models import Person
from tidlig.wellbeing import transitions
from tidlig.wellbeing.models import Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(eva, child, group, org, mother):
    return transitions.transition_create(
        actor=eva,
        child=child,
        to_institution=org["syd_skole"],
        summary="Lukas elsker at bygge.",
        consent_by=mother,
        consent_on=timezone.localdate(),
        today=timezone.localdate(),
    )


@pytest.fixture
def sol(municipality, org):
    return make_staff(
        "sol", Role.INSTITUTION_LEADER, municipality, institution=org["syd_skole"], name="Sol Skoleleder"
    )


def test_the_school_no_longer_reads_a_withdrawn_handover(client_for, sol, mother, child, handover):
    [consent] = transitions.consents_for_children([child.pk])
    assert consent.kind == "transition" and "kan ikke gøres om" in consent.effect

    transitions.transition_consent_withdraw_by_parent(person=mother, transition=handover)

    t = Transition.objects.get(pk=handover.pk)
    assert t.consent_withdrawn_on == timezone.localdate() and t.consent_withdrawn_by == mother
    assert AuditEntry.objects.get(
        action="wellbeing.transition.consent_withdrawn"
    ).citizen == audit.citizen_key(mother.cpr)
    page = client_for(sol).get(reverse("wellbeing:transitions")).content.decode()
    assert "Lukas elsker at bygge." not in page and "af forælderen via Tidlig" in page
    [row] = client_for(sol).get("/api/v1/wellbeing/transitions").json()
    assert row["summary"] == "" and row["consent_withdrawn_by_family"] is True


def test_someone_without_custody_cannot_withdraw(municipality, handover):
    stranger = Person.objects.create(municipality=municipality, first_name="Birthe", last_name="Holm")
    with pytest.raises(PermissionDenied):
        transitions.transition_consent_withdraw_by_parent(person=stranger, transition=handover)

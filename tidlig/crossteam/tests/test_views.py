"""The team's pages: the leader's agenda, proposals, minutes, withdrawn consent, refusals and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tidlig.audit.models import AuditEntry
from tidlig.concerns.models import Concern
from tidlig.crossteam import services
from tidlig.crossteam.models import MeetingItem, TeamMeeting

from .conftest import consent

OUTSIDERS = ["kim", "alice", "olga"]


@pytest.fixture
def persona(request):
    return request.getfixturevalue


def day(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


@pytest.fixture
def concern(eva, child, org, municipality, group):
    return Concern.objects.create(
        municipality=municipality,
        child=child,
        institution=org["solsikken"],
        raised_by=eva,
        observed_on=timezone.localdate(),
        observation="Trækker sig fra legen",
    )


def test_the_leader_calls_a_meeting_and_sets_the_agenda(client_for, lea, sara, child, mother):
    c = client_for(lea)
    when = timezone.localdate() + dt.timedelta(days=5)
    r = c.post(reverse("crossteam:meeting_new"), {"day": day(when), "time": "13:30", "place": "Salen"})
    meeting = TeamMeeting.objects.get()
    assert r.status_code == 302 and r.url == reverse("crossteam:meeting", args=[meeting.pk])
    r = c.post(
        reverse("crossteam:item_new", args=[meeting.pk]),
        {"kind": "anonymous", "anonymous_label": "pige, 3 år", "question": "Sprog"},
    )
    assert r.status_code == 302
    r = c.post(
        reverse("crossteam:item_new", args=[meeting.pk]),
        {
            "kind": "named",
            "child": child.pk,
            "question": "Lukas trækker sig",
            "consent_by": mother.pk,
            "consent_on": day(timezone.localdate()),
            "consent_note": "Skriftligt",
            "parents_invited": "1",
        },
    )
    assert r.status_code == 302
    page = client_for(sara).get(reverse("crossteam:meeting", args=[meeting.pk])).content.decode()
    assert "pige, 3 år" in page and "Lukas Jensen" in page and "forældre inviteret" in page
    index = client_for(sara).get(reverse("crossteam:index")).content.decode()
    assert reverse("crossteam:meeting", args=[meeting.pk]) in index


def test_a_named_item_without_consent_is_refused_and_the_text_kept(client_for, lea, meeting, child):
    r = client_for(lea).post(
        reverse("crossteam:item_new", args=[meeting.pk]),
        {"kind": "named", "child": child.pk, "question": "Lukas er ofte ked af det"},
    )
    assert r.status_code == 422
    page = r.content.decode()
    assert "kræver forældrenes samtykke" in page and "Lukas er ofte ked af det" in page
    assert not MeetingItem.objects.exists()


def test_a_second_meeting_on_the_same_consent_is_refused_on_the_page(
    client_for, lea, named_item, later_meeting, child, mother
):
    r = client_for(lea).post(
        reverse("crossteam:item_new", args=[later_meeting.pk]),
        {
            "kind": "named",
            "child": child.pk,
            "question": "Igen",
            "consent_by": mother.pk,
            "consent_on": day(named_item.consent_on),
            "consent_note": "Skriftligt",
        },
    )
    assert r.status_code == 422 and "allerede brugt på mødet" in r.content.decode()


def test_an_educator_proposes_from_a_concern_and_the_leader_schedules_it(
    client_for, eva, lea, meeting, concern
):
    url = reverse("crossteam:propose") + f"?concern={concern.pk}"
    assert client_for(eva).get(url).status_code == 200
    r = client_for(eva).post(url, {"kind": "anonymous", "anonymous_label": "dreng, 6 år", "question": "Leg"})
    assert r.status_code == 302
    item = MeetingItem.objects.get()
    assert item.concern == concern and item.meeting is None
    assert (
        "dreng, 6 år" in client_for(lea).get(reverse("crossteam:meeting", args=[meeting.pk])).content.decode()
    )
    r = client_for(lea).post(
        reverse("crossteam:item_post", args=[item.pk, "schedule"]), {"meeting": meeting.pk}
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.meeting == meeting
    assert "dreng, 6 år" in client_for(eva).get(reverse("crossteam:index")).content.decode()


def test_kim_may_not_propose_from_another_institutions_concern(client_for, kim, eva, concern):
    assert client_for(kim).get(reverse("crossteam:propose") + f"?concern={concern.pk}").status_code == 404
    assert client_for(eva).get(reverse("crossteam:propose") + f"?concern={concern.pk}").status_code == 200


def test_minutes_and_open_agreements(client_for, pia, named_item):
    follow = timezone.localdate() + dt.timedelta(days=30)
    r = client_for(pia).post(
        reverse("crossteam:item_post", args=[named_item.pk, "minutes"]),
        {
            "advice": "Legegrupper",
            "agreements": "Eva laver grupper",
            "responsible": "Eva",
            "follow_up_on": day(follow),
        },
    )
    assert r.status_code == 302
    index = client_for(pia).get(reverse("crossteam:index")).content.decode()
    assert day(follow) in index and "Lukas Jensen" in index


def test_agreements_long_past_their_date_no_longer_ask_for_action(client_for, pia, named_item):
    long_ago = timezone.localdate() - dt.timedelta(days=90)
    MeetingItem.objects.filter(pk=named_item.pk).update(follow_up_on=long_ago)
    index = client_for(pia).get(reverse("crossteam:index")).content.decode()
    assert day(long_ago) not in index


def test_bad_minutes_keep_what_was_typed(client_for, pia, named_item):
    r = client_for(pia).post(
        reverse("crossteam:item_post", args=[named_item.pk, "minutes"]),
        {"advice": "Mine råd her", "follow_up_on": "i morgen"},
    )
    assert r.status_code == 422
    assert "Mine råd her" in r.content.decode() and "dd.mm.åååå" in r.content.decode()


def test_withdrawn_consent_hides_the_name_on_the_meeting_page(client_for, lea, sara, named_item):
    url = reverse("crossteam:meeting", args=[named_item.meeting_id])
    assert "Lukas Jensen" in client_for(sara).get(url).content.decode()
    r = client_for(lea).post(
        reverse("crossteam:item_post", args=[named_item.pk, "withdraw"]),
        {"withdrawn_on": day(timezone.localdate())},
    )
    assert r.status_code == 302
    page = client_for(sara).get(url).content.decode()
    assert "Lukas Jensen" not in page and "samtykket er trukket tilbage" in page


def test_reading_the_item_page_is_logged(client_for, hanne, named_item, child):
    client_for(hanne).get(reverse("crossteam:item", args=[named_item.pk]))
    assert AuditEntry.objects.filter(action="people.child.viewed", actor=hanne, child_id=child.pk).exists()


def test_the_leader_adds_a_member_when_needed(client_for, lea, org, municipality):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    ssp = make_staff("ssp", Role.SPECIALIST, municipality, name="Sune SSP")
    url = reverse("crossteam:team", args=[org["solsikken"].pk])
    r = client_for(lea).post(url, {"staff": ssp.pk, "profession": "ssp"})
    assert r.status_code == 302
    assert "Sune SSP" in client_for(lea).get(url).content.decode()


# --- refusals on every view ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [*OUTSIDERS, "eva"])
def test_outsiders_see_no_start_page(client_for, persona, who, meeting):
    assert client_for(persona(who)).get(reverse("crossteam:index")).status_code == 403
    assert client_for(persona("sara")).get(reverse("crossteam:index")).status_code == 200


@pytest.mark.parametrize("who", [*OUTSIDERS, "eva"])
def test_outsiders_see_no_meeting_team_or_item(client_for, persona, who, named_item, org):
    c = client_for(persona(who))
    assert c.get(reverse("crossteam:meeting", args=[named_item.meeting_id])).status_code == 404
    assert c.get(reverse("crossteam:item", args=[named_item.pk])).status_code == 404
    assert c.get(reverse("crossteam:team", args=[org["solsikken"].pk])).status_code == 404
    r = c.post(reverse("crossteam:item_post", args=[named_item.pk, "minutes"]), {"advice": "x"})
    assert r.status_code == 404
    # A member of the institution's team on the same URLs.
    member = client_for(persona("sara"))
    assert member.get(reverse("crossteam:meeting", args=[named_item.meeting_id])).status_code == 200
    assert member.get(reverse("crossteam:item", args=[named_item.pk])).status_code == 200
    assert member.get(reverse("crossteam:team", args=[org["solsikken"].pk])).status_code == 200
    r = member.post(reverse("crossteam:item_post", args=[named_item.pk, "minutes"]), {"advice": "x"})
    assert r.status_code == 302


@pytest.mark.parametrize("who", [*OUTSIDERS, "eva", "sara"])
def test_only_the_leader_calls_meetings_and_adds_items(client_for, persona, who, meeting):
    c = client_for(persona(who))
    assert c.get(reverse("crossteam:meeting_new")).status_code == 403
    assert c.get(reverse("crossteam:item_new", args=[meeting.pk])).status_code in (403, 404)
    leader = client_for(persona("lea"))
    assert leader.get(reverse("crossteam:meeting_new")).status_code == 200
    assert leader.get(reverse("crossteam:item_new", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("who", ["sara", "alice", "olga"])
def test_only_educators_and_leaders_propose(client_for, persona, who):
    assert client_for(persona(who)).get(reverse("crossteam:propose")).status_code == 403
    assert client_for(persona("eva")).get(reverse("crossteam:propose")).status_code == 200
    assert client_for(persona("lea")).get(reverse("crossteam:propose")).status_code == 200


def test_a_team_member_may_not_add_members_or_remove_them(client_for, sara, lea, org, municipality):
    from conftest import make_staff
    from tidlig.organisation.models import Role

    ssp = make_staff("ssp", Role.SPECIALIST, municipality)
    member = services.member_add(actor=lea, institution_id=org["solsikken"].pk, staff=ssp, profession="ssp")
    c = client_for(sara)
    assert c.post(reverse("crossteam:team", args=[org["solsikken"].pk]), {"staff": ssp.pk}).status_code == 403
    assert c.post(reverse("crossteam:member_deactivate", args=[member.pk])).status_code == 403
    assert client_for(lea).post(reverse("crossteam:member_deactivate", args=[member.pk])).status_code == 302
    member.refresh_from_db()
    assert not member.active
    r = client_for(lea).post(
        reverse("crossteam:team", args=[org["solsikken"].pk]), {"staff": ssp.pk, "profession": "ssp"}
    )
    assert r.status_code in (200, 302, 422)  # the leader reaches the form


def test_eva_sees_her_own_item_but_not_the_leaders(client_for, eva, lea, group, named_item, child, mother):
    mine = services.item_propose(actor=eva, kind="anonymous", anonymous_label="pige", question="Sprog")
    c = client_for(eva)
    assert c.get(reverse("crossteam:item", args=[mine.pk])).status_code == 200
    assert c.get(reverse("crossteam:item", args=[named_item.pk])).status_code == 404
    assert client_for(lea).get(reverse("crossteam:item", args=[named_item.pk])).status_code == 200


def test_after_withdrawal_a_team_member_may_not_write_in_the_item(client_for, lea, sara, named_item):
    minutes = reverse("crossteam:item_post", args=[named_item.pk, "minutes"])
    assert client_for(sara).post(minutes, {"advice": "Før tilbagekaldelsen"}).status_code == 302
    services.item_withdraw_consent(actor=lea, item=named_item)
    page = client_for(sara).get(reverse("crossteam:item", args=[named_item.pk])).content.decode()
    assert "Lukas" not in page and 'data-testid="item-minutes-form"' not in page
    r = client_for(sara).post(
        reverse("crossteam:item_post", args=[named_item.pk, "minutes"]), {"advice": "x"}
    )
    assert r.status_code == 403


def test_the_meeting_page_costs_the_same_whatever_the_agenda(client_for, sara, lea, meeting, child, mother):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(sara)
    url = reverse("crossteam:meeting", args=[meeting.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url).status_code == 200
        return len(queries)

    def add(start: int, stop: int) -> None:
        for n in range(start, stop):
            services.item_add(
                actor=lea, meeting=meeting, kind="anonymous", anonymous_label=f"barn {n}", question="Leg"
            )

    add(0, 1)
    services.item_add(actor=lea, meeting=meeting, **consent(child, mother))
    c.get(url)  # the session's first-request costs
    small = count()
    add(1, 12)
    large = count()
    assert large == small
    assert "barn 11" in c.get(url).content.decode()  # the larger agenda really is on the page


def test_the_child_picker_on_the_item_form_is_a_logged_read(client_for, lea, meeting, child):
    from tidlig.audit.models import AuditEntry

    r = client_for(lea).get(f"/tvaerfagligt-team/moede/{meeting.pk}/punkt/nyt/")
    assert r.status_code == 200 and child.display_name in r.content.decode()
    assert AuditEntry.objects.filter(actor=lea, action="people.child.viewed", object_id=child.pk).exists()


def test_an_item_with_no_question_and_a_bad_consent_date_names_both_in_one_round(
    client_for, lea, meeting, child, mother
):
    r = client_for(lea).post(
        reverse("crossteam:item_new", args=[meeting.pk]),
        {"kind": "named", "child": child.pk, "consent_by": mother.pk, "consent_on": "banan"},
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert "Skriv hvad I ønsker drøftet." in page
    assert "Skriv datoen" in page
    assert 'value="banan"' in page
    assert not MeetingItem.objects.exists()


def test_an_educator_on_her_own_scheduled_item_is_not_sent_to_a_meeting_page_she_cannot_open(
    client_for, eva, lea, meeting, group, child, mother
):
    """Issue 10: the item page linked "← Til mødet" to a meeting page that answered 404 for the educator."""
    item = services.item_propose(actor=eva, **consent(child, mother))
    services.item_schedule(actor=lea, item=item, meeting=meeting)
    meeting_url = reverse("crossteam:meeting", args=[meeting.pk])
    page = client_for(eva).get(reverse("crossteam:item", args=[item.pk]))
    assert page.status_code == 200
    assert meeting_url not in page.content.decode() and "Til mødet" not in page.content.decode()
    assert client_for(eva).get(meeting_url).status_code == 404  # so the link would have led nowhere
    # The leader, who opens the meeting, is still led back to it.
    assert meeting_url in client_for(lea).get(reverse("crossteam:item", args=[item.pk])).content.decode()

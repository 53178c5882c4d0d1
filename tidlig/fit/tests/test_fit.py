"""FIT as the caseworker and the family meet it: sessions, the one-time link on the family's phone, the
professional's view and alerts, need to know."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.core.cache import cache
from django.test import Client

from tidlig.audit.models import AuditEntry
from tidlig.fit import services
from tidlig.fit.models import FitAlert, FitLink, InstrumentWording, Rating

ITEMS = {"item1": "7.5", "item2": "6.0", "item3": "8.1", "item4": "9.0"}  # 30.6


def _main(page) -> str:
    text = page.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def _session(case, alice, respondents, day=dt.date(2026, 11, 18)):
    return services.session_open(
        child=case, actor=alice, held_on=day, respondent_ids=[r.pk for r in respondents]
    )


def _link_token(web, rating, part="outcome") -> str:
    page = web.post(f"/fit/besvarelse/{rating.pk}/{part}/link/")
    assert page.status_code == 200
    return re.search(r"/f/([A-Za-z0-9_-]+)/", page.content.decode()).group(1)


def test_the_caseworker_opens_a_session_and_the_instrument_follows_the_age(client_for, case, alice, family):
    web = client_for(alice)
    kid, mum = family

    page = web.post(
        f"/boern/{case.pk}/fit/session/ny/", {"held_on": "18.11.2026", "respondents": [kid.pk, mum.pk]}
    )

    ratings = {r.respondent_id: r for r in Rating.objects.all()}
    assert page.status_code == 302
    assert (ratings[kid.pk].band, ratings[kid.pk].outcome_instrument, ratings[kid.pk].alliance_instrument) == (
        "child", "CORS", "CSRS",
    )  # fmt: skip
    assert (ratings[mum.pk].outcome_instrument, ratings[mum.pk].alliance_instrument) == ("ORS", "SRS")


def test_a_session_form_names_every_problem_at_once(client_for, case, alice, family):
    page = client_for(alice).post(f"/boern/{case.pk}/fit/session/ny/", {"held_on": "01.01.2030"})

    text = page.content.decode()
    assert page.status_code == 422
    assert "fremtiden" in text and "mindst én" in text


def test_the_family_answers_on_their_phone_and_the_professional_sees_it_at_once(
    client_for, case, alice, family
):
    cache.clear()
    web = client_for(alice)
    session = _session(case, alice, [family[1]])
    rating = session.ratings.get()
    token = _link_token(web, rating)
    phone = Client()

    form = phone.get(f"/f/{token}/")
    sent = phone.post(f"/f/{token}/", ITEMS)
    shown = web.get(f"/fit/session/{session.pk}/")

    text = form.content.decode()
    assert form.status_code == 200 and "Mette" in text
    assert 'type="range"' in text and 'step="0.1"' in text and "Punkt 1" in text
    for secret in (
        "Lukas",
        "Jensen",
        "1504184235",
        "0303851234",
    ):  # nothing about the child beyond a first name
        assert secret not in text
    assert sent.status_code == 200 and "Tak, Mette" in sent.content.decode()
    assert "ORS 30,6" in shown.content.decode()
    rating.refresh_from_db()
    assert rating.outcome_items == ["7.5", "6.0", "8.1", "9.0"] and rating.outcome_via == "link"
    assert AuditEntry.objects.filter(action="fit.rating.outcome", child_id=case.pk).exists()
    assert not FitLink.objects.filter(token_hash=token).exists()  # only the hash is kept


def test_a_link_is_single_use_and_a_used_expired_or_wrong_token_looks_the_same(
    client_for, case, alice, family
):
    cache.clear()
    web = client_for(alice)
    rating = _session(case, alice, [family[1]]).ratings.get()
    used = _link_token(web, rating)
    late = _link_token(web, rating, "alliance")
    phone = Client()
    phone.post(f"/f/{used}/", ITEMS)

    again = phone.post(f"/f/{used}/", {**ITEMS, "item1": "1.0"})
    wrong = phone.get("/f/not-a-real-token/")
    with time_machine.travel(dt.datetime(2026, 11, 19, 10, 1, tzinfo=dt.UTC)):  # 25 hours on
        expired = phone.get(f"/f/{late}/")

    assert again.status_code == wrong.status_code == expired.status_code == 404
    assert _main(again) == _main(wrong) == _main(expired)
    rating.refresh_from_db()
    assert rating.outcome_items[0] == "7.5" and rating.alliance_items is None


def test_the_link_page_refuses_bad_answers_in_danish_and_keeps_them(client_for, case, alice, family):
    cache.clear()
    rating = _session(case, alice, [family[1]]).ratings.get()
    token = _link_token(client_for(alice), rating)

    page = Client().post(f"/f/{token}/", {"item1": "11", "item2": "", "item3": "5.55", "item4": "4"})

    text = page.content.decode()
    assert page.status_code == 422
    assert (
        text.count("Svaret skal være et tal fra 0 til 10") == 4
    )  # summary and field and "Sæt en markering" in text
    assert 'value="4"' in text
    assert Client().get(f"/f/{token}/").status_code == 200  # a wrong answer does not use the link up


def test_the_link_page_is_rate_limited(client_for, case, alice, family):
    cache.clear()
    phone = Client()
    answers = [phone.get(f"/f/guess{n}/").status_code for n in range(32)]

    assert answers[:30] == [404] * 30 and answers[30:] == [429, 429]
    cache.clear()


def test_only_those_who_may_see_the_case_see_fit(client_for, case, alice, bob, tom, eva, family):
    session = _session(case, alice, family)
    rating = session.ratings.first()

    for outsider in (bob, eva):
        web = client_for(outsider)
        assert web.get(f"/boern/{case.pk}/fit/").status_code == 404
        assert web.get(f"/fit/session/{session.pk}/").status_code == 404
        assert web.post(f"/fit/besvarelse/{rating.pk}/outcome/link/").status_code == 404
        assert web.post(f"/fit/besvarelse/{rating.pk}/outcome/udfyld/", ITEMS).status_code == 404
    assert client_for(tom).get(f"/boern/{case.pk}/fit/").status_code == 200
    assert AuditEntry.objects.filter(actor=tom, action="people.child.viewed", data__view="fit").exists()


def test_at_the_meeting_on_a_tablet(client_for, case, alice, family):
    web = client_for(alice)
    rating = _session(case, alice, [family[0]]).ratings.get()

    high = {f"item{n}": "9.5" for n in range(1, 5)}
    page = web.post(f"/fit/besvarelse/{rating.pk}/alliance/udfyld/", high)

    rating.refresh_from_db()
    assert page.status_code == 302 and rating.alliance_total == 38 and rating.alliance_via == "tablet"
    assert web.post(f"/fit/besvarelse/{rating.pk}/alliance/udfyld/", ITEMS).status_code == 422  # done once


def test_alerts_reach_the_professional_and_no_one_else(client_for, case, alice, bob, tom, family):
    mum = family[1]
    days = [dt.date(2026, 10, 1), dt.date(2026, 10, 15), dt.date(2026, 11, 1)]
    for day, total_item in zip(days, ["5.0", "5.5", "5.8"], strict=True):  # 20, 22, 23.2: no reliable change
        r = _session(case, alice, [mum], day).ratings.get()
        services.rating_answer(rating=r, part="outcome", items=[total_item] * 4, via="api", actor=alice)
    weak = Rating.objects.get(session__held_on=days[-1])
    services.rating_answer(
        rating=weak, part="alliance", items=["9.5", "9.5", "9.5", "8.0"], via="api", actor=alice
    )

    kinds = sorted(FitAlert.objects.values_list("kind", flat=True))
    mine = client_for(alice).get("/fit/varsler/").content.decode()
    child_page = client_for(tom).get(f"/boern/{case.pk}/fit/").content.decode()
    bobs = client_for(bob).get("/fit/varsler/").content.decode()

    assert kinds == ["alliance", "no_change"]
    assert FitAlert.objects.get(kind="alliance").reasons == ["low_item"]
    assert "Ingen pålidelig ændring" in mine and "Svag alliance" in mine and "Lukas" in mine
    assert "Svag alliance" in child_page  # the team leader sees the case's alerts, not as his own
    assert "Lukas" not in bobs and "Ingen varsler" in bobs

    alert = FitAlert.objects.get(kind="alliance")
    assert client_for(tom).post(f"/fit/varsler/{alert.pk}/set/").status_code == 404
    assert client_for(alice).post(f"/fit/varsler/{alert.pk}/set/").status_code == 302
    alert.refresh_from_db()
    assert alert.seen_at is not None


def test_deterioration_is_an_alert_at_once(case, alice, family):
    kid = family[0]
    first = _session(case, alice, [kid], dt.date(2026, 11, 1)).ratings.get()
    services.rating_answer(rating=first, part="outcome", items=["8"] * 4, via="api", actor=alice)  # 32
    second = _session(case, alice, [kid], dt.date(2026, 11, 15)).ratings.get()
    services.rating_answer(rating=second, part="outcome", items=["6.7"] * 4, via="api", actor=alice)  # 26.8

    assert list(FitAlert.objects.values_list("kind", "professional")) == [("deterioration", alice.pk)]


def test_the_trajectory_chart_shows_the_cutoff_band_and_a_table(client_for, case, alice, family):
    kid = family[0]
    for day, item in ((dt.date(2026, 10, 1), "6"), (dt.date(2026, 11, 1), "8")):
        r = _session(case, alice, [kid], day).ratings.get()
        services.rating_answer(rating=r, part="outcome", items=[item] * 4, via="api", actor=alice)

    text = client_for(alice).get(f"/boern/{case.pk}/fit/").content.decode()

    assert "<svg" in text and "Lukas (barnet): CORS og CSRS" in text
    assert "01.10.2026" in text and "24,0" in text and "32,0" in text
    assert "under den kliniske grænse (32,0)" in text
    assert "Pålidelig forbedring" in text


def test_the_municipalitys_licensed_wording_replaces_the_placeholder(
    client_for, case, alice, family, municipality
):
    cache.clear()
    InstrumentWording.objects.create(
        municipality=municipality, instrument="ORS", item=1, label="Mig selv", low="Dårligt", high="Godt"
    )
    rating = _session(case, alice, [family[1]]).ratings.get()

    text = Client().get(f"/f/{_link_token(client_for(alice), rating)}/").content.decode()

    assert "Mig selv" in text and "Dårligt" in text and "Punkt 2" in text and "Punkt 1" not in text


def test_an_alert_is_shown_once_and_seen_with_its_earlier_repeats(client_for, case, alice):
    import random

    from tidlig.demo import fit as demo

    demo.family(case, alice, random.Random(1), today=dt.date(2026, 11, 18), pattern="stalls")
    repeats = FitAlert.objects.filter(kind="no_change", rating__respondent__role="mother")
    web = client_for(alice)

    page = web.get(f"/boern/{case.pk}/fit/").content.decode()
    newest = repeats.order_by("-rating__session__held_on").first()
    web.post(f"/fit/varsler/{newest.pk}/set/")

    assert repeats.count() == 2  # sessions 3 and 4 both without reliable change
    assert page.count("Ingen pålidelig ændring efter flere sessioner – Mette (Mor)") == 1
    assert not repeats.filter(seen_at__isnull=True).exists()


def test_the_municipality_sets_the_adolescent_cutoff_and_it_is_used(client_for, case, alice, municipality):
    from decimal import Decimal

    from tidlig.fit.models import FitSettings, Respondent

    case.birth_date = dt.date(2012, 1, 10)  # 14: ORS with the 13–17 cut-off
    case.save()
    teen = services.respondent_add(child=case, actor=alice, role=Respondent.Role.CHILD, first_name="Lukas")
    r = _session(case, alice, [teen]).ratings.get()
    services.rating_answer(rating=r, part="outcome", items=["6.5"] * 4, via="api", actor=alice)  # 26
    web = client_for(alice)

    unset = web.get(f"/boern/{case.pk}/fit/").content.decode()
    FitSettings.objects.create(municipality=municipality, cutoff_youth=Decimal("28"))
    set_ = web.get(f"/boern/{case.pk}/fit/").content.decode()

    assert r.band == "youth" and r.outcome_instrument == "ORS"
    assert "Ingen klinisk grænse er sat for denne aldersgruppe" in unset and "ikke angivet" in unset
    assert "under den kliniske grænse (28,0) for 13–17 år" in set_
    assert "ikke angivet den kliniske grænse for 13–17-årige" not in set_


def test_fit_in_english(client_for, case, alice, family):
    from django.conf import settings

    web = client_for(alice)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    text = web.get(f"/boern/{case.pk}/fit/").content.decode()

    assert "FIT with Lukas Jensen&#x27;s family" in text or "FIT with Lukas Jensen's family" in text
    assert "Start a new session" in text

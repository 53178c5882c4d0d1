"""Reception's notification form and its API: everything wrong is said in one answer (issue 10), a CPR
number that cannot be a child's says why, and an unknown child is registered with the notification."""

from __future__ import annotations

import html
import json
import re

from tidlig.intake.models import Notification
from tidlig.people.models import Child

from .test_views import form_data, text

URL = "/api/v1/notifications"


def field_error(page: str, name: str) -> str:
    """The error message shown at the field `name` (empty if none)."""
    m = re.search(rf'id="id_{name}-error"[^>]*>(.*?)</span>\s*(?:<|$)', page, flags=re.S)
    message = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else ""
    return message.removeprefix("Fejl:").strip()


def test_a_bad_cpr_a_future_time_no_name_and_a_bad_email_are_all_named_in_one_round(client_for, rita, child):
    data = form_data(
        child_cpr="321318-1234",
        received_at="01.01.2099 09:00",
        notifier_name="",
        notifier_email="ikke-en-mail",
        text="Lukas siger, at han er bange for at gå hjem.",
    )

    response = client_for(rita).post("/underretninger/ny/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "gyldig fødselsdato" in field_error(page, "child_cpr")
    assert "ligger i fremtiden" in field_error(page, "received_at")
    assert "(§ 133)" in field_error(page, "notifier_name")
    assert "gyldig e-mailadresse" in field_error(page, "notifier_email")
    # what was typed is kept, the bad values too, so they can be corrected rather than retyped
    assert 'value="321318-1234"' in page
    assert 'value="01.01.2099 09:00"' in page
    assert 'value="ikke-en-mail"' in page
    assert "Lukas siger, at han er bange for at gå hjem." in page
    assert Notification.objects.count() == 0


def test_a_bad_email_does_not_hide_a_future_time(client_for, rita, child):
    response = client_for(rita).post(
        "/underretninger/ny/", form_data(received_at="2099-01-01T09:00", notifier_email="x@", text="")
    )

    page = response.content.decode()
    assert "ligger i fremtiden" in field_error(page, "received_at")
    assert "gyldig e-mailadresse" in field_error(page, "notifier_email")
    assert field_error(page, "text") == "Beskriv bekymringen."


def test_a_cpr_number_of_a_person_born_in_1903_says_it_is_not_a_child(client_for, rita, child):
    response = client_for(rita).post("/underretninger/ny/", form_data(child_cpr="010203-1234"))

    message = field_error(response.content.decode(), "child_cpr")
    assert "født i 1903" in message
    assert "ikke et barn" in message
    assert "Opret" not in message
    assert "new_child_first_name" not in response.content.decode()  # nothing to register
    assert Notification.objects.count() == 0


def test_an_unknown_childs_cpr_offers_to_register_the_child_keeping_what_was_typed(client_for, rita, child):
    client = client_for(rita)
    data = form_data(child_cpr="010120-4231", idempotency_key="new-child-1")

    response = client.post("/underretninger/ny/", data)

    page = response.content.decode()
    assert "Skriv barnets fornavn og efternavn herunder" in field_error(page, "child_cpr")
    assert 'name="new_child_first_name"' in page
    assert 'name="new_child_last_name"' in page
    assert f'value="{data["notifier_name"]}"' in page
    assert not Child.objects.filter(cpr="0101204231").exists()

    response = client.post(
        "/underretninger/ny/", {**data, "new_child_first_name": "Sofie", "new_child_last_name": "Holm"}
    )

    assert response.status_code == 302
    n = Notification.objects.get()
    assert (n.child.cpr, n.child.first_name, n.child.last_name) == ("0101204231", "Sofie", "Holm")
    assert "Sofie Holm" in text(client.get(response["Location"]))


def test_a_missing_last_name_for_the_new_child_is_named_with_the_other_problems(client_for, rita, child):
    response = client_for(rita).post(
        "/underretninger/ny/",
        form_data(child_cpr="010120-4231", new_child_first_name="Sofie", notifier_workplace=""),
    )

    page = response.content.decode()
    assert "efternavn" in field_error(page, "new_child_last_name")
    assert "arbejdssted" in field_error(page, "notifier_workplace")
    assert 'value="Sofie"' in page
    assert Child.objects.filter(cpr="0101204231").count() == 0


def test_an_educator_is_not_offered_to_register_a_child(client_for, eva, child):
    response = client_for(eva).post(
        "/underretninger/ny/", {"child_cpr": "010120-4231", "text": "Bekymring.", "idempotency_key": "e-1"}
    )

    page = response.content.decode()
    assert "Kontakt modtagelsen" in field_error(page, "child_cpr")
    assert "new_child_first_name" not in page


# The API: one 422 naming every field


def payload(**overrides) -> dict:
    body = {
        "child_cpr": "150418-4235",
        "received_at": "2026-11-18T09:30:00+01:00",
        "notifier": {
            "kind": "professional",
            "name": "Lærke Lærer",
            "workplace": "Testrup Skole",
            "email": "laerke@skole.invalid",
        },
        "text": "Lukas kommer ofte sulten i skole.",
    }
    body.update(overrides)
    return body


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_the_api_names_a_bad_cpr_a_future_time_a_missing_name_and_a_bad_email_in_one_422(
    token_for, rita, child
):
    response = post(
        token_for(rita),
        payload(
            child_cpr="321318-1234",
            received_at="2099-01-01T09:00:00+01:00",
            notifier={"kind": "professional", "workplace": "Testrup Skole", "email": "ikke-en-mail"},
            text="",
        ),
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "gyldig fødselsdato" in errors["child_cpr"][0]
    assert "ligger i fremtiden" in errors["received_at"][0]
    assert "(§ 133)" in errors["notifier_name"][0]
    assert "gyldig e-mailadresse" in errors["notifier.email"][0]
    assert errors["text"] == ["Beskriv bekymringen."]
    assert Notification.objects.count() == 0


def test_the_api_says_a_person_born_in_1903_is_not_a_child(token_for, rita, child):
    response = post(token_for(rita), payload(child_cpr="010203-1234"))

    assert response.status_code == 422
    assert "født i 1903" in response.json()["errors"]["child_cpr"][0]


def test_the_api_registers_an_unknown_child_with_the_notification(token_for, rita, child):
    client = token_for(rita)

    refused = post(client, payload(child_cpr="010120-4231"))
    created = post(
        client, payload(child_cpr="010120-4231", new_child={"first_name": "Sofie", "last_name": "Holm"})
    )

    assert refused.status_code == 422
    assert "new_child" in refused.json()["errors"]["child_cpr"][0]
    assert created.status_code == 201
    assert created.json()["child"]["name"] == "Sofie Holm"
    assert Child.objects.get(cpr="0101204231").last_name == "Holm"


def test_the_api_names_the_new_childs_missing_name_with_the_other_problems(token_for, rita, child):
    response = post(
        token_for(rita), payload(child_cpr="010120-4231", new_child={"first_name": "Sofie"}, text="")
    )

    errors = response.json()["errors"]
    assert response.status_code == 422
    assert "efternavn" in errors["new_child.last_name"][0]
    assert errors["text"] == ["Beskriv bekymringen."]
    assert not Child.objects.filter(cpr="0101204231").exists()


def test_only_reception_may_register_a_child_with_a_notification(token_for, alice, child):
    response = post(
        token_for(alice), payload(child_cpr="010120-4231", new_child={"first_name": "S", "last_name": "H"})
    )

    assert response.status_code == 422
    assert "adgang til" in response.json()["errors"]["child_cpr"][0]
    assert not Child.objects.filter(cpr="0101204231").exists()


def test_a_schema_fault_does_not_hide_the_services_rules(token_for, rita, child):
    # a too-long notifier role is refused by the schema; the future time, the missing name and the
    # unknown-looking CPR are the service's rules: all in the same 422
    response = post(
        token_for(rita),
        payload(
            child_cpr="010203-1234",
            received_at="2099-01-01T09:00:00+01:00",
            notifier={"kind": "professional", "role": "R" * 201, "workplace": "Testrup Skole", "email": "x@"},
        ),
    )

    errors = response.json()["errors"]
    assert response.status_code == 422
    assert "højst 200 tegn" in errors["notifier.role"][0]
    assert "gyldig e-mailadresse" in errors["notifier.email"][0]
    assert "notifier_email" not in errors  # named once
    assert "ligger i fremtiden" in errors["received_at"][0]
    assert "(§ 133)" in errors["notifier_name"][0]
    assert "født i 1903" in errors["child_cpr"][0]


def test_registering_a_child_names_a_grown_ups_cpr_and_a_missing_name_together(client_for, rita):
    response = client_for(rita).post(
        "/underretninger/barn/ny/",
        {"kind": "child", "child-cpr": "010203-1234", "child-first_name": "", "child-last_name": "Holm"},
    )

    page = response.content.decode()
    assert "født i 1903" in field_error(page, "child-cpr")
    assert field_error(page, "child-first_name")
    assert 'value="Holm"' in page
    assert not Child.objects.filter(cpr="0102031234").exists()

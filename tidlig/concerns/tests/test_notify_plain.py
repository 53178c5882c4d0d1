"""'Skriv underretning' from a concern carries the child and the observation over (issue 10), and the plain
route (without the parents) is offered where a dialog-based notification is wrong: abuse by the parents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tidlig.intake.models import Notification

pytestmark = pytest.mark.django_db


def test_the_concern_offers_the_plain_route_and_says_when_it_is_the_one(client_for, concern, eva):
    html = client_for(eva).get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert reverse("concerns:notify_plain", args=[concern.pk]) in html
    assert "vold eller overgreb fra forældrene" in html and "§ 137, stk. 3" in html
    dialog = client_for(eva).get(reverse("concerns:notify", args=[concern.pk])).content.decode()
    assert reverse("concerns:notify_plain", args=[concern.pk]) in dialog


def test_the_notification_form_opens_with_the_child_and_the_observation(client_for, concern, eva, child):
    c = client_for(eva)
    r = c.get(reverse("concerns:notify_plain", args=[concern.pk]))
    assert r.status_code == 302 and r.url == f"{reverse('intake:new')}?barn={child.pk}"
    assert concern.observation not in r.url  # the text travels in the session, not the address
    html = c.get(r.url).content.decode()
    assert f'<option value="{child.pk}" selected>' in html
    assert "han spiser næsten intet til frokost" in html
    # A reload keeps it; the plain menu link starts empty.
    assert "han spiser næsten intet til frokost" in c.get(r.url).content.decode()
    assert "han spiser næsten intet til frokost" not in c.get(reverse("intake:new")).content.decode()
    # Sent once, the next notification about the child starts empty again.
    r = c.post(
        r.url,
        {"child_choice": child.pk, "text": concern.observation, "idempotency_key": "k-1"},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Notification.objects.filter(child=child, text=concern.observation).exists()
    assert (
        "han spiser næsten intet til frokost"
        not in c.get(f"{reverse('intake:new')}?barn={child.pk}").content.decode()
    )


def test_the_prefill_offers_no_child_the_user_may_not_notify_about(client_for, concern, kim, child):
    assert client_for(kim).get(reverse("concerns:notify_plain", args=[concern.pk])).status_code == 404
    html = client_for(kim).get(f"{reverse('intake:new')}?barn={child.pk}").content.decode()
    assert "Lukas Jensen" not in html

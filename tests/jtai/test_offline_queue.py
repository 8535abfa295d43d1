"""Records made offline wait in the browser in a store of the signed-in user's own (jtai/offline.py):
pages tell the browser's script whose store it is, the session says whose it is before anything is
sent, and signing out first shows what happens to records still waiting."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.inspections import factories

pytestmark = pytest.mark.django_db

QUEUE_SCRIPT = re.compile(r'<script type="module" src="[^"]*offline\.js" data-queue-owner="([0-9a-f]+)"')


def owner_on_page(client) -> str | None:
    match = QUEUE_SCRIPT.search(client.get("/inspections/").text)
    return match and match.group(1)


def test_each_user_has_a_queue_of_their_own_and_the_session_says_whose(client):
    first, second = factories.InspectorFactory().user, factories.InspectorFactory().user
    client.force_login(first)
    mine = owner_on_page(client)
    assert mine
    # The same user keeps the same store from one sign-in to the next, so records left waiting go later.
    assert owner_on_page(client) == mine
    assert client.get(reverse("session_status")).json()["queue_owner"] == mine
    client.force_login(second)
    theirs = owner_on_page(client)
    assert theirs and theirs != mine
    assert client.get(reverse("session_status")).json()["queue_owner"] == theirs
    # The key names nobody: it is not the user's id.
    assert str(first.pk) != mine and str(second.pk) != theirs


def test_a_page_for_nobody_signed_in_has_no_queue(client):
    assert "offline.js" not in client.get(reverse("login")).text
    assert "queue_owner" not in client.get(reverse("session_status")).json()


def test_the_sign_out_page_says_what_happens_to_records_waiting_then_signs_out(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("logout"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "it stays in this browser, and nobody else who signs in here can see it or send it" in text
    assert "it is sent the next time you sign in on this browser" in text
    assert 'action="/sign-out/" data-sign-out-confirmed' in text
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_sign_out_page_sends_someone_signed_out_to_sign_in(client):
    assert client.get(reverse("logout")).url == reverse("login")

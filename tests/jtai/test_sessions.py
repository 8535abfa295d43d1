"""Sessions end after 30 minutes without activity (a setting), with a warning; signing out ends the
session on the server."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.inspections import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def inspector_client(client):
    client.force_login(factories.InspectorFactory(user__username="lead").user)
    return client


def minutes(n) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def test_thirty_minutes_without_activity_signs_out_and_says_why(inspector_client, clock):
    assert inspector_client.get("/inspections/").status_code == 200
    clock.shift(minutes(31))
    response = inspector_client.get("/inspections/?show=past")
    assert response.status_code == 302
    assert response.url == reverse("signed_out") + "?next=%2Finspections%2F%3Fshow%3Dpast"
    page = inspector_client.get(response.url).text
    assert "You have been signed out" in page
    assert "because you did nothing for 30 minutes" in page
    assert 'href="/sign-in/?next=/inspections/%3Fshow%3Dpast"' in page
    # The session is over on the server, not only hidden: the next visit is a stranger's.
    assert "_auth_user_id" not in inspector_client.session
    assert inspector_client.get("/inspections/").url.startswith(reverse("login"))


def test_each_request_starts_the_thirty_minutes_again(inspector_client, clock):
    for _ in range(3):
        clock.shift(minutes(20))
        assert inspector_client.get("/inspections/").status_code == 200


def test_the_idle_time_is_a_setting(inspector_client, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    page = inspector_client.get("/inspections/").text
    assert "you will be signed out after 10 minutes without activity" in page
    clock.shift(minutes(11))
    assert inspector_client.get("/inspections/").url.startswith(reverse("signed_out"))


def test_asking_how_long_is_left_does_not_keep_the_session_going(inspector_client, clock):
    inspector_client.get("/inspections/")
    clock.shift(minutes(26))
    status = inspector_client.get(reverse("session_status")).json()
    assert (status["signed_in"], status["seconds_left"]) == (True, 240)
    clock.shift(minutes(5))
    assert inspector_client.get(reverse("session_status")).json() == {"signed_in": False, "seconds_left": 0}
    assert inspector_client.get("/inspections/").url.startswith(reverse("login"))


def test_stay_signed_in_starts_the_time_again(inspector_client, clock):
    inspector_client.get("/inspections/")
    clock.shift(minutes(26))
    response = inspector_client.post(reverse("session_keep_alive"), HTTP_ACCEPT="application/json")
    assert response.status_code == 204
    assert inspector_client.get(reverse("session_status")).json()["seconds_left"] == 1800
    clock.shift(minutes(26))
    assert inspector_client.get("/inspections/").status_code == 200


def test_every_signed_in_page_warns_upfront_and_carries_the_dialog(inspector_client):
    page = inspector_client.get("/inspections/").text
    assert "For your security, you will be signed out after 30 minutes without activity." in page
    assert '<dialog class="jtai-timeout-dialog" id="session-timeout"' in page
    assert 'data-seconds="1800" data-warning="300"' in page
    assert "Stay signed in" in page
    assert '<script type="module" src="/static/jtai/session-timeout.js"></script>' in page


def test_signed_out_pages_carry_no_warning(client):
    page = client.get(reverse("login")).text
    assert "session-timeout" not in page and "without activity" not in page


def test_signing_out_ends_the_session_on_the_server(client):
    client.force_login(factories.InspectorFactory(user__username="lead").user)
    page = client.get("/inspections/").text
    assert '<form method="post" action="/sign-out/"' in page
    cookie = client.cookies["sessionid"].value
    # A link cannot sign anyone out: it only asks to confirm.
    assert client.get(reverse("logout")).status_code == 200
    assert Session.objects.filter(session_key=cookie).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=cookie).exists()

    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert replay.get("/inspections/").url.startswith(reverse("login"))


def test_the_signed_out_page_does_not_sign_out_a_session_with_time_left(inspector_client):
    response = inspector_client.get(reverse("signed_out") + "?next=/inspections/")
    assert response.url == "/inspections/"
    assert "_auth_user_id" in inspector_client.session


@pytest.mark.parametrize("next_url", ["a\x00b", "home", "//evil.example/", "https://evil.example/", "/\x00"])
def test_stay_signed_in_goes_back_only_to_a_page_of_this_site(inspector_client, next_url):
    response = inspector_client.post(reverse("session_keep_alive"), {"next": next_url})
    assert response.status_code == 302 and response.url == reverse("home")

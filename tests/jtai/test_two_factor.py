"""Two-factor sign-in: who must give a code after the password, setting an app up, backup codes, and the
admin reached only with both factors."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.helpers import sign_in_verified, totp_code
from tests.inspections import factories

# Limits count in windows of a minute, and codes change every 30 seconds: every test runs on the clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

PASSWORD = "correct horse battery staple"


def password_step(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def set_up(client, username):
    """Sign in for the first time as someone who must use a second factor: the key from the page, then its code."""
    response = password_step(client, username)
    assert response.url == reverse("sign_in_set_up")
    page = client.get(response.url).text
    key = re.search(r'id="totp-key">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    assert key.replace(" ", "") == device.config_url.split("secret=")[1].split("&")[0]
    return client.post(reverse("sign_in_set_up"), {"code": totp_code(device)}), device


@pytest.fixture
def inspector():
    return factories.InspectorFactory(user__username="lead").user


@pytest.fixture
def local_user(people):
    user = UserFactory(username="dcs")
    people.dcs.user = user
    people.dcs.save()
    return user


def test_a_password_alone_signs_no_inspector_in(client, inspector):
    response = password_step(client, "lead")
    assert response.status_code == 302
    assert not signed_in(client)
    assert client.get(reverse("inspections:programme")).status_code == 302


@pytest.mark.parametrize(
    "make",
    [
        lambda: factories.InspectorFactory(user__username="x", is_manager=True).user,
        lambda: UserFactory(username="x", is_staff=True),
        lambda: UserFactory(username="x", is_superuser=True),
    ],
    ids=["manager", "staff", "superuser"],
)
def test_managers_and_admins_must_give_a_second_factor_too(client, make):
    make()
    assert password_step(client, "x").url == reverse("sign_in_set_up")
    assert not signed_in(client)


def test_an_analyst_must_give_a_second_factor(client):
    from consultations.permissions import analysts_group

    user = UserFactory(username="analyst")
    user.groups.add(analysts_group())
    assert password_step(client, "analyst").url == reverse("sign_in_set_up")
    assert not signed_in(client)


def test_setting_up_an_app_signs_in_and_shows_the_backup_codes_once(client, inspector):
    page = (password_step(client, "lead"), client.get(reverse("sign_in_set_up")).text)[1]
    assert "<svg" in page and "otpauth://totp/JTAI%3Alead?secret=" in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    response, device = set_up(client, "lead")
    assert signed_in(client)
    assert client.session["otp_device_id"] == f"otp_totp.totpdevice/{TOTPDevice.objects.get(pk=device.pk).pk}"
    assert response.url == reverse("account_backup_codes")
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).text)
    assert len(codes) == 10
    assert client.get(response.url).url == reverse("account")
    assert TOTPDevice.objects.get(user=inspector).confirmed


def test_a_wrong_code_at_set_up_is_refused_and_signs_no_one_in(client, inspector):
    password_step(client, "lead")
    client.get(reverse("sign_in_set_up"))
    response = client.post(reverse("sign_in_set_up"), {"code": "000000"})
    assert "The security code is not right" in response.text
    assert 'href="#id_code"' in response.text
    assert not signed_in(client)
    assert not TOTPDevice.objects.filter(user=inspector, confirmed=True).exists()


def test_once_set_up_the_sign_in_asks_for_the_apps_code(client, inspector, clock):
    _, device = set_up(client, "lead")
    client.post(reverse("logout"))
    clock.shift(datetime.timedelta(seconds=30))

    response = password_step(client, "lead", next_url="/inspections/")
    assert response.url == reverse("sign_in_code")
    assert not signed_in(client)
    page = client.get(reverse("sign_in_code")).text
    assert "Enter your security code" in page and 'autocomplete="one-time-code"' in page

    wrong = client.post(reverse("sign_in_code"), {"code": "123456"})
    assert "The security code is not right. Check it and try again" in wrong.text
    assert not signed_in(client)

    clock.shift(datetime.timedelta(seconds=2))  # django-otp makes one wait a second after a wrong code
    device.refresh_from_db()
    response = client.post(reverse("sign_in_code"), {"code": totp_code(device)})
    assert response.url == "/inspections/"
    assert signed_in(client)
    assert client.get("/inspections/").status_code == 200


def test_an_empty_code_names_the_field(client, inspector):
    set_up(client, "lead")
    client.post(reverse("logout"))
    password_step(client, "lead")
    response = client.post(reverse("sign_in_code"), {"code": ""})
    assert "Enter the security code" in response.text and 'href="#id_code"' in response.text
    assert not signed_in(client)


def test_a_backup_code_works_once(client, inspector, clock):
    response, _ = set_up(client, "lead")
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).text)[0]
    client.post(reverse("logout"))

    password_step(client, "lead")
    assert "Enter a backup code" in client.get(reverse("sign_in_code") + "?backup=1").text
    client.post(reverse("sign_in_code"), {"code": code})
    assert signed_in(client)
    client.post(reverse("logout"))

    clock.shift(datetime.timedelta(seconds=5))
    password_step(client, "lead")
    response = client.post(reverse("sign_in_code"), {"code": code})
    assert "The security code is not right" in response.text
    assert not signed_in(client)


def test_the_code_step_lasts_a_few_minutes(client, inspector, clock, settings):
    set_up(client, "lead")
    client.post(reverse("logout"))
    password_step(client, "lead")
    clock.shift(datetime.timedelta(seconds=settings.SIGN_IN_CODE_SECONDS + 1))
    device = TOTPDevice.objects.get(user=inspector)
    response = client.post(reverse("sign_in_code"), {"code": totp_code(device)}, follow=True)
    assert "Your sign-in timed out. Sign in again" in response.text
    assert not signed_in(client)


def test_the_code_step_cannot_be_reached_without_the_password(client, inspector):
    assert client.get(reverse("sign_in_code")).url == reverse("login")
    assert client.get(reverse("sign_in_set_up")).url == reverse("login")


def test_guessing_codes_is_stopped_after_five_tries_even_with_the_right_code(client, inspector, clock):
    set_up(client, "lead")
    client.post(reverse("logout"))
    password_step(client, "lead")
    # All within one instant of the frozen clock: the limit counts in windows whose edges fall at a
    # moment that depends on the user (their id), so time moving on could start a new window mid-test.
    for _ in range(5):
        client.post(reverse("sign_in_code"), {"code": "000000"})
    device = TOTPDevice.objects.get(user=inspector)
    response = client.post(reverse("sign_in_code"), {"code": totp_code(device)})
    assert response.status_code == 429
    assert "Too many attempts. Wait a minute, then try again" in response.text
    assert not signed_in(client)


def test_a_local_user_without_an_app_signs_in_with_the_password(client, local_user):
    response = password_step(client, "dcs")
    assert response.status_code == 302 and response.url == reverse("home")
    assert signed_in(client)


def test_a_local_user_who_set_up_an_app_must_give_its_code(client, local_user, clock):
    password_step(client, "dcs")
    account = client.get(reverse("account")).text
    assert "Set up two-factor authentication" in account
    assert "<svg" in client.get(reverse("account_two_factor_set_up")).text
    device = TOTPDevice.objects.get(user=local_user, confirmed=False)
    response = client.post(reverse("account_two_factor_set_up"), {"code": totp_code(device)})
    assert response.url == reverse("account_backup_codes")
    assert len(re.findall(r"<li><code>", client.get(response.url).text)) == 10
    client.post(reverse("logout"))

    clock.shift(datetime.timedelta(seconds=30))
    assert password_step(client, "dcs").url == reverse("sign_in_code")
    assert not signed_in(client)
    device.refresh_from_db()
    client.post(reverse("sign_in_code"), {"code": totp_code(device)})
    assert signed_in(client)


# The admin


def test_the_admins_sign_in_is_the_services(client):
    response = client.get(reverse("admin:login") + "?next=/admin/inspections/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=%2Fadmin%2Finspections%2F"
    assert client.get("/admin/").url.startswith(reverse("admin:login"))


def test_the_admin_refuses_a_session_without_the_second_factor(client):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.get("/admin/", follow=True)
    # Sent to sign in again, with both factors, and back.
    assert response.redirect_chain[-1][0] == reverse("login") + "?next=%2Fadmin%2F"
    assert "Sign in" in response.text


def test_an_admin_signed_in_with_both_factors_reaches_the_admin(client, clock):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    set_up(client, "root")
    assert client.get("/admin/").status_code == 200
    client.post(reverse("logout"))
    assert sign_in_verified(client, UserFactory(username="root2", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


# Resetting someone's second factor


def test_an_admin_resets_a_lost_second_factor(client, inspector, caplog):
    set_up(client, "lead")
    client.post(reverse("logout"))
    out = io.StringIO()
    call_command("reset_second_factor", "lead", stdout=out)
    assert out.getvalue() == "Two-factor authentication reset for lead: they set it up again when they next sign in.\n"
    assert not TOTPDevice.objects.filter(user=inspector).exists()
    assert "Second factor reset for user" in caplog.text
    # The next sign-in sets up a new app.
    assert password_step(client, "lead").url == reverse("sign_in_set_up")


def test_resetting_an_unknown_user_says_so_and_fails(db):
    with pytest.raises(CommandError, match=r"^No user is called nobody\.$") as error:
        call_command("reset_second_factor", "nobody")
    assert error.value.returncode == 1


def test_new_backup_codes_replace_the_old_ones(client, inspector, clock):
    response, _ = set_up(client, "lead")
    old = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).text)
    assert "You have 10 backup codes left." in client.get(reverse("account")).text
    response = client.post(reverse("account_backup_codes_new"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.get(response.url).text)
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    password_step(client, "lead")
    assert "The security code is not right" in client.post(reverse("sign_in_code"), {"code": old[0]}).text
    clock.shift(datetime.timedelta(seconds=2))
    client.post(reverse("sign_in_code"), {"code": new[0]})
    assert signed_in(client)


def test_only_a_session_that_gave_the_second_factor_makes_new_backup_codes(client, inspector):
    set_up(client, "lead")
    client.post(reverse("logout"))
    client.force_login(inspector)
    response = client.post(reverse("account_backup_codes_new"))
    assert response.url == reverse("account")
    assert client.get(reverse("account_backup_codes")).url == reverse("account")


def test_a_local_user_setting_up_an_app_with_nothing_entered_is_told_to_enter_the_code(client, local_user):
    client.force_login(local_user)
    client.get(reverse("account_two_factor_set_up"))
    response = client.post(reverse("account_two_factor_set_up"), {})
    assert response.status_code == 200
    assert "Enter the security code from your app" in response.text
    assert not TOTPDevice.objects.filter(user=local_user, confirmed=True).exists()


def test_a_code_sent_before_the_set_up_page_was_shown_starts_no_key(client, local_user):
    client.force_login(local_user)
    response = client.post(reverse("account_two_factor_set_up"), {"code": "123456"})
    assert response.status_code == 302 and response.url == reverse("account_two_factor_set_up")
    assert not TOTPDevice.objects.filter(user=local_user).exists()


def test_no_admin_page_shows_a_users_authenticator_key(db):
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)

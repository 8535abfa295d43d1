"""The demo accounts are printed again after the Celery worker's start-up banner, in development."""

import io

import pytest
from django.core.management import call_command

from jtai.celery import print_demo_accounts
from jtai.management.commands.load_demo import demo_accounts

PRINTED = """Demo inspections:
  JTAI-2016-579   South Gloucestershire    on site 11 July 2016: Notified
Demo accounts (password jtai-demo-2016):
  lead.inspector       Helen Carter: Ofsted lead inspector
  admin                Admin User: Django admin superuser
Notifications demo: JTAI-2026-842 (Rutland) is notified at 15:28.
Consultation jtai-2015: 262 respondents imported
Demo accounts (password jtai-demo-2016):
  analyst              Sam Whitfield: consultation analyst
"""


def test_the_accounts_table_is_taken_from_what_the_demo_printed():
    assert demo_accounts(PRINTED) == (
        "Demo accounts (password jtai-demo-2016):\n"
        "  lead.inspector       Helen Carter: Ofsted lead inspector\n"
        "  admin                Admin User: Django admin superuser\n"
        "  analyst              Sam Whitfield: consultation analyst\n"
    )


@pytest.mark.django_db
def test_load_demo_writes_the_accounts_file(settings, tmp_path, monkeypatch):
    from jtai.management.commands import load_demo

    settings.DEMO_ACCOUNTS_FILE = tmp_path / "var" / "demo-accounts.txt"
    monkeypatch.setattr(load_demo, "LOADERS", [lambda out: out.write(PRINTED)])
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert "Notifications demo" in out.getvalue()
    written = settings.DEMO_ACCOUNTS_FILE.read_text()
    assert written.startswith("Sign in at http")
    assert "  lead.inspector       Helen Carter" in written and "Notifications demo" not in written
    assert "Add this key to an authenticator app: JTAI DEMO JTAI DEMO JTAI DEMO JTAI DEMO" in written
    assert "backup code, each once per account: jtaidemo01 jtaidemo02" in written


@pytest.mark.django_db
def test_the_demos_staff_accounts_sign_in_with_the_published_key_or_a_backup_code(client, clock, people):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jtai import demo
    from tests.helpers import totp_code
    from tests.inspections import factories

    factories.InspectorFactory(user__username="lead.inspector")
    factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    people.dcs.user = factories.UserFactory(username="dcs")
    people.dcs.save()
    out = io.StringIO()
    demo.load(out)
    assert "Given to: admin, lead.inspector\n" in out.getvalue()
    assert not TOTPDevice.objects.filter(user__username="dcs").exists()

    password = {"password": "correct horse battery staple"}
    client.post("/sign-in/", {"username": "lead.inspector", **password})
    client.post("/sign-in/code/", {"code": totp_code(TOTPDevice.objects.get(user__username="lead.inspector"))})
    assert "_auth_user_id" in client.session
    client.post("/sign-out/")
    client.post("/sign-in/", {"username": "admin", **password})
    client.post("/sign-in/code/", {"code": "jtaidemo03"})
    assert client.get("/admin/").status_code == 200


def test_the_worker_prints_them_once_ready_with_debug_on(settings, tmp_path, capsys):
    settings.DEMO_ACCOUNTS_FILE = tmp_path / "demo-accounts.txt"
    settings.DEMO_ACCOUNTS_FILE.write_text("Demo accounts (password p):\n  admin  Admin User\n")
    settings.DEBUG = True
    print_demo_accounts()
    assert "Demo accounts (password p):\n  admin  Admin User" in capsys.readouterr().out
    settings.DEBUG = False
    print_demo_accounts()
    assert capsys.readouterr().out == ""


def test_the_handler_is_connected_to_worker_ready():
    from celery.signals import worker_ready

    assert any(receiver() is print_demo_accounts for _, receiver in worker_ready.receivers if receiver() is not None)

"""The analysts' group: one function makes it, every migrate runs it, the demo puts `analyst` in it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from consultations import demo
from consultations.permissions import ANALYSTS_GROUP

pytestmark = pytest.mark.django_db


def _codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_every_migrate_gives_the_install_the_analysts_group_with_the_apps_permissions():
    Group.objects.filter(name=ANALYSTS_GROUP).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    codenames = _codenames(Group.objects.get(name=ANALYSTS_GROUP))
    for model in ("consultation", "question", "theme", "coding", "outcome", "responseimport"):
        assert {f"view_{model}", f"add_{model}", f"change_{model}"} <= codenames
    assert not any(c.startswith("delete_") for c in codenames)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Group.objects.filter(name=ANALYSTS_GROUP).count() == 1


def test_the_demo_makes_the_analyst_account_in_the_group_and_a_second_run_changes_nothing():
    demo.load(io.StringIO())
    user_model = get_user_model()
    analyst = user_model.objects.get(username="analyst")
    assert analyst.check_password("jtai-demo-2016")
    assert (analyst.get_full_name(), list(analyst.groups.values_list("name", flat=True))) == (
        "Sam Whitfield",
        [ANALYSTS_GROUP],
    )
    assert analyst.has_perm("consultations.change_consultation")

    def state():
        group = Group.objects.get(name=ANALYSTS_GROUP)
        return user_model.objects.filter(username="analyst").values().get(), _codenames(group), Group.objects.count()

    before = state()
    demo.load(io.StringIO())
    assert state() == before

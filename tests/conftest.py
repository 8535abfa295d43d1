import os
from dataclasses import dataclass

import pytest
import time_machine

from inspections.models import ContactRole
from tests.factories import UserFactory
from tests.helpers import DEFINITION, area_with_people, lead_of, london, plan_inspection, to_reporting, write_letter
from tests.inspections import factories


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing():
    """Every user a test makes has a password, and PBKDF2's million rounds cost about 0.2 s
    each: minutes over the suite. The tests are about who may do what, not the hash's
    strength; production keeps Django's hashers (the settings set none)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _fresh_cache(settings, _cache_dir):
    """Each test starts with an empty cache (rate limits, import progress). Without Redis the
    cache is a folder of this test run's own, not the quickstart's shared `var/cache`."""
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": str(_cache_dir)}}
    cache.clear()
    yield


@pytest.fixture
def private_media(settings, tmp_path):
    """The files a test uploads or renders go to folders of its own: the private media (case-audit
    files, letters) it returns, and the public media (published reports)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def media_root(private_media, settings):
    return settings.MEDIA_ROOT


@pytest.fixture
def ofsted_inspector(db):
    return factories.InspectorFactory(user__username="inspector")


@pytest.fixture
def manager(db):
    return factories.InspectorFactory(user__username="manager", is_manager=True)


@pytest.fixture
def inspection(db):
    return factories.InspectionFactory()


@pytest.fixture
def clock():
    """The tests' one frozen clock: 1 February 2016, 9am, three weeks before the 2016 example's
    notification. Tests move it with `clock.move_to(...)`."""
    with time_machine.travel(london(2016, 2, 1, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db):
    return area_with_people()


@pytest.fixture
def planned_inspection(clock, people):
    return plan_inspection(people=people)


@pytest.fixture
def lead(planned_inspection):
    """The log-in (a User) of the planned inspection's lead inspector."""
    return lead_of(planned_inspection)


@pytest.fixture
def reporting(planned_inspection):
    return to_reporting(planned_inspection)


@pytest.fixture
def written(reporting, lead):
    write_letter(reporting, lead)
    return reporting


@dataclass
class Local:
    dcs: object
    coordinator: object
    police: object
    health: object


@pytest.fixture
def local(people, reporting) -> Local:
    """Log-ins for the area's DCS, coordinator and two agency leaders."""
    users = {}
    for name, person in (
        ("dcs", people.dcs),
        ("coordinator", people.coordinator),
        ("police", people.police),
        ("health", people.health),
    ):
        person.user = UserFactory(username=f"local-{name}")
        person.save()
        users[name] = person.user
    assert reporting.contacts.filter(role=ContactRole.DCS_COORDINATOR).exists()
    return Local(**users)


@pytest.fixture
def manager_user(db):
    return factories.InspectorFactory(user__username="boss", is_manager=True).user


@pytest.fixture
def consultation(db):
    from consultations.definition import consultation_load

    return consultation_load(data=DEFINITION)


@pytest.fixture
def analyst(db):
    from consultations.permissions import analysts_group

    user = UserFactory(username="analyst", first_name="Ada", last_name="Analyst")
    user.groups.add(analysts_group())
    return user


def pytest_collection_modifyitems(config, items):
    """Outside CI, tests that need Redis skip with a reason when REDIS_URL is unset; in CI they always run."""
    if os.environ.get("REDIS_URL") or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="needs a real Redis: set REDIS_URL (CI always runs these)")
    for item in items:
        if "worker" in item.keywords:
            item.add_marker(skip)

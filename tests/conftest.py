import os

import pytest
import time_machine

from tests.helpers import area_with_people, london, plan_inspection
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


def pytest_collection_modifyitems(config, items):
    """Outside CI, tests that need Redis skip with a reason when REDIS_URL is unset; in CI they always run."""
    if os.environ.get("REDIS_URL") or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="needs a real Redis: set REDIS_URL (CI always runs these)")
    for item in items:
        if "worker" in item.keywords:
            item.add_marker(skip)

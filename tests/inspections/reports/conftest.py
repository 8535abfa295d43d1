"""The reports tests' files go to folders of the test's own. Their inspection in reporting, its
lead, local log-ins and letter are the root conftest's fixtures; the builders are tests/helpers.py's."""

import pytest

from tests.helpers import agency, lead_of, scope, to_reporting, write_letter  # noqa: F401 (the reports tests import them from here)


@pytest.fixture(autouse=True)
def _private_media(private_media):
    return private_media

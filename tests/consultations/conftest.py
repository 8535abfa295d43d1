import pytest

from tests.factories import UserFactory


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def _media(private_media):
    """Uploads and report PDFs go to a folder of the test's own."""
    return private_media

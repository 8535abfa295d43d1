import io

import pytest

from consultations.definition import consultation_load
from consultations.permissions import analysts_group
from tests.factories import UserFactory

DEFINITION = {
    "slug": "test-consultation",
    "title": "Test consultation",
    "channels": [
        {"code": "online", "label": "Online consultation"},
        {"code": "webinar", "label": "Stakeholder webinars", "asks_sector": False},
        {"code": "letter", "label": "Letters", "asks_sector": False},
    ],
    "sectors": ["Social care", "Policing"],
    "questions": [
        {"code": "q1", "text": "Do you agree?", "type": "choice", "options": ["Yes", "No", "Don't know"]},
        {"code": "q2", "text": "How many cases?", "type": "choice", "options": ["5 or fewer", "More than 5"]},
        {"code": "q3", "text": "Any other views?", "type": "text"},
    ],
}
HEADER = "respondent_id,channel,sector,q1,q2,q3\n"


def csv_file(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + "".join(r + "\n" for r in rows)).encode())


@pytest.fixture
def consultation(db):
    return consultation_load(data=DEFINITION)


@pytest.fixture
def analyst(db):
    user = UserFactory(username="analyst", first_name="Ada", last_name="Analyst")
    user.groups.add(analysts_group())
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and report PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT

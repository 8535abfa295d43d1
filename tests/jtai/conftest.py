"""An inspection taken all the way to a published letter, for the site-wide tests (headers, PDFs)."""

import datetime

import pytest

from inspections.reports import factual_accuracy, letters, publication, renders
from tests.factories import UserFactory
from tests.helpers import lead_of, to_reporting, write_letter


@pytest.fixture
def published(clock, planned_inspection, people, private_media):
    """Planned, notified, on site, reported on, checked for factual accuracy and published, with
    every version of its letter made into a PDF."""
    coordinator = people.coordinator
    coordinator.user = UserFactory(username="local-coordinator")
    coordinator.save()
    inspection = to_reporting(planned_inspection)
    lead = lead_of(inspection)
    write_letter(inspection, lead)
    letters.letter_send_draft(user=lead, inspection=inspection)
    factual_accuracy.factual_accuracy_respond(user=coordinator.user, inspection=inspection)
    letter = factual_accuracy.letter_finalise(
        user=lead, inspection=inspection, publication_date=datetime.date(2016, 3, 1)
    )
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    publication.letter_publish(user=lead, inspection=inspection)
    inspection.refresh_from_db()
    return inspection

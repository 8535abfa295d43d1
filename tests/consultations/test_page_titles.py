"""Coding pages name their theme and their page of answers in the title."""

from html import unescape

import pytest
from django.urls import reverse

from consultations.imports import responses_import
from consultations.models import Theme
from tests.helpers import csv_file

pytestmark = pytest.mark.django_db


def title(client, url, data=None) -> str:
    content = client.get(url, data or {}).content.decode()
    return unescape(content.split("<title>")[1].split("</title>")[0]).removesuffix(" – Joint targeted area inspections")


def test_coding_pages_name_their_theme_and_page(client, consultation, analyst):
    rows = [f"R{n:03d},online,,,,Answer number {n}" for n in range(1, 61)]
    responses_import(consultation=consultation, file=csv_file(*rows))
    question = consultation.questions.get(code="q3")
    theme = Theme.objects.create(question=question, name="Training", position=1)
    client.force_login(analyst)
    url = reverse("consultations:coding", args=[consultation.slug, "q3"])
    titles = [
        title(client, url),
        title(client, url, {"page": 2}),
        title(client, url, {"theme": "none"}),
        title(client, url, {"theme": theme.pk}),
    ]
    assert titles == [
        "Coding Q3 – Test consultation",
        "Coding Q3, page 2 – Test consultation",
        "Coding Q3, answers with no theme – Test consultation",
        "Coding Q3, theme “Training” – Test consultation",
    ]

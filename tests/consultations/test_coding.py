import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from consultations.coding import answer_code, coding_apply_suggestions, theme_save
from consultations.imports import responses_import
from consultations.models import Answer, CodingChange
from consultations.selectors import keyword_suggestions, theme_summaries
from jtai.errors import DomainError
from tests.helpers import csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3(consultation):
    responses_import(
        consultation=consultation,
        file=csv_file(
            "R1,online,,,,Talk to families and front-line practitioners",
            "R2,online,,,,Look at re-referrals data and talk to families",
            "R3,online,,,,Peer reviews of front-line practice",
            "R4,online,,,,Workforce stability matters; workforce stability is visible",
            "R5,online,,,,Workforce stability again",
        ),
    )
    return consultation.questions.get(code="q3")


def test_an_answer_takes_several_themes_and_every_change_is_kept_with_who_made_it(q3, analyst):
    families = theme_save(question=q3, name="Views of families", user=analyst)
    data = theme_save(question=q3, name="Performance data", user=analyst)
    answer = Answer.objects.get(respondent__respondent_id="R2")
    assert answer_code(answer=answer, themes=[families, data], user=analyst) == (2, 0)
    assert answer_code(answer=answer, themes=[data], user=analyst) == (0, 1)
    changes = list(CodingChange.objects.order_by("id").values_list("theme__name", "action", "changed_by__username"))
    assert sorted(changes[:2]) == [("Performance data", "added", "analyst"), ("Views of families", "added", "analyst")]
    assert changes[2:] == [("Views of families", "removed", "analyst")]
    assert list(answer.themes.values_list("name", flat=True)) == ["Performance data"]


def test_theme_names_are_unique_per_question_and_only_for_free_text(q3, consultation, analyst):
    theme_save(question=q3, name="Families", user=analyst)
    with pytest.raises(DomainError, match="already a theme"):
        theme_save(question=q3, name="families", user=analyst)
    with pytest.raises(DomainError, match="free-text"):
        theme_save(question=consultation.questions.get(code="q1"), name="X", user=analyst)


def test_keywords_suggest_themes_and_counts_and_examples_follow(q3, analyst):
    theme_save(question=q3, name="Views of families", keywords="families, front-line", user=analyst)
    theme_save(question=q3, name="Workforce", keywords="workforce stability", user=analyst)
    assert coding_apply_suggestions(question=q3, user=analyst) == 5
    assert coding_apply_suggestions(question=q3, user=analyst) == 0, "applying twice adds nothing"
    summaries = {s["theme"].name: s for s in theme_summaries(question=q3)}
    assert summaries["Views of families"]["count"] == 3
    assert summaries["Workforce"]["count"] == 2
    assert summaries["Views of families"]["examples"] == [
        "Talk to families and front-line practitioners",
        "Look at re-referrals data and talk to families",
        "Peer reviews of front-line practice",
    ]
    assert CodingChange.objects.filter(reason="keyword “families”").count() == 2


def test_keyword_suggestions_come_from_answers_not_yet_coded(q3, analyst):
    terms = dict(keyword_suggestions(question=q3))
    assert terms["workforce stability"] == 2
    theme_save(question=q3, name="Workforce", keywords="workforce stability", user=analyst)
    coding_apply_suggestions(question=q3, user=analyst)
    assert "workforce stability" not in dict(keyword_suggestions(question=q3))


def test_only_analysts_code(q3, outsider):
    with pytest.raises(PermissionDenied):
        theme_save(question=q3, name="Families", user=outsider)


def test_a_refused_theme_is_shown_on_the_theme_name_field(client, q3, analyst):
    theme_save(question=q3, name="Families", user=analyst)
    client.force_login(analyst)
    url = reverse("consultations:coding_theme_add", args=[q3.consultation.slug, "q3"])
    response = client.post(url, {"name": "families"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="govuk-input govuk-input--error" aria-invalid="true" id="id_name"' in page
    assert (
        '<span id="id_name_1_error" class="govuk-error-message"> <span class="govuk-visually-hidden">Error:</span> '
        "There is already a theme called “families” for this question." in page
    )
    assert q3.themes.count() == 1


def test_a_themes_examples_never_repeat_the_same_words(consultation, analyst):
    responses_import(
        consultation=consultation,
        file=csv_file(
            "R1,online,,,,Talk to families",
            "R2,online,,,,Talk to families",
            "R3,online,,,,Families know best",
            "R4,online,,,,Talk to families",
            "R5,online,,,,Ask families",
            "R6,online,,,,Families again",
        ),
    )
    q3 = consultation.questions.get(code="q3")
    theme_save(question=q3, name="Families", keywords="families", user=analyst)
    coding_apply_suggestions(question=q3, user=analyst)
    [summary] = theme_summaries(question=q3)
    assert (summary["count"], summary["examples"]) == (6, ["Talk to families", "Families know best", "Ask families"])

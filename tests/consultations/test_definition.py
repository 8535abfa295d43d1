import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import ProtectedError

from consultations.coding import answer_code, theme_save
from consultations.definition import DefinitionError, consultation_load
from consultations.imports import responses_import
from consultations.models import Answer, Coding, CodingChange, Consultation, Option, Question, Sector
from consultations.tables import consultation_tables
from tests.helpers import DEFINITION, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(consultation, analyst):
    responses_import(
        consultation=consultation,
        file=csv_file("R1,online,,Yes,,Ask the families", "R2,online,,Don't know,,Ask the police", "R3,webinar,,Yes,,"),
    )
    q3 = consultation.questions.get(code="q3")
    theme = theme_save(question=q3, name="Families", user=analyst)
    answer_code(answer=q3.answers.get(respondent__respondent_id="R1"), themes=[theme], user=analyst)
    return consultation


def _definition(**changes):
    data = copy.deepcopy(DEFINITION)
    data.update(changes)
    return data


def _state():
    return (
        Answer.objects.count(),
        Coding.objects.count(),
        CodingChange.objects.count(),
        list(Question.objects.order_by("code").values_list("code", "text")),
        list(Option.objects.order_by("question__code", "label").values_list("question__code", "label")),
    )


def test_dropping_a_question_that_has_answers_is_refused_and_changes_nothing(coded):
    before = _state()
    questions = [q for q in DEFINITION["questions"] if q["code"] != "q3"]
    questions[0] = {**questions[0], "text": "Reworded"}
    with pytest.raises(DefinitionError) as refused:
        consultation_load(data=_definition(questions=questions))
    assert str(refused.value).startswith("question q3: not in the file, but 2 answers use it")
    assert _state() == before


def test_dropping_an_option_that_answers_chose_is_refused_with_how_many(coded):
    before = _state()
    questions = copy.deepcopy(DEFINITION["questions"])
    questions[0]["options"] = ["Yes", "No"]
    with pytest.raises(DefinitionError, match='question q1: option "Don\'t know" is not in the file, but 1 answer'):
        consultation_load(data=_definition(questions=questions))
    assert _state() == before


def test_changing_the_type_of_an_answered_question_is_refused(coded):
    questions = copy.deepcopy(DEFINITION["questions"])
    questions[2] = {"code": "q3", "text": "Any other views?", "type": "choice", "options": ["Yes"]}
    with pytest.raises(DefinitionError, match="question q3: its type cannot change"):
        consultation_load(data=_definition(questions=questions))


def test_dropping_a_used_channel_or_sector_is_refused(consultation):
    responses_import(consultation=consultation, file=csv_file("R1,letter,,,,Hello", "R2,online,Policing,,,"))
    with pytest.raises(DefinitionError, match="channel letter: not in the file, but 1 respondent"):
        consultation_load(data=_definition(channels=DEFINITION["channels"][:2]))
    with pytest.raises(DefinitionError, match="sector 'Policing': not in the file, but 1 respondent"):
        consultation_load(data=_definition(sectors=["Social care"]))


def test_unused_questions_options_channels_and_sectors_can_still_be_dropped(coded):
    questions = copy.deepcopy(DEFINITION["questions"])
    questions[0]["options"] = ["Yes", "Don't know"]  # "No": nobody chose it
    del questions[1]  # q2: nobody answered it
    consultation_load(data=_definition(questions=questions, sectors=["Social care"]))
    assert list(coded.questions.values_list("code", flat=True)) == ["q1", "q3"]
    assert list(Sector.objects.values_list("label", flat=True)) == ["Social care"]


def test_the_command_prints_one_line_and_changes_nothing(coded, tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(_definition(questions=DEFINITION["questions"][:2])))
    before = _state()
    with pytest.raises(CommandError) as refused:
        call_command("load_consultation", str(path))
    assert "\n" not in str(refused.value)
    assert "question q3: not in the file, but 2 answers use it" in str(refused.value)
    assert _state() == before


def test_a_question_with_answers_cannot_be_deleted(coded):
    with pytest.raises(ProtectedError):
        coded.questions.get(code="q3").delete()
    assert Coding.objects.count() == 1


@pytest.mark.parametrize(
    ("where", "code"),
    [("question", "q1/a"), ("question", "q 2"), ("question", "q" * 32), ("channel", "on line"), ("channel", "é")],
)
def test_codes_must_be_slugs(where, code):
    data = copy.deepcopy(DEFINITION)
    if where == "question":
        data["questions"][0]["code"] = code
    else:
        data["channels"][0]["code"] = code
    with pytest.raises(DefinitionError) as refused:
        consultation_load(data=data)
    assert f"code {code!r} must be 1 to 31 letters, digits, hyphens or underscores" in str(refused.value)
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("label", ["Did not answer", " did NOT answer "])
def test_a_sector_cannot_take_the_label_of_the_no_answer_bucket(label):
    with pytest.raises(DefinitionError, match="cannot be a sector: the tables use it for respondents who left"):
        consultation_load(data=_definition(sectors=["Social care", label]))


def test_sector_keys_never_collide(consultation):
    responses_import(consultation=consultation, file=csv_file("R1,online,Policing,,,", "R2,online,,,,"))
    sectors = consultation_tables(consultation=consultation).as_dict()["sectors"]
    assert sectors == {"Social care": 0, "Policing": 1, "Did not answer": 1}

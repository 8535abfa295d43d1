"""The two checks every service makes of a form's answers (jtai.errors)."""

import pytest

from inspections.fieldwork.models import Weight
from jtai.errors import DomainError, required_choice, required_text


def test_a_choice_the_choices_offer_is_kept_and_any_other_is_refused_on_its_field():
    assert required_choice("weight", "strength", Weight, "Choose a weight") == "strength"
    for forged in ("", "STRENGTH", "anything", None):
        with pytest.raises(DomainError) as refused:
            required_choice("weight", forged, Weight, "Choose a weight")
        assert (refused.value.field, refused.value.message) == ("weight", "Choose a weight")


def test_text_is_kept_without_its_surrounding_spaces_and_blank_text_is_refused_on_its_field():
    assert required_text("text", "  A child told us.\n", "Enter it") == "A child told us."
    for blank in ("", "   ", "\n\t", None):
        with pytest.raises(DomainError) as refused:
            required_text("text", blank, "Enter it")
        assert (refused.value.field, refused.value.message) == ("text", "Enter it")

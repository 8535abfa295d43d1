"""The head of every plain GOV.UK table comes from one tag: a header cell a column, in order, the
numeric ones aligned right."""

from django.template import Context, Template


def _head(tag: str) -> str:
    return Template("{% load govuk_tables %}" + tag).render(Context())


def test_each_column_has_a_header_cell_in_order_and_numbers_align_right():
    head = _head('{% govuk_table_head "Theme" "Answers" "Examples" numeric="Answers" %}')

    assert head == (
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Theme</th>'
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Answers</th>'
        '<th scope="col" class="govuk-table__header">Examples</th>'
        "</tr></thead>"
    )

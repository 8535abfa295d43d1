"""The head of a GOV.UK table, written once: `{% govuk_table_head "When" "Who" "Answers" numeric="Answers" %}`."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def govuk_table_head(*columns: str, numeric: str = "") -> str:
    """A header cell a column, in order; the columns named in `numeric` (comma-separated) hold
    numbers, so their headers align right as the numbers below them do."""
    right = set(numeric.split(",")) if numeric else set()
    cells = format_html_join(
        "",
        '<th scope="col" class="govuk-table__header{}">{}</th>',
        ((" govuk-table__header--numeric" if column in right else "", column) for column in columns),
    )
    return format_html('<thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>', cells)

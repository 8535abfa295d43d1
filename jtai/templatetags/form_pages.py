"""The form pages' error summary (templates/includes/error_summary.html): where each message links."""

from django import forms, template
from django.contrib import messages as flash

register = template.Library()


@register.filter
def error_links(form) -> list[tuple[str, str]]:
    """(anchor, message) for a GOV.UK error summary: each link goes to the input to correct.

    Radios and checkboxes (rendered by crispy-forms-gds, numbered from 1) link to their first
    option; a date links to the part (day, month, year) that is wrong, else to the day. A refusal
    about no field the page shows (the form's own, or a hidden field's) links to the first input.
    """
    if not hasattr(form, "visible_fields"):  # no form given to the include
        return []
    links: list[tuple[str, str]] = []
    fields = list(form.visible_fields())
    first = fields[0].auto_id if fields else ""
    links += [(first, str(error)) for error in form.non_field_errors()]
    links += [(first, str(error)) for hidden in form.hidden_fields() for error in hidden.errors]
    for bound in fields:
        if not bound.errors:
            continue
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            links += [(f"{bound.auto_id}_1", str(error)) for error in bound.errors]
        elif isinstance(widget, forms.MultiWidget):
            placed = set()
            for index, subfield in enumerate(getattr(bound.field, "fields", ())):
                for error in getattr(subfield.widget, "errors", []):
                    links.append((f"{bound.auto_id}_{index}", str(error)))
                    placed.add(str(error))
            links += [(f"{bound.auto_id}_0", str(e)) for e in bound.errors if str(e) not in placed]
        else:
            links += [(bound.auto_id, str(error)) for error in bound.errors]
    return links


@register.filter
def refusals(messages) -> list:
    """The messages that refuse an action (`jtai.form_pages.refusal_flash`): shown as an error summary."""
    return [message for message in messages or () if message.level == flash.ERROR]

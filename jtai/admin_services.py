"""What every admin that changes domain rows shares: it saves through the services, so it keeps
the rules the pages keep, and its history pages are for reading.

`SavesThroughServices`: a service's refusal comes back as an error on the form and nothing is
saved; `SavesReferenceRows` is it for reference data with no service of its own.
`ServiceHistoryAdmin`: django-simple-history's pages, which show every past version and never
write one back (a revert would skip the services). `RecordAdmin` and `ShownInline`: rows
that record what happened, which the admin shows and never adds, changes or deletes."""

from __future__ import annotations

import copy

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from . import fields
from .errors import DomainError
from .reference_rows import reference_row_delete, reference_row_save


class SavesThroughServices:
    """A service's refusal comes back as an error on the form, and nothing is saved.

    The admin's save hooks (`save_model`, `save_related`) call a service. They run after the
    form and inlines validated, inside the admin's transaction; a DomainError rolls that back,
    and the form is shown again with the error on the field it names (or above the form), as for
    any invalid form. Fields no service changes belong in `readonly_fields`, or in
    `readonly_on_change` when they are set once, on adding."""

    readonly_on_change: tuple[str, ...] = ()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            request.service_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        error = getattr(request, "service_refusal", None)
        if error is None:
            return form

        class Refused(form):
            def clean(self):
                cleaned = super().clean()
                self.add_error(error.field if error.field in self.fields else None, error.message)
                return cleaned

        return Refused

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + list(self.readonly_on_change) if obj is not None else fields


class SavesReferenceRows(SavesThroughServices):
    """Reference data with no service of its own: saved and deleted through `jtai.reference_rows`,
    its many-to-many fields with the row."""

    def save_model(self, request, obj, form, change):
        many = {f.name: form.cleaned_data[f.name] for f in obj._meta.many_to_many if f.name in form.cleaned_data}
        reference_row_save(user=request.user, row=obj, many=many)

    def save_related(self, request, form, formsets, change):
        # The service set the many-to-many fields; only inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        reference_row_delete(user=request.user, row=obj)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            reference_row_delete(user=request.user, row=row)


def _a_key(field, value: str) -> bool:
    """Whether `value` can stand for a value of the key `field`, so that a look-up by it cannot fail."""
    try:
        field.to_python(unquote(value))
    except ValidationError:
        return False
    return not fields.outside_column(unquote(value), field)


class ServiceHistoryAdmin(SimpleHistoryAdmin):
    """The history of a row, to read. A past version is shown, never saved back: that would be a
    write no service made."""

    def history_view(self, request, object_id, extra_context=None):
        if not _a_key(self.model._meta.pk, object_id):
            raise Http404("No such row")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        # simple_history looks the version up with the ids as typed: "abc", or a number past the
        # column's range, would be a server error where the reader should be told "not found".
        if not (_a_key(self.model._meta.pk, object_id) and _a_key(self.model.history.model._meta.pk, version_id)):
            raise Http404("No such version")
        # The version is shown in the change form of today, which may have made a field read-only
        # or dropped it: simple_history reads `prepopulated_fields` as declared for adding, and a
        # field no longer on the form is a KeyError. Nothing is typed on a history page.
        reader = copy.copy(self)
        reader.prepopulated_fields = {}
        return super(ServiceHistoryAdmin, reader).history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class RecordAdmin:
    """A record of what happened (a trail, a job's state), read here and never added, changed or
    deleted: the services and workers that made it are its only writers."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShownInline(admin.TabularInline):
    """Rows shown under their parent, never added or deleted there: only the services write them,
    keeping their rules. Every field listed in `fields` is read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

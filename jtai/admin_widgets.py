"""Admin fields and widgets that survive junk input. Django's autocomplete widget looks up the submitted
value to show it again with the form's errors; a value that is not an id ("abc") made that
look-up, and so the whole admin page, fail with a server error instead of "Select a valid choice"."""

from __future__ import annotations

import functools

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError

from . import fields


class _ValidValuesOnly:
    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        target = opts.get_field(getattr(self.field.remote_field, "field_name", opts.pk.attname))
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            if fields.outside_column(item, target, self.db or "default"):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class AutocompleteSelect(_ValidValuesOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ValidValuesOnly, widgets.AutocompleteSelectMultiple):
    pass


class SafeChoicesAdmin:
    """A ModelAdmin mixin: its choice fields, and its inlines', refuse ids the database cannot hold,
    and its `autocomplete_fields` use the widgets above. The admin's site (jtai/admin_site.py) mixes
    it into every admin registered there, Django's own (users, groups) included."""

    def get_inlines(self, request, obj):
        return [safe_choices(inline) for inline in super().get_inlines(request, obj)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", fields.ModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", fields.ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@functools.cache
def safe_choices(admin_class: type) -> type:
    """`admin_class` with SafeChoicesAdmin mixed in (itself when it has it already)."""
    if issubclass(admin_class, SafeChoicesAdmin):
        return admin_class
    return type(admin_class.__name__, (SafeChoicesAdmin, admin_class), {"__module__": admin_class.__module__})

"""Admins issue, revoke and rotate system tokens here; every change goes through api.tokens. A
new secret is shown once, in the message after saving, and never again."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from jtai.admin_services import RecordAdmin
from jtai.errors import DomainError

from . import tokens
from .models import SystemToken, TokenUse


class IssueForm(forms.ModelForm):
    class Meta:
        model = SystemToken
        fields = ["system", "inspectorate", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].required = False
        self.fields["expires_at"].help_text = "Blank for the default lifetime of a new token."

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["system"], cleaned["expires_at"] = tokens.token_check(
                system=cleaned.get("system", ""), expires_at=cleaned.get("expires_at")
            )
        except DomainError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


def _show_once(request, issued: tokens.Issued) -> None:
    messages.warning(
        request,
        f"The token for {issued.token.system} is {issued.secret} — copy it now: it is not stored and will "
        "not be shown again.",
    )


@admin.register(SystemToken)
class SystemTokenAdmin(admin.ModelAdmin):
    list_display = ["system", "inspectorate", "prefix", "expires_at", "revoked_at", "created_at"]
    list_filter = ["inspectorate"]
    search_fields = ["system", "prefix"]
    actions = ["revoke", "rotate"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = IssueForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["system", "inspectorate", "prefix", "expires_at", "revoked_at", "created_at", "created_by", "replaces"]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: its uses are the record

    def save_model(self, request, obj, form, change):
        if change:
            return
        issued = tokens.token_issue(
            user=request.user,
            system=form.cleaned_data["system"],
            inspectorate=form.cleaned_data["inspectorate"],
            expires_at=form.cleaned_data["expires_at"],
        )
        obj.pk = issued.token.pk
        _show_once(request, issued)

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            tokens.token_revoke(user=request.user, token=token)
        messages.success(request, "The selected tokens are revoked.")

    @admin.action(description="Rotate the selected tokens (a new secret; the old one stops working)")
    def rotate(self, request, queryset):
        for token in queryset:
            try:
                _show_once(request, tokens.token_rotate(user=request.user, token=token))
            except DomainError as error:
                messages.error(request, f"{token}: {error.message}")


@admin.register(TokenUse)
class TokenUseAdmin(RecordAdmin, admin.ModelAdmin):
    list_display = ["at", "token", "address", "path"]
    list_filter = ["token__inspectorate"]
    search_fields = ["token__system", "token__prefix", "path"]
    date_hierarchy = "at"

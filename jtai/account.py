"""A signed-in user's own account: their password and their second factor."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from api import feeds
from api.feed_views import addresses_show_once

from . import two_factor
from .errors import DomainError
from .form_pages import fields_helper
from .sign_in import BACKUP_CODES_TO_SHOW, CodeForm, set_up_context, show_backup_codes

# Django's validators' messages, said the GOV.UK way and naming the field.
# bandit: messages about passwords, not passwords (B105 below).
_PASSWORD_MESSAGES = {
    "password_too_common": "Your new password is too common. Choose one that is harder to guess",  # nosec B105
    "password_too_short": "Your new password must be at least {min_length} characters",  # nosec B105
    "password_entirely_numeric": "Your new password must not be only numbers",  # nosec B105
    "password_too_similar": "Your new password is too like your {verbose_name}",  # nosec B105
}


class PasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Check it and try again",  # nosec B105
        "password_mismatch": "The new passwords do not match. Enter the same new password twice",  # nosec B105
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Avoid common passwords, only numbers, and your own name or user name."
        self.fields["new_password2"].label = "Enter the new password again"
        self.fields["new_password2"].help_text = ""
        required = {
            "old_password": "Enter your current password",  # nosec B105
            "new_password1": "Enter a new password",
            "new_password2": "Enter the new password again",
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        self.helper = fields_helper(*(Field.text(name) for name in ("old_password", "new_password1", "new_password2")))

    def clean(self):
        return new_password_clean(self)


def new_password_clean(form):
    """A new password's checks, each message naming the field: shared by changing and resetting it."""
    form.validate_passwords("new_password1", "new_password2")
    password = form.cleaned_data.get("new_password1")
    if password:
        try:
            password_validation.validate_password(password, form.user)
        except ValidationError as error:
            for item in error.error_list:
                template = _PASSWORD_MESSAGES.get(item.code)
                params = item.params or {}
                message = template.format(**params) if template else f"New password: {item.messages[0]}"
                form.add_error("new_password1", message)
    return forms.Form.clean(form)


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "account/index.html",
        {
            "page_title": "Your account",
            "has_second_factor": two_factor.has_second_factor(user),
            "required": two_factor.second_factor_required(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
        },
    )


@login_required
def password_change(request):
    form = PasswordForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The calendar addresses stop with the old password; those that worked get new ones.
        working = feeds.feeds_working(form.user)
        form.save()
        # This session goes on; every other session of the user ends, as their password hash changed.
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password has been changed. You are signed out everywhere else")
        if tokens := feeds.feeds_rotate_on_password_change(user=form.user, working=working):
            addresses_show_once(request, tokens)
            return redirect("api_calendar_feeds")
        return redirect("account")
    return render(request, "account/password_change.html", {"form": form, "page_title": "Change your password"})


@login_required
def two_factor_set_up(request):
    """A local user who chooses a second factor sets it up here; the next sign-in asks for it."""
    user = request.user
    if two_factor.has_second_factor(user):
        return redirect("account")
    if request.method == "POST" and two_factor.totp_device_pending(user=user) is None:
        # No key is being set up (the page was never shown): show it, rather than start one here.
        return redirect("account_two_factor_set_up")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form.is_valid()
        code = form.cleaned_data.get("code", "").strip()
        try:
            if not code:
                raise DomainError("code", "Enter the security code from your app")
            device, codes = two_factor.totp_device_confirm(user=user, code=code)
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            two_factor.second_factor_sign_in(request, device)
            return show_backup_codes(request, codes, reverse("account"))
    context = set_up_context(user, form, action=reverse("account_two_factor_set_up"))
    return render(request, "registration/set_up_two_factor.html", context)


@require_POST
@login_required
def backup_codes_new(request):
    user = request.user
    # New codes are a second factor in themselves: only a session that gave one may make them.
    if not two_factor.has_second_factor(user) or not two_factor.is_verified(user):
        return redirect("account")
    return show_backup_codes(request, two_factor.backup_codes_make(user=user), reverse("account"))


@login_required
def backup_codes(request):
    shown = request.session.pop(BACKUP_CODES_TO_SHOW, None)
    if not shown:
        return redirect("account")
    return render(
        request,
        "account/backup_codes.html",
        {"codes": shown["codes"], "next": shown["next"], "page_title": "Your backup codes"},
    )

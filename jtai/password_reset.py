"""A forgotten password: an e-mail with a link to choose a new one.

The page answers the same whether or not the address belongs to an account, so it cannot be used to
learn who has one. Requests are limited per address and per client, like sign-in. The link works
once (Django's token is made from the password it replaces) and for PASSWORD_RESET_TIMEOUT seconds.
The e-mail is written here, link and token included, and sent after the response by the worker
through the service's transport, with retries: a mail server that is down cannot fail the page,
and asking for a known address takes no longer than for an unknown one.
A new password does not sign anyone in: the sign-in that follows asks for the second factor as
always (ADR 0007), and the authenticator app and backup codes stay as they were.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.template import loader
from django.urls import reverse_lazy

from inspections.notifications.transports import email_send_later

from .account import new_password_clean
from .form_pages import fields_helper
from .rate_limits import over_a_limit

TOO_MANY = "Too many requests to reset a password. Wait a minute, then try again"


def _address(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


class ResetRequestForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, too_many_attempts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_many_attempts = too_many_attempts
        field = self.fields["email"]
        field.label = "Email address"
        field.help_text = "The email address your account is registered with"
        field.error_messages.update(
            required="Enter your email address",
            invalid="Enter an email address in the correct format, like name@example.org",
        )
        self.helper = fields_helper(Field.text("email", autocomplete="email", spellcheck=False))

    def clean(self):
        if self.too_many_attempts:
            raise forms.ValidationError(TOO_MANY, code="too_many_attempts")
        return super().clean()

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        # Django's version sends inside the request; this one only queues (module docstring).
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_send_later(to=to_email, subject=subject, body=body, send_within=settings.PASSWORD_RESET_TIMEOUT)


class NewPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": "The new passwords do not match. Enter the same new password twice",  # nosec B105
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Avoid common passwords, only numbers, and your own name or user name."
        self.fields["new_password1"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Enter the new password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = fields_helper(Field.text("new_password1"), Field.text("new_password2"))

    def clean(self):
        return new_password_clean(self)


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    extra_context = {"page_title": "Reset your password"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            # Per address asked about and per client, counted whether or not the address has an account.
            limits = [("ip", settings.SIGN_IN_RATE_PER_IP)]
            if self.request.POST.get("email", "").strip():
                limits.append((_address, settings.PASSWORD_RESET_RATE_PER_EMAIL))
            kwargs["too_many_attempts"] = over_a_limit(self.request, group="password-reset", limits=limits)
        return kwargs

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.too_many_attempts:
            response.status_code = 429
        return response


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"
    extra_context = {"page_title": "Check your email"}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class NewPasswordView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    # Never signed in here: the sign-in asks for the second factor.
    post_reset_login = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = "Choose a new password" if context["validlink"] else "This link does not work"
        context["hours"] = settings.PASSWORD_RESET_TIMEOUT // 3600
        return context


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
    extra_context = {"page_title": "Your password has been changed"}

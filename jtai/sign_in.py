"""Sign-in with a limit on attempts, so that passwords cannot be guessed at speed."""

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django_ratelimit.core import is_ratelimited


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The user name or password is not right. Check them and try again",
        "too_many_attempts": "Too many attempts to sign in. Wait a minute, then try again",
    }

    def __init__(self, request=None, *args, too_many_attempts: bool = False, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.too_many_attempts = too_many_attempts

    def clean(self):
        # Checked before the password, so a throttled guess learns nothing.
        if self.too_many_attempts:
            raise forms.ValidationError(self.error_messages["too_many_attempts"], code="too_many_attempts")
        return super().clean()


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            # Per account and per address: one stops guessing one password, the other spraying many.
            limits = (("post:username", settings.SIGN_IN_RATE_PER_USER), ("ip", settings.SIGN_IN_RATE_PER_IP))
            limited = [
                is_ratelimited(self.request, group="sign-in", key=key, rate=rate, method="POST", increment=True)
                for key, rate in limits
            ]
            kwargs["too_many_attempts"] = any(limited)
        return kwargs

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.too_many_attempts:
            response.status_code = 429
        return response

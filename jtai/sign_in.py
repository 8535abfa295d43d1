"""Sign-in: the password, then, for whoever needs one, a second factor, with limits on attempts so that
neither can be guessed at speed.

After the password a user who must give a second factor (or chose to) is not signed in: the session
holds only who they are and when the password was right, for SIGN_IN_CODE_SECONDS. `login()` is
called once the code is right, or once a required user without an authenticator app has set one up.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from . import two_factor
from .errors import DomainError
from .rate_limits import over_a_limit

PENDING = "jtai_sign_in_pending"
BACKUP_CODES_TO_SHOW = "jtai_backup_codes_to_show"
TOO_MANY = "Too many attempts. Wait a minute, then try again"


def user_name_for(typed: str | None) -> str | None:
    """People are told to sign in with their user name or their e-mail address (an invited local contact
    knows only the address): either finds the account. An address shared by several accounts finds none,
    rather than a guess."""
    if typed and "@" in typed:
        users = get_user_model()._default_manager
        if not users.filter(username=typed).exists():
            matches = list(users.filter(email__iexact=typed.strip()).values_list("username", flat=True)[:2])
            if len(matches) == 1:
                return matches[0]
    return typed


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The user name or password is not right. Check them and try again",
        "too_many_attempts": "Too many attempts to sign in. Wait a minute, then try again",
    }

    def __init__(self, request=None, *args, too_many_attempts: bool = False, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.too_many_attempts = too_many_attempts
        # Said the GOV.UK way, in the error summary and at the field alike.
        self.fields["username"].error_messages["required"] = "Enter your user name or email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        # Checked before the password, so a throttled guess learns nothing.
        if self.too_many_attempts:
            raise forms.ValidationError(self.error_messages["too_many_attempts"], code="too_many_attempts")
        self.cleaned_data["username"] = user_name_for(self.cleaned_data.get("username"))
        return super().clean()


class CodeForm(forms.Form):
    code = forms.CharField(label="Security code", required=False, max_length=20)


def fully_signed_in(user) -> bool:
    """Signed in with every factor this user must give."""
    return user.is_authenticated and (not two_factor.second_factor_required(user) or two_factor.is_verified(user))


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Someone signed in without the second factor they must give (the admin sends them here) signs
        # in again; only a complete sign-in skips the page.
        self.redirect_authenticated_user = fully_signed_in(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            # Per account and per address: one stops guessing one password, the other spraying many.
            limits = (("post:username", settings.SIGN_IN_RATE_PER_USER), ("ip", settings.SIGN_IN_RATE_PER_IP))
            kwargs["too_many_attempts"] = over_a_limit(self.request, group="sign-in", limits=limits)
        return kwargs

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.second_factor_asked(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": timezone.now().timestamp(),
            "next": self.get_success_url(),
        }
        return redirect("sign_in_set_up" if not two_factor.has_second_factor(user) else "sign_in_code")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.too_many_attempts:
            response.status_code = 429
        return response


def _pending(request):
    """The user whose password was right a moment ago, or None once the moment has passed."""
    data = request.session.get(PENDING)
    if not data or timezone.now().timestamp() - data["at"] > settings.SIGN_IN_CODE_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
    return user, data


def _too_many_attempts(request, user) -> bool:
    limits = ((lambda group, request: str(user.pk), settings.SIGN_IN_CODE_RATE), ("ip", settings.SIGN_IN_RATE_PER_IP))
    return over_a_limit(request, group="sign-in-code", limits=limits)


def _complete(request, user, data, device):
    """The second factor was right: sign in, and remember in the session that both factors were given."""
    request.session.pop(PENDING, None)
    login(request, user, backend=data["backend"])
    two_factor.second_factor_sign_in(request, device)
    return data["next"]


class _PendingView(View):
    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        self.user, self.pending = _pending(request)
        if self.user is None:
            if request.session.pop(PENDING, None):
                messages.info(request, "Your sign-in timed out. Sign in again")
            return redirect("login")
        return super().dispatch(request, *args, **kwargs)

    def refused(self, form, error: str, status: int = 200):
        form.add_error("code", error)
        return render(self.request, self.template_name, self.context(form), status=status)


class SecondFactorView(_PendingView):
    """The second step: the code from the authenticator app, or a backup code."""

    template_name = "registration/second_factor.html"

    def context(self, form):
        return {"form": form, "backup": self.request.GET.get("backup") == "1", "page_title": "Enter your security code"}

    def get(self, request):
        if not two_factor.has_second_factor(self.user):
            return redirect("sign_in_set_up")
        return render(request, self.template_name, self.context(CodeForm()))

    def post(self, request):
        form = CodeForm(request.POST)
        form.is_valid()
        if _too_many_attempts(request, self.user):
            return self.refused(form, TOO_MANY, status=429)
        try:
            device = two_factor.second_factor_verify(user=self.user, code=form.cleaned_data.get("code", ""))
        except DomainError as error:
            return self.refused(form, error.message)
        return redirect(_complete(request, self.user, self.pending, device))


def set_up_context(user, form, *, action: str) -> dict:
    device = two_factor.totp_device_start(user=user)
    return {
        "form": form,
        "key": two_factor.totp_key_text(device),
        "uri": device.config_url,
        "qr_code": two_factor.qr_code_svg(device.config_url),
        "action": action,
        "page_title": "Set up two-factor authentication",
    }


def show_backup_codes(request, codes: list[str], next_url: str):
    """Backup codes are shown once, on the page this redirects to."""
    request.session[BACKUP_CODES_TO_SHOW] = {"codes": codes, "next": next_url}
    return redirect("account_backup_codes")


class SetUpAtSignInView(_PendingView):
    """A user who must give a second factor and has no authenticator app sets one up before signing in."""

    template_name = "registration/set_up_two_factor.html"

    def context(self, form):
        return set_up_context(self.user, form, action=reverse("sign_in_set_up"))

    def get(self, request):
        if two_factor.has_second_factor(self.user):
            return redirect("sign_in_code")
        return render(request, self.template_name, self.context(CodeForm()))

    def post(self, request):
        if two_factor.totp_device_pending(user=self.user) is None:
            # No key is being set up (the page was never shown): show it, rather than start one here.
            return redirect("sign_in_set_up")
        form = CodeForm(request.POST)
        form.is_valid()
        if _too_many_attempts(request, self.user):
            return self.refused(form, TOO_MANY, status=429)
        code = form.cleaned_data.get("code", "").strip()
        if not code:
            return self.refused(form, "Enter the security code from your app")
        try:
            device, codes = two_factor.totp_device_confirm(user=self.user, code=code)
        except DomainError as error:
            return self.refused(form, error.message)
        next_url = _complete(request, self.user, self.pending, device)
        return show_backup_codes(request, codes, next_url)


def safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: anything else would be taken for a view's name, or a header's end.
    if (
        candidate.startswith("/")
        and candidate.isprintable()
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default

"""Sign-in with a limit on attempts, so that passwords cannot be guessed at speed."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django_ratelimit.core import is_ratelimited

from ..forms import SignInForm


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

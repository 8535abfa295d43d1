"""The Django admin's site, reached only through the service's sign-in, with both factors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor
from .admin_widgets import safe_choices


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        # Every admin, Django's own included, refuses a choice its key column cannot hold.
        super().register(model_or_iterable, safe_choices(admin_class or admin.ModelAdmin), **options)

    def has_permission(self, request):
        # Defence in depth: every admin must give a second factor, so a session signed in some other
        # way than the sign-in (which asks for it) does not reach the admin.
        user = request.user
        return super().has_permission(request) and (
            not two_factor.second_factor_required(user) or two_factor.is_verified(user)
        )

    def login(self, request, extra_context=None):
        """The admin's own sign-in form would ask only for a password: ours asks for both factors."""
        index = reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return redirect(index)
        # The sign-in checks `next` before it follows it.
        next_url = request.GET.get("next") or index
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")

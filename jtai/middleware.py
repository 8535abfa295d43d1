"""Site-wide response headers."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivatePagesNotStored:
    """Pages for a signed-in user are theirs alone: no shared cache or browser history keeps them
    (a shared computer's back button must not show a case audit after sign-out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class PermissionsPolicy:
    """Switches off the browser features the service never uses (settings.PERMISSIONS_POLICY), so a
    script that got in somehow still could not reach the camera, microphone or location. Django's
    SecurityMiddleware sets the other security headers but has no setting for this one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response

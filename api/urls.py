from django.urls import path
from django.views.generic import RedirectView

from .feed_views import calendar, calendar_feeds
from .reference import reference
from .v1 import api

urlpatterns = [
    path("calendar/<str:token>.ics", calendar, name="api_calendar"),
    path("calendar-feeds/", calendar_feeds, name="api_calendar_feeds"),
    path("v1/", RedirectView.as_view(pattern_name="api_reference"), name="api_v1"),
    path("v1/docs/", reference, name="api_reference"),
    path("v1/", api.urls),
]

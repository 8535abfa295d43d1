from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("<reference:reference>/messages/<int:pk>/resend/", views.resend_message, name="resend"),
    path("<reference:reference>/calendar/<slug:key>.ics", views.meeting_calendar, name="meeting_calendar"),
]

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("<str:reference>/messages/<int:pk>/resend/", views.resend_message, name="resend"),
]

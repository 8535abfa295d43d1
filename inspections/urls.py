from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("plan/", views.plan, name="plan"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/stage/", views.change_stage, name="change_stage"),
    path("<str:reference>/week-on-site/", views.reschedule, name="reschedule"),
]

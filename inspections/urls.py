from django.urls import path

from . import views
from .views import audit as audit_views
from .views import contacts as contact_views
from .views import team as team_views

app_name = "inspections"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("plan/", views.plan, name="plan"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/stage/", views.change_stage, name="change_stage"),
    path("<str:reference>/week-on-site/", views.reschedule, name="reschedule"),
    path("<str:reference>/meetings/", views.meetings, name="meetings"),
    path("<str:reference>/team/", team_views.team, name="team"),
    path("<str:reference>/audit/", audit_views.inspection_audit, name="audit"),
    path("<str:reference>/local-contacts/", contact_views.contacts, name="contacts"),
    path("<str:reference>/local-contacts/<int:pk>/remove/", contact_views.remove_contact, name="remove_contact"),
]

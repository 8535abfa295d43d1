from django.urls import include, path

from . import views
from .views import audit as audit_views
from .views import contacts as contact_views
from .views import team as team_views

app_name = "inspections"
inspection = [
    path("", views.detail, name="detail"),
    path("stage/", views.change_stage, name="change_stage"),
    path("week-on-site/", views.reschedule, name="reschedule"),
    path("meetings/", views.meetings, name="meetings"),
    path("team/", team_views.team, name="team"),
    path("audit/", audit_views.inspection_audit, name="audit"),
    path("local-contacts/", contact_views.contacts, name="contacts"),
    path("local-contacts/<int:pk>/remove/", contact_views.remove_contact, name="remove_contact"),
]
urlpatterns = [
    path("", views.programme, name="programme"),
    path("plan/", views.plan, name="plan"),
    path("<reference:reference>/", include(inspection)),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from inspections.views.audit import site_audit

from . import views
from .sign_in import SignInView

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("inspections/", include("inspections.notifications.urls")),
    path("inspections/", include("inspections.case_audits.urls")),
    path("inspections/", include("inspections.reports.urls")),
    path("published/", include("inspections.reports.public_urls")),
    path("inspections/", include("inspections.urls")),
    path("consultations/", include("consultations.urls")),
    path("audit/", site_audit, name="site_audit"),
    path("admin/", admin.site.urls),
]

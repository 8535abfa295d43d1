from django.contrib import admin
from django.urls import include, path

from inspections.views.audit import site_audit

from . import account, password_reset, sessions, views
from .sign_in import SecondFactorView, SetUpAtSignInView, SignInView

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-in/code/", SecondFactorView.as_view(), name="sign_in_code"),
    path("sign-in/set-up/", SetUpAtSignInView.as_view(), name="sign_in_set_up"),
    path("sign-in/reset/", password_reset.ResetRequestView.as_view(), name="password_reset"),
    path("sign-in/reset/sent/", password_reset.ResetSentView.as_view(), name="password_reset_done"),
    path(
        "sign-in/reset/<uidb64>/<token>/",
        password_reset.NewPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path("sign-in/reset/done/", password_reset.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("sign-out/", sessions.SignOutView.as_view(), name="logout"),
    path("signed-out/", sessions.signed_out, name="signed_out"),
    path("session/", sessions.session_status, name="session_status"),
    path("session/keep-alive/", sessions.session_keep_alive, name="session_keep_alive"),
    path("account/", account.account, name="account"),
    path("account/password/", account.password_change, name="account_password"),
    path("account/two-factor/set-up/", account.two_factor_set_up, name="account_two_factor_set_up"),
    path("account/two-factor/backup-codes/", account.backup_codes, name="account_backup_codes"),
    path("account/two-factor/backup-codes/new/", account.backup_codes_new, name="account_backup_codes_new"),
    path("inspections/", include("inspections.notifications.urls")),
    path("inspections/", include("inspections.case_audits.urls")),
    path("inspections/", include("inspections.reports.urls")),
    path("inspections/", include("inspections.fieldwork.urls")),
    path("inspections/", include("inspections.areas.statement_urls")),
    path("inspections/", include("inspections.fieldwork.offline_urls")),
    path("areas/", include("inspections.areas.urls")),
    path("published/", include("inspections.reports.public_urls")),
    path("inspections/", include("inspections.urls")),
    path("consultations/", include("consultations.urls")),
    path("audit/", site_audit, name="site_audit"),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

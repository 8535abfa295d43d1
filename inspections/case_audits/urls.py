from django.urls import include, path

from . import views

app_name = "case_audits"
case = [
    path("", views.case_detail, name="case"),
    path("remove/", views.case_remove, name="case_remove"),
    path("agencies/<int:agency_pk>/", views.evaluation, name="evaluation"),
    path("attachments/", views.attachment_add, name="attachment_add"),
    path("sample/", views.sample, name="sample"),
]
case_audit = [
    path("", views.overview, name="overview"),
    path("coordinator/", views.nominate, name="nominate"),
    path("contributors/", views.contributors, name="contributors"),
    path("contributors/<int:pk>/remove/", views.contributor_remove, name="contributor_remove"),
    path("request/", views.request_edit, name="request"),
    path("request/send/", views.request_send, name="send"),
    path("cases/add/", views.case_add, name="case_add"),
    path("cases/<int:pk>/", include(case)),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/file/", views.document_download, name="document_file"),
    path("submit/", views.submit, name="submit"),
    path("reopen/", views.reopen_ask, name="reopen"),
    path("reopen/<int:pk>/", views.reopen_decide, name="reopen_decide"),
    path("accept-late/", views.accept_late, name="accept_late"),
    path("progress/", views.progress, name="progress"),
    path("access-log/", views.access_log, name="access_log"),
]
urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<str:token>/new-link/", views.invitation_new_link, name="invitation_new_link"),
    path("<str:reference>/case-audits/", include(case_audit)),
]

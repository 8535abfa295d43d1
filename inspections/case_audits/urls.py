from django.urls import path

from . import views

app_name = "case_audits"
base = "<reference:reference>/case-audits/"
urlpatterns = [
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<str:token>/new-link/", views.invitation_new_link, name="invitation_new_link"),
    path(base, views.overview, name="overview"),
    path(base + "coordinator/", views.nominate, name="nominate"),
    path(base + "contributors/", views.contributors, name="contributors"),
    path(base + "contributors/<int:pk>/remove/", views.contributor_remove, name="contributor_remove"),
    path(base + "request/", views.request_edit, name="request"),
    path(base + "request/send/", views.request_send, name="send"),
    path(base + "cases/add/", views.case_add, name="case_add"),
    path(base + "cases/<int:pk>/", views.case_detail, name="case"),
    path(base + "cases/<int:pk>/remove/", views.case_remove, name="case_remove"),
    path(base + "cases/<int:pk>/agencies/<int:agency_pk>/", views.evaluation, name="evaluation"),
    path(base + "cases/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(base + "cases/<int:pk>/sample/", views.sample, name="sample"),
    path(base + "attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path(base + "attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path(base + "documents/<int:pk>/", views.document, name="document"),
    path(base + "documents/<int:pk>/file/", views.document_download, name="document_file"),
    path(base + "submit/", views.submit, name="submit"),
    path(base + "reopen/", views.reopen_ask, name="reopen"),
    path(base + "reopen/<int:pk>/", views.reopen_decide, name="reopen_decide"),
    path(base + "accept-late/", views.accept_late, name="accept_late"),
    path(base + "progress/", views.progress, name="progress"),
    path(base + "access-log/", views.access_log, name="access_log"),
]

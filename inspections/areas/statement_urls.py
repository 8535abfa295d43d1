"""The written statement of action's pages, under the inspection's letter (where its upload page
was: links in e-mails already sent still work)."""

from django.urls import path

from . import statement_views as views

app_name = "statements"
STATEMENT = "<reference:reference>/letter/written-statement-of-action/"
urlpatterns = [
    path(STATEMENT, views.statement, name="statement"),
    path(f"{STATEMENT}send/", views.send, name="send"),
    path(f"{STATEMENT}review/", views.review, name="review"),
    path(f"{STATEMENT}documents/", views.attach, name="attach"),
    path(f"{STATEMENT}documents/<int:pk>/", views.attachment_download, name="attachment"),
    path(f"{STATEMENT}documents/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path(f"{STATEMENT}recommendations/<int:recommendation>/actions/add/", views.action_edit, name="action_add"),
    path(f"{STATEMENT}recommendations/<int:recommendation>/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path(f"{STATEMENT}actions/<int:pk>/remove/", views.action_delete, name="action_delete"),
]

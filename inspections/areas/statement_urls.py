"""The written statement of action's pages, under the inspection's letter (where its upload page
was: links in e-mails already sent still work)."""

from django.urls import include, path

from . import statement_views as views

app_name = "statements"
recommendation_actions = [
    path("add/", views.action_edit, name="action_add"),
    path("<int:pk>/", views.action_edit, name="action_edit"),
]
statement = [
    path("", views.statement, name="statement"),
    path("send/", views.send, name="send"),
    path("review/", views.review, name="review"),
    path("documents/", views.attach, name="attach"),
    path("documents/<int:pk>/", views.attachment_download, name="attachment"),
    path("documents/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("recommendations/<int:recommendation>/actions/", include(recommendation_actions)),
    path("actions/<int:pk>/remove/", views.action_delete, name="action_delete"),
]
urlpatterns = [path("<str:reference>/letter/written-statement-of-action/", include(statement))]

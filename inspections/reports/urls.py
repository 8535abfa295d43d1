from django.urls import path

from .views import letter as views
from .views import thematic

app_name = "reports"
urlpatterns = [
    path("themes/<slug:slug>/report/", thematic.thematic_report, name="thematic"),
    path("<str:reference>/letter/", views.letter, name="letter"),
    path("<str:reference>/letter/preview/", views.preview, name="preview"),
    path("<str:reference>/letter/findings/add/", views.finding_edit, name="finding_add"),
    path("<str:reference>/letter/findings/<int:pk>/", views.finding_edit, name="finding_edit"),
    path("<str:reference>/letter/findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("<str:reference>/letter/recommendations/add/", views.recommendation_edit, name="recommendation_add"),
    path("<str:reference>/letter/recommendations/<int:pk>/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "<str:reference>/letter/recommendations/<int:pk>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "<str:reference>/letter/recommendations/<int:pk>/move/", views.recommendation_move, name="recommendation_move"
    ),
    path("<str:reference>/letter/versions/", views.render_version, name="render"),
    path("<str:reference>/letter/versions/<int:number>/", views.version, name="version"),
    path("<str:reference>/letter/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("<str:reference>/letter/send/", views.send_draft, name="send_draft"),
    path("<str:reference>/letter/factual-accuracy/", views.comments, name="comments"),
    path("<str:reference>/letter/factual-accuracy/response/", views.respond, name="respond"),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/", views.comment_edit, name="comment_edit"),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/merge/", views.comment_merge, name="comment_merge"),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/decision/", views.decide, name="decide"),
    path("<str:reference>/letter/final/", views.finalise, name="finalise"),
    path("<str:reference>/letter/publish/", views.publish, name="publish"),
    path("<str:reference>/letter/written-statement-of-action/", views.action_plan, name="action_plan"),
    path(
        "<str:reference>/letter/written-statement-of-action/<int:pk>/",
        views.action_plan_download,
        name="action_plan_download",
    ),
]

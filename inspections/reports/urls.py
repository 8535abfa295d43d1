from django.urls import path

from .views import accuracy_check, letter, publication, thematic

app_name = "reports"
urlpatterns = [
    path("themes/", thematic.thematic_index, name="thematic_index"),
    path("themes/<slug:slug>/report/", thematic.thematic_report, name="thematic"),
    path("<str:reference>/letter/", letter.letter, name="letter"),
    path("<str:reference>/letter/preview/", letter.preview, name="preview"),
    path("<str:reference>/letter/findings/add/", letter.finding_edit, name="finding_add"),
    path("<str:reference>/letter/findings/<int:pk>/", letter.finding_edit, name="finding_edit"),
    path("<str:reference>/letter/findings/<int:pk>/delete/", letter.finding_delete, name="finding_delete"),
    path("<str:reference>/letter/recommendations/add/", letter.recommendation_edit, name="recommendation_add"),
    path("<str:reference>/letter/recommendations/<int:pk>/", letter.recommendation_edit, name="recommendation_edit"),
    path(
        "<str:reference>/letter/recommendations/<int:pk>/delete/",
        letter.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "<str:reference>/letter/recommendations/<int:pk>/move/", letter.recommendation_move, name="recommendation_move"
    ),
    path("<str:reference>/letter/versions/", letter.render_version, name="render"),
    path("<str:reference>/letter/versions/<int:number>/", letter.version, name="version"),
    path("<str:reference>/letter/versions/<int:number>/pdf/", letter.version_pdf, name="version_pdf"),
    path("<str:reference>/letter/send/", accuracy_check.send_draft, name="send_draft"),
    path("<str:reference>/letter/factual-accuracy/", accuracy_check.comments, name="comments"),
    path("<str:reference>/letter/factual-accuracy/response/", accuracy_check.respond, name="respond"),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/", accuracy_check.comment_edit, name="comment_edit"),
    path(
        "<str:reference>/letter/factual-accuracy/<int:pk>/withdraw/",
        accuracy_check.comment_withdraw,
        name="comment_withdraw",
    ),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/merge/", accuracy_check.comment_merge, name="comment_merge"),
    path("<str:reference>/letter/factual-accuracy/<int:pk>/decision/", accuracy_check.decide, name="decide"),
    path("<str:reference>/letter/final/", accuracy_check.finalise, name="finalise"),
    path("<str:reference>/letter/publish/", publication.publish, name="publish"),
]

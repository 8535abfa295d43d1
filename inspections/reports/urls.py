from django.urls import include, path

from .views import accuracy_check, letter, publication, thematic

app_name = "reports"
letter_pages = [
    path("", letter.letter, name="letter"),
    path("preview/", letter.preview, name="preview"),
    path("findings/add/", letter.finding_edit, name="finding_add"),
    path("findings/<int:pk>/", letter.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/delete/", letter.finding_delete, name="finding_delete"),
    path("recommendations/add/", letter.recommendation_edit, name="recommendation_add"),
    path("recommendations/<int:pk>/", letter.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:pk>/delete/", letter.recommendation_delete, name="recommendation_delete"),
    path("recommendations/<int:pk>/move/", letter.recommendation_move, name="recommendation_move"),
    path("versions/", letter.render_version, name="render"),
    path("versions/<int:number>/", letter.version, name="version"),
    path("versions/<int:number>/pdf/", letter.version_pdf, name="version_pdf"),
    path("send/", accuracy_check.send_draft, name="send_draft"),
    path("factual-accuracy/", accuracy_check.comments, name="comments"),
    path("factual-accuracy/response/", accuracy_check.respond, name="respond"),
    path("factual-accuracy/<int:pk>/", accuracy_check.comment_edit, name="comment_edit"),
    path("factual-accuracy/<int:pk>/withdraw/", accuracy_check.comment_withdraw, name="comment_withdraw"),
    path("factual-accuracy/<int:pk>/merge/", accuracy_check.comment_merge, name="comment_merge"),
    path("factual-accuracy/<int:pk>/decision/", accuracy_check.decide, name="decide"),
    path("final/", accuracy_check.finalise, name="finalise"),
    path("publish/", publication.publish, name="publish"),
]
urlpatterns = [
    path("themes/", thematic.thematic_index, name="thematic_index"),
    path("themes/<slug:slug>/report/", thematic.thematic_report, name="thematic"),
    path("<reference:reference>/letter/", include(letter_pages)),
]

from django.urls import include, path

from .views import accuracy_check, letter, publication, thematic

app_name = "reports"
findings = [
    path("add/", letter.finding_edit, name="finding_add"),
    path("<int:pk>/", letter.finding_edit, name="finding_edit"),
    path("<int:pk>/delete/", letter.finding_delete, name="finding_delete"),
]
recommendations = [
    path("add/", letter.recommendation_edit, name="recommendation_add"),
    path("<int:pk>/", letter.recommendation_edit, name="recommendation_edit"),
    path("<int:pk>/delete/", letter.recommendation_delete, name="recommendation_delete"),
    path("<int:pk>/move/", letter.recommendation_move, name="recommendation_move"),
]
versions = [
    path("", letter.render_version, name="render"),
    path("<int:number>/", letter.version, name="version"),
    path("<int:number>/pdf/", letter.version_pdf, name="version_pdf"),
]
factual_accuracy = [
    path("", accuracy_check.comments, name="comments"),
    path("response/", accuracy_check.respond, name="respond"),
    path("<int:pk>/", accuracy_check.comment_edit, name="comment_edit"),
    path("<int:pk>/withdraw/", accuracy_check.comment_withdraw, name="comment_withdraw"),
    path("<int:pk>/merge/", accuracy_check.comment_merge, name="comment_merge"),
    path("<int:pk>/decision/", accuracy_check.decide, name="decide"),
]
letter_pages = [
    path("", letter.letter, name="letter"),
    path("preview/", letter.preview, name="preview"),
    path("findings/", include(findings)),
    path("recommendations/", include(recommendations)),
    path("versions/", include(versions)),
    path("send/", accuracy_check.send_draft, name="send_draft"),
    path("factual-accuracy/", include(factual_accuracy)),
    path("final/", accuracy_check.finalise, name="finalise"),
    path("publish/", publication.publish, name="publish"),
]
urlpatterns = [
    path("themes/", thematic.thematic_index, name="thematic_index"),
    path("themes/<slug:slug>/report/", thematic.thematic_report, name="thematic"),
    path("<str:reference>/letter/", include(letter_pages)),
]

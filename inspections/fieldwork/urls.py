from django.urls import include, path

from . import views

app_name = "fieldwork"
fieldwork = [
    path("", views.records, name="records"),
    path("records/<str:pk>/", views.record_detail, name="record"),
    path("records/<str:pk>/amend/", views.record_amend, name="record_amend"),
    path("sync/", views.sync, name="sync"),
    path("board/", views.board, name="board"),
    path("emerging-findings/", views.emerging_findings, name="emerging"),
]
urlpatterns = [path("<str:reference>/fieldwork/", include(fieldwork))]

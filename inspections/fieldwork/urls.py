from django.urls import path

from . import views

app_name = "fieldwork"
base = "<reference:reference>/fieldwork/"
urlpatterns = [
    path(base, views.records, name="records"),
    path(base + "records/<str:pk>/", views.record_detail, name="record"),
    path(base + "records/<str:pk>/amend/", views.record_amend, name="record_amend"),
    path(base + "sync/", views.sync, name="sync"),
    path(base + "board/", views.board, name="board"),
    path(base + "emerging-findings/", views.emerging_findings, name="emerging"),
]

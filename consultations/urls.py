from django.urls import include, path

from . import views

app_name = "consultations"
consultation = [
    path("", views.overview, name="overview"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_status, name="import_status"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("questions/<slug:code>/coding/", views.coding, name="coding"),
    path("questions/<slug:code>/coding/themes/", views.coding_theme_add, name="coding_theme_add"),
    path("questions/<slug:code>/coding/tags/", views.coding_answer_tag, name="coding_answer_tag"),
    path("questions/<slug:code>/coding/quotes/", views.coding_quote, name="coding_quote"),
    path("questions/<slug:code>/coding/suggestions/", views.apply_suggestions, name="apply_suggestions"),
    path("you-said-we-did/", views.outcomes, name="outcomes"),
    path("you-said-we-did/<int:pk>/delete/", views.outcome_remove, name="outcome_delete"),
    path("publish/", views.publish, name="publish"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("tables.csv", views.tables_csv_download, name="tables_csv"),
    path("tables.xlsx", views.tables_xlsx_download, name="tables_xlsx"),
]
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", include(consultation)),
]

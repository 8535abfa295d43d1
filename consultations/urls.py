from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/upload/", views.upload, name="upload"),
    path("<slug:slug>/imports/<int:pk>/", views.import_status, name="import_status"),
    path("<slug:slug>/imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<slug:slug>/questions/<slug:code>/coding/", views.coding, name="coding"),
    path("<slug:slug>/questions/<slug:code>/coding/themes/", views.coding_theme_add, name="coding_theme_add"),
    path("<slug:slug>/questions/<slug:code>/coding/tags/", views.coding_answer_tag, name="coding_answer_tag"),
    path("<slug:slug>/questions/<slug:code>/coding/quotes/", views.coding_quote, name="coding_quote"),
    path("<slug:slug>/questions/<slug:code>/coding/suggestions/", views.apply_suggestions, name="apply_suggestions"),
    path("<slug:slug>/you-said-we-did/", views.outcomes, name="outcomes"),
    path("<slug:slug>/you-said-we-did/<int:pk>/delete/", views.outcome_remove, name="outcome_delete"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/tables.csv", views.tables_csv_download, name="tables_csv"),
    path("<slug:slug>/tables.xlsx", views.tables_xlsx_download, name="tables_xlsx"),
]

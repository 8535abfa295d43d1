from django.urls import include, path

from .views import imports, pages, records

app_name = "areas"
indicator_imports = [
    path("upload/", imports.upload, name="indicator_upload"),
    path("imports/<int:pk>/", imports.indicator_import, name="indicator_import"),
    path("imports/<int:pk>/decide/", imports.indicator_import_decide, name="indicator_import_decide"),
]
area = [
    path("", pages.area, name="area"),
    path("intelligence/", records.intelligence_note, name="intelligence_note"),
    path("evaluations/", records.other_evaluation, name="other_evaluation"),
    path("good-practice/", records.good_practice_note, name="good_practice_note"),
]
urlpatterns = [
    path("", pages.choosing, name="choosing"),
    path("indicators/", include(indicator_imports)),
    path("<int:pk>/", include(area)),
]

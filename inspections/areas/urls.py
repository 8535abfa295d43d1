from django.urls import path

from .views import imports, pages, records

app_name = "areas"
urlpatterns = [
    path("", pages.choosing, name="choosing"),
    path("indicators/upload/", imports.upload, name="indicator_upload"),
    path("indicators/imports/<int:pk>/", imports.indicator_import, name="indicator_import"),
    path("indicators/imports/<int:pk>/decide/", imports.indicator_import_decide, name="indicator_import_decide"),
    path("<int:pk>/", pages.area, name="area"),
    path("<int:pk>/intelligence/", records.intelligence_note, name="intelligence_note"),
    path("<int:pk>/evaluations/", records.other_evaluation, name="other_evaluation"),
    path("<int:pk>/good-practice/", records.good_practice_note, name="good_practice_note"),
]

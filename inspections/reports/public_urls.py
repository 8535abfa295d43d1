from django.urls import include, path

from .views import public

app_name = "published"
edition = [
    path("", public.thematic, name="thematic_edition"),
    path("report.pdf", public.thematic_pdf, name="thematic_edition_pdf"),
]
theme = [
    path("", public.thematic, name="thematic"),
    path("report.pdf", public.thematic_pdf, name="thematic_pdf"),
    path("editions/<int:number>/", include(edition)),
]
urlpatterns = [
    path("", public.index, name="index"),
    path("themes/<slug:slug>/", include(theme)),
    path("<reference:reference>/", public.letter, name="letter"),
    path("<reference:reference>/letter.pdf", public.letter_pdf, name="letter_pdf"),
]

from django.urls import path

from .views import public

app_name = "published"
urlpatterns = [
    path("", public.index, name="index"),
    path("themes/<slug:slug>/", public.thematic, name="thematic"),
    path("themes/<slug:slug>/report.pdf", public.thematic_pdf, name="thematic_pdf"),
    path("themes/<slug:slug>/editions/<int:number>/", public.thematic, name="thematic_edition"),
    path("themes/<slug:slug>/editions/<int:number>/report.pdf", public.thematic_pdf, name="thematic_edition_pdf"),
    path("<str:reference>/", public.letter, name="letter"),
    path("<str:reference>/letter.pdf", public.letter_pdf, name="letter_pdf"),
]

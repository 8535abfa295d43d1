from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("consultations.view_consultation", raise_exception=True)
def index(request):
    return render(request, "consultations/index.html", {"page_title": "Consultations"})

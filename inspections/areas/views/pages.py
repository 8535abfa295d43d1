"""The area's page and the page for choosing areas."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from inspections import permissions

from .. import selectors
from ..access import area_for, keeper_check
from ..forms import ChoosingForm
from ..sections import area_sections


@login_required
def area(request, pk):
    area = area_for(request.user, pk)
    page = selectors.area_page(user=request.user, area=area)
    return render(
        request,
        "areas/area.html",
        {
            "page_title": f"{area.name}: the area's record",
            "page": page,
            "area": area,
            "area_sections": area_sections(),
        },
    )


@login_required
def choosing(request):
    keeper_check(request.user)
    months = settings.PLANNING_REPEAT_WARNING_MONTHS
    # The filters are read as far as they make sense: an unknown region or order is ignored.
    query = request.GET
    data = selectors.choosing_page(
        user=request.user,
        sort=query.get("sort") or "name",
        region=query.get("region", ""),
        uninspected_months=months if query.get("uninspected") else None,
        awaiting_statement=bool(query.get("awaiting_statement")),
    )
    form = ChoosingForm(
        request.GET or None,
        regions=data.regions,
        sorts=selectors.sort_choices(data.indicators),
        months=months,
    )
    return render(
        request,
        "areas/choosing.html",
        {
            "page_title": "Choose areas to inspect",
            "data": data,
            "form": form,
            "can_plan": permissions.can_plan(request.user),
        },
    )

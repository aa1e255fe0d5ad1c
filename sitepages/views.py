from django.http import Http404
from django.shortcuts import render

from .models import SitePage


def site_page(request, slug):
    page = SitePage.objects.in_language(slug)
    if page is None:
        raise Http404
    return render(request, "sitepages/page.html", {"page": page})

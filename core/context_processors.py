"""Values every template may use."""

from django.conf import settings


def portal(request):
    return {"SITE_NAME": settings.SITE_NAME}

"""The benchmarks' URLconf: the product's URLs and one bare view to measure against.

Only the benchmarks use it (bench/innstillinger.py); production URLs never have the bare view."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as produktets


def bar(request):
    """The floor for a page: the full middleware (session, login, OTP, access-log middleware)
    and one primary-key query, no template."""
    bruker = get_user_model().objects.get(pk=request.user.pk)
    return HttpResponse(bruker.get_username(), content_type="text/plain")


urlpatterns = [path("bench/bar/", bar, name="bench-bar"), *produktets]

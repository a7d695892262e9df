"""A second URL configuration for tests/test_urlcache.py: `home` at another address."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse("x"), name="home")]

"""The project's URLs plus one that the matrix does not list (see test_access_matrix)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("unlisted/", lambda request: HttpResponse("no row"))]

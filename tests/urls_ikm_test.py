"""The project's URLs plus the IKM screens at /ikm/, until iki/urls.py includes them."""

from django.urls import include, path

urlpatterns = [
    path("", include("kecamatan.urls")),
    path("ikm/", include("iki.urls_ikm")),
]

"""The project's URLs plus the presensi screens at /presensi/, until iki/urls.py includes them."""

from django.urls import include, path

urlpatterns = [
    path("presensi/", include("iki.urls_presensi")),
    path("", include("kecamatan.urls")),
]

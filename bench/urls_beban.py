"""The app's URLs plus the load test's bare table page (bench/settings_beban.py only)."""

from django.urls import include, path

from bench import tabel_polos

urlpatterns = [
    path("bench/tabel-polos/<slug:kode>/<int:tahun>/", tabel_polos.tabel_polos, name="bench_tabel_polos"),
    path("", include("kecamatan.urls")),
]

"""The app's URLs: the home page and the unit list here, each part's screens in its own urls.py."""

from django.urls import include, path

from iki import beranda

urlpatterns = [
    path("", beranda.beranda, name="beranda"),
    path("unit/", beranda.daftar_unit, name="daftar_unit"),
    path("bantuan/", beranda.bantuan, name="bantuan"),
    path("", include("iki.set_iki.urls")),
    path("", include("iki.realisasi.urls")),
    path("", include("iki.capaian.urls")),
    path("", include("iki.ikm.urls")),
    path("", include("iki.presensi.urls")),
]

from django.urls import include, path

from iki import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("unit/", views.daftar_unit, name="daftar_unit"),
    path("iki/", views.iki_unit_terkini, name="iki_unit_terkini"),
    path("iki/<slug:kode>/<int:tahun>/", views.iki_unit, name="iki_unit"),
    # One module per screen family.
    path("realisasi/", include("iki.urls_realisasi")),
    path("bukti/", include("iki.urls_bukti")),
    path("excel/", include("iki.urls_excel")),
    path("dasbor/", include("iki.urls_dasbor")),
    path("dokumen/", include("iki.urls_dokumen")),
    path("ikm/", include("iki.urls_ikm")),
    path("presensi/", include("iki.urls_presensi")),
]

"""The app's URLs: the home page and the unit list here, each part's screens in its own urls.py.

Every URL that renders a PDF matches ``POLA_URL_PDF`` (one regular expression, used as is in
nginx's ``location ~ …`` to send these requests to the separate PDF worker pool, README
"Pemasangan produksi"): the laporan capaian download (PDF or Excel), the annual IKI document,
the IKM report and the presensi package. A new PDF URL must match it (tests/test_laporan_cache.py).
"""

from django.urls import include, path

from iki import beranda

POLA_URL_PDF = (
    r"^/(dasbor/[^/]+/[0-9]+/laporan/"  # laporan capaian (?format=pdf|xlsx)
    r"|dokumen/[^/]+/[0-9]+/pdf/"  # dokumen IKI tahunan
    r"|ikm/survei/[0-9]+/laporan\.pdf"  # laporan IKM
    r"|presensi/[^/]+/[0-9]+/[0-9]+/paket/)$"  # paket surat presensi (POST)
)

urlpatterns = [
    path("", beranda.beranda, name="beranda"),
    path("unit/", beranda.daftar_unit, name="daftar_unit"),
    path("bantuan/", beranda.bantuan, name="bantuan"),
    path("", include("iki.set_iki.urls")),
    path("", include("iki.realisasi.urls")),
    path("", include("iki.capaian.urls")),
    path("", include("iki.ikm.urls")),
    path("", include("iki.presensi.urls")),
    path("", include("iki.pengingat.urls")),
]

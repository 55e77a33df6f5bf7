from django.urls import path

from iki import views_realisasi as v

urlpatterns = [
    path("", v.entri_bulan_ini, name="entri_bulan_ini"),
    path("verifikasi/", v.verifikasi_daftar, name="verifikasi_daftar"),
    path("verifikasi/nilai/<int:pk>/setujui/", v.verifikasi_setujui, name="verifikasi_setujui"),
    path("verifikasi/nilai/<int:pk>/kembalikan/", v.verifikasi_kembalikan, name="verifikasi_kembalikan"),
    path(
        "verifikasi/jabatan/<int:pk>/<int:bulan>/setujui/",
        v.verifikasi_bulan_setujui,
        name="verifikasi_bulan_setujui",
    ),
    path(
        "verifikasi/jabatan/<int:pk>/<int:bulan>/kembalikan/",
        v.verifikasi_bulan_kembalikan,
        name="verifikasi_bulan_kembalikan",
    ),
    path("verifikasi/buka-kunci/<int:pk>/<int:bulan>/", v.buka_kunci_bulan, name="buka_kunci"),
    path("riwayat/indikator/<int:pk>/", v.riwayat_indikator, name="riwayat_indikator"),
    path("riwayat/<slug:kode>/<int:tahun>/<int:bulan>/", v.riwayat_bulan, name="riwayat_bulan"),
    # Last: a unit's code is a slug and must not shadow the paths above.
    path("<slug:kode>/<int:tahun>/<int:bulan>/", v.entri_bulan, name="entri_bulan"),
]

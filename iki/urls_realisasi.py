from django.urls import path

from iki import views_entri, views_riwayat, views_verifikasi

urlpatterns = [
    path("", views_entri.entri_bulan_ini, name="entri_bulan_ini"),
    path("verifikasi/", views_verifikasi.verifikasi_daftar, name="verifikasi_daftar"),
    path("verifikasi/nilai/<int:pk>/setujui/", views_verifikasi.verifikasi_setujui, name="verifikasi_setujui"),
    path("verifikasi/nilai/<int:pk>/kembalikan/", views_verifikasi.verifikasi_kembalikan,
         name="verifikasi_kembalikan"),
    path(
        "verifikasi/jabatan/<int:pk>/<int:bulan>/setujui/",
        views_verifikasi.verifikasi_bulan_setujui,
        name="verifikasi_bulan_setujui",
    ),
    path(
        "verifikasi/jabatan/<int:pk>/<int:bulan>/kembalikan/",
        views_verifikasi.verifikasi_bulan_kembalikan,
        name="verifikasi_bulan_kembalikan",
    ),
    path("verifikasi/buka-kunci/<int:pk>/<int:bulan>/", views_verifikasi.buka_kunci_bulan, name="buka_kunci"),
    path("riwayat/indikator/<int:pk>/", views_riwayat.riwayat_indikator, name="riwayat_indikator"),
    path("riwayat/<slug:kode>/<int:tahun>/<int:bulan>/", views_riwayat.riwayat_bulan, name="riwayat_bulan"),
    # Last: a unit's code is a slug and must not shadow the paths above.
    path("<slug:kode>/<int:tahun>/<int:bulan>/", views_entri.entri_bulan, name="entri_bulan"),
]

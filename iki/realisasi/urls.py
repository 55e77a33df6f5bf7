"""Screens of the monthly values: entry, verification, history (/realisasi/), evidence (/bukti/) and
the Excel round trip (/excel/)."""

from django.urls import include, path

from iki.realisasi import bukti, views_entri, views_excel, views_riwayat, views_verifikasi

entri = [
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
    path(
        "verifikasi/<slug:kode>/<int:tahun>/<int:bulan>/tanpa-catatan/",
        views_verifikasi.verifikasi_bulan_tanpa_catatan,
        name="verifikasi_tanpa_catatan",
    ),
    path("verifikasi/buka-kunci/<int:pk>/<int:bulan>/", views_verifikasi.buka_kunci_bulan, name="buka_kunci"),
    path("riwayat/indikator/<int:pk>/", views_riwayat.riwayat_indikator, name="riwayat_indikator"),
    path("riwayat/<slug:kode>/<int:tahun>/<int:bulan>/", views_riwayat.riwayat_bulan, name="riwayat_bulan"),
    # Last: a unit's code is a slug and must not shadow the paths above.
    path("<slug:kode>/<int:tahun>/<int:bulan>/", views_entri.entri_bulan, name="entri_bulan"),
]

bukti_dukung = [
    path("realisasi/<int:pk>/", bukti.bukti_realisasi, name="bukti_realisasi"),
    path("realisasi/<int:pk>/unggah/", bukti.bukti_unggah, name="bukti_unggah"),
    path("<int:pk>/unduh/", bukti.bukti_unduh, name="bukti_unduh"),
    path("<int:pk>/kecil/", bukti.bukti_kecil, name="bukti_kecil"),
    path("<int:pk>/hapus/", bukti.bukti_hapus, name="bukti_hapus"),
]

excel = [
    path("", views_excel.excel_terkini, name="excel_terkini"),
    path("<slug:kode>/<int:tahun>/unduh/", views_excel.excel_unduh, name="excel_unduh"),
    path("<slug:kode>/<int:tahun>/unggah/", views_excel.excel_unggah, name="excel_unggah"),
    path("<slug:kode>/<int:tahun>/konfirmasi/", views_excel.excel_konfirmasi, name="excel_konfirmasi"),
]

urlpatterns = [
    path("realisasi/", include(entri)),
    path("bukti/", include(bukti_dukung)),
    path("excel/", include(excel)),
]
